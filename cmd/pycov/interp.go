package main

import (
	"context"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/measure"
	"github.com/pycov/pycov/vm"
)

// cacheDir is pycov's cache directory (measure.CacheDir): $PYCOV_CACHE_DIR,
// else configured ([tool.pycov] cache_dir), else pycov's directory in the
// user's cache.
func cacheDir(io stdio, configured string) (string, error) {
	return measure.CacheDir(io.host(), configured)
}

// chooseInterpreterIn picks the interpreter for a command that has read
// the configuration (cacheSetting is its [tool.pycov] cache_dir), and
// returns pycov's cache directory too.
func chooseInterpreterIn(io stdio, explicit, cacheSetting string) (*vm.Interpreter, string, error) {
	return measure.ChooseInterpreter(io.host(), explicit, cacheSetting)
}

// pythonRunner runs in with args and stdin, returning stdout; stderr is
// kept for the error message.
func pythonRunner(in *vm.Interpreter) func(ctx context.Context, args []string, stdin []byte) ([]byte, error) {
	return func(ctx context.Context, args []string, stdin []byte) ([]byte, error) {
		return in.Output(ctx, args, stdin)
	}
}

// factsCache is where analysed files are kept, per interpreter.
func factsCache(cache string, in *vm.Interpreter) *coverage.FactsCache {
	return measure.FactsCache(cache, in)
}

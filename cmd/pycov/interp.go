package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/vm"
)

// cacheDir is pycov's cache directory (owner-only): $PYCOV_CACHE_DIR, else
// configured ([tool.pycov] cache_dir), else pycov's directory in the user's
// cache. A relative directory is taken from the working directory.
func cacheDir(configured string) (string, error) {
	for _, d := range []string{os.Getenv("PYCOV_CACHE_DIR"), configured} {
		if d != "" {
			return filepath.Abs(d)
		}
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the user's cache directory: %w (set $XDG_CACHE_HOME or $HOME, or $PYCOV_CACHE_DIR)", err)
	}
	return filepath.Join(base, "pycov"), nil
}

// chooseInterpreter picks the interpreter for this run, with pycov's cache
// where $PYCOV_CACHE_DIR or the user's cache directory says.
func chooseInterpreter(explicit string) (*vm.Interpreter, string, error) {
	return chooseInterpreterIn(explicit, "")
}

// chooseInterpreterIn is chooseInterpreter for a command that has read the
// configuration: cacheSetting is its [tool.pycov] cache_dir.
func chooseInterpreterIn(explicit, cacheSetting string) (*vm.Interpreter, string, error) {
	cache, err := cacheDir(cacheSetting)
	if err != nil {
		return nil, "", err
	}
	if err := vm.PrepareCacheDir(cache); err != nil {
		return nil, "", err
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, "", err
	}
	in, err := vm.Choose(vm.OSHost{CacheDir: cache}, explicit, wd)
	return in, cache, err
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
	return &coverage.FactsCache{Dir: filepath.Join(cache, "facts"), Interpreter: in.Path + " " + in.Version.String()}
}

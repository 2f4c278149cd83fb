package measure

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/vm"
)

// CacheDir is pycov's cache directory (owner-only): $PYCOV_CACHE_DIR, else
// configured ([tool.pycov] cache_dir), else pycov's directory in the user's
// cache. A relative directory is taken from the working directory.
func CacheDir(h Host, configured string) (string, error) {
	for _, d := range []string{h.Getenv("PYCOV_CACHE_DIR"), configured} {
		if d != "" {
			return h.Abs(d), nil
		}
	}
	base, err := os.UserCacheDir() // $XDG_CACHE_HOME or $HOME of the process: the platform decides
	if err != nil {
		return "", fmt.Errorf("finding the user's cache directory: %w (set $XDG_CACHE_HOME or $HOME, or $PYCOV_CACHE_DIR)", err)
	}
	return filepath.Join(base, "pycov"), nil
}

// ChooseInterpreter picks the interpreter to measure with (explicit is
// --python; then $PYCOV_PYTHON, a virtualenv, python3 ≥ 3.12 on PATH, the
// embedded CPython) and prepares pycov's cache directory, which it returns
// too; cacheSetting is [tool.pycov] cache_dir.
func ChooseInterpreter(h Host, explicit, cacheSetting string) (*vm.Interpreter, string, error) {
	cache, err := CacheDir(h, cacheSetting)
	if err != nil {
		return nil, "", err
	}
	if err := vm.PrepareCacheDir(cache); err != nil {
		return nil, "", err
	}
	in, err := vm.Choose(vm.OSHost{CacheDir: cache, Environ: h.Environ}, explicit, h.Dir)
	return in, cache, err
}

// FactsCache is where the files in analyses are kept, in pycov's cache
// directory cache.
func FactsCache(cache string, in *vm.Interpreter) *coverage.FactsCache {
	return &coverage.FactsCache{Dir: filepath.Join(cache, "facts"), Interpreter: in.Path + " " + in.Version.String()}
}

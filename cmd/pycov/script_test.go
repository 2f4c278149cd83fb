package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"pycov": main})
}

// sharedCache is where the embedded interpreter is extracted for all
// scripts, so that it happens once per machine rather than once per script.
func sharedCache(t *testing.T) string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "pycov")
}

func TestScripts(t *testing.T) {
	cache := sharedCache(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") != "",
		Setup: func(e *testscript.Env) error {
			e.Setenv("PYCOV_CACHE_DIR", cache)
			e.Setenv("PYTHONDONTWRITEBYTECODE", "1")
			// The embedded CPython 3.14, whatever python3 the machine has:
			// the scripts' results are 3.14's, and pycov then does not
			// probe the python3 on PATH on every start (a pyenv shim costs
			// 200 ms a probe; the scripts took 58 s instead of 20 s here).
			// Scripts about the choice itself unset it.
			e.Setenv("PYCOV_PYTHON", "embedded")
			// The test binary, which runs as pycov under that name, for
			// scripts that install it somewhere (a virtualenv's bin).
			e.Setenv("PYCOV_TEST_BINARY", exe)
			return nil
		},
	})
}

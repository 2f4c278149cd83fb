package coverage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
)

// The facts script is ~1,300 lines of Python: given with -c, the
// interpreter compiles it on every start (~15 ms of CPU, once per batch
// and per prefetch). Installed as a module in the facts cache's directory
// and imported from there, it is compiled once: Python keeps its bytecode
// in __pycache__ beside it and checks it against the source before use.

// factsModule is the name the script is imported by: one no program's
// module is likely to shadow (only the script's directory and the
// standard library are on the path of an isolated interpreter).
const factsModule = "pycov_facts"

// factsBootstrap puts the directory in argv[1] first on sys.path,
// imports the script from it and runs it with the arguments that follow.
const factsBootstrap = "import sys; sys.path.insert(0, sys.argv.pop(1)); import " + factsModule + "; " + factsModule + ".main()"

// scriptArgs returns the interpreter arguments that run the facts script,
// followed by extra: the copy installed in the cache's directory, or the
// embedded source given with -c when there is no cache or the copy
// cannot be installed.
func (c *FactsCache) scriptArgs(extra ...string) []string {
	if c != nil {
		if dir, err := installScript(c.Dir); err == nil {
			return append([]string{"-I", "-S", "-c", factsBootstrap, dir}, extra...)
		}
	}
	return append([]string{"-I", "-S", "-c", string(factsScript)}, extra...)
}

// installScript writes the facts script into a directory of cacheDir named
// by its content's digest (so pycov versions that share the cache keep
// their own), unless a copy with exactly its content is there, and returns
// that directory. The cache directory is owner-only (vm.PrepareCacheDir),
// and the copy is compared byte for byte before each use: a changed or
// truncated copy is replaced, never run.
func installScript(cacheDir string) (string, error) {
	sum := sha256.Sum256(factsScript)
	dir := filepath.Join(cacheDir, "script-"+hex.EncodeToString(sum[:8]))
	target := filepath.Join(dir, factsModule+".py")
	if b, err := os.ReadFile(target); err == nil && bytes.Equal(b, factsScript) {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, ".script-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(factsScript)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		return "", errors.Join(werr, cerr)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return "", err
	}
	return dir, nil
}

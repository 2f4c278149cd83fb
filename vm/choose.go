package vm

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Host is what the interpreter choice needs from the machine. It is an
// interface so that tests can fake the environment, PATH and interpreters.
type Host interface {
	Getenv(key string) string
	// LookPath finds an executable on PATH.
	LookPath(name string) (string, error)
	// IsFile reports whether path exists and is not a directory.
	IsFile(path string) bool
	// Probe asks the interpreter at path for its version.
	Probe(path string) (Version, error)
	// Embedded returns the embedded interpreter, extracting it if needed.
	Embedded() (*Interpreter, error)
	// Executable is the path of the running pycov binary.
	Executable() (string, error)
}

// ErrTooOld is wrapped by the error for an interpreter without sys.monitoring.
var ErrTooOld = errors.New("python is older than 3.12")

// Choose picks the interpreter: explicit (the --python flag) if set, then
// $PYCOV_PYTHON, $VIRTUAL_ENV, the virtualenv pycov itself is installed in,
// ./.venv, python3 on PATH when it is 3.12 or newer, else the embedded
// CPython. An explicitly named interpreter (flag, environment or
// virtualenv) older than 3.12 is an error, never skipped.
//
// pycov installed into a virtualenv (pip install pycov) and run as
// .venv/bin/pycov without activating it makes the same choice as when the
// virtualenv is active. A virtualenv that pipx or uv made for pycov alone
// (pipx install, uv tool install, uvx) holds no project and is passed over.
//
// The name "embedded" (--python embedded, PYCOV_PYTHON=embedded) asks for
// the embedded CPython whatever else the machine has, e.g. when pycov is
// installed into a virtualenv of a Python too old for sys.monitoring.
func Choose(h Host, explicit, workDir string) (*Interpreter, error) {
	if explicit != "" {
		return named(h, explicit, "--python "+explicit)
	}
	if p := h.Getenv("PYCOV_PYTHON"); p != "" {
		return named(h, p, "$PYCOV_PYTHON="+p)
	}
	if venv := h.Getenv("VIRTUAL_ENV"); venv != "" {
		return named(h, venvPython(venv), "active virtualenv $VIRTUAL_ENV="+venv)
	}
	if venv := ownVenv(h); venv != "" {
		return named(h, venvPython(venv), "virtualenv "+venv+" that pycov is installed in")
	}
	local := filepath.Join(workDir, ".venv")
	if h.IsFile(venvPython(local)) {
		return named(h, venvPython(local), "virtualenv ./.venv in the working directory")
	}
	reason := "embedded CPython (no virtualenv, and no python3 on PATH)"
	if p, err := h.LookPath("python3"); err == nil {
		v, err := h.Probe(p)
		switch {
		case err == nil && v.AtLeast(3, 12):
			return &Interpreter{Path: p, Version: v, Reason: "python3 on PATH (" + p + ")"}, nil
		case err == nil:
			reason = fmt.Sprintf("embedded CPython (no virtualenv; python3 on PATH, %s, is Python %s, which has no sys.monitoring)", p, v)
		default:
			reason = fmt.Sprintf("embedded CPython (no virtualenv; python3 on PATH, %s, did not run)", p)
		}
	}
	return embedded(h, reason)
}

// EmbeddedName is the interpreter name that asks for the embedded CPython.
const EmbeddedName = "embedded"

func embedded(h Host, reason string) (*Interpreter, error) {
	in, err := h.Embedded()
	if err != nil {
		return nil, err
	}
	in.Reason = reason
	return in, nil
}

func venvPython(dir string) string { return filepath.Join(dir, "bin", "python") }

// ownVenv is the virtualenv that holds the running pycov binary (as
// venv/bin/pycov, beside venv/pyvenv.cfg), or "" when there is none or it is
// a tool's private environment: made by pipx (pipx_metadata.json), by
// uv tool install (uv-receipt.toml), or kept in a cache directory (a
// CACHEDIR.TAG at or above it), where uvx puts the ones it runs.
func ownVenv(h Host) string {
	exe, err := h.Executable()
	if err != nil {
		return ""
	}
	bin := filepath.Dir(exe)
	if filepath.Base(bin) != "bin" {
		return ""
	}
	venv := filepath.Dir(bin)
	if !h.IsFile(filepath.Join(venv, "pyvenv.cfg")) {
		return ""
	}
	for _, marker := range []string{"pipx_metadata.json", "uv-receipt.toml"} {
		if h.IsFile(filepath.Join(venv, marker)) {
			return ""
		}
	}
	for d := venv; ; d = filepath.Dir(d) {
		if h.IsFile(filepath.Join(d, "CACHEDIR.TAG")) {
			return ""
		}
		if filepath.Dir(d) == d {
			return venv
		}
	}
}

// named resolves an interpreter the user pointed at, refusing old ones.
func named(h Host, path, reason string) (*Interpreter, error) {
	if path == EmbeddedName {
		return embedded(h, "embedded CPython (chosen by "+reason+")")
	}
	if filepath.Base(path) == path {
		if p, err := h.LookPath(path); err == nil {
			path = p
		}
	}
	if !h.IsFile(path) {
		return nil, fmt.Errorf("python interpreter %s not found (chosen by %s): give the path of a python executable, or --python embedded for the embedded CPython", path, reason)
	}
	v, err := h.Probe(path)
	if err != nil {
		return nil, fmt.Errorf("python interpreter %s (chosen by %s) did not run: %w", path, reason, err)
	}
	if !v.AtLeast(3, 12) {
		return nil, fmt.Errorf("%w: %s is Python %s (chosen by %s), which has no sys.monitoring; use Python 3.12 or newer (3.14 for branch coverage), or --python embedded for the embedded CPython 3.14", ErrTooOld, path, v, reason)
	}
	return &Interpreter{Path: path, Version: v, Reason: reason}, nil
}

// OSHost is the real machine.
type OSHost struct {
	// CacheDir is where the embedded interpreter is extracted; empty means
	// os.UserCacheDir()/pycov.
	CacheDir string
	// Environ is the environment ("KEY=value") interpreters are looked
	// for with; nil means the process's.
	Environ []string
}

// Getenv is the value of key in h's environment.
func (h OSHost) Getenv(key string) string {
	if h.Environ == nil {
		return os.Getenv(key)
	}
	v := ""
	for _, kv := range h.Environ {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

func (OSHost) LookPath(name string) (string, error) { return exec.LookPath(name) }
func (OSHost) Executable() (string, error)          { return os.Executable() }
func (OSHost) IsFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// Probe reads the interpreter's version, from the probe cache when the
// executable is unchanged (see probe.go).
func (h OSHost) Probe(path string) (Version, error) {
	return probeCached(h.cacheDir(), path)
}

func (h OSHost) cacheDir() string {
	if h.CacheDir != "" {
		return h.CacheDir
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "pycov")
}

// Embedded extracts (if needed) and returns the embedded CPython.
func (h OSHost) Embedded() (*Interpreter, error) {
	dir := h.cacheDir()
	if dir == "" {
		return nil, fmt.Errorf("no cache directory for the embedded python: set $XDG_CACHE_HOME or $HOME")
	}
	return extractEmbedded(dir)
}

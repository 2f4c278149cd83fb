package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/vm"
)

// session runs pycov commands in-process in one directory with one
// environment, as a shell would: nothing is taken from the test process's
// working directory, so sessions of parallel tests run side by side.
type session struct {
	t   *testing.T
	dir string   // real path
	env []string // the process's environment with the session's settings over it
}

// newSession is a session in dir, with env ("KEY=value") laid over the
// process's environment.
func newSession(t *testing.T, dir string, env ...string) *session {
	t.Helper()
	return &session{t: t, dir: coverage.RealPath(dir), env: append(os.Environ(), env...)}
}

// stdio is the session's stdio, with output to out and errOut.
func (s *session) stdio(out, errOut *bytes.Buffer) stdio {
	return stdio{in: strings.NewReader(""), out: out, err: errOut, dir: s.dir, env: s.env}
}

// run runs pycov with args and returns its error and output.
func (s *session) run(args ...string) (err error, out, errOut string) {
	var o, e bytes.Buffer
	err = dispatch(context.Background(), args, s.stdio(&o, &e))
	return err, o.String(), e.String()
}

// pycov runs pycov with args and returns its standard output; an error
// fails the test, except a `run` passing on the program's status.
func (s *session) pycov(args ...string) string {
	s.t.Helper()
	err, out, errOut := s.run(args...)
	if err != nil && !(args[0] == "run" && isSilent(err)) {
		s.t.Fatalf("pycov %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// path is name in the session's directory.
func (s *session) path(name string) string { return filepath.Join(s.dir, name) }

// jsonFiles is the files table of `pycov json` for the session's data file.
func (s *session) jsonFiles() map[string]refFile {
	s.t.Helper()
	var got struct {
		Files map[string]refFile `json:"files"`
	}
	if err := json.Unmarshal([]byte(s.pycov("json", "-o", "-")), &got); err != nil {
		s.t.Fatalf("pycov json wrote bad JSON: %v", err)
	}
	return got.Files
}

// conformanceEnv is the environment the conformance references were made
// in: CPython 3.14 (the embedded one, so that pycov does not probe the
// python3 on PATH on every run — a pyenv shim costs 200 ms a probe — and a
// 3.12 there cannot make the 3.14 results fail), with the shared
// interpreter cache.
func conformanceEnv(t *testing.T) []string {
	return []string{"PYCOV_PYTHON=embedded", "PYCOV_CACHE_DIR=" + sharedCache(t), "PYTHONHASHSEED=0"}
}

// counter counts by name, from parallel subtests.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[name]++
}

func (c *counter) get(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[name]
}

// sessionInterpreter is the interpreter conformance sessions run, and
// pycov's cache, chosen without touching the process's environment.
func sessionInterpreter(t *testing.T) (*vm.Interpreter, string) {
	t.Helper()
	in, cache, err := chooseInterpreterIn(stdio{dir: t.TempDir(), env: append(os.Environ(), conformanceEnv(t)...)}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return in, cache
}

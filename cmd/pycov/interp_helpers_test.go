package main

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/pycov/pycov/coverage"

	"github.com/pycov/pycov/vm"
)

// chooseInterpreter is the interpreter pycov chooses in the test process's
// own directory and environment.
func chooseInterpreter(explicit string) (*vm.Interpreter, string, error) {
	io := processStdio()
	if io.dirErr != nil {
		return nil, "", io.dirErr
	}
	return chooseInterpreterIn(io, explicit, "")
}

// inProcess is std with the test process's working directory and
// environment, for tests that t.Chdir.
func inProcess(t testing.TB, std stdio) stdio {
	t.Helper()
	p := processStdio()
	if p.dirErr != nil {
		t.Fatal(p.dirErr)
	}
	std.dir, std.env = p.dir, p.env
	return std
}

// testStdio is stdio for a command a test runs in dir (a real path), with
// the process's environment and no input or output.
func testStdio(t *testing.T, dir string) stdio {
	t.Helper()
	return stdio{in: strings.NewReader(""), out: io.Discard, err: io.Discard, dir: coverage.RealPath(dir), env: os.Environ()}
}

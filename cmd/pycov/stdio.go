package main

import (
	"fmt"
	"io"
	"os"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/measure"
)

// stdio is the process's outside world as a command sees it: the standard
// streams, the working directory and the environment. main makes it from
// the process; nothing below main reads them from the process, so tests
// run commands in directories of their own, side by side.
type stdio struct {
	in       io.Reader
	out, err io.Writer
	dir      string   // the working directory, a real path (coverage.RealPath)
	env      []string // "KEY=value", as os.Environ
	// dirErr is why the working directory could not be read (it was
	// removed); commands other than help and --version return it.
	dirErr error
}

// processStdio is the process's own stdio. A working directory that
// cannot be read is an error only for the commands that need it (dirErr).
func processStdio() stdio {
	wd, err := os.Getwd()
	if err != nil {
		return stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr, env: os.Environ(),
			dirErr: fmt.Errorf("the working directory cannot be read (%w): cd to a directory that exists", err)}
	}
	// os.Getwd gives the path the shell used ($PWD), which may go through
	// a symlink (macOS's /tmp and /var, a CI workspace linked into place);
	// Python's os.getcwd, and so every path the agent records, gives the
	// real one.
	return stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr, dir: coverage.RealPath(wd), env: os.Environ()}
}

// host is io as the measure package takes it.
func (io stdio) host() measure.Host {
	return measure.Host{Dir: io.dir, Environ: io.env, Stdin: io.in, Stdout: io.out, Stderr: io.err}
}

// abs is path taken from the working directory.
func (io stdio) abs(path string) string { return io.host().Abs(path) }

// getenv is the value of key in the environment, "" if it is unset.
func (io stdio) getenv(key string) string { return io.host().Getenv(key) }

// lookupEnv is the value of key in the environment, and whether it is set.
func (io stdio) lookupEnv(key string) (string, bool) { return io.host().LookupEnv(key) }

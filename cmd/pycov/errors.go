package main

import (
	"errors"
	"fmt"
	"syscall"
)

// exitError carries a process exit status through the error path; only
// main turns it into os.Exit. A silent one prints nothing (the program
// under measurement already said why it stopped).
type exitError struct {
	code   int
	err    error
	silent bool
	signal syscall.Signal // the program died by this signal: so does pycov
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }
func (e *exitError) ExitCode() int { return e.code }

// programExit passes the measured program's own exit status through; -N
// (vm's status for a program killed by signal N) makes pycov die by signal
// N too once its data is saved, so that a shell sees what it would see
// from python (a loop stops on Ctrl-C); 128+N is the fallback status.
func programExit(code int) error {
	if code == 0 {
		return nil
	}
	if code < 0 {
		return &exitError{code: 128 - code, silent: true, signal: syscall.Signal(-code)}
	}
	return &exitError{code: code, silent: true}
}

// usageError is a mistake on the command line (exit status 1, as coverage.py).
func usageError(format string, args ...any) error {
	return &exitError{code: 1, err: fmt.Errorf(format, args...)}
}

// errGate is wrapped by errors for a coverage gate that failed (exit 2).
var errGate = errors.New("coverage below the gate")

// exitCode maps an error to pycov's exit status: 0 ok, 1 error, 2 a failed
// coverage gate, or the measured program's own status.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee interface{ ExitCode() int }
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if errors.Is(err, errGate) {
		return 2
	}
	return 1
}

func isSilent(err error) bool {
	var ee *exitError
	return errors.As(err, &ee) && ee.silent
}

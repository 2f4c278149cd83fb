package vm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"syscall"
)

// Command describes one run of an interpreter.
type Command struct {
	Args   []string // arguments after the interpreter path
	Env    []string // full environment; nil means os.Environ()
	Dir    string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Run runs the interpreter with stdio passed through and returns its exit
// status: the process's own status, or -N when signal N killed it (as
// Python's subprocess reports it; a shell would say 128+N). Signals that
// pycov receives meanwhile reach the program once, as they would reach
// python (see relayedSignals), and pycov outlives the program to save its
// data.
func (in *Interpreter) Run(ctx context.Context, c Command) (int, error) {
	cmd := exec.CommandContext(ctx, in.Path, c.Args...)
	cmd.Env = c.Env
	cmd.Dir = c.Dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.Stdin, c.Stdout, c.Stderr
	r := newRelay()
	defer r.stop()
	cmd.SysProcAttr = r.procAttr()
	if err := cmd.Start(); err != nil {
		return 1, fmt.Errorf("starting %s: %w", in.Path, err)
	}
	r.start(cmd.Process)
	return exitStatus(cmd.Wait())
}

// exitStatus turns the error from Wait into an exit status, -N for signal N.
func exitStatus(err error) (int, error) {
	if err == nil {
		return 0, nil
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return 1, err
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -int(ws.Signal()), nil
	}
	return ee.ExitCode(), nil
}

// Output runs the interpreter with args and stdin and returns its standard
// output; a failure includes what it wrote to standard error.
func (in *Interpreter) Output(ctx context.Context, args []string, stdin []byte) ([]byte, error) {
	cmd := exec.CommandContext(ctx, in.Path, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %s", in.Path, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return out, nil
}

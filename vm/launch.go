package vm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
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
// status the way a shell reports it: the process's own status, or 128+N when
// signal N killed it. SIGTERM, SIGHUP, SIGQUIT and SIGUSR1/2 that pycov
// receives are passed on to the interpreter; SIGINT is not, since the
// terminal already delivers it to the whole foreground process group, and
// pycov only ignores it so that it outlives the program and saves its data.
func (in *Interpreter) Run(ctx context.Context, c Command) (int, error) {
	cmd := exec.CommandContext(ctx, in.Path, c.Args...)
	cmd.Env = c.Env
	cmd.Dir = c.Dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.Stdin, c.Stdout, c.Stderr
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return 1, fmt.Errorf("starting %s: %w", in.Path, err)
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				if s != syscall.SIGINT {
					cmd.Process.Signal(s)
				}
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	return exitStatus(err)
}

// exitStatus turns the error from Wait into a shell-style exit status.
func exitStatus(err error) (int, error) {
	if err == nil {
		return 0, nil
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return 1, err
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal()), nil
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

package vm

import (
	"context"
	"fmt"
	"io"
	"os/exec"
)

// Pipe starts the interpreter with args, its standard input and output
// connected to pycov for a conversation (the facts script's stream mode);
// standard error is dropped. wait ends it: call it after closing stdin.
func (in *Interpreter) Pipe(ctx context.Context, args []string) (stdin io.WriteCloser, stdout io.ReadCloser, wait func() error, err error) {
	cmd := exec.CommandContext(ctx, in.Path, args...)
	if stdin, err = cmd.StdinPipe(); err != nil {
		return nil, nil, nil, err
	}
	if stdout, err = cmd.StdoutPipe(); err != nil {
		return nil, nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, nil, fmt.Errorf("starting %s: %w", in.Path, err)
	}
	return stdin, stdout, cmd.Wait, nil
}

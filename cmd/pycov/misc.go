package main

import (
	"context"

	"github.com/pycov/pycov/measure"
	"github.com/pycov/pycov/vm"
)

// eraseCmd is `pycov erase`: delete the data file, its parallel data
// files and the journal directories pycov made for it here (not those of
// a run still going). Files that only look like pycov's are left alone.
func eraseCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("erase", "[options]", io.err)
	cf := addConfigFlags(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	cfg, err := cf.load(io)
	if err != nil {
		return err
	}
	return measure.Erase(io.host(), cfg.Run.DataFile, cfg.Run.CacheDir)
}

// pythonCmd is `pycov python ARGS...`: the chosen interpreter, run plainly.
func pythonCmd(ctx context.Context, args []string, io stdio) error {
	in, _, err := chooseInterpreterIn(io, "", "")
	if err != nil {
		return err
	}
	status, err := in.Run(ctx, vm.Command{Args: args, Env: io.env, Dir: io.dir, Stdin: io.in, Stdout: io.out, Stderr: io.err})
	if err != nil {
		return err
	}
	return programExit(status)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pycov/pycov/config"
)

// command is a subcommand: its name, a one-line summary for the command
// list and the top of its help, and optionally more of its help.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, io stdio) error
	more    string
}

// commands are pycov's subcommands, in the order of the command list; the
// report commands come from the format table (formats.go).
func commands() []command {
	run := command{name: "run", summary: "Run a Python program and measure its coverage", run: runCmd,
		more: "Options before the program are pycov's; everything from the program on is the program's, as with python."}
	return append(append([]command{run}, reportCommands()...), []command{
		{name: "diff", summary: "Show the coverage of the lines changed since a git revision", run: diffCmd},
		{name: "tests-for", summary: "List the tests that ran a file or lines of it (data measured with per-test contexts)", run: testsForCmd,
			more: "FILE[:LINE[-LINE]]... names measured files, or lines of them; one test id is printed per line."},
		{name: "affected", summary: "List the tests that ran lines changed since a git revision (data measured with per-test contexts)", run: affectedCmd,
			more: "For `pytest $(pycov affected --base origin/main)`: one test id per line on stdout; what it cannot know on stderr."},
		{name: "combine", summary: "Merge parallel data files and leftover journals into the data file", run: combineCmd},
		{name: "export", summary: "Write the data as coverage.py's .coverage SQLite file (--format=coverage-db -o FILE)", run: exportCmd},
		{name: "import", summary: "Add coverage.py's .coverage data files to pycov's data file", run: importCmd},
		{name: "erase", summary: "Delete the data file, its parallel data files and pycov's journals", run: eraseCmd},
		{name: "debug", summary: "Show how pycov is set up: sys, config, data, or why a file was measured", run: debugCmd,
			more: "Topics: `sys` the interpreter pycov uses and its sys.monitoring; `config` the configuration files looked at, " +
				"in order, and every setting with where it came from; `data [DATAFILE...]` what a data file holds, file by file, " +
				"and what waits to be combined into it; `why PATH...` whether a file was measured and, if not, which rule left it out."},
		{name: "python", summary: "Run the interpreter pycov would use, with the given arguments", run: pythonCmd},
		{name: "help", summary: "Show the commands, or a command's help (`pycov help run`)", run: helpCmd},
	}...)
}

const usageHead = `pycov measures which lines and branches of a Python program run.

Usage: pycov COMMAND [options] [args]

Commands:
`

func usage(w io.Writer) {
	fmt.Fprint(w, usageHead)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun `pycov help COMMAND` or `pycov COMMAND --help` for a command's options, `pycov --version` for the version.\n")
}

func dispatch(ctx context.Context, args []string, io stdio) error {
	if len(args) == 0 {
		usage(io.err)
		return usageError("no command given")
	}
	// What pycov writes to stdout and could not is an error (a full disk).
	// run and python hand stdout to the program, as it is: the program's
	// writes are its own.
	if args[0] == "run" || args[0] == "python" {
		return dispatchTo(ctx, args, io)
	}
	return checkedOut(io, func(io stdio) error { return dispatchTo(ctx, args, io) })
}

// dispatchTo runs the command args name.
func dispatchTo(ctx context.Context, args []string, io stdio) error {
	name := args[0]
	if name == "-h" || name == "--help" {
		usage(io.out)
		return nil
	}
	if name == "--version" || name == "version" {
		fmt.Fprintln(io.out, versionLine())
		return nil
	}
	c, err := findCommand(name)
	if err != nil {
		return err
	}
	if io.dirErr != nil && c.name != "help" {
		return io.dirErr
	}
	err = c.run(ctx, args[1:], io)
	var h helpRequest
	if errors.As(err, &h) {
		h.fs.SetOutput(io.out)
		h.fs.Usage()
		return nil
	}
	return err
}

// findCommand is the command called name, or an error that lists them
// and suggests the nearest.
func findCommand(name string) (command, error) {
	var names []string
	for _, c := range commands() {
		if c.name == name {
			return c, nil
		}
		names = append(names, c.name)
	}
	for _, f := range formats() {
		if f.name == name && f.commandName() != name {
			return command{}, usageError("%s is a format of pycov %s: run `pycov %s --format=%s`", name, f.commandName(), f.commandName(), name)
		}
	}
	return command{}, usageError("unknown command %q%s; commands are %s (`pycov help` describes them)",
		name, config.Suggest(name, names), strings.Join(names, ", "))
}

// helpCmd is `pycov help [COMMAND]`: the command list, or what
// `pycov COMMAND --help` prints.
func helpCmd(ctx context.Context, args []string, io stdio) error {
	switch {
	case len(args) == 0:
		usage(io.out)
		return nil
	case len(args) > 1:
		return usageError("pycov help takes one command name, not %d arguments", len(args))
	case args[0] == "help":
		usage(io.out)
		return nil
	}
	c, err := findCommand(args[0])
	if err != nil {
		return err
	}
	if c.name == "python" {
		fmt.Fprintf(io.out, "Usage: pycov python [ARGS...]\n\n%s.\nEvery argument is the interpreter's: `pycov python --help` is Python's help.\n", c.summary)
		return nil
	}
	return c.run(ctx, []string{"--help"}, io)
}

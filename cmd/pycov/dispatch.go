package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

type stdio struct {
	in       io.Reader
	out, err io.Writer
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, io stdio) error
}

func commands() []command {
	return []command{
		{"run", "Run a Python program and measure its coverage", runCmd},
		{"report", "Print a coverage table in the terminal", reportCmd},
		{"html", "Write the HTML report, a directory of pages to browse", htmlCmd},
		{"json", "Write coverage.py's JSON report (format 3)", jsonCmd},
		{"lcov", "Write an LCOV tracefile (lcov, genhtml, Codecov, Coveralls)", lcovCmd},
		{"xml", "Write a Cobertura XML report (GitLab, Jenkins, Codecov)", xmlCmd},
		{"goprofile", "Write a Go cover profile", goprofileCmd},
		{"diff", "Show the coverage of the lines changed since a git revision", diffCmd},
		{"combine", "Merge parallel data files and leftover journals into the data file", combineCmd},
		{"erase", "Delete the data file", eraseCmd},
		{"python", "Run the interpreter pycov would use, with the given arguments", pythonCmd},
		{"debug", "Show how pycov is set up (`pycov debug sys`)", debugCmd},
	}
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
	fmt.Fprint(w, "\nRun `pycov COMMAND --help` for a command's options, `pycov --version` for the version.\n")
}

func dispatch(ctx context.Context, args []string, io stdio) error {
	if len(args) == 0 {
		usage(io.err)
		return usageError("no command given")
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(io.out)
		return nil
	}
	if name == "--version" || name == "version" {
		fmt.Fprintln(io.out, versionLine())
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args[1:], io)
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return usageError("unknown command %q; commands are %s", name, strings.Join(names, ", "))
}

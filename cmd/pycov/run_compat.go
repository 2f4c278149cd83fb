package main

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/pycov/pycov/config"
)

// coverage.py's `run` options that choose how its tracer works. Under
// sys.monitoring they have nothing to choose, so pycov accepts them (a
// script or tox.ini written for coverage.py keeps working) and its help
// says what each means here. None of them fails a run.

// concurrencyChoices are the values coverage.py's --concurrency accepts.
var concurrencyChoices = []string{"eventlet", "gevent", "greenlet", "multiprocessing", "thread"}

type compatRunFlags struct {
	concurrency *string
	timid       *bool
	pylib       *bool
}

func addCompatRunFlags(fs *pflag.FlagSet) *compatRunFlags {
	return &compatRunFlags{
		concurrency: fs.String("concurrency", "", "accepted for coverage.py's sake: sys.monitoring reports every thread, greenlet and "+
			"eventlet or gevent task without being told, and child processes (multiprocessing too) are measured unless --no-subprocess; "+
			"LIBS is a comma-separated list of "+strings.Join(concurrencyChoices, ", ")),
		timid: fs.Bool("timid", false, "accepted for coverage.py's sake: pycov has no trace function to make slower or simpler, sys.monitoring is its only core"),
		pylib: fs.BoolP("pylib", "L", false, "accepted for coverage.py's sake: the standard library and installed packages are measured when --source or [run] source names them (--source json), never otherwise"),
	}
}

// check warns about --concurrency values coverage.py would not know, so a
// typo is seen; the run goes on.
func (c *compatRunFlags) check(io stdio, cfg *config.Config) {
	for _, v := range splitList([]string{*c.concurrency}) {
		known := false
		for _, k := range concurrencyChoices {
			known = known || v == k
		}
		if !known {
			warn(io, cfg, "unknown-concurrency", "--concurrency %s is not one of %s; pycov measures all of them anyway", v, strings.Join(concurrencyChoices, ", "))
		}
	}
}

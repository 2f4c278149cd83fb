package main

import (
	"errors"
	"fmt"
	"os"
)

// exit ends pycov after a subcommand returned err: it prints err unless it
// is silent, dies by the measured program's signal when the program died
// by one, and otherwise exits with err's status.
func exit(err error) {
	if err != nil && !isSilent(err) {
		fmt.Fprintln(os.Stderr, "pycov:", err)
	}
	var ee *exitError
	if errors.As(err, &ee) && ee.signal != 0 {
		dieBySignal(ee.signal) // returns only if the signal did not kill pycov
	}
	os.Exit(exitCode(err))
}

package main

import (
	"errors"
	"fmt"
	"testing"
)

func TestExitCodes(t *testing.T) {
	gate := &exitError{code: 2, err: fmt.Errorf("%w: 1 failed", errGate), silent: true}
	for _, tc := range []struct {
		name   string
		err    error
		code   int
		silent bool
	}{
		{"success", nil, 0, false},
		{"an error", errors.New("reading data file: damaged"), 1, false},
		{"a usage error", usageError("unknown flag"), 1, false},
		{"no program to run", &exitError{code: 1, err: errNoProgram}, 1, false},
		{"a failed gate", gate, 2, true},
		{"a wrapped failed gate", fmt.Errorf("json: %w", gate), 2, true},
		{"a bare gate error", fmt.Errorf("%w: total 50%%", errGate), 2, false},
		{"the program's own status", programExit(3), 3, true},
		{"the program succeeded", programExit(0), 0, false},
		{"the program died by SIGINT", programExit(-2), 130, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := exitCode(tc.err); got != tc.code {
				t.Errorf("exitCode = %d, want %d", got, tc.code)
			}
			if got := isSilent(tc.err); got != tc.silent {
				t.Errorf("isSilent = %v, want %v", got, tc.silent)
			}
		})
	}
}

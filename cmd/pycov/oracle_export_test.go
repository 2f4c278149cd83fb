package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/pycov/pycov/vm"
)

// TestExportReadByOracle exports every single-file conformance case's data
// with `pycov export --format=coverage-db` and has coverage.py
// (PYCOV_ORACLE_PYTHONPATH; skipped without it) report it with
// `coverage report -m --data-file`: its table must hold pycov's numbers
// and missing lines, row for row (the columns are spaced differently).
func TestExportReadByOracle(t *testing.T) {
	forEachOracleCase(t, "read pycov's exports with it", func(t *testing.T, oracle string, in *vm.Interpreter, s *session, _ string, args []string) {
		s.pycov(args...)
		want := tableRows(s.pycov("report", "-m"))
		s.pycov("export", "--format=coverage-db", "-q", "-o", s.path("exported.db")) // (export's -o is opened as given)
		var out, errOut bytes.Buffer
		env := append(slices.Clip(s.env), "PYTHONPATH="+oracle)
		status, err := in.Run(t.Context(), vm.Command{Args: []string{"-m", "coverage", "report", "-m", "--data-file=exported.db"},
			Env: env, Dir: s.dir, Stdout: &out, Stderr: &errOut})
		if err != nil || status != 0 {
			t.Fatalf("coverage report on the export: status %d, %v\n%s%s", status, err, out.String(), errOut.String())
		}
		if got := tableRows(out.String()); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("coverage.py reads the export as\n%s\npycov reports\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// tableRows are a text report's rows with their columns single-spaced,
// without the rules.
func tableRows(table string) []string {
	var rows []string
	for _, line := range strings.Split(table, "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.Trim(line, "- ") != "" {
			rows = append(rows, strings.Join(f, " "))
		}
	}
	return rows
}

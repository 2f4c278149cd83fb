package main

import (
	"bytes"
	"os"
	"path/filepath"
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
	oracle := os.Getenv(oracleEnv)
	if oracle == "" {
		t.Skipf("skipped: set %s to a directory holding coverage.py 7.16's source to read pycov's exports with it", oracleEnv)
	}
	suite, refs := conformanceSuite(t)
	in, _, err := chooseInterpreter("")
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		name := strings.TrimSuffix(filepath.Base(ref), ".json")
		if _, err := os.Stat(filepath.Join(suite, name+".py")); err != nil {
			continue // a multi-file case
		}
		t.Run(name, func(t *testing.T) {
			if why, known := knownDivergences[name]; known {
				// coverage.py analyses the source itself when it reports.
				t.Skipf("known divergence, compared in TestConformance: %s", why)
			}
			dir, args := prepareCase(t, suite, name)
			t.Chdir(dir)
			pycov(t, args...)
			want := tableRows(pycov(t, "report", "-m"))
			pycov(t, "export", "--format=coverage-db", "-q", "-o", "exported.db")
			var out, errOut bytes.Buffer
			env := append(os.Environ(), "PYTHONPATH="+oracle)
			status, err := in.Run(t.Context(), vm.Command{Args: []string{"-m", "coverage", "report", "-m", "--data-file=exported.db"},
				Env: env, Dir: dir, Stdout: &out, Stderr: &errOut})
			if err != nil || status != 0 {
				t.Fatalf("coverage report on the export: status %d, %v\n%s%s", status, err, out.String(), errOut.String())
			}
			if got := tableRows(out.String()); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("coverage.py reads the export as\n%s\npycov reports\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
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

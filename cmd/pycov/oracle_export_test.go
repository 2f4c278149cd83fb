package main

import (
	"bytes"
	"os"
	"path/filepath"
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
// The contexts case exports per-test data (see testExportContextsByOracle).
func TestExportReadByOracle(t *testing.T) {
	t.Run("contexts", testExportContextsByOracle)
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

// testExportContextsByOracle measures testdata/pytest/contexts.txtar's
// unittest suite per test (dynamic_context = test_function) with branches.
// coverage.py's `json --show-contexts` of pycov's export must list pycov's
// contexts line for line, its report must be pycov's, and its `html
// --show-contexts` must read it. And
// the other way: coverage.py's own per-test data (its tracer,
// COVERAGE_CORE=pytrace), imported, must give pycov coverage.py's contexts.
func testExportContextsByOracle(t *testing.T) {
	oracle := os.Getenv(oracleEnv)
	if oracle == "" {
		t.Skipf("skipped: set %s to a directory holding coverage.py 7.16's source to read pycov's contexts with it", oracleEnv)
	}
	t.Parallel()
	in, _ := sessionInterpreter(t)
	if !in.HasBranchEvents() {
		t.Skipf("skipped: %s is Python %s: branch events need 3.14", in.Path, in.Version)
	}
	s := contextsProject(t, "PYTHONPATH="+oracle, "COVERAGE_CORE=pytrace")
	coverage := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		status, err := in.Run(t.Context(), vm.Command{Args: append([]string{"-m", "coverage"}, args...), Env: s.env, Dir: s.dir, Stdout: &out, Stderr: &errOut})
		if err != nil || status != 0 && args[0] != "run" { // (the suite has a failing test)
			t.Fatalf("coverage %s: status %d, %v\n%s%s", strings.Join(args, " "), status, err, out.String(), errOut.String())
		}
		return out.String()
	}

	s.pycov(append([]string{"run", "--branch"}, unittestRun...)...)
	pycovSays := contextsOf(t, []byte(s.pycov("json", "--rcfile=unittest.coveragerc", "--show-contexts", "-o", "-")))
	if !hasTestContexts(pycovSays) {
		t.Fatalf("pycov measured no test's context: %v", pycovSays)
	}
	s.pycov("export", "--rcfile=unittest.coveragerc", "-q", "-o", s.path("exported.db"))
	for _, p := range compareContexts(pycovSays, contextsOf(t, []byte(coverage("json", "--show-contexts", "--data-file=exported.db", "-o", "-")))) {
		t.Error("export: " + p)
	}
	want := tableRows(s.pycov("report", "-m", "--rcfile=unittest.coveragerc"))
	if got := tableRows(coverage("report", "-m", "--data-file=exported.db")); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("coverage.py reads the export with contexts as\n%s\npycov reports\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	coverage("html", "--show-contexts", "--data-file=exported.db", "-d", "html")
	pages, _ := filepath.Glob(s.path("html/z_????????????????_cart_py.html")) // (z_, a hash of the directory, the name)
	if len(pages) != 1 {
		t.Fatalf("coverage html --show-contexts wrote %v for shop/cart.py", pages)
	}
	page, err := os.ReadFile(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("utests.test_unit.CartTest.test_total")) {
		t.Error("coverage html --show-contexts of the export names no test")
	}

	coverage(append([]string{"run", "--branch", "--data-file=oracle.coverage"}, unittestRun...)...)
	oracleSays := contextsOf(t, []byte(coverage("json", "--show-contexts", "--data-file=oracle.coverage", "-o", "-")))
	if !hasTestContexts(oracleSays) {
		t.Fatalf("coverage.py measured no test's context: %v", oracleSays)
	}
	s.pycov("import", "--rcfile=unittest.coveragerc", "-q", "--data-file=imported.pycov", s.path("oracle.coverage"))
	for _, p := range compareContexts(oracleSays, contextsOf(t, []byte(s.pycov("json", "--rcfile=unittest.coveragerc", "--data-file=imported.pycov", "--show-contexts", "-o", "-")))) {
		t.Error("import: " + p)
	}
}

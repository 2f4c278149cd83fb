package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// contextsProject is a session in a fresh copy of the project in
// testdata/pytest/contexts.txtar (unittest.coveragerc there sets
// dynamic_context = test_function), with env over conformanceEnv.
func contextsProject(t *testing.T, env ...string) *session {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "pytest", "contexts.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return newSession(t, dir, append(conformanceEnv(t), env...)...)
}

// unittestRun measures the project's unittest suite per test.
var unittestRun = []string{"--source=shop,tests,utests", "--rcfile=unittest.coveragerc", "-m", "unittest", "utests.test_unit"}

// TestExportImportKeepsContexts exports per-test data as coverage.py's
// data file and imports it back: `json --show-contexts` is the same,
// branch data and line data.
func TestExportImportKeepsContexts(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"--branch", "--no-branch"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			s := contextsProject(t)
			s.pycov(append([]string{"run", mode}, unittestRun...)...)
			want := contextsOf(t, []byte(s.pycov("json", "--rcfile=unittest.coveragerc", "--show-contexts", "-o", "-")))
			s.pycov("export", "--rcfile=unittest.coveragerc", "-q", "-o", s.path("exported.db"))
			s.pycov("import", "--rcfile=unittest.coveragerc", "-q", "--data-file=back.pycov", s.path("exported.db"))
			got := contextsOf(t, []byte(s.pycov("json", "--rcfile=unittest.coveragerc", "--data-file=back.pycov", "--show-contexts", "-o", "-")))
			if !hasTestContexts(want) {
				t.Fatalf("pycov measured no test's context: %v", want)
			}
			for _, p := range compareContexts(want, got) {
				t.Error(p)
			}
		})
	}
}

// hasTestContexts says whether some line ran in a context other than "".
func hasTestContexts(fc fileContexts) bool {
	for _, lines := range fc {
		for _, names := range lines {
			for _, n := range names {
				if n != "" {
					return true
				}
			}
		}
	}
	return false
}

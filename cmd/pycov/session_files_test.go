package main

import (
	"os"
	"strings"
	"testing"
)

// TestFileArgumentsFromSessionDir: the files named to combine, export -o,
// import and erase's data file are taken from the session's directory,
// not the process's (the test process runs in cmd/pycov), and messages
// name them as the user gave them.
func TestFileArgumentsFromSessionDir(t *testing.T) {
	t.Parallel()
	s := newSession(t, t.TempDir(), conformanceEnv(t)...)
	if err := os.WriteFile(s.path("prog.py"), []byte("x = 1\nif x:\n    y = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.pycov("run", "--data-file=one.pycov", "prog.py")
	s.pycov("run", "--data-file=two.pycov", "prog.py")
	exists := func(name string) bool {
		_, err := os.Stat(s.path(name))
		return err == nil
	}

	err, out, errOut := s.run("combine", "--data-file=all.pycov", "--keep", "one.pycov", "two.pycov")
	if err != nil || !exists("all.pycov") || strings.Contains(errOut, s.dir) {
		t.Fatalf("combine one.pycov two.pycov: %v, all.pycov written: %v\n%s%s", err, exists("all.pycov"), out, errOut)
	}
	err, out, errOut = s.run("combine", "--data-file=none.pycov", "missing.pycov")
	if err == nil || !strings.Contains(errOut, "cannot combine missing.pycov:") {
		t.Errorf("combine missing.pycov: %v; want its error naming missing.pycov as given\n%s%s", err, out, errOut)
	}

	if out := s.pycov("export", "--data-file=all.pycov", "-o", "out.db"); !exists("out.db") || !strings.Contains(out, "to out.db") {
		t.Fatalf("export -o out.db: wrote in the session: %v; said %q", exists("out.db"), out)
	}
	if out := s.pycov("import", "--data-file=back.pycov", "out.db"); !exists("back.pycov") || !strings.Contains(out, "from out.db into back.pycov") {
		t.Fatalf("import out.db: wrote back.pycov in the session: %v; said %q", exists("back.pycov"), out)
	}
	if err, _, errOut := s.run("import", "--data-file=back.pycov", "nothere.db"); err == nil || !strings.HasPrefix(err.Error(), "reading nothere.db:") {
		t.Errorf("import nothere.db: %v; want an error naming nothere.db as given\n%s", err, errOut)
	}

	s.pycov("erase", "--data-file=back.pycov")
	if exists("back.pycov") {
		t.Error("erase --data-file=back.pycov left the session's back.pycov")
	}
}

package monitoring

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// linesIn is what ran in context name of file, sorted.
func linesIn(h Hits, file, name string) []int {
	fh := h[file]
	if fh == nil || fh.Contexts[name] == nil {
		return nil
	}
	var out []int
	for l := range fh.Contexts[name].Lines() {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// A journal with contexts files each hit under the context of the last T
// record (the hello's before the first); a later segment continues the
// context where the one before ended, whatever its hello repeats, and a
// hit whose code record comes later keeps the context it ran in.
func TestReadJournalContexts(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hello := `pycov-journal 5 {"pid": 7, "python": "3.14.6", "branch": true, "contexts": true, "context": "ci"}`
	write("j-7-ab.jnl", hello+"\n"+`C 0 1 ["/src/a.py", "<module>", 10]`+"\nL 0 1\n"+
		`T "ci|t.py::test_a|run"`+"\nL 0 2\nL 1 7\n")
	write("j-7-ab.2.jnl", hello[:len(hello)-1]+`, "segment": 2}`+"\nL 0 3\n"+`T "ci|t.py::test_\u00e9|run"`+"\nL 0 2\n"+
		`C 1 6 ["/src/a.py", "f", 10]`+"\n")
	h, _, err := ReadJournalDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ctx  string
		want []int
	}{
		{"ci", []int{1}},
		{"ci|t.py::test_a|run", []int{2, 3, 7}},
		{"ci|t.py::test_é|run", []int{2}},
	} {
		if got := linesIn(h, "/src/a.py", c.ctx); !slices.Equal(got, c.want) {
			t.Errorf("context %q: lines %v, want %v", c.ctx, got, c.want)
		}
	}
	if n := len(h["/src/a.py"].Contexts); n != 3 {
		t.Errorf("%d contexts, want 3", n)
	}
	if got := h["/src/a.py"].Lines(); len(got) != 4 {
		t.Errorf("all lines = %v, want 1, 2, 3 and 7", got)
	}
	merged := Hits{}
	merged.Merge(h)
	merged.Merge(h)
	if got := linesIn(merged, "/src/a.py", "ci|t.py::test_a|run"); !slices.Equal(got, []int{2, 3, 7}) {
		t.Errorf("merged: %v", got)
	}
}

// A journal without contexts keeps none; a bad T record is an error.
func TestReadJournalNoContexts(t *testing.T) {
	h := Hits{}
	if _, err := ReadJournal(strings.NewReader(sampleJournal), "j.jnl", h); err != nil {
		t.Fatal(err)
	}
	if h["/src/prog.py"].Contexts != nil {
		t.Errorf("contexts recorded without contexts: %v", h["/src/prog.py"].Contexts)
	}
	for _, bad := range []string{`T ci`, `T "ci`, `T "ci" x`} {
		_, err := ReadJournal(strings.NewReader(sampleJournal+bad+"\n"), "j.jnl", Hits{})
		if err == nil || !strings.Contains(err.Error(), "bad record") {
			t.Errorf("%s: err = %v, want a bad record", bad, err)
		}
	}
}

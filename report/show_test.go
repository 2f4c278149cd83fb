package report

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pycov/pycov/coverage"
)

func TestShowSelect(t *testing.T) {
	t.Parallel()
	file := func(name string, stmts, miss, branches, missingBranches int) *coverage.FileResult {
		return &coverage.FileResult{Name: name, Numbers: coverage.Numbers{
			Statements: stmts, Missing: miss, Branches: branches, MissingBranches: missingBranches}}
	}
	rep := &coverage.Report{Files: []*coverage.FileResult{
		file("a.py", 10, 2, 0, 0),
		file("b.py", 4, 0, 2, 1), // all lines ran, a branch did not
		file("c.py", 0, 0, 0, 0), // empty: covered too
		file("d.py", 5, 0, 0, 0),
		file("e.py", 10, 5, 0, 0),
	}}
	rep.Total = coverage.Numbers{Statements: 29, Missing: 7}
	for _, tc := range []struct {
		name    string
		show    Show
		want    []string
		skipped Skipped
	}{
		{"nothing asked keeps every file in the report's order", Show{}, []string{"a.py", "b.py", "c.py", "d.py", "e.py"}, Skipped{}},
		{"skip covered leaves out files with no missing line or branch, empty ones included", Show{SkipCovered: true}, []string{"a.py", "b.py", "e.py"}, Skipped{Covered: 2}},
		{"skip empty leaves out files without statements", Show{SkipEmpty: true}, []string{"a.py", "b.py", "d.py", "e.py"}, Skipped{Empty: 1}},
		{"a file both covered and empty counts as covered", Show{SkipCovered: true, SkipEmpty: true}, []string{"a.py", "b.py", "e.py"}, Skipped{Covered: 2}},
		{"sort by missing lines is stable", Show{Sort: "miss"}, []string{"b.py", "c.py", "d.py", "a.py", "e.py"}, Skipped{}},
		{"a minus reverses the sort", Show{Sort: "-Stmts", SkipEmpty: true}, []string{"a.py", "e.py", "d.py", "b.py"}, Skipped{Empty: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shown, err := tc.show.Select(rep)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range shown.Files {
				got = append(got, f.Name)
			}
			if !slices.Equal(got, tc.want) || shown.Skipped != tc.skipped {
				t.Errorf("Select = %v %+v, want %v %+v", got, shown.Skipped, tc.want, tc.skipped)
			}
			if only := shown.Only(rep); only.Total != rep.Total || len(only.Files) != len(tc.want) {
				t.Errorf("Only changed the totals or kept other files: %+v", only)
			}
		})
	}
	if rep.Files[0].Name != "a.py" || rep.Files[2].Name != "c.py" {
		t.Error("Select reordered the report's own files")
	}
	if _, err := (Show{Sort: "size"}).Select(rep); err == nil {
		t.Error("Select sorted by a column that does not exist")
	}
}

func TestSkippedNotes(t *testing.T) {
	t.Parallel()
	got := Skipped{Covered: 1, Empty: 2}.Notes()
	want := []string{"\n1 file skipped due to complete coverage.", "\n2 empty files skipped."}
	if !slices.Equal(got, want) {
		t.Errorf("Notes = %q, want %q", got, want)
	}
	if n := (Skipped{}).Notes(); n != nil {
		t.Errorf("nothing skipped gives notes %q", n)
	}
}

// TestEveryWriterShowsWhatShowSelects runs every writer with and without
// SkipCovered: a covered file (pkg/util10.py) is in each output only
// without it, so no writer bypasses the shared step.
func TestEveryWriterShowsWhatShowSelects(t *testing.T) {
	t.Parallel()
	rep := writerReport(t, "branch")
	writers := map[string]func(w *bytes.Buffer, s Show) error{
		"text": func(w *bytes.Buffer, s Show) error {
			return Text(w, rep, TextOptions{SkipCovered: s.SkipCovered, Branches: true})
		},
		"markdown": func(w *bytes.Buffer, s Show) error {
			return Markdown(w, rep, TextOptions{SkipCovered: s.SkipCovered, Branches: true})
		},
		"html": func(w *bytes.Buffer, s Show) error {
			dir := t.TempDir()
			if err := HTML(dir, rep, HTMLOptions{SkipCovered: s.SkipCovered, Now: goldenNow, Version: goldenVersion}); err != nil {
				return err
			}
			b, err := os.ReadFile(filepath.Join(dir, "index.html"))
			w.Write(b)
			return err
		},
		"json":      func(w *bytes.Buffer, s Show) error { return JSON(w, rep, JSONOptions{Show: s}) },
		"lcov":      func(w *bytes.Buffer, s Show) error { return LCOVWith(w, rep, LCOVOptions{Show: s}) },
		"xml":       func(w *bytes.Buffer, s Show) error { return Cobertura(w, rep, CoberturaOptions{Source: "/", Show: s}) },
		"goprofile": func(w *bytes.Buffer, s Show) error { return GoProfileWith(w, rep, GoProfileOptions{Show: s}) },
	}
	for name, write := range writers {
		for _, skip := range []bool{false, true} {
			var buf bytes.Buffer
			if err := write(&buf, Show{SkipCovered: skip}); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := strings.Contains(buf.String(), "util10"); got == skip {
				t.Errorf("%s with SkipCovered %v: covered file shown = %v", name, skip, got)
			}
		}
	}
}

package coverage

import (
	"strings"
	"testing"
)

func TestShouldFailUnderRoundsAsCoveragePy(t *testing.T) {
	// coverage.py's own cases (tests/test_results.py).
	for _, tc := range []struct {
		total, min float64
		precision  int
		fail       bool
	}{
		{0, 0, 0, false},
		{0.001, 0, 0, false},
		{0.001, 0.01, 0, true},
		{42.1, 42, 0, false},
		{42.1, 43, 0, true},
		{42.857, 42, 0, false},
		{42.857, 43, 0, false},
		{42.857, 44, 0, true},
		{42.857, 42.86, 2, false},
		{42.857, 42.87, 2, true},
		{99.8, 100, 0, true},
		{100.0, 100, 0, false},
		{99.8, 99.7, 1, false},
		{99.88, 99.90, 2, true},
		{99.999, 100, 1, true},
		{99.999, 100, 2, true},
		{99.999, 100, 3, true},
		{72.5, 73, 0, true}, // half to even, as Python's round
		{73.5, 74, 0, false},
	} {
		if got := ShouldFailUnder(tc.total, tc.min, tc.precision); got != tc.fail {
			t.Errorf("ShouldFailUnder(%g, %g, %d) = %v, want %v", tc.total, tc.min, tc.precision, got, tc.fail)
		}
	}
}

// file is a FileResult with only the numbers a gate reads.
func file(name string, stmts, miss, branches, missBranches int) *FileResult {
	return &FileResult{Name: name, Path: "/w/" + name, Numbers: Numbers{Files: 1, Statements: stmts, Missing: miss, Branches: branches, MissingBranches: missBranches}}
}

func report(branch bool, files ...*FileResult) *Report {
	r := &Report{Branch: branch, Files: files}
	for _, f := range files {
		r.Total.Add(f.Numbers)
	}
	return r
}

func TestCheckGates(t *testing.T) {
	rep := report(true,
		file("src/core/db.py", 50, 5, 10, 4),   // 90% lines, 60% branches
		file("src/core/io.py", 50, 0, 10, 1),   // 100% lines, 90% branches
		file("src/core/sub/x.py", 10, 2, 0, 0), // 80% lines
		file("src/api/web.py", 40, 20, 0, 0),   // 50% lines
		file("tests/test_db.py", 10, 0, 0, 0),
	)
	for _, tc := range []struct {
		name  string
		gates []Gate
		want  []string // GateFailure.String() of each failure
	}{
		{"passing total", []Gate{{Name: "fail-under", Total: 80}}, nil},
		{"failing total", []Gate{{Name: "fail-under", Total: 83}}, []string{
			`gate fail-under (total >= 83%): 82% of lines and branches in 5 files; most missing: src/api/web.py (20 lines), src/core/db.py (5 lines, 4 branches), src/core/sub/x.py (2 lines)`}},
		{"line and branch", []Gate{{Name: "fail-under-line", Line: 84}, {Name: "fail-under-branch", Branch: 70}}, []string{
			`gate fail-under-line (line >= 84%): 83% of lines in 5 files; most missing: src/api/web.py (20 lines), src/core/db.py (5 lines), src/core/sub/x.py (2 lines)`}},
		{"per path, ** crosses directories", []Gate{{Name: `"core"`, Paths: []string{"src/core/**"}, Line: 95, Branch: 75}}, []string{
			`gate "core" (line >= 95%): 94% of lines in 3 files; most missing: src/core/db.py (5 lines), src/core/sub/x.py (2 lines)`}},
		{"per path, * stays in a directory", []Gate{{Name: "top", Paths: []string{"src/core/*.py"}, Line: 95}}, nil},
		{"a directory covers what is in it", []Gate{{Name: "api", Paths: []string{"src/api"}, Line: 50.5}}, []string{
			`gate api (line >= 50.5%): 50% of lines in 1 file; most missing: src/api/web.py (20 lines)`}},
		{"absolute paths", []Gate{{Name: "abs", Paths: []string{"/w/tests/**"}, Total: 100}}, nil},
		{"a character class", []Gate{{Name: "cls", Paths: []string{"src/core/[d]*.py"}, Line: 95}}, []string{
			`gate cls (line >= 95%): 90% of lines in 1 file; most missing: src/core/db.py (5 lines)`}},
		{"a name without a directory, anywhere", []Gate{{Name: "x", Paths: []string{"x.py"}, Line: 95}}, []string{
			`gate x (line >= 95%): 80% of lines in 1 file; most missing: src/core/sub/x.py (2 lines)`}},
		{"matching nothing fails", []Gate{{Name: "typo", Paths: []string{"scr/**"}, Line: 90}}, []string{
			`gate typo (line >= 90%): no reported file matches scr/**; check its paths`}},
		{"precision decides", []Gate{{Name: "p", Paths: []string{"src/core/**"}, Line: 94.5}}, []string{
			`gate p (line >= 94.5%): 94% of lines in 3 files; most missing: src/core/db.py (5 lines), src/core/sub/x.py (2 lines)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fails, err := CheckGates(rep, tc.gates, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fails {
				got = append(got, f.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("failures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestBranchGateNeedsBranchData(t *testing.T) {
	fails, err := CheckGates(report(false, file("a.py", 10, 0, 0, 0)), []Gate{{Name: "fail-under-branch", Branch: 50}}, 0)
	if err != nil || len(fails) != 1 || !strings.Contains(fails[0].Reason, "branch coverage was not measured") {
		t.Errorf("failures = %v, %v; want one saying branches were not measured", fails, err)
	}
}

func TestGateMinimumOutOfRange(t *testing.T) {
	if _, err := CheckGates(report(true, file("a.py", 1, 0, 0, 0)), []Gate{{Name: "x", Total: 101}}, 0); err == nil {
		t.Error("no error for a minimum of 101")
	}
}

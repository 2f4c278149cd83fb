package coverage

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// regionsOf writes src to a file and returns the regions of its analysis.
// The facts are what facts.py gives for src; sha256 is left out when
// stale is set, and the source made different from what was measured.
func regionsOf(t *testing.T, src string, facts Facts, executed, started []int, stale bool) (functions, classes []*CodeRegion) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.py")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(src))
	facts.SHA256 = hex.EncodeToString(sum[:])
	if stale {
		facts.SHA256 = "0"
	}
	r := Analyze(&FileData{Path: path, Facts: &facts, Lines: executed, Started: started}, "m.py")
	return r.Regions()
}

// linesOf lists the lines of reg among 1..n.
func linesOf(reg *CodeRegion, n int) []int {
	var out []int
	for l := 1; l <= n; l++ {
		if reg.Contains(l) {
			out = append(out, l)
		}
	}
	return out
}

const decorated = `import functools


@functools.cache
# a comment between decorators
@staticmethod
def f(a,
      b):

    return a
def g(): return 1
class K:
    def m(self):
        def inner():
            return 2
        return inner()
`

var decoratedFacts = Facts{
	Statements: []int{1, 4, 6, 7, 10, 11, 12, 13, 14, 15, 16},
	Multiline:  LineMap{8: 7},
	Functions: []Region{
		{Name: "f", Start: 4, End: 10}, {Name: "g", Start: 11, End: 11},
		{Name: "K.m", Start: 13, End: 16}, {Name: "K.m.inner", Start: 14, End: 15},
	},
	Classes: []Region{{Name: "K", Start: 12, End: 16}},
}

func TestRegionsFollowCoveragePy(t *testing.T) {
	functions, classes := regionsOf(t, decorated, decoratedFacts, []int{1, 4, 6, 7, 11, 12, 13}, []int{1, 4, 12}, false)
	type got struct {
		Name    string
		Def     int
		Lines   []int
		Started bool
	}
	var all []got
	for _, r := range append(functions, classes...) {
		all = append(all, got{r.Name, r.Def, linesOf(r, 20), r.Started})
	}
	want := []got{
		// The body starts at its first statement, past the decorators, the
		// comment, the two-line signature and the blank line.
		{"f", 7, []int{10}, true},
		// A one-line function holds its own line.
		{"g", 11, []int{11}, false},
		// A nested function's body leaves the enclosing function.
		{"K.m", 13, []int{14, 16}, false},
		{"K.m.inner", 14, []int{15}, false},
		// A class is the bodies of its methods, nested functions included.
		{"K", 12, []int{14, 15, 16}, true},
	}
	if !reflect.DeepEqual(all, want) {
		t.Errorf("regions\n got %+v\nwant %+v", all, want)
	}
}

func TestRegionsWithoutTheSource(t *testing.T) {
	functions, _ := regionsOf(t, decorated, decoratedFacts, nil, nil, true)
	// The def line is taken to be the first line, and the body to start
	// after its logical line: wrong for decorated functions, right for
	// the others. (A region holds the lines the data knows: statements,
	// their continuation lines, excluded lines, lines that ran; not the
	// blank line 9 or the comment on line 5.)
	if f := functions[0]; f.Def != 4 || !reflect.DeepEqual(linesOf(f, 20), []int{6, 7, 8, 10}) {
		t.Errorf("f: def %d, lines %v", f.Def, linesOf(f, 20))
	}
	if m := functions[2]; m.Def != 13 || !reflect.DeepEqual(linesOf(m, 20), []int{14, 16}) {
		t.Errorf("K.m: def %d, lines %v", m.Def, linesOf(m, 20))
	}
}

func TestRegionOnLineOneStartsWhenItsBodyRan(t *testing.T) {
	src := "def f(): return 1\ndef g():\n    return 2\n"
	facts := Facts{
		Statements: []int{1, 2, 3},
		Functions:  []Region{{Name: "f", Start: 1, End: 1}, {Name: "g", Start: 2, End: 3}},
	}
	// Line 1 started: the module. f's body is line 1, which ran.
	functions, _ := regionsOf(t, src, facts, []int{1, 2}, []int{1}, false)
	if !functions[0].Started || functions[1].Started {
		t.Errorf("started: f %v, g %v; want true, false", functions[0].Started, functions[1].Started)
	}
}

func TestBranchLines(t *testing.T) {
	facts := Facts{
		Statements: []int{1, 2, 3, 4, 5, 6},
		Arcs:       [][2]int{{2, -1}, {2, 3}, {4, 5}, {4, 6}, {5, 6}, {5, 1}},
		NoBranch:   []int{4},
	}
	r := Analyze(&FileData{Path: "m.py", Facts: &facts, Lines: []int{1, 2, 3, 4, 6}, Arcs: [][2]int{{2, 3}, {4, 6}}}, "m.py")
	want := []BranchLine{
		{Line: 2, Ran: true, Exits: []BranchExit{{To: 3, Taken: true}, {To: -1, Missing: true}}},
		{Line: 4, Ran: true, Exits: []BranchExit{{To: 5}, {To: 6, Taken: true}}},
		{Line: 5, Exits: []BranchExit{{To: 1, Missing: true}, {To: 6, Missing: true}}},
	}
	got := r.BranchLines()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BranchLines\n got %+v\nwant %+v", got, want)
	}
	total, covered := 0, 0
	for _, b := range got {
		for _, e := range b.Exits {
			total++
			if e.Covered() {
				covered++
			}
		}
	}
	if total != r.Numbers.Branches || covered != r.Numbers.CoveredBranches() {
		t.Errorf("exits %d, covered %d; numbers %d, %d", total, covered, r.Numbers.Branches, r.Numbers.CoveredBranches())
	}
	if got[0].TookNone() || got[2].TookNone() {
		t.Error("TookNone is true for a line that took an exit or did not run")
	}
}

func TestSourceLinesSplitsAsPython(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.py")
	src := "a = 1\r\nb = 2\rc = 3\n"
	os.WriteFile(path, []byte(src), 0o644)
	sum := sha256.Sum256([]byte(src))
	r := &FileResult{Path: path, Name: "m.py", Data: &FileData{Facts: &Facts{SHA256: hex.EncodeToString(sum[:])}}}
	lines, err := r.SourceLines()
	if err != nil || !reflect.DeepEqual(lines, []string{"a = 1", "b = 2", "c = 3"}) {
		t.Errorf("SourceLines = %q, %v", lines, err)
	}
	os.WriteFile(path, []byte("changed\n"), 0o644)
	if _, err := r.SourceLines(); err == nil {
		t.Error("no error for a source that changed since it was measured")
	}
}

// TestRegionsCostWhatTheDataHolds: a damaged region that ends on line
// 1,000,000,000 holds the lines the data knows, without a map of a
// billion lines (FuzzWritersEdited found the writers hanging on it).
func TestRegionsCostWhatTheDataHolds(t *testing.T) {
	facts := Facts{Statements: []int{1, 2, 3}, Functions: []Region{{Name: "f", Start: 1, End: 1_000_000_000, Def: 1, Body: 2}}}
	functions, _ := regionsOf(t, "def f():\n    x = 1\n    y = 2\n", facts, []int{1, 2}, []int{1}, false)
	if got := functions[0].Lines(); len(got) != 2 {
		t.Errorf("f holds lines %v, want 2 and 3", got)
	}
}

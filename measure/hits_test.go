package measure

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
)

// The journals' hits become the model's with every kind of record kept,
// and files renamed to one name ([paths]) merged.
func TestModelHits(t *testing.T) {
	key := monitoring.CodeKey{Qualname: "f", FirstLine: 3, Size: 40}
	journal := func(line int, src, dst int) *monitoring.FileHits {
		return &monitoring.FileHits{
			CodeLines: map[monitoring.CodeKey][]int{key: {line}},
			Branches:  map[monitoring.CodeKey][][2]int{key: {{src, dst}}},
			Started:   map[monitoring.CodeKey]bool{key: true},
			Described: map[monitoring.CodeKey]monitoring.Described{key: {Sum: 7, Code: []byte("c")}},
		}
	}
	hits := monitoring.Hits{"/ci/src/m.py": journal(4, 10, 12), "/home/me/src/m.py": journal(5, 10, 14)}
	got := modelHits(hits, func(name string) string { return "/src/m.py" })

	mkey := coverage.CodeKey{Qualname: "f", FirstLine: 3, Size: 40}
	if names := got.Files(); !reflect.DeepEqual(names, []string{"/src/m.py"}) {
		t.Fatalf("files %v, want the two merged into /src/m.py", names)
	}
	fh := got["/src/m.py"]
	if lines := fh.CodeLines[mkey]; len(lines) != 2 {
		t.Errorf("lines %v, want both journals' (4 and 5)", lines)
	}
	if arcs := fh.Branches[mkey]; len(arcs) != 2 {
		t.Errorf("branch events %v, want both journals'", arcs)
	}
	if !fh.Started[mkey] || fh.Described[mkey].Sum != 7 || string(fh.Described[mkey].Code) != "c" {
		t.Errorf("started %v, described %+v; want the code object started and described", fh.Started, fh.Described)
	}
	if kept := modelHits(hits, nil); len(kept) != 2 {
		t.Errorf("without a rename: %d files, want 2", len(kept))
	}
}

// Each context's hits convert too, and files merged by a rename unite
// their contexts.
func TestModelHitsContexts(t *testing.T) {
	key := monitoring.CodeKey{Qualname: "f", FirstLine: 3, Size: 40}
	lines := func(l ...int) *monitoring.FileHits {
		return &monitoring.FileHits{CodeLines: map[monitoring.CodeKey][]int{key: l}}
	}
	a, b := lines(4, 5), lines(6)
	a.Contexts = map[string]*monitoring.FileHits{"": lines(4), "t::a|run": lines(5)}
	b.Contexts = map[string]*monitoring.FileHits{"t::a|run": lines(6)}
	got := modelHits(monitoring.Hits{"/ci/m.py": a, "/me/m.py": b}, func(string) string { return "/m.py" })["/m.py"]
	mkey := coverage.CodeKey{Qualname: "f", FirstLine: 3, Size: 40}
	if len(got.Contexts) != 2 || len(got.Contexts[""].CodeLines[mkey]) != 1 || len(got.Contexts["t::a|run"].CodeLines[mkey]) != 2 {
		t.Errorf("contexts %+v, want \"\" with line 4 and t::a|run with 5 and 6", got.Contexts)
	}
}

// BenchmarkModelHits1000 converts the hits of a 1,000-file run (20 code
// objects a file, 30 lines and 4 branch events each) to the model's: the
// cost of the boundary between the journal reader and the model.
func BenchmarkModelHits1000(b *testing.B) {
	hits := monitoring.Hits{}
	for f := 0; f < 1000; f++ {
		fh := &monitoring.FileHits{CodeLines: map[monitoring.CodeKey][]int{}, Branches: map[monitoring.CodeKey][][2]int{},
			Started: map[monitoring.CodeKey]bool{}, Described: map[monitoring.CodeKey]monitoring.Described{}}
		for c := 0; c < 20; c++ {
			key := monitoring.CodeKey{Qualname: "f", FirstLine: c * 40, Size: 200}
			for l := 0; l < 30; l++ {
				fh.CodeLines[key] = append(fh.CodeLines[key], c*40+l)
			}
			fh.Branches[key] = [][2]int{{1, 2}, {3, 4}, {5, 6}, {7, 8}}
			fh.Started[key] = true
		}
		hits[fmt.Sprintf("/proj/pkg/mod%04d.py", f)] = fh
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		modelHits(hits, nil)
	}
}

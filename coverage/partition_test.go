package coverage_test

import (
	"reflect"
	"testing"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/internal/benchdata"
)

// TestPartitionNumbers checks that the numbers counted without making the
// parts are those of the parts Partition makes, for owners by function
// (as the function index splits a file) and arbitrary ones, with
// excluded lines and no-branch lines among them.
func TestPartitionNumbers(t *testing.T) {
	t.Parallel()
	d := benchdata.Data("/proj", 3)
	odd := &coverage.FileData{Path: "/proj/odd.py", Facts: &coverage.Facts{
		Statements: []int{1, 2, 3, 5, 6, 8}, Excluded: []int{4, 7},
		Arcs: [][2]int{{2, 3}, {2, 5}, {5, 6}, {5, 8}, {6, -1}, {6, 8}}, NoBranch: []int{5},
	}, Lines: []int{1, 2, 3, 6}, Arcs: [][2]int{{2, 3}, {6, 8}}}
	d.Files = append(d.Files, odd)
	rep, err := coverage.BuildReport(d, coverage.Selection{Cwd: "/proj"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Files {
		functions, _ := f.Regions()
		owners := map[int]int{}
		for i, reg := range functions {
			for _, l := range reg.Lines() {
				owners[l] = i
			}
		}
		byRegion := func(l int) int {
			if i, ok := owners[l]; ok {
				return i
			}
			return -1
		}
		byLine := func(l int) int { return l%3 - 1 }
		for name, o := range map[string]struct {
			owner func(int) int
			n     int
		}{"by function": {byRegion, len(functions)}, "by line": {byLine, 2}} {
			var want []coverage.Numbers
			for _, p := range f.Partition(o.owner, o.n) {
				want = append(want, p.Numbers)
			}
			if got := f.PartitionNumbers(o.owner, o.n); !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s: PartitionNumbers %v, Partition's %v", f.Name, name, got, want)
			}
		}
	}
}

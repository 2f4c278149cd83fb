package diffcover

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pycov/pycov/coverage"
)

// Restrict keeps, of each changed file that was measured, the statements
// and branches on its changed lines, and lists what else changed.
func TestRestrict(t *testing.T) {
	top := t.TempDir() // (real paths: Restrict resolves symlinks)
	app := filepath.Join(top, "app.py")
	facts := &coverage.Facts{Path: app, SHA256: "x", Statements: []int{1, 2, 3, 4, 5}, Arcs: [][2]int{{2, 3}, {2, 5}}}
	data := &coverage.Data{Branch: true, Files: []*coverage.FileData{
		{Path: app, Facts: facts, Lines: []int{1, 2, 3}, Arcs: [][2]int{{2, 3}}},
	}}
	rep, err := coverage.BuildReport(data, coverage.Selection{Cwd: top})
	if err != nil {
		t.Fatal(err)
	}
	changes := []Change{
		{Path: "app.py", Lines: []int{2, 5}},              // the branch line, and a missed statement
		{Path: "new.py", New: true, All: true},            // not measured
		{Path: "gone.py", Deleted: true},                  // deleted
		{Path: "moved.py", OldPath: "old.py", Lines: nil}, // renamed, no line changed
		{Path: "README.md", Lines: []int{1}},              // not Python
	}
	d := Restrict(rep, changes, top, top)
	if len(d.Report.Files) != 1 {
		t.Fatalf("restricted to %d files, want app.py alone", len(d.Report.Files))
	}
	n := d.Report.Total
	if n.Statements != 2 || n.Covered() != 1 || n.Branches != 2 || n.CoveredBranches() != 1 {
		t.Errorf("changed lines count %d statements (%d run), %d branches (%d taken); want 2 (1), 2 (1)",
			n.Statements, n.Covered(), n.Branches, n.CoveredBranches())
	}
	if want := []string{"new.py"}; !reflect.DeepEqual(d.Unmeasured, want) {
		t.Errorf("unmeasured %v, want %v", d.Unmeasured, want)
	}
	if want := []string{"gone.py"}; !reflect.DeepEqual(d.Deleted, want) {
		t.Errorf("deleted %v, want %v", d.Deleted, want)
	}
	if want := [][2]string{{"moved.py", "old.py"}}; !reflect.DeepEqual(d.Renamed, want) {
		t.Errorf("renamed %v, want %v", d.Renamed, want)
	}
}

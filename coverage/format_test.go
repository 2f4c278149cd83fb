package coverage

import "testing"

func TestMissingText(t *testing.T) {
	tests := []struct {
		name  string
		stmts []int
		lines []int    // executed
		arcs  [][2]int // possible
		took  [][2]int // executed arcs
		want  string
	}{
		{name: "a run of missing statements is broken only by one that ran",
			stmts: []int{1, 2, 5, 6, 9, 10, 12}, lines: []int{1, 10}, want: "2-9, 12"},
		{name: "a missed arc between lines that ran",
			stmts: []int{1, 2, 3, 4}, lines: []int{1, 2, 3, 4},
			arcs: [][2]int{{2, 3}, {2, 4}}, took: [][2]int{{2, 3}}, want: "2->4"},
		{name: "a missed exit",
			stmts: []int{1, 2, 3}, lines: []int{1, 2, 3},
			arcs: [][2]int{{2, 3}, {2, -1}}, took: [][2]int{{2, 3}}, want: "2->exit"},
		{name: "an arc into a missing line is shown as the line",
			stmts: []int{1, 2, 3, 4}, lines: []int{1, 2, 4},
			arcs: [][2]int{{2, 3}, {2, 4}}, took: [][2]int{{2, 4}}, want: "3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := &FileData{Path: "x.py", Facts: &Facts{Statements: tt.stmts, Arcs: tt.arcs}, Lines: tt.lines, Arcs: tt.took}
			if got := Analyze(fd, "x.py").MissingText(); got != tt.want {
				t.Errorf("MissingText() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLineOnlyDataHasNoMissingBranches(t *testing.T) {
	d := &Data{Branch: false, Files: []*FileData{{Path: "/p/x.py",
		Facts: &Facts{SHA256: "x", Statements: []int{1, 2, 3}, Arcs: [][2]int{{1, 2}, {1, 3}}},
		Lines: []int{1, 2}}}}
	rep, err := BuildReport(d, Selection{Cwd: "/p"})
	if err != nil {
		t.Fatal(err)
	}
	if n := rep.Total; n.Branches != 0 || n.MissingBranches != 0 || n.Missing != 1 {
		t.Errorf("line-only totals = %+v, want no branches and 1 missing line", n)
	}
	if d.Files[0].Facts.Arcs == nil {
		t.Error("BuildReport changed the data it was given")
	}
}

package coverage

import "testing"

func TestMissingArcText(t *testing.T) {
	fd := &FileData{Path: "x.py", Facts: &Facts{
		Statements: []int{1, 2, 3, 5, 6, 7, 8, 10},
		Arcs:       [][2]int{{2, 3}, {2, 5}, {6, 7}, {6, -5}, {8, -1}, {8, 10}},
		Functions:  []Region{{Name: "loop", Start: 5, End: 7}},
		BranchKinds: KindsOf(map[int]BranchKind{
			2: {Kind: "if", Into: 3},
			6: {Kind: "for", Into: 7},
			8: {Kind: "while", Into: 10},
		}),
	}}
	r := Analyze(fd, "x.py")
	tests := map[[2]int]string{
		{2, 3}:  "line 2 didn't jump to line 3 because the condition on line 2 was never true",
		{2, 5}:  "line 2 didn't jump to line 5 because the condition on line 2 was never false",
		{6, 7}:  "line 6 didn't jump to line 7 because the loop on line 6 never started",
		{6, -5}: "line 6 didn't return from function 'loop' because the loop on line 6 didn't complete",
		{8, -1}: "line 8 didn't exit the module because the condition on line 8 was never false",
	}
	for arc, want := range tests {
		if got := r.MissingArcText(arc); got != want {
			t.Errorf("MissingArcText(%v) =\n  %q\nwant\n  %q", arc, got, want)
		}
	}
}

package coverage

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestBranchKinds checks the kinds of branch lines as the facts script
// writes them (an object keyed by line) and as the data file holds them:
// found by line, written back the same, and kept in line order with the
// last kind of a line given twice, as the map they replaced kept it.
func TestBranchKinds(t *testing.T) {
	t.Parallel()
	var f Facts
	if err := json.Unmarshal([]byte(`{"path": "a.py", "branch_kinds": {"12": {"kind": "for", "into": 13}, "9": {"kind": "if", "into": 10}}}`), &f); err != nil {
		t.Fatal(err)
	}
	want := BranchKinds{{9, BranchKind{"if", 10}}, {12, BranchKind{"for", 13}}}
	if !reflect.DeepEqual(f.BranchKinds, want) {
		t.Errorf("from JSON: %v, want %v", f.BranchKinds, want)
	}
	for line, want := range map[int]BranchKind{9: {"if", 10}, 12: {"for", 13}, 10: {}, 1: {}, 20: {}} {
		got, ok := f.BranchKinds.Of(line)
		if got != want || ok != (want.Kind != "") {
			t.Errorf("Of(%d) = %v, %v; want %v", line, got, ok, want)
		}
	}
	b, err := json.Marshal(f.BranchKinds)
	if err != nil || string(b) != `{"12":{"kind":"for","into":13},"9":{"kind":"if","into":10}}` {
		t.Errorf("to JSON: %s, %v", b, err)
	}

	// A damaged data file may give lines out of order, or twice.
	raw := BranchKinds{{12, BranchKind{"for", 13}}, {9, BranchKind{"while", 1}}, {9, BranchKind{"if", 10}}}
	if got := raw.sorted(); !reflect.DeepEqual(got, want) {
		t.Errorf("sorted() = %v, want %v", got, want)
	}
}

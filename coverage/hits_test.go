package coverage

import "testing"

// Adding a file's hits to those already there keeps both, per context too.
func TestHitsAddMerges(t *testing.T) {
	key := CodeKey{Qualname: "f", FirstLine: 1, Size: 8}
	one := func(line int, ctx string) *FileHits {
		fh := NewFileHits()
		fh.CodeLines[key] = []int{line}
		c := NewFileHits()
		c.CodeLines[key] = []int{line}
		fh.Contexts = map[string]*FileHits{ctx: c}
		return fh
	}
	h := Hits{}
	h.Add("m.py", one(2, "test_a"))
	h.Add("m.py", one(3, "test_a"))
	h.Add("m.py", one(4, "test_b"))
	fh := h["m.py"]
	if got := fh.CodeLines[key]; len(got) != 3 {
		t.Errorf("lines %v, want 2, 3 and 4", got)
	}
	if got := fh.Contexts["test_a"].CodeLines[key]; len(got) != 2 {
		t.Errorf("test_a's lines %v, want 2 and 3", got)
	}
	if got := fh.Contexts["test_b"].CodeLines[key]; len(got) != 1 {
		t.Errorf("test_b's lines %v, want 4", got)
	}
}

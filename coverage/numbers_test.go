package coverage

import "testing"

func TestDisplayPercent(t *testing.T) {
	tests := []struct {
		pc        float64
		precision int
		want      string
	}{
		{62.5, 0, "62"}, // half to even, as Python's round()
		{63.5, 0, "64"},
		{0.4, 0, "1"}, // never "0" unless nothing ran
		{0, 0, "0"},
		{99.6, 0, "99"}, // never "100" unless everything ran
		{100, 0, "100"},
		{99.99, 1, "99.9"},
		{69.04761904761905, 0, "69"},
		{69.04761904761905, 2, "69.05"},
		{0.001, 2, "0.01"},
	}
	for _, tt := range tests {
		if got := DisplayPercent(tt.pc, tt.precision); got != tt.want {
			t.Errorf("DisplayPercent(%v, %d) = %q, want %q", tt.pc, tt.precision, got, tt.want)
		}
	}
}

func TestNumbersPercent(t *testing.T) {
	// 001_if_elif_else: 26 statements, 6 missing, 16 branches, 7 missing.
	n := Numbers{Statements: 26, Missing: 6, Branches: 16, MissingBranches: 7}
	if got, want := n.PercentCovered(), 69.04761904761905; got != want {
		t.Errorf("PercentCovered = %v, want %v", got, want)
	}
	if got := (Numbers{}).PercentCovered(); got != 100 {
		t.Errorf("empty file PercentCovered = %v, want 100", got)
	}
}

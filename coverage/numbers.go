package coverage

import (
	"math"
	"strconv"
)

// Numbers are the counts behind a coverage percentage, for one file or a
// total; they add up.
type Numbers struct {
	Files           int
	Statements      int
	Excluded        int
	Missing         int
	Branches        int
	PartialBranches int // missing branch arcs whose source line ran
	MissingBranches int
}

// Add adds o to n.
func (n *Numbers) Add(o Numbers) {
	n.Files += o.Files
	n.Statements += o.Statements
	n.Excluded += o.Excluded
	n.Missing += o.Missing
	n.Branches += o.Branches
	n.PartialBranches += o.PartialBranches
	n.MissingBranches += o.MissingBranches
}

// Covered is the number of executed statements.
func (n Numbers) Covered() int { return n.Statements - n.Missing }

// CoveredBranches is the number of branch arcs not reported missing.
func (n Numbers) CoveredBranches() int { return n.Branches - n.MissingBranches }

// PercentCovered is coverage.py's percentage: statements and branches
// together, 100 when there is nothing to cover.
func (n Numbers) PercentCovered() float64 {
	return ratio(n.Covered()+n.CoveredBranches(), n.Statements+n.Branches)
}

// PercentStatements is the percentage of statements executed.
func (n Numbers) PercentStatements() float64 { return ratio(n.Covered(), n.Statements) }

// PercentBranches is the percentage of branch arcs taken.
func (n Numbers) PercentBranches() float64 { return ratio(n.CoveredBranches(), n.Branches) }

func ratio(num, den int) float64 {
	if den == 0 {
		return 100.0
	}
	return 100.0 * float64(num) / float64(den)
}

// DisplayPercent formats pc as coverage.py does with the given number of
// decimal places: rounded half to even, except that a value strictly
// between 0 and the smallest step shows as that step, and one strictly
// between 100 minus a step and 100 shows as 100 minus a step, so "0" and
// "100" always mean exactly that.
func DisplayPercent(pc float64, precision int) string {
	step := math.Pow(10, -float64(precision))
	switch {
	case pc > 0 && pc < step:
		pc = step
	case pc < 100 && pc > 100-step:
		pc = 100 - step
	}
	return strconv.FormatFloat(pc, 'f', precision, 64)
}

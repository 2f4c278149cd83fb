package main

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/pycov/pycov/coverage"
)

// enforcePerFile is the per-file minimum ([tool.pycov] fail_under_file,
// --fail-under-file; coverage.py's issue #691): every reported file whose
// coverage, lines and branches together as fail_under counts them, is
// below min is named on one line of stderr, worst first, and any is exit
// status 2. Files without statements or branches have nothing to cover.
//
//	pycov: coverage failure: pkg/b.py: 75% is below fail_under_file=80 (1 of 4 lines missing)
func enforcePerFile(io stdio, rep *coverage.Report, min float64, precision int) error {
	if min <= 0 {
		return nil
	}
	var below []*coverage.FileResult
	for _, f := range rep.Files {
		n := f.Numbers
		if n.Statements+n.Branches == 0 {
			continue
		}
		if coverage.ShouldFailUnder(n.PercentCovered(), min, precision) {
			below = append(below, f)
		}
	}
	for _, f := range sortedWorst(below) {
		n := f.Numbers
		what := fmt.Sprintf("%d of %d lines missing", n.Missing, n.Statements)
		if rep.Branch && n.Branches > 0 {
			what += fmt.Sprintf(", %d of %d branches", n.MissingBranches, n.Branches)
		}
		fmt.Fprintf(io.err, "pycov: coverage failure: %s: %s%% is below fail_under_file=%s (%s)\n",
			f.Name, coverage.DisplayPercent(n.PercentCovered(), precision), strconv.FormatFloat(min, 'f', -1, 64), what)
	}
	if len(below) > 0 {
		return &exitError{code: 2, err: fmt.Errorf("%w: %d files below fail_under_file", errGate, len(below)), silent: true}
	}
	return nil
}

// sortedWorst orders files by coverage, lowest first, then by name.
func sortedWorst(files []*coverage.FileResult) []*coverage.FileResult {
	out := append([]*coverage.FileResult(nil), files...)
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := out[i].Numbers.PercentCovered(), out[j].Numbers.PercentCovered()
		if pi != pj {
			return pi < pj
		}
		return out[i].Name < out[j].Name
	})
	return out
}

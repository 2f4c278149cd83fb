package coverage

import (
	"sort"
)

// FileResult is the analysis of one file, shared by every report.
type FileResult struct {
	Path         string // as measured (absolute)
	Name         string // as reports show it (relative to the working directory when under it)
	Data         *FileData
	Statements   []int
	Executed     []int
	Missing      []int
	Excluded     []int
	Arcs         [][2]int // possible arcs from branch lines
	ExecutedArcs [][2]int
	MissingArcs  [][2]int // reported missing (no-branch lines left out)
	Numbers      Numbers
}

// Analyze computes the executed and missing lines and arcs of one file.
func Analyze(fd *FileData, name string) *FileResult {
	f := fd.Facts
	r := &FileResult{Path: fd.Path, Name: name, Data: fd, Statements: f.Statements, Excluded: f.Excluded, Arcs: f.Arcs}
	ran := make(map[int]bool, len(fd.Lines))
	for _, l := range fd.Lines {
		ran[l] = true
	}
	// Each list is made at its size: a report holds them all, for every
	// file, and slack from growing them was a fifth of it.
	executed := make(map[int]bool, len(fd.Lines))
	for _, s := range f.Statements {
		if ran[s] {
			executed[s] = true
		}
	}
	if len(executed) > 0 {
		r.Executed = make([]int, 0, len(executed))
	}
	if len(executed) < len(f.Statements) {
		r.Missing = make([]int, 0, len(f.Statements)-len(executed))
	}
	for _, s := range f.Statements {
		if executed[s] {
			r.Executed = append(r.Executed, s)
		} else {
			r.Missing = append(r.Missing, s)
		}
	}
	took := make(map[[2]int]bool, len(fd.Arcs))
	for _, a := range fd.Arcs {
		took[a] = true
	}
	noBranch := make(map[int]bool, len(f.NoBranch))
	for _, l := range f.NoBranch {
		noBranch[l] = true
	}
	partial, nTook, nMissing := 0, 0, 0
	for _, a := range f.Arcs {
		switch {
		case took[a]:
			nTook++
		case !noBranch[a[0]]:
			nMissing++
		}
	}
	if nTook > 0 {
		r.ExecutedArcs = make([][2]int, 0, nTook)
	}
	if nMissing > 0 {
		r.MissingArcs = make([][2]int, 0, nMissing)
	}
	for _, a := range f.Arcs {
		switch {
		case took[a]:
			r.ExecutedArcs = append(r.ExecutedArcs, a)
		case !noBranch[a[0]]:
			r.MissingArcs = append(r.MissingArcs, a)
			if executed[a[0]] {
				partial++
			}
		}
	}
	sortArcs(r.ExecutedArcs)
	sortArcs(r.MissingArcs)
	r.Numbers = Numbers{
		Files:           1,
		Statements:      len(f.Statements),
		Excluded:        len(f.Excluded),
		Missing:         len(r.Missing),
		Branches:        len(f.Arcs),
		PartialBranches: partial,
		MissingBranches: len(r.MissingArcs),
	}
	return r
}

// MissingSet is the set of statements that did not run, for writers that
// mark each statement.
func (r *FileResult) MissingSet() map[int]bool {
	m := make(map[int]bool, len(r.Missing))
	for _, l := range r.Missing {
		m[l] = true
	}
	return m
}

// PartialLines returns the branch lines that ran but missed some exit, with
// the exits they missed.
func (r *FileResult) PartialLines() map[int][]int {
	executed := make(map[int]bool, len(r.Executed))
	for _, l := range r.Executed {
		executed[l] = true
	}
	out := map[int][]int{}
	for _, a := range r.MissingArcs {
		if executed[a[0]] {
			out[a[0]] = append(out[a[0]], a[1])
		}
	}
	for _, v := range out {
		sort.Ints(v)
	}
	return out
}

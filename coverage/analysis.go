package coverage

import (
	"slices"
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
	// The lists are made at their size, each pair in one array filled
	// from both ends: a report holds them for every file, and the slack
	// of growing them was a fifth of it.
	executed := make(map[int]bool, len(fd.Lines))
	lines := make([]int, len(f.Statements))
	e, m := 0, len(lines)
	for _, s := range f.Statements {
		if ran[s] {
			lines[e] = s
			e++
			executed[s] = true
		} else {
			m--
			lines[m] = s
		}
	}
	r.Executed, r.Missing = ends(lines, e, m)
	took := make(map[[2]int]bool, len(fd.Arcs))
	for _, a := range fd.Arcs {
		took[a] = true
	}
	noBranch := make(map[int]bool, len(f.NoBranch))
	for _, l := range f.NoBranch {
		noBranch[l] = true
	}
	partial := 0
	arcs := make([][2]int, len(f.Arcs))
	e, m = 0, len(arcs)
	for _, a := range f.Arcs {
		switch {
		case took[a]:
			arcs[e] = a
			e++
		case !noBranch[a[0]]:
			m--
			arcs[m] = a
			if executed[a[0]] {
				partial++
			}
		}
	}
	r.ExecutedArcs, r.MissingArcs = ends(arcs, e, m)
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

// ends splits v, filled with e items from the front and the rest from the
// back from index m on (in reverse), into its two ends in their order; an
// empty end is nil.
func ends[T any](v []T, e, m int) (front, back []T) {
	if e > 0 {
		front = v[:e:e]
	}
	if m < len(v) {
		back = v[m:]
		slices.Reverse(back)
	}
	return front, back
}

package coverage

// RegionOwners returns a function giving, for a line, the index of the
// innermost region (function or class) that contains it, or -1.
func RegionOwners(regs []Region) func(line int) int {
	return func(line int) int {
		best := -1
		for i, r := range regs {
			if line >= r.Start && line <= r.End {
				if best < 0 || r.Start >= regs[best].Start && r.End <= regs[best].End {
					best = i
				}
			}
		}
		return best
	}
}

// Restrict is the analysis of the part of the file whose lines keep
// selects (arcs by their source line), for function and class regions.
func (r *FileResult) Restrict(keep func(line int) bool) *FileResult {
	lines := func(v []int) []int {
		var out []int
		for _, l := range v {
			if keep(l) {
				out = append(out, l)
			}
		}
		return out
	}
	arcs := func(v [][2]int) [][2]int {
		var out [][2]int
		for _, a := range v {
			if keep(a[0]) {
				out = append(out, a)
			}
		}
		return out
	}
	sub := &FileResult{
		Path: r.Path, Name: r.Name, Data: r.Data,
		Statements: lines(r.Statements), Executed: lines(r.Executed), Missing: lines(r.Missing),
		Excluded: lines(r.Excluded), Arcs: arcs(r.Arcs), ExecutedArcs: arcs(r.ExecutedArcs), MissingArcs: arcs(r.MissingArcs),
	}
	executed := map[int]bool{}
	for _, l := range sub.Executed {
		executed[l] = true
	}
	partial := 0
	for _, a := range sub.MissingArcs {
		if executed[a[0]] {
			partial++
		}
	}
	sub.Numbers = Numbers{Files: 1, Statements: len(sub.Statements), Excluded: len(sub.Excluded), Missing: len(sub.Missing),
		Branches: len(sub.Arcs), PartialBranches: partial, MissingBranches: len(sub.MissingArcs)}
	return sub
}

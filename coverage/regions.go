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

// Partition splits the analysis by region in one pass: owner gives a
// line's region, 0..n-1, or -1 for lines in none, which go to part n.
func (r *FileResult) Partition(owner func(line int) int, n int) []*FileResult {
	parts := make([]*FileResult, n+1)
	for i := range parts {
		parts[i] = &FileResult{Path: r.Path, Name: r.Name, Data: r.Data}
	}
	at := func(l int) *FileResult {
		if i := owner(l); i >= 0 {
			return parts[i]
		}
		return parts[n]
	}
	for _, l := range r.Statements {
		p := at(l)
		p.Statements = append(p.Statements, l)
	}
	for _, l := range r.Executed {
		p := at(l)
		p.Executed = append(p.Executed, l)
	}
	for _, l := range r.Missing {
		p := at(l)
		p.Missing = append(p.Missing, l)
	}
	for _, l := range r.Excluded {
		p := at(l)
		p.Excluded = append(p.Excluded, l)
	}
	for _, a := range r.Arcs {
		p := at(a[0])
		p.Arcs = append(p.Arcs, a)
	}
	for _, a := range r.ExecutedArcs {
		p := at(a[0])
		p.ExecutedArcs = append(p.ExecutedArcs, a)
	}
	executed := make(map[int]bool, len(r.Executed))
	for _, l := range r.Executed {
		executed[l] = true
	}
	partial := make([]int, n+1)
	for _, a := range r.MissingArcs {
		p := at(a[0])
		p.MissingArcs = append(p.MissingArcs, a)
		if executed[a[0]] {
			if i := owner(a[0]); i >= 0 {
				partial[i]++
			} else {
				partial[n]++
			}
		}
	}
	for i, p := range parts {
		p.Numbers = Numbers{Files: 1, Statements: len(p.Statements), Excluded: len(p.Excluded), Missing: len(p.Missing),
			Branches: len(p.Arcs), PartialBranches: partial[i], MissingBranches: len(p.MissingArcs)}
	}
	return parts
}

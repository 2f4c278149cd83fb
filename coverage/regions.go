package coverage

// Restrict is the analysis of the lines keep selects (arcs by their
// source line): the changed lines of `pycov diff`, say.
func (r *FileResult) Restrict(keep func(line int) bool) *FileResult {
	return r.Partition(func(l int) int {
		if keep(l) {
			return 0
		}
		return -1
	}, 1)[0]
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

// PartitionNumbers is the Numbers of each part Partition makes, counted
// without making the parts (a page of functions needs only the numbers).
func (r *FileResult) PartitionNumbers(owner func(line int) int, n int) []Numbers {
	nums := make([]Numbers, n+1)
	for i := range nums {
		nums[i].Files = 1
	}
	at := func(l int) *Numbers {
		if i := owner(l); i >= 0 {
			return &nums[i]
		}
		return &nums[n]
	}
	for _, l := range r.Statements {
		at(l).Statements++
	}
	for _, l := range r.Missing {
		at(l).Missing++
	}
	for _, l := range r.Excluded {
		at(l).Excluded++
	}
	for _, a := range r.Arcs {
		at(a[0]).Branches++
	}
	executed := make(map[int]bool, len(r.Executed))
	for _, l := range r.Executed {
		executed[l] = true
	}
	for _, a := range r.MissingArcs {
		p := at(a[0])
		p.MissingBranches++
		if executed[a[0]] {
			p.PartialBranches++
		}
	}
	return nums
}

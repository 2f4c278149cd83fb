package coverage

import (
	"maps"
	"slices"
)

// Record turns what ran in one file (raw journal hits) into FileData, using
// the file's facts to map lines to statements and branch events to arcs.
func Record(path string, facts *Facts, hits *FileHits) *FileData {
	if hits == nil {
		return &FileData{Path: path, Facts: facts, Lines: []int{}, Arcs: [][2]int{}, Started: []int{}}
	}
	return record(path, facts, hits, codeByKey(facts))
}

// codeByKey indexes a file's code objects by the key the journals use.
func codeByKey(facts *Facts) map[CodeKey]*CodeFacts {
	byKey := make(map[CodeKey]*CodeFacts, len(facts.Code))
	for i := range facts.Code {
		c := &facts.Code[i]
		byKey[CodeKey{Qualname: c.Qualname, FirstLine: c.FirstLine, Size: c.Size}] = c
	}
	return byKey
}

func record(path string, facts *Facts, hits *FileHits, byKey map[CodeKey]*CodeFacts) *FileData {
	fd := &FileData{Path: path, Facts: facts, Lines: []int{}, Arcs: [][2]int{}, Started: []int{}}
	var lines []int
	var arcs [][2]int
	for key, ran := range hits.CodeLines {
		c := byKey[key]
		start := len(lines)
		for _, l := range ran {
			if first, ok := facts.Multiline[l]; ok {
				l = first
			}
			lines = append(lines, l)
		}
		if c == nil || len(c.Implied) == 0 {
			continue
		}
		here := lines[start:]
		for _, imp := range c.Implied {
			if slices.Contains(here, imp[0]) {
				arcs = append(arcs, [2]int{imp[1], imp[2]})
			}
		}
	}
	for key, events := range hits.Branches {
		c := byKey[key]
		if c == nil {
			fd.Unmapped++
			continue
		}
		// A code object has a handful of branches: a scan beats a map.
		for _, ev := range events {
			for _, b := range c.Branches {
				switch {
				case b[0] != ev[0] || b[1] != ev[1] || b[3] == 0: // 0: a later branch on the line decides
				case b[2] == 0: // the event reached line b[3], which may have no LINE event
					lines = append(lines, b[3])
				default:
					arcs = append(arcs, [2]int{b[2], b[3]})
				}
			}
		}
	}
	slices.Sort(lines)
	fd.Lines = slices.Compact(lines)
	sortArcs(arcs)
	fd.Arcs = slices.Compact(arcs)
	started := make([]int, 0, len(hits.Started))
	for key := range hits.Started {
		started = append(started, key.FirstLine)
	}
	slices.Sort(started)
	fd.Started = slices.Compact(started)
	return fd
}

// contextsOf is the table of the contexts in hits, sorted by name; nil
// when the run recorded none.
func contextsOf(hits Hits) *contextTable {
	names := map[string]bool{}
	recorded := false
	for _, fh := range hits {
		if fh.Contexts != nil {
			recorded = true
		}
		for n := range fh.Contexts {
			names[n] = true
		}
	}
	if !recorded {
		return nil
	}
	return newContextTable(slices.Sorted(maps.Keys(names)))
}

// recordContexts sets fd's context sets from what ran in each context.
// Each context's arcs are mapped as the whole file's are; its lines are
// kept as they ran, as coverage.py's contexts_by_lineno has them: a
// statement spanning lines is listed on the lines whose events fired (a
// lambda on the line after its assignment's first), plus the lines a
// branch event reached without a line event. (FilterContexts maps them to
// statements.)
func recordContexts(fd *FileData, facts *Facts, hits *FileHits, table *contextTable) {
	fd.LineContexts = map[int]ContextSet{}
	fd.ArcContexts = map[[2]int]ContextSet{}
	if hits == nil {
		return
	}
	byKey := codeByKey(facts)
	var rawLines []int
	for _, name := range slices.Sorted(maps.Keys(hits.Contexts)) {
		id := table.id(name)
		sub := hits.Contexts[name]
		in := record(fd.Path, facts, sub, byKey)
		// Sorted slices rather than sets: this runs per file and context.
		raw := rawLines[:0]
		for _, lines := range sub.CodeLines {
			raw = append(raw, lines...)
		}
		slices.Sort(raw)
		raw = slices.Compact(raw)
		n := len(raw)
		for _, l := range in.Lines {
			if !ranOn(facts, raw[:n], l) {
				raw = append(raw, l) // reached by a branch event
			}
		}
		for _, l := range raw {
			fd.LineContexts[l] = append(fd.LineContexts[l], id)
		}
		rawLines = raw
		for _, a := range in.Arcs {
			fd.ArcContexts[a] = append(fd.ArcContexts[a], id)
		}
	}
}

// ranOn says whether statement line l had an event on one of its lines
// (raw: the lines events fired on, sorted).
func ranOn(facts *Facts, raw []int, l int) bool {
	if _, ok := slices.BinarySearch(raw, l); ok {
		return true
	}
	// A statement spanning lines: an event on a later line of it.
	i, _ := slices.BinarySearch(raw, l)
	for ; i < len(raw) && statementLine(facts, raw[i]) <= l; i++ {
		if statementLine(facts, raw[i]) == l {
			return true
		}
	}
	return false
}

// statementLine is the first line of the statement line l belongs to.
func statementLine(facts *Facts, l int) int {
	if first, ok := facts.Multiline[l]; ok {
		return first
	}
	return l
}

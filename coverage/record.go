package coverage

import (
	"github.com/pycov/pycov/monitoring"
)

// Record turns what ran in one file (raw journal hits) into FileData, using
// the file's facts to map lines to statements and branch events to arcs.
func Record(path string, facts *Facts, hits *monitoring.FileHits) *FileData {
	fd := &FileData{Path: path, Facts: facts, Lines: []int{}, Arcs: [][2]int{}, Started: []int{}}
	if hits == nil {
		return fd
	}
	lines := map[int]bool{}
	for l := range hits.Lines {
		if first, ok := facts.Multiline[l]; ok {
			l = first
		}
		lines[l] = true
	}
	fd.Lines = sortedKeys(lines)

	byKey := make(map[monitoring.CodeKey]*CodeFacts, len(facts.Code))
	for i := range facts.Code {
		c := &facts.Code[i]
		byKey[monitoring.CodeKey{Qualname: c.Qualname, FirstLine: c.FirstLine, Size: c.Size}] = c
	}
	arcs := map[[2]int]bool{}
	for key, events := range hits.Branches {
		c := byKey[key]
		if c == nil {
			continue
		}
		// A code object has a handful of branches: a scan beats a map.
		for ev := range events {
			for _, b := range c.Branches {
				if b[0] == ev[0] && b[1] == ev[1] {
					if b[3] != 0 { // 0: a later branch on the line decides
						arcs[[2]int{b[2], b[3]}] = true
					}
					break
				}
			}
		}
	}
	for key, ran := range hits.CodeLines {
		c := byKey[key]
		if c == nil || len(c.Implied) == 0 {
			continue
		}
		stmts := map[int]bool{}
		for l := range ran {
			if first, ok := facts.Multiline[l]; ok {
				l = first
			}
			stmts[l] = true
		}
		for _, imp := range c.Implied {
			if stmts[imp[0]] {
				arcs[[2]int{imp[1], imp[2]}] = true
			}
		}
	}
	fd.Arcs = sortedArcs(arcs)

	started := map[int]bool{}
	for key := range hits.Started {
		started[key.FirstLine] = true
	}
	fd.Started = sortedKeys(started)
	return fd
}

package coverage

import "slices"

// Record turns what ran in one file (raw journal hits) into FileData, using
// the file's facts to map lines to statements and branch events to arcs.
func Record(path string, facts *Facts, hits *FileHits) *FileData {
	fd := &FileData{Path: path, Facts: facts, Lines: []int{}, Arcs: [][2]int{}, Started: []int{}}
	if hits == nil {
		return fd
	}
	byKey := make(map[CodeKey]*CodeFacts, len(facts.Code))
	for i := range facts.Code {
		c := &facts.Code[i]
		byKey[CodeKey{Qualname: c.Qualname, FirstLine: c.FirstLine, Size: c.Size}] = c
	}
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

package monitoring

import "sort"

// FileHits is what ran in one source file, gathered from any number of
// journals.
type FileHits struct {
	Lines     map[int]bool
	CodeLines map[CodeKey]map[int]bool    // the same lines, per code object
	Branches  map[CodeKey]map[[2]int]bool // (source offset, destination offset)
	Started   map[CodeKey]bool            // code objects that started (functions called)
}

func newFileHits() *FileHits {
	return &FileHits{Lines: map[int]bool{}, CodeLines: map[CodeKey]map[int]bool{}, Branches: map[CodeKey]map[[2]int]bool{}, Started: map[CodeKey]bool{}}
}

// add records a line ('L') or branch ('B') hit of the code object key.
func (fh *FileHits) add(key CodeKey, rec Record) {
	switch rec.Kind {
	case 'L':
		fh.Lines[rec.Line] = true
		m := fh.CodeLines[key]
		if m == nil {
			m = map[int]bool{}
			fh.CodeLines[key] = m
		}
		m[rec.Line] = true
	case 'B':
		m := fh.Branches[key]
		if m == nil {
			m = map[[2]int]bool{}
			fh.Branches[key] = m
		}
		m[[2]int{rec.Src, rec.Dst}] = true
	}
}

// Hits maps a source file (as the interpreter named it) to what ran in it.
type Hits map[string]*FileHits

func (h Hits) file(name string) *FileHits {
	f := h[name]
	if f == nil {
		f = newFileHits()
		h[name] = f
	}
	return f
}

// Files returns the file names in sorted order.
func (h Hits) Files() []string {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Merge adds everything in other to h.
func (h Hits) Merge(other Hits) {
	for name, o := range other {
		fh := h.file(name)
		for l := range o.Lines {
			fh.Lines[l] = true
		}
		for key := range o.Started {
			fh.Started[key] = true
		}
		for key, lines := range o.CodeLines {
			for l := range lines {
				fh.add(key, Record{Kind: 'L', Line: l})
			}
		}
		for key, arcs := range o.Branches {
			for a := range arcs {
				fh.add(key, Record{Kind: 'B', Src: a[0], Dst: a[1]})
			}
		}
	}
}

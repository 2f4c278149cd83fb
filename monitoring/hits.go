package monitoring

import "sort"

// FileHits is what ran in one source file, gathered from any number of
// journals. Hits are appended as read: a location appears once per
// process that ran it (each process disables a location after its first
// event), so lists may repeat across processes; consumers deduplicate.
// Slices rather than sets: reading a journal is mostly this, and a map
// insert per record cost more than the parsing.
type FileHits struct {
	CodeLines map[CodeKey][]int    // lines that ran, per code object
	Branches  map[CodeKey][][2]int // (source offset, destination offset) taken, per code object
	Started   map[CodeKey]bool     // code objects that started (functions called)
	// Described holds the code objects the agent described (D records):
	// code that may not be the file's source as compiled.
	Described map[CodeKey]Described
	// Contexts holds, when the run recorded contexts, what ran in each
	// context, by name ("" for code outside any); nil otherwise. (The
	// fields above hold what ran in any context.)
	Contexts map[string]*FileHits
}

// Described is a code object as the agent described it: Code for the
// facts script, and Sum, a checksum of what its event map depends on.
type Described struct {
	Sum  uint32
	Code []byte
}

func newFileHits() *FileHits {
	return &FileHits{CodeLines: map[CodeKey][]int{}, Branches: map[CodeKey][][2]int{}, Started: map[CodeKey]bool{}, Described: map[CodeKey]Described{}}
}

// add records a line ('L') or branch ('B') hit, or the description ('D'),
// of the code object key.
func (fh *FileHits) add(key CodeKey, rec Record) {
	switch rec.Kind {
	case 'D':
		fh.Described[key] = Described{Sum: rec.Sum, Code: rec.Code}
	case 'L':
		fh.CodeLines[key] = append(fh.CodeLines[key], rec.Line)
	case 'B':
		fh.Branches[key] = append(fh.Branches[key], [2]int{rec.Src, rec.Dst})
	}
}

// context is what ran in context name.
func (fh *FileHits) context(name string) *FileHits {
	if fh.Contexts == nil {
		fh.Contexts = map[string]*FileHits{}
	}
	c := fh.Contexts[name]
	if c == nil {
		c = newFileHits()
		fh.Contexts[name] = c
	}
	return c
}

// Lines is the set of lines that ran in any code object of the file.
func (fh *FileHits) Lines() map[int]bool {
	out := map[int]bool{}
	for _, lines := range fh.CodeLines {
		for _, l := range lines {
			out[l] = true
		}
	}
	return out
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
		for key := range o.Started {
			fh.Started[key] = true
		}
		for key, lines := range o.CodeLines {
			fh.CodeLines[key] = append(fh.CodeLines[key], lines...)
		}
		for key, arcs := range o.Branches {
			fh.Branches[key] = append(fh.Branches[key], arcs...)
		}
		for key, code := range o.Described {
			fh.Described[key] = code
		}
		for name, oc := range o.Contexts {
			Hits{name: fh.context(name)}.Merge(Hits{name: oc})
		}
	}
}

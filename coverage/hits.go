package coverage

import "sort"

// Hits is what ran, per source file as the interpreter named it: the
// input of Collect and Record. It is the model's own type; the measure
// package fills it from the agent's journals (monitoring.Hits), so the
// model and every report link no measurement code.
//
// Contexts (per-test) are a dimension of FileHits: Contexts holds what ran
// in each context, by name, each a FileHits of its own that Record maps to
// lines and arcs as it maps the whole file's.
type Hits map[string]*FileHits

// FileHits is what ran in one source file. Lists are appended as read: a
// location appears once per process that ran it, so they may repeat;
// Record deduplicates.
type FileHits struct {
	CodeLines map[CodeKey][]int    // lines that ran, per code object
	Branches  map[CodeKey][][2]int // (source offset, destination offset) taken, per code object
	Started   map[CodeKey]bool     // code objects that started (functions called)
	// Described holds the code objects the agent described: code that may
	// not be the file's source as compiled (FactsRequest.Described).
	Described map[CodeKey]Described
	// Contexts holds, when the run recorded contexts, what ran in each
	// context, by name ("" for code outside any); nil otherwise. The
	// fields above hold what ran in any context.
	Contexts map[string]*FileHits
}

// CodeKey identifies a code object across processes and recompilation: the
// same source compiled by the same interpreter gives the same key.
type CodeKey struct {
	Qualname  string
	FirstLine int
	Size      int // len(co_code), to tell apart same-named code on one line
}

// Described is a code object as the agent described it: Code (marshalled)
// for the facts script, and Sum, a checksum of what its event map depends
// on.
type Described struct {
	Sum  uint32
	Code []byte
}

// NewFileHits is an empty FileHits.
func NewFileHits() *FileHits {
	return &FileHits{CodeLines: map[CodeKey][]int{}, Branches: map[CodeKey][][2]int{}, Started: map[CodeKey]bool{}, Described: map[CodeKey]Described{}}
}

// ready is fh with its maps made, so that more can be added to it.
func (fh *FileHits) ready() *FileHits {
	if fh.CodeLines == nil {
		fh.CodeLines = map[CodeKey][]int{}
	}
	if fh.Branches == nil {
		fh.Branches = map[CodeKey][][2]int{}
	}
	if fh.Started == nil {
		fh.Started = map[CodeKey]bool{}
	}
	if fh.Described == nil {
		fh.Described = map[CodeKey]Described{}
	}
	return fh
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

// Add adds fh to what ran in the file name (several names may map to one
// file, with [paths] say).
func (h Hits) Add(name string, fh *FileHits) {
	to := h[name]
	if to == nil {
		h[name] = fh.ready()
		return
	}
	for key := range fh.Started {
		to.Started[key] = true
	}
	for key, lines := range fh.CodeLines {
		to.CodeLines[key] = append(to.CodeLines[key], lines...)
	}
	for key, arcs := range fh.Branches {
		to.Branches[key] = append(to.Branches[key], arcs...)
	}
	for key, d := range fh.Described {
		to.Described[key] = d
	}
	for name, c := range fh.Contexts {
		if to.Contexts == nil {
			to.Contexts = map[string]*FileHits{}
		}
		Hits(to.Contexts).Add(name, c)
	}
}

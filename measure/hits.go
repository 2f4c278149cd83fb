package measure

import (
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
)

// modelHits converts the hits read from journals into the model's, with
// each file named as rename says (nil: as the journals name it). Files
// that rename maps to one name are merged. The lists are shared with h,
// not copied.
func modelHits(h monitoring.Hits, rename func(string) string) coverage.Hits {
	out := make(coverage.Hits, len(h))
	for name, fh := range h {
		if rename != nil {
			name = rename(name)
		}
		out.Add(name, modelFileHits(fh))
	}
	return out
}

// modelFileHits is one file's hits as the model's, with its per-context
// hits when the run recorded contexts.
func modelFileHits(fh *monitoring.FileHits) *coverage.FileHits {
	out := &coverage.FileHits{
		CodeLines: make(map[coverage.CodeKey][]int, len(fh.CodeLines)),
		Branches:  make(map[coverage.CodeKey][][2]int, len(fh.Branches)),
		Started:   make(map[coverage.CodeKey]bool, len(fh.Started)),
		Described: make(map[coverage.CodeKey]coverage.Described, len(fh.Described)),
	}
	for k, v := range fh.CodeLines {
		out.CodeLines[codeKey(k)] = v
	}
	for k, v := range fh.Branches {
		out.Branches[codeKey(k)] = v
	}
	for k, v := range fh.Started {
		out.Started[codeKey(k)] = v
	}
	for k, v := range fh.Described {
		out.Described[codeKey(k)] = coverage.Described{Sum: v.Sum, Code: v.Code}
	}
	if fh.Contexts != nil {
		out.Contexts = make(map[string]*coverage.FileHits, len(fh.Contexts))
		for name, c := range fh.Contexts {
			out.Contexts[name] = modelFileHits(c)
		}
	}
	return out
}

func codeKey(k monitoring.CodeKey) coverage.CodeKey {
	return coverage.CodeKey{Qualname: k.Qualname, FirstLine: k.FirstLine, Size: k.Size}
}

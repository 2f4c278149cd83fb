package coverage

import (
	"encoding/json"
	"sort"
)

// BranchKinds are the kinds of a file's branch lines, in line order, each
// line once. (A sorted slice rather than a map: as a map they were half of
// the memory a report's decoded data took, 25 MB of 54 for 5,000 files.)
// In JSON they are an object keyed by line, as the facts script writes
// them: {"9": {"kind": "if", "into": 10}}.
type BranchKinds []LineKind

// LineKind is the kind of the branch line Line.
type LineKind struct {
	Line int
	BranchKind
}

// Of returns the kind of the branch line, if it has one.
func (k BranchKinds) Of(line int) (BranchKind, bool) {
	i := sort.Search(len(k), func(i int) bool { return k[i].Line >= line })
	if i < len(k) && k[i].Line == line {
		return k[i].BranchKind, true
	}
	return BranchKind{}, false
}

// KindsOf makes BranchKinds of a map from line to kind.
func KindsOf(m map[int]BranchKind) BranchKinds {
	if len(m) == 0 {
		return nil
	}
	k := make(BranchKinds, 0, len(m))
	for line, kind := range m {
		k = append(k, LineKind{line, kind})
	}
	sort.Slice(k, func(i, j int) bool { return k[i].Line < k[j].Line })
	return k
}

// sorted is k in line order, each line once (its last kind): what a
// decoder makes of lines it is given in any order.
func (k BranchKinds) sorted() BranchKinds {
	if sort.SliceIsSorted(k, func(i, j int) bool { return k[i].Line < k[j].Line }) {
		unique := true
		for i := 1; i < len(k); i++ {
			unique = unique && k[i].Line != k[i-1].Line
		}
		if unique {
			return k
		}
	}
	m := make(map[int]BranchKind, len(k))
	for _, lk := range k {
		m[lk.Line] = lk.BranchKind
	}
	return KindsOf(m)
}

func (k BranchKinds) MarshalJSON() ([]byte, error) {
	m := make(map[int]BranchKind, len(k))
	for _, lk := range k {
		m[lk.Line] = lk.BranchKind
	}
	return json.Marshal(m)
}

func (k *BranchKinds) UnmarshalJSON(b []byte) error {
	var m map[int]BranchKind
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*k = KindsOf(m)
	return nil
}

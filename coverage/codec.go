package coverage

import (
	"encoding/binary"
	"math"
	"sort"
)

// The binary encoding of Facts and FileData, used by the data file and the
// facts cache. Every value is a varint (zig-zag for signed numbers); a
// string or list is its length then its elements. It is hand-written
// rather than reflective (gob, JSON) because reading a 1,000-file
// project's data is most of what `pycov report` does.

// factsCodecVersion is the version of encoder.facts's layout. The facts
// cache keys its entries with it; the data file's core records hold facts
// in it too, so a change is also a new data format (doc.go).
const factsCodecVersion = 1

type encoder struct{ b []byte }

func (e *encoder) int(v int)       { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) bool(v bool)     { e.int(map[bool]int{false: 0, true: 1}[v]) }
func (e *encoder) string(s string) { e.int(len(s)); e.b = append(e.b, s...) }

// strings writes nil as -1, so that "the defaults" and "none" differ.
func (e *encoder) strings(v []string) {
	if v == nil {
		e.int(-1)
		return
	}
	e.int(len(v))
	for _, x := range v {
		e.string(x)
	}
}

func (e *encoder) ints(v []int) {
	e.int(len(v))
	for _, x := range v {
		e.int(x)
	}
}

func (e *encoder) pairs(v [][2]int) {
	e.int(len(v))
	for _, p := range v {
		e.int(p[0])
		e.int(p[1])
	}
}

func (e *encoder) regions(v []Region) {
	e.int(len(v))
	for _, r := range v {
		e.string(r.Name)
		e.int(r.Start)
		e.int(r.End)
		e.int(r.Def)
		e.int(r.Body)
	}
}

func (e *encoder) facts(f *Facts) {
	e.string(f.Path)
	e.string(f.Error)
	e.string(f.SHA256)
	e.ints(f.Statements)
	e.ints(f.Excluded)
	keys := make([]int, 0, len(f.Multiline))
	for k := range f.Multiline {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	e.int(len(keys))
	for _, k := range keys {
		e.int(k)
		e.int(f.Multiline[k])
	}
	e.pairs(f.Arcs)
	e.ints(f.NoBranch)
	e.regions(f.Functions)
	e.regions(f.Classes)
	e.int(len(f.Code))
	for _, c := range f.Code {
		e.string(c.Qualname)
		e.int(c.FirstLine)
		e.int(c.Size)
		e.int(len(c.Branches))
		for _, b := range c.Branches {
			e.int(b[0])
			e.int(b[1])
			e.int(b[2])
			e.int(b[3])
		}
		e.int(len(c.Implied))
		for _, b := range c.Implied {
			e.int(b[0])
			e.int(b[1])
			e.int(b[2])
		}
	}
	kinds := f.BranchKinds.sorted()
	e.int(len(kinds))
	for _, k := range kinds {
		e.int(k.Line)
		e.string(k.Kind)
		e.int(k.Into)
	}
}

func (e *encoder) fileData(fd *FileData) {
	e.string(fd.Path)
	if fd.Facts == nil {
		e.facts(&Facts{})
	} else {
		e.facts(fd.Facts)
	}
	e.ints(fd.Lines)
	e.pairs(fd.Arcs)
	e.ints(fd.Started)
}

// decoder reads what encoder wrote; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) int() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 || v > math.MaxInt32 || v < math.MinInt32 {
		d.err = errShort
		if n < 0 || v > math.MaxInt32 || v < math.MinInt32 {
			d.err = errBadNumber
		}
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// count reads a length, refusing one larger than the bytes left could
// hold (each element takes at least min bytes), so damaged input cannot
// make pycov allocate without bound.
func (d *decoder) count(min int) int {
	n := d.int()
	switch {
	case d.err != nil:
	case n < 0:
		d.err = errNegative
	case n*min > len(d.b):
		d.err = errPastEnd
	}
	if d.err != nil {
		return 0
	}
	return n
}

func (d *decoder) bool() bool { return d.int() != 0 }

func (d *decoder) string() string {
	n := d.count(1)
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// branchKindNames are the kinds of branch lines facts name; the decoder
// shares these strings rather than making one for each line.
var branchKindNames = []string{"if", "while", "for", "case"}

// kind reads the kind of a branch line.
func (d *decoder) kind() string {
	n := d.count(1)
	if d.err != nil {
		return ""
	}
	b := d.b[:n]
	d.b = d.b[n:]
	for _, k := range branchKindNames {
		if string(b) == k {
			return k
		}
	}
	return string(b)
}

func (d *decoder) strings() []string {
	if len(d.b) > 0 && d.b[0] == 1 { // varint -1
		d.int()
		return nil
	}
	n := d.count(1)
	v := make([]string, n)
	for i := range v {
		v[i] = d.string()
	}
	return v
}

func (d *decoder) ints() []int {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	v := make([]int, n)
	for i := range v {
		v[i] = d.int()
	}
	return v
}

func (d *decoder) pairs() [][2]int {
	n := d.count(2)
	if n == 0 {
		return nil
	}
	v := make([][2]int, n)
	for i := range v {
		v[i] = [2]int{d.int(), d.int()}
	}
	return v
}

func (d *decoder) regions() []Region {
	n := d.count(5)
	if n == 0 {
		return nil
	}
	v := make([]Region, n)
	for i := range v {
		v[i] = Region{Name: d.string(), Start: d.int(), End: d.int(), Def: d.int(), Body: d.int()}
	}
	return v
}

func (d *decoder) facts() *Facts {
	f := &Facts{Path: d.string(), Error: d.string(), SHA256: d.string(), Statements: d.ints(), Excluded: d.ints()}
	if n := d.count(2); n > 0 {
		f.Multiline = make(LineMap, n)
		for range n {
			k := d.int()
			f.Multiline[k] = d.int()
		}
	}
	f.Arcs = d.pairs()
	f.NoBranch = d.ints()
	f.Functions = d.regions()
	f.Classes = d.regions()
	if n := d.count(5); n > 0 {
		f.Code = make([]CodeFacts, n)
		for i := range f.Code {
			c := &f.Code[i]
			c.Qualname, c.FirstLine, c.Size = d.string(), d.int(), d.int()
			if m := d.count(4); m > 0 {
				c.Branches = make([][4]int, m)
			}
			for j := range c.Branches {
				c.Branches[j] = [4]int{d.int(), d.int(), d.int(), d.int()}
			}
			if m := d.count(3); m > 0 {
				c.Implied = make([][3]int, m)
				for j := range c.Implied {
					c.Implied[j] = [3]int{d.int(), d.int(), d.int()}
				}
			}
		}
	}
	if n := d.count(3); n > 0 {
		f.BranchKinds = make(BranchKinds, n)
		for i := range f.BranchKinds {
			line := d.int()
			f.BranchKinds[i] = LineKind{line, BranchKind{Kind: d.kind(), Into: d.int()}}
		}
		f.BranchKinds = f.BranchKinds.sorted() // as written, unless damaged
	}
	return f
}

func (d *decoder) fileData() *FileData {
	return &FileData{Path: d.string(), Facts: d.facts(), Lines: d.ints(), Arcs: d.pairs(), Started: d.ints()}
}

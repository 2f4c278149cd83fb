package coverage

import (
	"errors"
	"maps"
	"slices"
)

// A file's contexts in the data file stand alone (they name their
// contexts rather than point into a file-wide table), so that a record
// keeps its meaning wherever it is copied, merged or remapped:
//
//	number of contexts, their names in ascending order, each front-coded:
//	  (bytes shared with the name before, the rest as a string)
//	lines: count, then per line (ascending, as a delta from the last) its set
//	arcs:  count, then per arc (ascending) both ends, then its set
//
// A set holds indexes into the record's names, as its number of runs of
// consecutive indexes, then each run as (gap from the end of the last
// run, length): a line run by 500 tests in a row takes two numbers.
// Names of one suite share long prefixes (a test module's path), which
// front coding stores once.

// encodeFileContexts appends fd's contexts; ok is false when it has none.
func encodeFileContexts(b []byte, d *Data, fd *FileData) ([]byte, bool) {
	if d.Contexts == nil || fd.LineContexts == nil && fd.ArcContexts == nil {
		return b, false
	}
	used := map[int]bool{}
	for _, s := range fd.LineContexts {
		for _, c := range s {
			used[c] = true
		}
	}
	for _, s := range fd.ArcContexts {
		for _, c := range s {
			used[c] = true
		}
	}
	ids := slices.Collect(maps.Keys(used))
	slices.SortFunc(ids, func(a, b int) int { return cmpString(d.Contexts[a], d.Contexts[b]) })
	local := make(map[int]int, len(ids))
	e := &encoder{b: b}
	e.int(len(ids))
	prev := ""
	for i, id := range ids {
		local[id] = i
		name := d.Contexts[id]
		n := 0
		for n < len(name) && n < len(prev) && name[n] == prev[n] {
			n++
		}
		e.int(n)
		e.string(name[n:])
		prev = name
	}
	set := func(s ContextSet) {
		v := make([]int, len(s))
		for i, c := range s {
			v[i] = local[c]
		}
		slices.Sort(v)
		e.contextSet(v)
	}
	lines := slices.Sorted(maps.Keys(fd.LineContexts))
	e.int(len(lines))
	last := 0
	for _, l := range lines {
		e.int(l - last)
		last = l
		set(fd.LineContexts[l])
	}
	arcs := slices.Collect(maps.Keys(fd.ArcContexts))
	sortArcs(arcs)
	e.int(len(arcs))
	for _, a := range arcs {
		e.int(a[0])
		e.int(a[1])
		set(fd.ArcContexts[a])
	}
	return e.b, true
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// decodeFileContexts adds a record's contexts to fd, their names to d's
// table. A record may hold its contexts more than once (an older pycov
// merged two records of the file): each adds to what is there.
func decodeFileContexts(d *Data, fd *FileData, payload []byte) error {
	dec := &decoder{b: payload}
	n := dec.count(2)
	names := make([]string, n)
	prev := ""
	for i := range names {
		shared := dec.int()
		rest := dec.string()
		if dec.err == nil && (shared < 0 || shared > len(prev)) {
			dec.err = errors.New("a context name is malformed")
		}
		if dec.err != nil {
			return dec.err
		}
		names[i] = prev[:shared] + rest
		prev = names[i]
	}
	if d.ctxTable == nil {
		if d.Contexts == nil {
			d.Contexts = []string{}
		}
		d.ctxTable = newContextTable(d.Contexts)
	}
	ids := make([]int, n)
	for i, name := range names {
		ids[i] = d.ctxTable.id(name)
	}
	d.Contexts = d.ctxTable.names
	set := func() ContextSet {
		s := dec.contextSet(n)
		for i, c := range s {
			s[i] = ids[c]
		}
		slices.Sort(s)
		return s
	}
	lines := dec.count(2)
	add := map[int]ContextSet{}
	last := 0
	for range lines {
		last += dec.int()
		add[last] = set()
	}
	arcs := dec.count(3)
	addArcs := map[[2]int]ContextSet{}
	for range arcs {
		a := [2]int{dec.int(), dec.int()}
		addArcs[a] = set()
	}
	if dec.err == nil && len(dec.b) != 0 {
		dec.err = errors.New("bytes are left over after them")
	}
	if dec.err != nil {
		return dec.err
	}
	fd.LineContexts = unionContexts(fd.LineContexts, add)
	fd.ArcContexts = unionContexts(fd.ArcContexts, addArcs)
	return nil
}

func (e *encoder) contextSet(s []int) {
	var runs [][2]int
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[j-1]+1 {
			j++
		}
		runs = append(runs, [2]int{s[i], j - i})
		i = j
	}
	e.int(len(runs))
	next := 0
	for _, r := range runs {
		e.int(r[0] - next)
		e.int(r[1])
		next = r[0] + r[1]
	}
}

// contextSet reads a set of indexes below n.
func (d *decoder) contextSet(n int) ContextSet {
	runs := d.count(2)
	var s ContextSet
	next := 0
	for range runs {
		start := next + d.int()
		length := d.int()
		if d.err != nil {
			return nil
		}
		if start < next || length < 1 || start+length > n {
			d.err = errors.New("a line names a context that is not recorded")
			return nil
		}
		for c := start; c < start+length; c++ {
			s = append(s, c)
		}
		next = start + length
	}
	return s
}

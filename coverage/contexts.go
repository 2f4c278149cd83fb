package coverage

import (
	"maps"
	"slices"
)

// Contexts. Data measured with contexts ([run] context, dynamic_context)
// names them once, in Data.Contexts; each file then says which contexts
// ran each executed line (FileData.LineContexts) and arc (ArcContexts), as
// sorted indexes into that table. Data measured without contexts has a nil
// table: all of it ran in the empty context, as coverage.py has it.

// ContextSet is a sorted set of indexes into Data.Contexts.
type ContextSet []int

// HasContexts says whether d was measured with contexts.
func (d *Data) HasContexts() bool { return d.Contexts != nil }

// withContexts gives data measured without contexts the table [""], every
// line and arc in it, so that it can join data measured with them.
func (d *Data) withContexts() {
	if d.Contexts != nil {
		return
	}
	d.Contexts = []string{""}
	for _, f := range d.Files {
		f.LineContexts = make(map[int]ContextSet, len(f.Lines))
		for _, l := range f.Lines {
			f.LineContexts[l] = ContextSet{0}
		}
		f.ArcContexts = make(map[[2]int]ContextSet, len(f.Arcs))
		for _, a := range f.Arcs {
			f.ArcContexts[a] = ContextSet{0}
		}
	}
}

// contextTable interns context names.
type contextTable struct {
	names []string
	ids   map[string]int
}

func newContextTable(names []string) *contextTable {
	t := &contextTable{names: names, ids: make(map[string]int, len(names))}
	for i, n := range names {
		t.ids[n] = i
	}
	return t
}

func (t *contextTable) id(name string) int {
	if i, ok := t.ids[name]; ok {
		return i
	}
	t.ids[name] = len(t.names)
	t.names = append(t.names, name)
	return len(t.names) - 1
}

// remapContexts rewrites f's context sets from ids (old index -> new).
func (f *FileData) remapContexts(ids []int) {
	re := func(s ContextSet) ContextSet {
		out := make(ContextSet, len(s))
		for i, c := range s {
			out[i] = ids[c]
		}
		slices.Sort(out)
		return out
	}
	for l, s := range f.LineContexts {
		f.LineContexts[l] = re(s)
	}
	for a, s := range f.ArcContexts {
		f.ArcContexts[a] = re(s)
	}
}

// unionContexts adds from's context sets to into's.
func unionContexts[K comparable](into, from map[K]ContextSet) map[K]ContextSet {
	if into == nil {
		into = make(map[K]ContextSet, len(from))
	}
	for k, s := range from {
		into[k] = unionSet(into[k], s)
	}
	return into
}

func unionSet(a, b ContextSet) ContextSet {
	if len(a) == 0 {
		return b
	}
	out := make(ContextSet, 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// FilterContexts keeps only the data of the contexts match accepts: the
// lines and arcs some matching context ran, each with its matching
// contexts ([report] contexts, --contexts). Data measured without contexts
// is all in the empty context.
func (d *Data) FilterContexts(match func(name string) bool) {
	d.withContexts()
	keep := make([]bool, len(d.Contexts))
	for i, n := range d.Contexts {
		keep[i] = match(n)
	}
	for _, f := range d.Files {
		f.LineContexts = filterSets(f.LineContexts, keep)
		f.ArcContexts = filterSets(f.ArcContexts, keep)
		lines := map[int]bool{}
		for l := range f.LineContexts {
			if f.Facts != nil {
				l = statementLine(f.Facts, l)
			}
			lines[l] = true
		}
		f.Lines = slices.Sorted(maps.Keys(lines))
		f.Arcs = slices.SortedFunc(maps.Keys(f.ArcContexts), func(a, b [2]int) int {
			if arcLess(a, b) {
				return -1
			}
			if a == b {
				return 0
			}
			return 1
		})
		f.Started = startedIn(f)
	}
}

// startedIn keeps the code objects (by first line) of f.Started that ran
// one of f's lines: which started in a context is not recorded, so a
// function counts as started when a line of its body ran.
func startedIn(f *FileData) []int {
	if f.Facts == nil {
		return f.Started
	}
	var out []int
	for _, s := range f.Started {
		ran, found := false, false
		for _, r := range f.Facts.Functions {
			if r.Start != s {
				continue
			}
			found = true
			from := r.Body
			if from == 0 {
				from = r.Start
			}
			i, _ := slices.BinarySearch(f.Lines, from)
			ran = ran || i < len(f.Lines) && f.Lines[i] <= r.End
		}
		if ran || !found && len(f.Lines) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func filterSets[K comparable](m map[K]ContextSet, keep []bool) map[K]ContextSet {
	out := make(map[K]ContextSet, len(m))
	for k, s := range m {
		var kept ContextSet
		for _, c := range s {
			if keep[c] {
				kept = append(kept, c)
			}
		}
		if len(kept) > 0 {
			out[k] = kept
		}
	}
	return out
}

// ContextsByLine is coverage.py's contexts_by_lineno: the names of the
// contexts that ran each line; names is the data's Contexts (nil: the
// empty context ran everything). With contexts recorded, the lines are
// those whose events fired (see recordContexts), as coverage.py's tracer
// records them; without, the executed lines and the arcs' ends. An empty
// module runs only its "line 0": measured as lines (arcs false),
// coverage.py lists it, as its line data holds it; measured as arcs, it
// lists only lines that are an arc's end, which 0 never is.
func (f *FileData) ContextsByLine(names []string, arcs bool) map[int][]string {
	first := 0
	if arcs {
		first = 1
	}
	out := map[int][]string{}
	if names == nil {
		for _, l := range f.Lines {
			if l >= first {
				out[l] = []string{""}
			}
		}
		for _, a := range f.Arcs {
			for _, l := range a {
				if l > 0 {
					out[l] = []string{""}
				}
			}
		}
		return out
	}
	for l, s := range f.LineContexts {
		if l < first {
			continue
		}
		ns := make([]string, len(s))
		for i, c := range s {
			ns[i] = names[c]
		}
		slices.Sort(ns)
		out[l] = ns
	}
	return out
}

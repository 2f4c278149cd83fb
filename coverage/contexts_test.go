package coverage

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// ctxData is sampleData measured with contexts: line 1 by "" only, line 2
// and the arc by tests a and b, line 4 by test b.
func ctxData(names ...string) *Data {
	d := sampleData()
	d.Contexts = names
	f := d.Files[0]
	f.Lines = []int{1, 2, 4}
	f.LineContexts = map[int]ContextSet{1: {0}, 2: {1, 2}, 4: {2}}
	f.ArcContexts = map[[2]int]ContextSet{{2, -1}: {1, 2}}
	return d
}

func namesByLine(d *Data) map[int][]string { return d.Files[0].ContextsByLine(d.Contexts, d.Branch) }

func TestContextsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".pycov")
	want := ctxData("", "t.py::a|run", "t.py::b|run")
	// Long runs and gaps: a set of 300 ids in three runs.
	var big ContextSet
	for i := 0; i < 300; i++ {
		want.Contexts = append(want.Contexts, strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('0'+i/26)))
		if i < 100 || i > 150 && i != 200 {
			big = append(big, i+3)
		}
	}
	want.Files[0].LineContexts[1] = big
	if err := WriteData(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadData(path, "/")
	if err != nil {
		t.Fatal(err)
	}
	// (The ids may change: the names and what they ran may not.)
	if g, w := named(got), named(want); !reflect.DeepEqual(g, w) {
		t.Errorf("round trip changed the contexts:\n got %v\nwant %v", g, w)
	}
	got.Files[0].LineContexts, got.Files[0].ArcContexts, got.Contexts, got.ctxTable = nil, nil, nil, nil
	want.Files[0].LineContexts, want.Files[0].ArcContexts, want.Contexts = nil, nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the rest: %+v", got.Files[0])
	}
	// Damaged sets are errors, never panics or out-of-range ids.
	var b bytes.Buffer
	if err := want.Encode(&b); err != nil {
		t.Fatal(err)
	}
	full := b.Bytes()
	for cut := len(full) - 1; cut > len(full)-40; cut-- {
		if _, err := DecodeData(bytes.NewReader(full[:cut]), "x"); err == nil {
			t.Errorf("cut at %d: no error", cut)
		}
	}
}

// Merging data with other context tables renames their ids; data measured
// without contexts joins as the empty context; [paths] remapping that
// folds two files into one unites their sets.
func TestMergeContexts(t *testing.T) {
	d := ctxData("", "a", "b")
	d.Merge(ctxData("", "b", "c"))
	want := map[int][]string{1: {""}, 2: {"a", "b", "c"}, 4: {"b", "c"}}
	if got := namesByLine(d); !reflect.DeepEqual(got, want) {
		t.Errorf("merged: %v, want %v", got, want)
	}
	plain := sampleData()
	plain.Files[0].Lines, plain.Files[0].Arcs = []int{1, 4}, nil
	plain.Merge(ctxData("", "a", "b"))
	want = map[int][]string{1: {""}, 2: {"a", "b"}, 4: {"", "b"}}
	if got := namesByLine(plain); !reflect.DeepEqual(got, want) {
		t.Errorf("plain then contexts: %v, want %v", got, want)
	}
	two := ctxData("", "a", "b")
	other := ctxData("", "a", "b").Files[0]
	other.Path = "/elsewhere/app.py"
	other.LineContexts[4] = ContextSet{0, 1}
	two.Files = append(two.Files, other)
	aliases, err := NewPathAliases([][]string{{"/src/", "/elsewhere/"}}, "/", false)
	if err != nil {
		t.Fatal(err)
	}
	aliases.Exists = func(string) bool { return true }
	two.Remap(aliases)
	if len(two.Files) != 1 {
		t.Fatalf("remapped to %d files", len(two.Files))
	}
	want = map[int][]string{1: {""}, 2: {"a", "b"}, 4: {"", "a", "b"}}
	if got := namesByLine(two); !reflect.DeepEqual(got, want) {
		t.Errorf("remapped: %v, want %v", got, want)
	}
}

func TestFilterContexts(t *testing.T) {
	d := ctxData("", "t.py::a|run", "t.py::b|run")
	d.FilterContexts(func(n string) bool { return strings.Contains(n, "::b") })
	f := d.Files[0]
	if !slices.Equal(f.Lines, []int{2, 4}) || !reflect.DeepEqual(f.Arcs, [][2]int{{2, -1}}) || !slices.Equal(f.Started, []int{1}) {
		t.Errorf("lines %v arcs %v, want [2 4] [[2 -1]]", f.Lines, f.Arcs)
	}
	if got := namesByLine(d); !reflect.DeepEqual(got, map[int][]string{2: {"t.py::b|run"}, 4: {"t.py::b|run"}}) {
		t.Errorf("contexts left: %v", got)
	}
	// f (lines 1-4, started) ran only in the empty context.
	d = ctxData("", "t.py::a|run", "t.py::b|run")
	d.Files[0].Facts.Functions[0].Body = 2
	d.Files[0].LineContexts = map[int]ContextSet{1: {0}, 2: {0}, 4: {0}, 7: {1}}
	d.FilterContexts(func(n string) bool { return n != "" })
	if f := d.Files[0]; len(f.Started) != 0 {
		t.Errorf("started %v: f ran in no context kept", f.Started)
	}
	plain := sampleData()
	plain.FilterContexts(func(n string) bool { return n == "x" })
	if len(plain.Files[0].Lines) != 0 || len(plain.Files[0].Arcs) != 0 || len(plain.Files[0].Started) != 0 {
		t.Errorf("data without contexts is all in the empty context, which x does not match: %v", plain.Files[0].Lines)
	}
}

// ContextsByLine lists the lines recorded (arcs add none: their ends are
// statements' first lines, not lines whose events fired), and gives data
// without contexts the empty one, there counting the arcs' ends too.
func TestContextsByLine(t *testing.T) {
	d := ctxData("", "a", "b")
	d.Files[0].ArcContexts[[2]int{4, 6}] = ContextSet{0}
	want := map[int][]string{1: {""}, 2: {"a", "b"}, 4: {"b"}}
	if got := namesByLine(d); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := sampleData().Files[0].ContextsByLine(nil, false); !reflect.DeepEqual(got, map[int][]string{1: {""}, 2: {""}}) {
		t.Errorf("without contexts: %v", got)
	}
}

// named is d's context sets by name: file -> "L<line>" or "A<from>,<to>" -> names.
func named(d *Data) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	names := func(s ContextSet) []string {
		var v []string
		for _, c := range s {
			v = append(v, d.Contexts[c])
		}
		slices.Sort(v)
		return v
	}
	for _, f := range d.Files {
		m := map[string][]string{}
		for l, s := range f.LineContexts {
			m[fmt.Sprintf("L%d", l)] = names(s)
		}
		for a, s := range f.ArcContexts {
			m[fmt.Sprintf("A%d,%d", a[0], a[1])] = names(s)
		}
		out[f.Path] = m
	}
	return out
}

// A record whose contexts were written twice (an older pycov merged two
// records of the file) reads as their union.
func TestDecodeFileContextsRepeated(t *testing.T) {
	a, b := ctxData("", "t::a|run", "t::b|run"), ctxData("", "t::c|run", "t::b|run")
	pa, _ := encodeFileContexts(nil, a, a.Files[0])
	pb, _ := encodeFileContexts(nil, b, b.Files[0])
	d := sampleData()
	for _, p := range [][]byte{pa, pb} {
		if err := decodeFileContexts(d, d.Files[0], p); err != nil {
			t.Fatal(err)
		}
	}
	want := map[int][]string{1: {""}, 2: {"t::a|run", "t::b|run", "t::c|run"}, 4: {"t::b|run"}}
	if got := namesByLine(d); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for cut := range len(pa) {
		if err := decodeFileContexts(sampleData(), sampleData().Files[0], pa[:cut]); err == nil {
			t.Errorf("cut at %d: no error", cut)
		}
	}
}

// Contexts are an optional record field: a pycov that does not know it
// reads the file (and reports from it) and keeps the field through a
// combine, so that this pycov reads the contexts back. Not parallel: it
// sets recordFields.
func TestContextsFieldUnknownToOlderPycov(t *testing.T) {
	saved := recordFields
	defer func() { recordFields = saved }()
	var b bytes.Buffer
	if err := ctxData("", "t::a|run", "t::b|run").Encode(&b); err != nil {
		t.Fatal(err)
	}
	recordFields = nil
	older, err := DecodeData(bytes.NewReader(b.Bytes()), "x.pycov")
	if err != nil {
		t.Fatalf("a pycov without contexts cannot read the file: %v", err)
	}
	if f := older.Files[0]; !slices.Equal(f.Lines, []int{1, 2, 4}) || f.LineContexts != nil || len(f.Extra) != 1 {
		t.Fatalf("older pycov read lines %v, contexts %v, extra %v", f.Lines, f.LineContexts, f.Extra)
	}
	older.Merge(sampleData()) // a combine with data of the same file
	var again bytes.Buffer
	if err := older.Encode(&again); err != nil {
		t.Fatal(err)
	}
	recordFields = saved
	d, err := DecodeData(bytes.NewReader(again.Bytes()), "x.pycov")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]string{1: {""}, 2: {"t::a|run", "t::b|run"}, 4: {"t::b|run"}}
	if got := namesByLine(d); !reflect.DeepEqual(got, want) {
		t.Errorf("contexts after an older pycov's combine: %v, want %v", got, want)
	}
}

// A context's lines are those whose events fired, as coverage.py's
// tracer records them: a statement spanning lines 2-3 whose event fired on
// line 3 is listed on line 3 (coverage.py's contexts_by_lineno), and
// counted as its statement, line 2, once filtered.
func TestRecordContextsRawLines(t *testing.T) {
	facts := &Facts{Path: "/src/m.py", SHA256: "ab", Statements: []int{1, 2, 5}, Multiline: LineMap{3: 2}}
	key := CodeKey{Qualname: "<module>", FirstLine: 1, Size: 10}
	sub := func(lines ...int) *FileHits {
		return &FileHits{CodeLines: map[CodeKey][]int{key: lines}}
	}
	hits := &FileHits{CodeLines: map[CodeKey][]int{key: {1, 3, 5}},
		Contexts: map[string]*FileHits{"": sub(1), "t::a|run": sub(3), "t::b|run": sub(3, 5)}}
	table := newContextTable([]string{"", "t::a|run", "t::b|run"})
	fd := Record("/src/m.py", facts, hits)
	recordContexts(fd, facts, hits, table)
	d := &Data{Files: []*FileData{fd}, Contexts: table.names}
	want := map[int][]string{1: {""}, 3: {"t::a|run", "t::b|run"}, 5: {"t::b|run"}}
	if got := namesByLine(d); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	d.FilterContexts(func(n string) bool { return n == "t::a|run" })
	if !slices.Equal(d.Files[0].Lines, []int{2}) {
		t.Errorf("filtered lines %v, want the statement's, [2]", d.Files[0].Lines)
	}
}

// An empty module runs only its "line 0": coverage.py lists it in line
// data, with the contexts that ran it, and not in arc data, where only
// arcs' ends (never 0) are lines.
func TestContextsByLineEmptyModule(t *testing.T) {
	f := &FileData{Path: "/p/pkg/__init__.py", Lines: []int{0}, LineContexts: map[int]ContextSet{0: {0, 1}}}
	if got, want := f.ContextsByLine([]string{"", "x"}, false), map[int][]string{0: {"", "x"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines: got %v, want %v", got, want)
	}
	if got := f.ContextsByLine([]string{"", "x"}, true); len(got) != 0 {
		t.Errorf("arcs: got %v, want none", got)
	}
	if got, want := f.ContextsByLine(nil, false), map[int][]string{0: {""}}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines, no contexts recorded: got %v, want %v", got, want)
	}
	if got := f.ContextsByLine(nil, true); len(got) != 0 {
		t.Errorf("arcs, no contexts recorded: got %v, want none", got)
	}
}

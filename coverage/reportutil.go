package coverage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// This file derives, from an analysed file, the values that several
// writers need and that are not coverage numbers: the exits of each branch
// line, the source text, and functions and classes as coverage.py's
// reports see them.

// BranchLine is a line with two or more possible exits.
type BranchLine struct {
	Line  int
	Ran   bool         // the line itself ran
	Exits []BranchExit // positive destinations ascending, then exits
}

// BranchExit is one possible exit of a branch line. An exit is Taken (the
// arc ran), Missing (reported missing), or neither: an exit of a line
// marked "pragma: no branch" that did not run, which counts as covered.
type BranchExit struct {
	To      int // destination line; negative: exit from the code object that starts at -To
	Taken   bool
	Missing bool
}

// Covered reports whether the exit counts as covered in the numbers.
func (e BranchExit) Covered() bool { return !e.Missing }

// TookNone reports whether the line ran but took none of its exits, as a
// line that raised every time it ran does.
func (b BranchLine) TookNone() bool {
	if !b.Ran {
		return false
	}
	for _, e := range b.Exits {
		if e.Taken {
			return false
		}
	}
	return true
}

// BranchLines returns the file's branch lines in line order. The exits add
// up to Numbers: Branches exits, of which MissingBranches are Missing.
func (r *FileResult) BranchLines() []BranchLine {
	ran := make(map[int]bool, len(r.Executed))
	for _, l := range r.Executed {
		ran[l] = true
	}
	taken := make(map[[2]int]bool, len(r.ExecutedArcs))
	for _, a := range r.ExecutedArcs {
		taken[a] = true
	}
	missing := make(map[[2]int]bool, len(r.MissingArcs))
	for _, a := range r.MissingArcs {
		missing[a] = true
	}
	byLine := map[int]*BranchLine{}
	var out []*BranchLine
	for _, a := range r.Arcs {
		b := byLine[a[0]]
		if b == nil {
			b = &BranchLine{Line: a[0], Ran: ran[a[0]]}
			byLine[a[0]] = b
			out = append(out, b)
		}
		b.Exits = append(b.Exits, BranchExit{To: a[1], Taken: taken[a], Missing: missing[a]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	lines := make([]BranchLine, len(out))
	for i, b := range out {
		sort.Slice(b.Exits, func(i, j int) bool { return exitLess(b.Exits[i].To, b.Exits[j].To) })
		lines[i] = *b
	}
	return lines
}

// exitLess orders destinations: lines ascending, then exits from code
// objects, nearest first.
func exitLess(a, b int) bool {
	if (a < 0) != (b < 0) {
		return a > 0
	}
	if a < 0 {
		return a > b
	}
	return a < b
}

// SourceLines reads the file's text as it was measured, split into
// physical lines as Python numbers them ("\n", "\r\n" and "\r" end a
// line; the terminators are dropped). It fails when the file is gone or
// no longer has the content that was measured.
func (r *FileResult) SourceLines() ([]string, error) {
	raw, err := ReadSource(r.Path)
	if err != nil {
		return nil, fmt.Errorf("reading source of %s: %w", r.Name, err)
	}
	if want := r.Data.Facts.SHA256; want != "" {
		sum := sha256.Sum256(raw)
		if hex.EncodeToString(sum[:]) != want {
			return nil, fmt.Errorf("source of %s has changed since it was measured", r.Name)
		}
	}
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	raw = bytes.ReplaceAll(raw, []byte("\r"), []byte("\n"))
	text := strings.TrimSuffix(string(raw), "\n")
	if text == "" {
		return nil, nil
	}
	return strings.Split(text, "\n"), nil
}

// CodeRegion is a function or class as coverage.py's reports see it
// (coverage/regions.py): a function holds its body lines only, from its
// first body statement to its end, less the bodies of functions nested in
// it (its def line, decorators and signature belong to the enclosing
// region); a class holds the bodies of its methods, less those of classes
// nested in it.
type CodeRegion struct {
	Name    string // dotted: "Cls.meth", "outer.inner"
	First   int    // first line: the first decorator, else the def or class line (co_firstlineno)
	Def     int    // the def or class line
	Started bool   // its code object started: the function was called, the class body ran
	lines   map[int]bool
}

// Contains reports whether line belongs to the region.
func (c *CodeRegion) Contains(line int) bool { return c.lines[line] }

// Lines returns the region's lines, in no particular order.
func (c *CodeRegion) Lines() []int {
	out := make([]int, 0, len(c.lines))
	for l := range c.lines {
		out = append(out, l)
	}
	return out
}

// Regions returns the file's functions and classes in source order. The
// def line of a decorated definition and the first line of its body are
// found in the source when it is still the text that was measured;
// otherwise the def line is taken to be the first line, and the body to
// start after the def statement.
//
// A function starting on line 1 shares its first line with the module,
// whose code always starts: it counts as started when a statement of its
// body ran.
func (r *FileResult) Regions() (functions, classes []*CodeRegion) {
	f := r.Data.Facts
	var src []string
	for _, reg := range append(append([]Region(nil), f.Functions...), f.Classes...) {
		if reg.Def == 0 || reg.Body == 0 {
			// Facts from before regions carried their def and body
			// lines: find them in the source.
			src, _ = r.SourceLines()
			break
		}
	}
	ends := map[int]int{} // first line of a logical line -> its last line
	for l, first := range f.Multiline {
		if l > ends[first] {
			ends[first] = l
		}
	}
	known := knownLines(r.Data)
	started := make(map[int]bool, len(r.Data.Started))
	for _, l := range r.Data.Started {
		started[l] = true
	}
	type node struct {
		reg       *CodeRegion
		class     bool
		end       int
		def, body int // from the facts; 0 in facts from before they had them
		parent    int
	}
	var nodes []node
	for _, reg := range f.Functions {
		nodes = append(nodes, node{reg: &CodeRegion{Name: reg.Name, First: reg.Start}, end: reg.End, def: reg.Def, body: reg.Body})
	}
	for _, reg := range f.Classes {
		nodes = append(nodes, node{reg: &CodeRegion{Name: reg.Name, First: reg.Start}, class: true, end: reg.End, def: reg.Def, body: reg.Body})
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].reg.First < nodes[j].reg.First })
	// In source order, every enclosing region comes before what it holds.
	for i := range nodes {
		n := &nodes[i]
		n.parent = -1
		for j := i - 1; j >= 0; j-- {
			if nodes[j].reg.First <= n.reg.First && n.end <= nodes[j].end {
				n.parent = j
				break
			}
		}
		if n.def > 0 && n.body > 0 {
			n.reg.Def, n.reg.lines = n.def, known.between(n.body, n.end)
		} else {
			n.reg.Def, n.reg.lines = defAndBody(src, ends, known, n.reg.First, n.end)
		}
		n.reg.Started = started[n.reg.First]
		if n.class {
			n.reg.lines = map[int]bool{}
		}
	}
	for i := range nodes {
		n := &nodes[i]
		if n.class {
			continue
		}
		if n.parent >= 0 && nodes[n.parent].class {
			for l := range n.reg.lines {
				nodes[n.parent].reg.lines[l] = true
			}
		}
		for a := n.parent; a >= 0; a = nodes[a].parent {
			if !nodes[a].class {
				for l := range n.reg.lines {
					delete(nodes[a].reg.lines, l)
				}
				break
			}
		}
	}
	// Innermost classes first: a class's lines leave every class around it.
	for i := len(nodes) - 1; i >= 0; i-- {
		if !nodes[i].class {
			continue
		}
		for a := nodes[i].parent; a >= 0; a = nodes[a].parent {
			if nodes[a].class {
				for l := range nodes[i].reg.lines {
					delete(nodes[a].reg.lines, l)
				}
			}
		}
	}
	for _, n := range nodes {
		if n.class {
			classes = append(classes, n.reg)
			continue
		}
		if n.reg.First == 1 {
			n.reg.Started = false
			for _, l := range r.Executed {
				if n.reg.lines[l] {
					n.reg.Started = true
					break
				}
			}
		}
		functions = append(functions, n.reg)
	}
	return functions, classes
}

// defAndBody finds the def (or class) line of the definition spanning
// first..end and the lines of its body, from the first body statement to
// end. ends maps the first line of each multi-line logical line to its last.
func defAndBody(src []string, ends map[int]int, known lineSet, first, end int) (def int, body map[int]bool) {
	// last is the last physical line of the logical line starting at l.
	last := func(l int) int {
		if e, ok := ends[l]; ok {
			return e
		}
		return l
	}
	text := func(l int) string {
		if l < 1 || l > len(src) {
			return ""
		}
		return strings.TrimLeft(src[l-1], " \t\f")
	}
	def = first
	if src != nil {
		for l := max(first, 1); l <= end && l <= len(src); {
			t := text(l)
			switch {
			case t == "" || t[0] == '#':
				l++
				continue
			case t[0] == '@':
				l = last(l) + 1
				continue
			}
			def = l
			break
		}
	}
	header := last(def)
	start := header + 1
	if header >= end {
		// One line: the body follows the colon on the header's last line.
		start = header
	} else if src != nil {
		start = max(start, 1) // no line before 1 has text
		for start < end && start <= len(src) && (text(start) == "" || text(start)[0] == '#') {
			start++
		}
	}
	return def, known.between(start, end)
}

// lineSet is the sorted lines a file's data mentions: its statements,
// excluded lines, lines of multi-line statements, and lines that ran. A
// region holds only these of its lines, the only ones any report asks
// about, so that the work is bounded by the data and not by the line
// numbers in it (a damaged region ending on line 2,000,000,000).
type lineSet []int

func knownLines(fd *FileData) lineSet {
	var all []int
	all = append(all, fd.Facts.Statements...)
	all = append(all, fd.Facts.Excluded...)
	all = append(all, fd.Lines...)
	for l, first := range fd.Facts.Multiline {
		all = append(all, l, first)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// between is the set of the known lines from..to.
func (s lineSet) between(from, to int) map[int]bool {
	m := map[int]bool{}
	for i, _ := slices.BinarySearch(s, from); i < len(s) && s[i] <= to; i++ {
		m[s[i]] = true
	}
	return m
}

package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/internal/pyjson"
)

// JSONOptions are the choices of the JSON report.
type JSONOptions struct {
	Pretty    bool
	Precision int
	Now       time.Time
	Version   string // pycov's version, for meta
	Branch    bool   // branch coverage was measured
	Show      Show   // the files written; coverage.py's JSON has them all
	// ShowContexts adds "contexts" to each file and region: the contexts
	// that ran each line (json --show-contexts); Contexts names them
	// (the data's table, nil for data measured without contexts).
	ShowContexts bool
	Contexts     []string
}

// JSON writes coverage.py's JSON report, format 3, so that tools reading
// coverage.py's JSON read pycov's:
//
//	{"meta": {"format": 3, "version": "...", "timestamp": "...", "branch_coverage": true, "show_contexts": false},
//	 "files": {"app.py": {"executed_lines": [1, 2], "summary": {...}, "missing_lines": [4],
//	                      "excluded_lines": [], "executed_branches": [[2, 3]], "missing_branches": [[2, 4]],
//	                      "functions": {...}, "classes": {...}}},
//	 "totals": {...}}
//
// The document is written as it is made, one file at a time, so that the
// report holds one file's JSON and not the whole document (67 MB for a
// 5,000-file project). The bytes are what encoding/json's Encoder writes
// for the whole document at once: keys and strings escaped as it escapes
// them (HTML characters too), Pretty indented as its SetIndent("", "    ").
func JSON(w io.Writer, rep *coverage.Report, o JSONOptions) error {
	shown, err := o.Show.Select(rep)
	if err != nil {
		return err
	}
	out := &jsonStream{w: w, pretty: o.Pretty}
	out.open('{')
	out.member(1, "meta", jsonMeta{Format: 3, Version: o.Version, Timestamp: o.Now.Format("2006-01-02T15:04:05.000000"),
		BranchCoverage: o.Branch, ShowContexts: o.ShowContexts})
	out.comma()
	out.key(1, "files")
	out.open('{')
	files := byName(shown.Files)
	for i, f := range files {
		var ctx jsonContexts
		if o.ShowContexts {
			ctx = f.Data.ContextsByLine(o.Contexts, o.Branch)
		}
		jf := jsonFile{jsonPart: partOf(f, o)}
		jf.Contexts = ctx
		functions, classes := f.Regions()
		// (coverage.py gives each region the whole file's contexts.)
		jf.Functions = regions(f, functions, o, ctx)
		jf.Classes = regions(f, classes, o, ctx)
		out.member(2, f.Name, jf)
		if i+1 < len(files) {
			out.comma()
		}
	}
	out.close(1, '}', len(files) == 0)
	out.comma()
	out.member(1, "totals", summary(rep.Total, o))
	out.close(0, '}', false)
	out.raw("\n")
	return out.err
}

// byName is files in name order (bytes), each name once: of files with the
// same name the last, as a map keyed by name would keep.
func byName(files []*coverage.FileResult) []*coverage.FileResult {
	files = slices.Clone(files)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	out := files[:0]
	for i, f := range files {
		if i+1 < len(files) && files[i+1].Name == f.Name {
			continue
		}
		out = append(out, f)
	}
	return out
}

// jsonStream writes a JSON document piece by piece, as encoding/json's
// Encoder (HTML-escaping, indented with four spaces when pretty) would
// write the whole. The first error stops it and is kept in err.
type jsonStream struct {
	w      io.Writer
	pretty bool
	buf    bytes.Buffer
	err    error
}

func (s *jsonStream) raw(text string) {
	if s.err == nil {
		_, s.err = io.WriteString(s.w, text)
	}
}

func (s *jsonStream) write(b []byte) {
	if s.err == nil {
		_, s.err = s.w.Write(b)
	}
}

// open starts an object (or array) whose members follow.
func (s *jsonStream) open(c byte) { s.raw(string(c)) }

func (s *jsonStream) comma() { s.raw(",") }

// key starts the member called name at depth (1: a member of the
// document); its value follows. Names are written as Python's json writes
// file names (see pyjson), then HTML-escaped as encoding/json escapes what
// a MarshalJSON method returns.
func (s *jsonStream) key(depth int, name string) {
	s.newline(depth)
	s.buf.Reset()
	json.HTMLEscape(&s.buf, pyjson.AppendQuote(nil, name))
	s.write(s.buf.Bytes())
	if s.pretty {
		s.raw(": ")
	} else {
		s.raw(":")
	}
}

// member writes the member name: v at depth.
func (s *jsonStream) member(depth int, name string, v any) {
	s.key(depth, name)
	b, err := json.Marshal(v)
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		return
	}
	if !s.pretty {
		s.write(b)
		return
	}
	s.buf.Reset()
	if err := json.Indent(&s.buf, b, strings.Repeat("    ", depth), "    "); err != nil {
		if s.err == nil {
			s.err = err
		}
		return
	}
	s.write(s.buf.Bytes())
}

// close ends the object (or array) whose members were at depth+1; empty
// says it had none.
func (s *jsonStream) close(depth int, c byte, empty bool) {
	if !empty {
		s.newline(depth)
	}
	s.raw(string(c))
}

// newline starts the next line at depth, when pretty.
func (s *jsonStream) newline(depth int) {
	if s.pretty {
		s.raw("\n" + strings.Repeat("    ", depth))
	}
}

type jsonMeta struct {
	Format         int    `json:"format"`
	Version        string `json:"version"`
	Timestamp      string `json:"timestamp"`
	BranchCoverage bool   `json:"branch_coverage"`
	ShowContexts   bool   `json:"show_contexts"`
}

// jsonPart is a file's or a region's data, its fields in coverage.py's
// order; the branch lists are there (maybe empty) exactly when branches
// were measured.
type jsonPart struct {
	ExecutedLines    []int        `json:"executed_lines"`
	Summary          jsonSummary  `json:"summary"`
	MissingLines     []int        `json:"missing_lines"`
	ExcludedLines    []int        `json:"excluded_lines"`
	StartLine        *int         `json:"start_line,omitempty"`
	Contexts         jsonContexts `json:"contexts,omitzero"` // {} when shown, as coverage.py gives an empty module
	ExecutedBranches *[][2]int    `json:"executed_branches,omitempty"`
	MissingBranches  *[][2]int    `json:"missing_branches,omitempty"`
}

type jsonFile struct {
	jsonPart
	Functions jsonRegions `json:"functions"`
	Classes   jsonRegions `json:"classes"`
}

// jsonRegions is the "functions" or "classes" object: its members in
// source order with "" last, as coverage.py writes them. A name defined
// twice keeps its first place and its last definition's data, as a
// Python dict does.
type jsonRegions []jsonRegion

type jsonRegion struct {
	name string
	part jsonPart
}

func (rs jsonRegions) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(',')
		}
		part, err := json.Marshal(r.part)
		if err != nil {
			return nil, err
		}
		b.Write(pyjson.AppendQuote(nil, r.name))
		b.WriteByte(':')
		b.Write(part)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// pyFloat is a float as Python's json module writes it (repr): 100.0,
// 66.66666666666667, 5e-05.
type pyFloat float64

func (f pyFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, fmt.Errorf("percentage %v is not a number", v)
	}
	if a := math.Abs(v); a != 0 && (a < 1e-4 || a >= 1e16) {
		return []byte(strconv.FormatFloat(v, 'g', -1, 64)), nil
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return []byte(s), nil
}

type jsonSummary struct {
	CoveredLines              int      `json:"covered_lines"`
	NumStatements             int      `json:"num_statements"`
	PercentCovered            pyFloat  `json:"percent_covered"`
	PercentCoveredDisplay     string   `json:"percent_covered_display"`
	MissingLines              int      `json:"missing_lines"`
	ExcludedLines             int      `json:"excluded_lines"`
	PercentStatementsCovered  pyFloat  `json:"percent_statements_covered"`
	PercentStatementsDisplay  string   `json:"percent_statements_covered_display"`
	NumBranches               *int     `json:"num_branches,omitempty"`
	NumPartialBranches        *int     `json:"num_partial_branches,omitempty"`
	CoveredBranches           *int     `json:"covered_branches,omitempty"`
	MissingBranches           *int     `json:"missing_branches,omitempty"`
	PercentBranchesCovered    *pyFloat `json:"percent_branches_covered,omitempty"`
	PercentBranchesCoveredDis *string  `json:"percent_branches_covered_display,omitempty"`
}

func summary(n coverage.Numbers, o JSONOptions) jsonSummary {
	s := jsonSummary{
		CoveredLines: n.Covered(), NumStatements: n.Statements,
		PercentCovered: pyFloat(n.PercentCovered()), PercentCoveredDisplay: coverage.DisplayPercent(n.PercentCovered(), o.Precision),
		MissingLines: n.Missing, ExcludedLines: n.Excluded,
		PercentStatementsCovered: pyFloat(n.PercentStatements()), PercentStatementsDisplay: coverage.DisplayPercent(n.PercentStatements(), o.Precision),
	}
	if o.Branch {
		nb, np, cb, mb := n.Branches, n.PartialBranches, n.CoveredBranches(), n.MissingBranches
		pb := pyFloat(n.PercentBranches())
		pbd := coverage.DisplayPercent(n.PercentBranches(), o.Precision)
		s.NumBranches, s.NumPartialBranches, s.CoveredBranches, s.MissingBranches = &nb, &np, &cb, &mb
		s.PercentBranchesCovered, s.PercentBranchesCoveredDis = &pb, &pbd
	}
	return s
}

// partOf is the JSON of a file's analysis, or of a region's.
func partOf(r *coverage.FileResult, o JSONOptions) jsonPart {
	p := jsonPart{
		ExecutedLines: nonNil(r.Executed), MissingLines: nonNil(r.Missing), ExcludedLines: nonNil(r.Excluded),
		Summary: summary(r.Numbers, o),
	}
	if o.Branch {
		executed, missing := nonNilArcs(r.ExecutedArcs), nonNilArcs(r.MissingArcs)
		p.ExecutedBranches, p.MissingBranches = &executed, &missing
	}
	return p
}

// regions is the "functions" or "classes" object, as coverage.py writes
// it: one entry per region (see coverage.CodeRegion: a function holds its
// body, a class its methods' bodies), and "" for the lines in none of them.
// A name defined twice (a property's getter and setter) keeps the last,
// in the place of the first.
func regions(f *coverage.FileResult, regs []*coverage.CodeRegion, o JSONOptions, ctx jsonContexts) jsonRegions {
	// Each line's region, found once; then one pass splits the file.
	owners := map[int]int{}
	for i, reg := range regs {
		for _, l := range reg.Lines() {
			owners[l] = i
		}
	}
	owner := func(l int) int {
		if i, ok := owners[l]; ok {
			return i
		}
		return -1
	}
	parts := f.Partition(owner, len(regs))
	out := make(jsonRegions, 0, len(regs)+1)
	place := make(map[string]int, len(regs))
	for i, reg := range regs {
		p := partOf(parts[i], o)
		start := reg.Def
		p.StartLine = &start
		p.Contexts = ctx
		if j, ok := place[reg.Name]; ok {
			out[j].part = p
			continue
		}
		place[reg.Name] = len(out)
		out = append(out, jsonRegion{reg.Name, p})
	}
	p := partOf(parts[len(regs)], o)
	start := 1
	for owner(start) >= 0 {
		start++
	}
	p.StartLine = &start
	p.Contexts = ctx
	return append(out, jsonRegion{"", p})
}

func nonNil(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}

func nonNilArcs(v [][2]int) [][2]int {
	if v == nil {
		return [][2]int{}
	}
	return v
}

// jsonContexts is a "contexts" object: line -> the names of the contexts
// that ran it, lines in order. (nil is left out; a file without executed
// lines has {}.)
type jsonContexts map[int][]string

func (c jsonContexts) MarshalJSON() ([]byte, error) {
	lines := make([]int, 0, len(c))
	for l := range c {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	b := []byte{'{'}
	for i, l := range lines {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, strconv.Itoa(l))
		b = append(b, ':')
		v, err := json.Marshal(c[l])
		if err != nil {
			return nil, err
		}
		b = append(b, v...)
	}
	return append(b, '}'), nil
}

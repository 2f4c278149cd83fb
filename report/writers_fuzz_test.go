package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pycov/pycov/coverage"
)

// FuzzWriters feeds every writer the report of a mutated data file: no
// data file that decodes may make a writer panic. The seeds are the golden
// tests' data (testdata/writers) as data files, and repro 21's file whose
// statement is on line 0.
func FuzzWriters(f *testing.F) {
	dir := writersDir(f)
	for _, name := range []string{"branch", "lines"} {
		var buf bytes.Buffer
		seedData(f, name).Encode(&buf)
		f.Add(buf.Bytes())
	}
	line0 := filepath.Join(dir, "src", "main.py")
	var buf bytes.Buffer
	(&coverage.Data{Branch: true, Files: []*coverage.FileData{{
		Path:  line0,
		Facts: &coverage.Facts{Path: line0, SHA256: "ab", Statements: []int{0, 1}},
		Lines: []int{1},
	}}}).Encode(&buf)
	f.Add(buf.Bytes())

	f.Fuzz(func(t *testing.T, b []byte) {
		writeAll(t, dir, b)
	})
}

// FuzzWritersEdited is FuzzWriters with the mutations made to the data
// rather than to its bytes, which a byte-level mutation rarely gets past
// the decoder: each 4 input bytes set or add one number (a line, an arc's
// end, a region's span) of one file's facts or measurements, over the
// whole int32 range. The edited data goes through the encoder and the
// decoder, as a damaged or hostile file would.
func FuzzWritersEdited(f *testing.F) {
	dir := writersDir(f)
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{3, 1, 0xff, 0x80, 6, 2, 9, 0})
	f.Add([]byte{8, 0, 0x7f, 0xff, 10, 3, 0, 5, 1, 1, 0xc0, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		d := seedData(t, "branch")
		for ; len(ops) >= 4; ops = ops[4:] {
			fd := d.Files[int(ops[1])%len(d.Files)]
			v := int(int16(uint16(ops[2])<<8|uint16(ops[3]))) << (ops[1] % 17)
			edit(fd, ops[0], v)
		}
		var buf bytes.Buffer
		d.Encode(&buf)
		writeAll(t, dir, buf.Bytes())
	})
}

// edit sets or adds v in the field of fd that op picks.
func edit(fd *coverage.FileData, op byte, v int) {
	f := fd.Facts
	ints := func(p *[]int) {
		if op&0x80 != 0 || len(*p) == 0 {
			*p = append(*p, v)
		} else {
			(*p)[int(op>>4)%len(*p)] = v
		}
	}
	arcs := func(p *[][2]int) {
		if op&0x80 != 0 || len(*p) == 0 {
			*p = append(*p, [2]int{v, v / 2})
		} else {
			(*p)[int(op>>4)%len(*p)][int(op>>6)%2] = v
		}
	}
	regions := func(p *[]coverage.Region) {
		if len(*p) == 0 {
			*p = append(*p, coverage.Region{Name: "f", Start: v, End: v + 1})
			return
		}
		r := &(*p)[int(op>>4)%len(*p)]
		switch op >> 6 {
		case 0:
			r.Start = v
		case 1:
			r.End = v
		case 2:
			r.Def = v
		default:
			r.Body = v
		}
	}
	switch op % 12 {
	case 0:
		ints(&f.Statements)
	case 1:
		ints(&f.Excluded)
	case 2:
		ints(&fd.Lines)
	case 3:
		arcs(&fd.Arcs)
	case 4:
		arcs(&f.Arcs)
	case 5:
		ints(&f.NoBranch)
	case 6:
		if f.Multiline == nil {
			f.Multiline = coverage.LineMap{}
		}
		f.Multiline[v] = v / 3
	case 7:
		regions(&f.Functions)
	case 8:
		regions(&f.Classes)
	case 9:
		ints(&fd.Started)
	case 10:
		kinds := map[int]coverage.BranchKind{}
		for _, k := range f.BranchKinds {
			kinds[k.Line] = k.BranchKind
		}
		kinds[v] = coverage.BranchKind{Kind: []string{"if", "while", "for", "case", ""}[op%5], Into: v / 2}
		f.BranchKinds = coverage.KindsOf(kinds)
	default:
		f.Statements, f.Excluded = append(f.Statements, f.Excluded...), append(f.Excluded, f.Statements...)
	}
}

// writersDir is testdata/writers, absolute.
func writersDir(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("testdata", "writers"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// seedData is testdata/writers/<name>.json with absolute paths.
func seedData(t testing.TB, name string) *coverage.Data {
	dir := writersDir(t)
	b, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var data coverage.Data
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	for _, fd := range data.Files {
		fd.Path = filepath.Join(dir, filepath.FromSlash(fd.Path))
		fd.Facts.Path = fd.Path
	}
	return &data
}

// writeAll decodes a data file and runs every writer on its report; a
// file that does not decode or analyse is not the writers' business.
func writeAll(t *testing.T, dir string, b []byte) {
	d, err := coverage.DecodeData(bytes.NewReader(b), "fuzz")
	if err != nil {
		return
	}
	rep, err := coverage.BuildReport(d, coverage.Selection{Cwd: filepath.Join(dir, "src")})
	if err != nil {
		return
	}
	to := io.Discard
	Text(to, rep, TextOptions{ShowMissing: true, Branches: rep.Branch, Precision: 1})
	Markdown(to, rep, TextOptions{ShowMissing: true, Branches: rep.Branch})
	LCOV(to, rep)
	Cobertura(to, rep, CoberturaOptions{Source: dir, Now: goldenNow, Version: goldenVersion})
	Cobertura(to, rep, CoberturaOptions{Source: dir, Strict: true, PackageDepth: 1})
	JSON(to, rep, JSONOptions{Pretty: true, Branch: rep.Branch})
	GoProfile(to, rep)
	HTML(t.TempDir(), rep, HTMLOptions{Now: goldenNow, Version: goldenVersion})
}

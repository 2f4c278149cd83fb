package coverage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func sampleData() *Data {
	return &Data{Files: []*FileData{{
		Path: "/src/app.py",
		Facts: &Facts{
			Path: "/src/app.py", SHA256: "abc", Statements: []int{1, 2, 4}, Excluded: []int{6},
			Multiline: LineMap{3: 2}, Arcs: [][2]int{{2, 4}, {2, -1}},
			Functions: []Region{{Name: "f", Start: 1, End: 4}},
		},
		Lines: []int{1, 2}, Arcs: [][2]int{{2, -1}}, Started: []int{1},
	}}}
}

func TestDataRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".pycov")
	want := sampleData()
	if err := WriteData(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadData(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the data:\n got %+v\nwant %+v", got.Files[0], want.Files[0])
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("WriteData left %d files behind, want only the data file", len(entries))
	}
}

func TestReadDataErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"empty", "", "is empty"},
		{"coverage.py's sqlite", "SQLite format 3\x00rest", "is a coverage.py data file"},
		{"truncated", truncated(), "is damaged or truncated"},
		{"foreign json", `{"meta": {"format": 3}}`, "is not a pycov data file"},
		{"older json version", `{"pycov_data": 1, "files": []}`, "is not a pycov data file"},
		{"newer version", "pycov-data 99\n", fmt.Sprintf("was written by a newer pycov (format 99; it ends in the middle of an entry); upgrade pycov (this one reads formats 3 to %d)", DataVersion)},
		{"older version", "pycov-data 2\n", fmt.Sprintf("has format version 2, older than any this pycov reads (3 to %d): measure again", DataVersion)},
		{"garbage after header", "pycov-data 4\nhello world", "is damaged or truncated"},
		{"garbage after a format 3 header", "pycov-data 3\nhello world", "is damaged or truncated"},
		{"incomplete entry", encoded(&Data{Files: []*FileData{{Path: "a.py"}}}), "file entry 0 is incomplete"},
		{"statement on line 0", encoded(&Data{Files: []*FileData{{Path: "m.py", Facts: &Facts{Path: "m.py", SHA256: "ab", Statements: []int{0, 1}}}}}), "m.py has a statement on line 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			os.WriteFile(path, []byte(tt.content), 0o644)
			_, err := ReadData(path, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("ReadData() error = %v, want one naming %s and saying %q", err, path, tt.want)
			}
		})
	}
	if _, err := ReadData(filepath.Join(dir, "absent"), ""); !errors.Is(err, ErrNoData) {
		t.Errorf("missing file: error = %v, want ErrNoData", err)
	}
}

// A directory where the data file should be is named as such, by readers
// (not "empty") and by writers (not rename's "file exists").
func TestDataFileIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, ".pycov")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadData(sub, ""); err == nil || !strings.Contains(err.Error(), sub+" is a directory: move it away") {
		t.Errorf("ReadData error = %v", err)
	}
	if err := WriteData(sub, &Data{}); err == nil || !strings.Contains(err.Error(), sub+" is a directory: move it away") {
		t.Errorf("WriteData error = %v", err)
	}
}

func TestMerge(t *testing.T) {
	a, b := sampleData(), sampleData()
	b.Files[0].Lines = []int{4}
	b.Files[0].Arcs = [][2]int{{2, 4}}
	a.Merge(b)
	if got := a.Files[0].Lines; !reflect.DeepEqual(got, []int{1, 2, 4}) {
		t.Errorf("merged lines = %v", got)
	}
	if got := a.Files[0].Arcs; !reflect.DeepEqual(got, [][2]int{{2, -1}, {2, 4}}) {
		t.Errorf("merged arcs = %v", got)
	}
}

// FuzzDecodeData: the data file is outside input. Whatever bytes it
// holds, decoding either fails with an error naming it or gives data that
// analyses, and that writes back and reads again unchanged.
func FuzzDecodeData(f *testing.F) {
	var buf bytes.Buffer
	sampleData().Encode(&buf)
	f.Add(buf.Bytes())
	f.Add(written(DataVersion+1, 4, withExtras()))
	f.Add([]byte(truncated()))
	f.Add([]byte("pycov-data 3\n"))
	f.Add([]byte("pycov-data 4\n\x04\x02\x03\x00\x01\x01\x04\x01\x00"))
	f.Add([]byte("SQLite format 3\x00"))
	old, _ := filepath.Glob("testdata/datafile/*.pycov")
	for _, p := range old {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := DecodeData(bytes.NewReader(b), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "data file fuzz ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		// Whatever decodes must analyse without panicking.
		for _, fd := range d.Files {
			Analyze(fd, fd.Path).MissingText()
		}
		var out bytes.Buffer
		if err := d.Encode(&out); err != nil {
			t.Fatal(err)
		}
		again, err := DecodeData(bytes.NewReader(out.Bytes()), "fuzz")
		if err != nil {
			t.Fatalf("what was read does not read again once written: %v", err)
		}
		if !reflect.DeepEqual(again, d) {
			t.Fatalf("written and read again, the data changed:\n got %+v\nwant %+v", again, d)
		}
	})
}

func encoded(d *Data) string {
	var buf bytes.Buffer
	d.Encode(&buf)
	return buf.String()
}

// truncated is a real data file cut in the middle.
func truncated() string {
	var buf bytes.Buffer
	sampleData().Encode(&buf)
	return buf.String()[:buf.Len()/2]
}

func TestFactsCodecRoundTrip(t *testing.T) {
	f := sampleData().Files[0].Facts
	f.Code = []CodeFacts{{Qualname: "f", FirstLine: 1, Size: 30, Branches: [][4]int{{10, 14, 2, 4}}, Implied: [][3]int{{1, 1, -1}}}}
	f.BranchKinds = KindsOf(map[int]BranchKind{2: {Kind: "if", Into: 4}, 1: {Kind: "for", Into: 2}})
	e := &encoder{}
	e.facts(f)
	d := &decoder{b: e.b}
	got := d.facts()
	if d.err != nil || len(d.b) != 0 {
		t.Fatalf("decoding: %v (%d bytes left)", d.err, len(d.b))
	}
	if !reflect.DeepEqual(got, f) {
		t.Errorf("round trip changed the facts:\n got %+v\nwant %+v", got, f)
	}
}

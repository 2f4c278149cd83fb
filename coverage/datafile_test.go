package coverage

import (
	"bytes"
	"errors"
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
	got, err := ReadData(path)
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
		{"truncated", `{"pycov_data": 1, "files": [{"pa`, "is damaged"},
		{"foreign json", `{"meta": {"format": 3}}`, "is not a pycov data file"},
		{"newer version", `{"pycov_data": 99, "files": []}`, "has format version 99; this pycov reads version 1"},
		{"incomplete entry", `{"pycov_data": 1, "files": [{"path": "a.py"}]}`, "file entry 0 is incomplete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			os.WriteFile(path, []byte(tt.content), 0o644)
			_, err := ReadData(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("ReadData() error = %v, want one naming %s and saying %q", err, path, tt.want)
			}
		})
	}
	if _, err := ReadData(filepath.Join(dir, "absent")); !errors.Is(err, ErrNoData) {
		t.Errorf("missing file: error = %v, want ErrNoData", err)
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

func FuzzDecodeData(f *testing.F) {
	var buf bytes.Buffer
	sampleData().Encode(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(`{"pycov_data": 1, "files": []}`))
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := DecodeData(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		// Whatever decodes must analyse without panicking.
		for _, fd := range d.Files {
			Analyze(fd, fd.Path).MissingText()
		}
	})
}

package coveragedb

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The expected bytes are coverage.py's numbits.nums_to_numbits.
func TestNumbits(t *testing.T) {
	for _, tc := range []struct {
		nums []int
		want []byte
	}{
		{nil, []byte{}},
		{[]int{1, 2, 3, 9}, []byte{0x0e, 0x02}},
		{[]int{0, 7, 8, 17}, []byte{0x81, 0x01, 0x02}},
	} {
		got := Numbits(tc.nums)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Numbits(%v) = %x, want %x", tc.nums, got, tc.want)
		}
		if back := NumbitsToNums(got); len(tc.nums) > 0 && !reflect.DeepEqual(back, tc.nums) {
			t.Errorf("NumbitsToNums(%x) = %v, want %v", got, back, tc.nums)
		}
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []*Data{
		{HasArcs: true, Files: []File{
			{Path: "/p/a.py", Arcs: [][2]int{{-1, 1}, {1, 2}, {2, -1}}},
			{Path: "/p/b.py", Arcs: [][2]int{{3, 5}}},
		}},
		{HasArcs: false, Files: []File{{Path: "/p/a.py", Lines: []int{1, 2, 30}}}},
	} {
		path := filepath.Join(dir, "exported")
		if err := Write(path, "", d, map[string]string{"version": "test"}); err != nil {
			t.Fatal(err)
		}
		got, err := Read(path, "")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("read back %+v, want %+v", got, d)
		}
	}
}

func TestWriteLeavesOtherFilesAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".coverage")
	if err := os.WriteFile(path, []byte("someone else's"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(path, "", &Data{}, nil)
	if err == nil || !strings.Contains(err.Error(), "is not a file pycov exported") {
		t.Fatalf("Write over another file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "someone else's" {
		t.Errorf("the file was changed: %q", b)
	}
}

func TestReadRejects(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "text")
	os.WriteFile(text, []byte("not sqlite at all"), 0o644)
	if _, err := Read(text, ""); err == nil || !strings.Contains(err.Error(), "not a coverage.py data file") {
		t.Errorf("Read(text file): %v", err)
	}
	if _, err := Read(filepath.Join(dir, "missing"), ""); err == nil {
		t.Error("Read(missing file): no error")
	}
}

// File names are file names, not SQLite URIs: '#', '?' and '%' in a name
// (or in its directory's) name that very file, for reading, for the check
// that an existing file is an export, and for writing.
func TestNamesWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ci?run=1#2")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	d := &Data{HasArcs: false, Files: []File{{Path: "/p/a.py", Lines: []int{1, 2}}}}
	for _, name := range []string{"c%41.db", "x?mode=rwc", "y#z"} {
		path := filepath.Join(dir, name)
		if err := Write(path, "", d, nil); err != nil {
			t.Fatalf("Write(%q): %v", name, err)
		}
		if got, err := Read(path, ""); err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("Read(%q) = %+v, %v; want %+v", name, got, err, d)
		}
	}
	export := filepath.Join(dir, "a")
	if err := Write(export, "", d, nil); err != nil {
		t.Fatal(err)
	}
	user := filepath.Join(dir, "a#b.db") // a user's file, beside an export named a
	if err := os.WriteFile(user, []byte("someone else's"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(user, "", d, nil); err == nil || !strings.Contains(err.Error(), "is not a file pycov exported") {
		t.Errorf("Write over %s: %v", user, err)
	}
	if b, _ := os.ReadFile(user); string(b) != "someone else's" {
		t.Errorf("a user's file was replaced: %q", b)
	}
}

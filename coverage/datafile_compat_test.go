package coverage

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// The data files in testdata/datafile were written by earlier pycovs
// (see testdata/datafile/README) measuring prog.py.txt; every later pycov
// must keep reading them. The expectations come from the program, not
// from the decoder: which lines and branches each run executes.
// format is the version an old data file was written in, from its name.
func (c oldDataFile) format() int { return int(c.file[1] - '0') }

type oldDataFile struct {
	file       string
	branch     bool
	exclude    string // an exclusion regex the run was configured with, "" for the defaults
	statements []int
	excluded   []int
	missing    []int
	tookArcs   [][2]int // branch arcs taken
	missArcs   [][2]int // branch arcs not taken
}

func TestOldDataFilesKeepDecoding(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/datafile/prog.py.txt")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(src)
	tests := []oldDataFile{
		// prog.py a: pick("a") returns on line 6; greet is never called.
		{file: "v3-branch-a.pycov", branch: true,
			statements: []int{1, 4, 5, 6, 7, 10, 11, 12, 15}, excluded: []int{16, 17},
			missing: []int{7, 12}, tookArcs: [][2]int{{5, 6}}, missArcs: [][2]int{{5, 7}}},
		// The same without --branch, with `class Greeter` excluded too.
		{file: "v3-lines-a.pycov", exclude: "class Greeter",
			statements: []int{1, 4, 5, 6, 7, 15}, excluded: []int{10, 11, 12, 16, 17},
			missing: []int{7}},
		// pycov run -p prog.py b: a parallel data file.
		{file: "v3-parallel-b.pycov", branch: true,
			statements: []int{1, 4, 5, 6, 7, 10, 11, 12, 15}, excluded: []int{16, 17},
			missing: []int{6, 12}, tookArcs: [][2]int{{5, 7}}, missArcs: [][2]int{{5, 6}}},
		// Format 4 (sections and record fields), pycov run --branch prog.py a.
		{file: "v4-branch-a.pycov", branch: true,
			statements: []int{1, 4, 5, 6, 7, 10, 11, 12, 15}, excluded: []int{16, 17},
			missing: []int{7, 12}, tookArcs: [][2]int{{5, 6}}, missArcs: [][2]int{{5, 7}}},
		// pycov combine of the runs with a and b (run -a writes the same bytes).
		{file: "v3-combined-ab.pycov", branch: true,
			statements: []int{1, 4, 5, 6, 7, 10, 11, 12, 15}, excluded: []int{16, 17},
			missing: []int{12}, tookArcs: [][2]int{{5, 6}, {5, 7}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata/datafile", tt.file)
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			d, err := DecodeData(f, path)
			if err != nil {
				t.Fatalf("an older data file no longer decodes: %v", err)
			}
			if v, err := DataFileFormat(path); v != tt.format() || err != nil {
				t.Errorf("DataFileFormat = %d, %v; want %d (the version the file was written in)", v, err, tt.format())
			}
			if d.Branch != tt.branch || len(d.Files) != 1 {
				t.Fatalf("branch = %v with %d files, want %v with 1", d.Branch, len(d.Files), tt.branch)
			}
			if (tt.exclude == "") != (d.Exclude == nil) || tt.exclude != "" && !slices.Contains(d.Exclude, tt.exclude) {
				t.Errorf("exclusions = %q, want %q", d.Exclude, tt.exclude)
			}
			fd := d.Files[0]
			if fd.Path != "prog.py" || fd.Facts.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("file %s with sha256 %s, want prog.py with the sum of prog.py.txt", fd.Path, fd.Facts.SHA256)
			}
			r := Analyze(fd, fd.Path)
			check := func(what string, got, want any) {
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			check("statements", r.Statements, tt.statements)
			check("excluded", r.Excluded, tt.excluded)
			check("missing", r.Missing, tt.missing)
			if tt.branch {
				check("branch arcs taken", r.ExecutedArcs, tt.tookArcs)
				check("branch arcs missed", r.MissingArcs, tt.missArcs)
			} else if len(fd.Arcs) != 0 {
				t.Errorf("arcs = %v measuring lines only", fd.Arcs)
			}
			fns := map[string]int{}
			for _, fn := range fd.Facts.Functions {
				fns[fn.Name] = fn.Start
			}
			check("functions", fns, map[string]int{"pick": 4, "Greeter.greet": 11})
			// pick (line 4) and the class body (line 10) ran; greet did not.
			if !slices.Contains(fd.Started, 4) || !slices.Contains(fd.Started, 10) || slices.Contains(fd.Started, 11) {
				t.Errorf("started = %v, want 4 and 10 and not 11", fd.Started)
			}
		})
	}
}

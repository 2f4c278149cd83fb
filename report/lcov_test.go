package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pycov/pycov/coverage"
)

// The writers' golden tests read the data files in testdata/writers (see
// its README.md) and compare each writer's output with
// testdata/golden/<format>/<name>. Run `go test ./report -update` to
// rewrite the golden files after a deliberate change, and read the diff.

// goldenNow and goldenVersion make output byte-stable.
var (
	goldenNow     = time.Date(2026, 7, 1, 12, 30, 0, 0, time.UTC)
	goldenVersion = "9.9.9"
)

// writerReport is the report of the data in testdata/writers/<name>.json,
// its files named relative to testdata/writers/src.
func writerReport(t testing.TB, name string) *coverage.Report {
	t.Helper()
	dir := writersDir(t)
	data := seedData(t, name)
	rep, err := coverage.BuildReport(data, coverage.Selection{Cwd: filepath.Join(dir, "src")})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// checkGolden compares got with testdata/golden/<path>, or rewrites that
// file with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "golden", filepath.FromSlash(path))
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
		for i := 0; i < len(wl) || i < len(gl); i++ {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Fatalf("%s differs at line %d:\nwant %q\ngot  %q\n(run go test ./report -update if the change is deliberate)", file, i+1, w, g)
			}
		}
	}
}

func TestLCOVGolden(t *testing.T) {
	for _, name := range []string{"branch", "lines"} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := LCOV(&buf, writerReport(t, name)); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "lcov/"+name+".lcov", buf.Bytes())
		})
	}
}

// lcovSection is the section of file name in an LCOV report.
func lcovSection(t *testing.T, lcov, name string) string {
	t.Helper()
	start := strings.Index(lcov, "SF:"+name+"\n")
	if start < 0 {
		t.Fatalf("no section for %s in:\n%s", name, lcov)
	}
	end := strings.Index(lcov[start:], "end_of_record\n")
	return lcov[start : start+end+len("end_of_record\n")]
}

func TestLCOVIsTheExampleOfFORMATS(t *testing.T) {
	var buf bytes.Buffer
	if err := LCOV(&buf, writerReport(t, "branch")); err != nil {
		t.Fatal(err)
	}
	want := `SF:example/tiny.py
FN:4,classify
FNDA:1,classify
FNF:1
FNH:1
BRDA:5,0,0,1
BRDA:5,0,1,0
BRF:2
BRH:1
DA:1,1
DA:4,1
DA:5,1
DA:6,1
DA:7,0
DA:10,1
LF:6
LH:5
end_of_record
`
	if got := lcovSection(t, buf.String(), "example/tiny.py"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestLCOVBranchRecords(t *testing.T) {
	var buf bytes.Buffer
	if err := LCOV(&buf, writerReport(t, "branch")); err != nil {
		t.Fatal(err)
	}
	shapes := lcovSection(t, buf.String(), "pkg/shapes.py")
	for _, tc := range []struct {
		why  string
		want []string
		not  []string
	}{
		{"a partial line: taken 1, missed 0, the exit last",
			[]string{"BRDA:21,0,0,1\n", "BRDA:21,0,1,0\n"}, nil},
		{"a no-branch line that ran: its untaken exit counts as covered",
			[]string{"BRDA:36,0,0,1\n", "BRDA:36,0,1,1\n"}, nil},
		{"a no-branch line that did not run: -",
			[]string{"BRDA:39,0,0,-\n", "BRDA:39,0,1,-\n"}, nil},
		{"a line that always raised: no BRDA at all",
			[]string{"DA:45,1\n"}, []string{"BRDA:45,"}},
		{"a property's getter and setter get names of their own",
			[]string{"FN:16,Square.side@16\n", "FN:20,Square.side@20\n", "FNDA:0,Square.unused\n"}, nil},
		{"functions are listed by their def line, without end line",
			[]string{"FN:25,Square.area\n"}, []string{"FN:24,", "FN:25,29"}},
		{"counts agree with the records: 12 exits less the 2 of the raising line; 9 covered less the 2 of the line that did not run",
			[]string{"BRF:10\nBRH:7\n", "FNF:9\nFNH:8\n", "LF:45\nLH:39\n"}, nil},
	} {
		for _, w := range tc.want {
			if !strings.Contains(shapes, w) {
				t.Errorf("%s: want %q in\n%s", tc.why, w, shapes)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(shapes, n) {
				t.Errorf("%s: want no %q in\n%s", tc.why, n, shapes)
			}
		}
	}
	if strings.Contains(buf.String(), "\r") {
		t.Error("LCOV has a \\r")
	}
}

func TestLCOVLinesOnlyHasNoBranches(t *testing.T) {
	var buf bytes.Buffer
	if err := LCOV(&buf, writerReport(t, "lines")); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "BRDA:") || strings.Contains(buf.String(), "BRF:") {
		t.Errorf("branch records in a lines-only report:\n%s", buf.String())
	}
}

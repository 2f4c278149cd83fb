package report

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/cover"

	"github.com/pycov/pycov/coverage"
)

func TestGoProfileGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := GoProfile(&buf, writerReport(t, "branch")); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "goprofile/branch.out", buf.Bytes())
}

// TestGoProfileRoundTrip reads the profile back with x/tools/cover.
func TestGoProfileRoundTrip(t *testing.T) {
	rep := writerReport(t, "branch")
	var buf bytes.Buffer
	if err := GoProfile(&buf, rep); err != nil {
		t.Fatal(err)
	}
	got, err := cover.ParseProfilesFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := GoProfiles(rep)
	// ParseProfiles sorts by file name and drops files without blocks.
	var nonEmpty []*cover.Profile
	for _, p := range want {
		if len(p.Blocks) > 0 {
			nonEmpty = append(nonEmpty, p)
		}
	}
	if !reflect.DeepEqual(got, nonEmpty) {
		t.Errorf("round trip changed the profiles:\ngot  %+v\nwant %+v", got, nonEmpty)
	}
	for _, p := range got {
		var f *coverage.FileResult
		for _, r := range rep.Files {
			if "./"+r.Name == p.FileName {
				f = r
			}
		}
		if f == nil {
			t.Fatalf("%s is not a file of the report", p.FileName)
		}
		if !strings.HasPrefix(p.FileName, "./") {
			t.Errorf("%s: file name does not start with ./", p.FileName)
		}
		covered := 0
		for _, b := range p.Blocks {
			covered += b.Count
		}
		if len(p.Blocks) != f.Numbers.Statements || covered != f.Numbers.Covered() {
			t.Errorf("%s: %d blocks, %d covered; the report has %d statements, %d covered", p.FileName, len(p.Blocks), covered, f.Numbers.Statements, f.Numbers.Covered())
		}
	}
}

func TestGoProfileBlocksSpanTheLine(t *testing.T) {
	var buf bytes.Buffer
	if err := GoProfile(&buf, writerReport(t, "branch")); err != nil {
		t.Fatal(err)
	}
	// Line 6 of example/tiny.py is `        return "positive"` (25 bytes).
	if !strings.Contains(buf.String(), "\n./example/tiny.py:6.1,6.26 1 1\n") {
		t.Errorf("no block for tiny.py line 6 in\n%s", buf.String())
	}
}

// TestGoProfileLineOutsideSource: a statement line the source does not
// have (damaged data, built here without the decoder that refuses it) gets
// a short block, not a panic (repro 21).
func TestGoProfileLineOutsideSource(t *testing.T) {
	fd := &coverage.FileData{Path: "/nonexistent/m.py", Facts: &coverage.Facts{Path: "/nonexistent/m.py", SHA256: "ab", Statements: []int{0, 1, 99}}, Lines: []int{1}}
	rep := &coverage.Report{Files: []*coverage.FileResult{coverage.Analyze(fd, "m.py")}}
	var buf bytes.Buffer
	if err := GoProfile(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if want := "mode: set\n./m.py:0.1,0.2 1 0\n./m.py:1.1,1.2 1 1\n./m.py:99.1,99.2 1 0\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

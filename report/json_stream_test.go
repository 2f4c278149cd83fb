package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/internal/benchdata"
)

// pieces records each Write it is given.
type pieces struct {
	all    bytes.Buffer
	writes []int
}

func (p *pieces) Write(b []byte) (int, error) {
	p.writes = append(p.writes, len(b))
	return p.all.Write(b)
}

// TestJSONStreams checks that the JSON report reaches its writer a file at
// a time: no Write is larger than the largest file's part of the
// document, so the whole document is never held (it was, whole, three
// times over: 0.75 GB at the peak for 5,000 files).
func TestJSONStreams(t *testing.T) {
	t.Parallel()
	rep, err := coverage.BuildReport(benchdata.Data("/proj", 20), coverage.Selection{Cwd: "/proj"})
	if err != nil {
		t.Fatal(err)
	}
	for _, pretty := range []bool{false, true} {
		o := JSONOptions{Pretty: pretty, Now: goldenNow, Version: goldenVersion, Branch: true}
		var out pieces
		if err := JSON(&out, rep, o); err != nil {
			t.Fatal(err)
		}
		largest := 0
		for _, f := range rep.Files {
			var one bytes.Buffer
			if err := JSON(&one, &coverage.Report{Branch: true, Files: []*coverage.FileResult{f}}, o); err != nil {
				t.Fatal(err)
			}
			largest = max(largest, one.Len())
		}
		for i, n := range out.writes {
			if n > largest {
				t.Errorf("pretty %v: write %d of %d is %d bytes, more than the largest file's whole report (%d): the document is not streamed",
					pretty, i+1, len(out.writes), n, largest)
			}
		}
		if !json.Valid(out.all.Bytes()) {
			t.Errorf("pretty %v: the document is not valid JSON", pretty)
		}
	}
}

// TestJSONLayout checks the bytes around what the golden files show:
// names escaped as encoding/json escapes (HTML characters, line
// separators) after Python's escapes (a byte that is not UTF-8), files in
// byte order of their names, an empty "files", and the compact document
// being the pretty one without its indentation.
func TestJSONLayout(t *testing.T) {
	t.Parallel()
	file := func(name string) *coverage.FileResult {
		fd := &coverage.FileData{Path: "/p/" + name, Facts: &coverage.Facts{Statements: []int{1}}, Lines: []int{1}}
		return coverage.Analyze(fd, name)
	}
	rep := &coverage.Report{Files: []*coverage.FileResult{file("z.py"), file("a<b>&c.py"), file("\xff.py"), file("line\u2028sep.py")}}
	o := JSONOptions{Now: goldenNow, Version: goldenVersion}
	var compact, pretty bytes.Buffer
	if err := JSON(&compact, rep, o); err != nil {
		t.Fatal(err)
	}
	o.Pretty = true
	if err := JSON(&pretty, rep, o); err != nil {
		t.Fatal(err)
	}
	c := compact.String()
	names := []string{`"a\u003cb\u003e\u0026c.py":`, `"line\u2028sep.py":`, `"z.py":`, `"\udcff.py":`}
	at := -1
	for _, n := range names {
		i := strings.Index(c, n)
		if i < 0 {
			t.Fatalf("compact lacks %s:\n%s", n, c)
		}
		if i < at {
			t.Errorf("%s is out of byte order", n)
		}
		at = i
	}
	var reindented bytes.Buffer
	if err := json.Indent(&reindented, bytes.TrimSuffix(compact.Bytes(), []byte("\n")), "", "    "); err != nil {
		t.Fatal(err)
	}
	if reindented.String()+"\n" != pretty.String() {
		t.Errorf("pretty is not the compact document indented:\n%s\nwant\n%s", pretty.String(), reindented.String())
	}
	if !strings.HasSuffix(c, "}}\n") || strings.Count(c, "\n") != 1 {
		t.Errorf("compact does not end in one newline: %q", c[len(c)-10:])
	}

	var empty bytes.Buffer
	if err := JSON(&empty, &coverage.Report{}, o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(empty.String(), "\n    \"files\": {},\n    \"totals\": {\n") {
		t.Errorf("an empty report's files are not {}:\n%s", empty.String())
	}
}

package report

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pycov/pycov/internal/testtool"
)

func coberturaOptions(strict bool) CoberturaOptions {
	return CoberturaOptions{Source: "/home/user/project", Now: goldenNow, Version: goldenVersion, Strict: strict}
}

func TestCoberturaGolden(t *testing.T) {
	for _, tc := range []struct {
		data   string
		strict bool
		golden string
	}{
		{"branch", false, "xml/branch.xml"},
		{"branch", true, "xml/branch-strict.xml"},
		{"lines", false, "xml/lines.xml"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Cobertura(&buf, writerReport(t, tc.data), coberturaOptions(tc.strict)); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.golden, buf.Bytes())
		})
	}
}

// coberturaDoc is what consumers read of a Cobertura report.
type coberturaDoc struct {
	LinesValid      int      `xml:"lines-valid,attr"`
	LinesCovered    int      `xml:"lines-covered,attr"`
	BranchesValid   int      `xml:"branches-valid,attr"`
	BranchesCovered int      `xml:"branches-covered,attr"`
	Timestamp       string   `xml:"timestamp,attr"`
	Sources         []string `xml:"sources>source"`
	Packages        []struct {
		Name    string `xml:"name,attr"`
		Classes []struct {
			Name     string `xml:"name,attr"`
			Filename string `xml:"filename,attr"`
			Lines    []struct {
				Number    int    `xml:"number,attr"`
				Hits      string `xml:"hits,attr"`
				Condition string `xml:"condition-coverage,attr"`
				Missing   string `xml:"missing-branches,attr"`
			} `xml:"lines>line"`
		} `xml:"classes>class"`
	} `xml:"packages>package"`
}

func TestCoberturaMapping(t *testing.T) {
	var buf bytes.Buffer
	rep := writerReport(t, "branch")
	if err := Cobertura(&buf, rep, coberturaOptions(false)); err != nil {
		t.Fatal(err)
	}
	var doc coberturaDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.LinesValid != rep.Total.Statements || doc.LinesCovered != rep.Total.Covered() ||
		doc.BranchesValid != rep.Total.Branches || doc.BranchesCovered != rep.Total.CoveredBranches() {
		t.Errorf("counts %d/%d lines, %d/%d branches; the report has %d/%d, %d/%d", doc.LinesCovered, doc.LinesValid,
			doc.BranchesCovered, doc.BranchesValid, rep.Total.Covered(), rep.Total.Statements, rep.Total.CoveredBranches(), rep.Total.Branches)
	}
	if doc.Timestamp != "1782909000000" {
		t.Errorf("timestamp %s, want Now in milliseconds", doc.Timestamp)
	}
	var layout []string
	lines := map[string]string{}
	for _, p := range doc.Packages {
		for _, c := range p.Classes {
			layout = append(layout, p.Name+" "+c.Name+" "+c.Filename)
			for _, l := range c.Lines {
				lines[c.Filename+":"+strconv.Itoa(l.Number)] = l.Hits + " " + l.Condition + " " + l.Missing
			}
		}
	}
	want := []string{
		". main.py main.py",
		"example tiny.py example/tiny.py",
		"pkg __init__.py pkg/__init__.py",
		"pkg shapes.py pkg/shapes.py",
		"pkg util2.py pkg/util2.py",
		"pkg util10.py pkg/util10.py",
	}
	if strings.Join(layout, "\n") != strings.Join(want, "\n") {
		t.Errorf("packages and classes:\n%s\nwant\n%s", strings.Join(layout, "\n"), strings.Join(want, "\n"))
	}
	for line, want := range map[string]string{
		"example/tiny.py:5": "1 50% (1/2) 7",
		"pkg/shapes.py:21":  "1 50% (1/2) exit",
		"pkg/shapes.py:36":  "1 100% (2/2) ",
		"pkg/shapes.py:39":  "0 100% (2/2) ",
		"pkg/shapes.py:45":  "1 0% (0/2) 46,47",
		"pkg/shapes.py:46":  "0  ",
	} {
		if lines[line] != want {
			t.Errorf("%s: hits, condition-coverage, missing-branches = %q, want %q", line, lines[line], want)
		}
	}
}

// TestCoberturaValidates checks the golden files against the DTD with
// xmllint: the strict one as it is, the other with missing-branches added.
func TestCoberturaValidates(t *testing.T) {
	testtool.Require(t, "xmllint", "apt-get install libxml2-utils")
	dtd := filepath.Join("..", "testdata", "coverage-04.dtd")
	loose := looseDTD(t, dtd)
	for file, d := range map[string]string{"branch-strict.xml": dtd, "branch.xml": loose, "lines.xml": loose} {
		out, err := exec.Command("xmllint", "--noout", "--dtdvalid", d, filepath.Join("testdata", "golden", "xml", file)).CombinedOutput()
		if err != nil {
			t.Errorf("xmllint %s: %v\n%s", file, err, out)
		}
	}
	out, err := exec.Command("xmllint", "--noout", "--dtdvalid", dtd, filepath.Join("testdata", "golden", "xml", "branch.xml")).CombinedOutput()
	if err == nil {
		t.Errorf("branch.xml validates against the DTD without missing-branches; the test no longer checks anything\n%s", out)
	}
}

// looseDTD writes a copy of the Cobertura DTD that allows coverage.py's
// missing-branches attribute, and returns its path.
func looseDTD(t testing.TB, dtd string) string {
	t.Helper()
	b, err := os.ReadFile(dtd)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, "\n<!ATTLIST line missing-branches CDATA #IMPLIED>\n"...)
	path := filepath.Join(t.TempDir(), "coverage-04-missing-branches.dtd")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

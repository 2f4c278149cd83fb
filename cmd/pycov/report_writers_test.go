package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/pycov/pycov/config"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pycov/pycov/coverage"

	"github.com/pycov/pycov/internal/testtool"
)

// TestReportWritersConformance runs every conformance case through pycov
// and hands the LCOV and Cobertura reports to the tools that read them:
// `lcov --summary` and `genhtml` must accept every LCOV file and count
// what the report counts, and `xmllint` must validate every XML file
// against the Cobertura DTD (the non-strict one against a copy of the DTD
// that allows missing-branches). Where coverage.py's own XML of a case is
// in the suite, the mapping and counts must agree with it too.
func TestReportWritersConformance(t *testing.T) {
	suite, refs := conformanceCases(t)
	env := conformanceEnv(t)
	dtd, err := filepath.Abs(filepath.Join("..", "..", "testdata", "coverage-04.dtd"))
	if err != nil {
		t.Fatal(err)
	}
	looseDTD := filepath.Join(t.TempDir(), "coverage-04-missing-branches.dtd")
	if b, err := os.ReadFile(dtd); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(looseDTD, append(b, "\n<!ATTLIST line missing-branches CDATA #IMPLIED>\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	var counts counter
	for _, ref := range refs {
		name := strings.TrimSuffix(filepath.Base(ref), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, args := prepareCase(t, suite, name)
			s := newSession(t, dir, env...)
			s.pycov(args...)
			var errOut bytes.Buffer
			rep, err := configuredReport(context.Background(), s.stdio(&bytes.Buffer{}, &errOut), &config.Config{Run: config.Run{DataFile: defaultDataFile}})
			if err != nil {
				t.Fatal(err)
			}
			s.pycov("lcov")
			s.pycov("xml")
			s.pycov("xml", "--strict", "-o", "strict.xml")
			lcov, xml, strict := s.path("coverage.lcov"), s.path("coverage.xml"), s.path("strict.xml")

			if rep.Total.Statements == 0 {
				// No statement, no LCOV record: lcov and genhtml reject an
				// empty tracefile, so there is nothing to hand them.
				if b, err := os.ReadFile(lcov); err != nil || len(b) > 0 {
					t.Errorf("a report without statements gives LCOV %q (%v), want an empty file", b, err)
				}
				counts.add("empty")
			} else {
				withTool(t, "lcov", "lcov", &counts, func(t *testing.T) bool { return checkLCOVSummary(t, s, rep, lcov) })
				withTool(t, "genhtml", "lcov", &counts, func(t *testing.T) bool { return checkGenhtml(t, s.dir) })
			}
			withTool(t, "xmllint", "libxml2-utils", &counts, func(t *testing.T) bool {
				ok := true
				for file, d := range map[string]string{strict: dtd, xml: looseDTD} {
					if out, err := exec.Command("xmllint", "--noout", "--dtdvalid", d, file).CombinedOutput(); err != nil || len(out) > 0 {
						t.Errorf("xmllint --dtdvalid %s %s: %v\n%s", filepath.Base(d), filepath.Base(file), err, out)
						ok = false
					}
				}
				return ok
			})
			checkCoberturaCounts(t, rep, xml)
			if _, err := os.Stat(filepath.Join(suite, name+".xml")); err == nil {
				measured := matchesReference(s, suite, name)
				checkCoberturaLikeCoveragePy(t, filepath.Join(suite, name+".xml"), xml, measured)
				checkLCOVLikeCoveragePy(t, filepath.Join(suite, name+".lcov"), lcov, measured)
			}
		})
	}
	t.Cleanup(func() { // once every case has run
		fmt.Printf("report writers: %d cases (%d without statements, so with an empty LCOV); accepted by lcov --summary %d, genhtml %d, xmllint %d\n",
			len(refs), counts.get("empty"), counts.get("lcov"), counts.get("genhtml"), counts.get("xmllint"))
	})
}

// withTool runs check as a subtest named after tool, skipped when the tool
// is not installed (failed under CI: testtool.Require), and counts the
// cases it accepts.
func withTool(t *testing.T, tool, pkg string, accepted *counter, check func(t *testing.T) bool) {
	t.Helper()
	t.Run(tool, func(t *testing.T) {
		testtool.Require(t, tool, "apt-get install -y "+pkg)
		if check(t) {
			accepted.add(tool)
		}
	})
}

// prepareCase copies a conformance case into a scratch directory and
// returns it with the `pycov run` arguments, as TestConformance runs it.
func prepareCase(t *testing.T, suite, name string) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	if st, err := os.Stat(filepath.Join(suite, name)); err == nil && st.IsDir() {
		if err := os.CopyFS(dir, os.DirFS(filepath.Join(suite, name))); err != nil {
			t.Fatal(err)
		}
		readme, err := os.ReadFile(filepath.Join(dir, "README.txt"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(readme), "\n") {
			if cmd, ok := strings.CutPrefix(line, "command: python3 -m coverage "); ok {
				return dir, strings.Fields(cmd)
			}
		}
		t.Fatalf("%s/README.txt has no command: line", name)
	}
	src, err := os.ReadFile(filepath.Join(suite, name+".py"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".py"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, []string{"run", "--branch", name + ".py"}
}

// pycov runs pycov in-process; a `run` may pass the program's status.
func pycov(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	err := dispatch(context.Background(), args, inProcess(t, stdio{in: strings.NewReader(""), out: &out, err: &errOut}))
	if err != nil && !(args[0] == "run" && isSilent(err)) {
		t.Fatalf("pycov %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// checkGenhtml runs genhtml on coverage.lcov in dir, with the sources
// there, and reports whether it accepted it.
func checkGenhtml(t *testing.T, dir string) bool {
	t.Helper()
	cmd := exec.Command("genhtml", "--branch-coverage", "-q", "-o", t.TempDir(), "coverage.lcov")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("genhtml rejects coverage.lcov: %v\n%s", err, out)
		return false
	}
	return true
}

// lcovCounts are the found/hit counts of lines, functions and branches.
type lcovCounts struct{ lf, lh, fnf, fnh, brf, brh int }

// wantLCOV is what the LCOV file must count for rep: the report's numbers,
// less what the LCOV writer documents it leaves out (branch lines that ran
// but took no exit), and with the exits the numbers count as covered on
// "pragma: no branch" lines that did not run written as not taken ("-").
func wantLCOV(rep *coverage.Report) lcovCounts {
	var c lcovCounts
	for _, f := range rep.Files {
		c.lf += f.Numbers.Statements
		c.lh += f.Numbers.Covered()
		c.brf += f.Numbers.Branches
		c.brh += f.Numbers.CoveredBranches()
		for _, b := range f.BranchLines() {
			for _, e := range b.Exits {
				switch {
				case b.TookNone():
					c.brf--
					if e.Covered() {
						c.brh--
					}
				case !b.Ran && e.Covered():
					c.brh--
				}
			}
		}
	}
	return c
}

var summaryLine = regexp.MustCompile(`(?m)^\s*(lines|functions|branches)\.*: (?:[\d.]+% \((\d+) of (\d+) \w+\)|no data found)`)

// checkLCOVSummary runs `lcov --summary` and compares its counts; it
// reports whether they agree.
func checkLCOVSummary(t *testing.T, s *session, rep *coverage.Report, file string) bool {
	t.Helper()
	opt := "lcov_branch_coverage=1" // lcov 1.x; 2.x calls it branch_coverage
	if v, _ := exec.Command("lcov", "--version").Output(); !bytes.Contains(v, []byte("version 1.")) {
		opt = "branch_coverage=1"
	}
	out, err := exec.Command("lcov", "--rc", opt, "--summary", file).CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("WARNING")) || bytes.Contains(out, []byte("ERROR")) {
		t.Errorf("lcov --summary rejects %s: %v\n%s", file, err, out)
		return false
	}
	var got lcovCounts
	for _, m := range summaryLine.FindAllStringSubmatch(string(out), -1) {
		hit, _ := strconv.Atoi(m[2])
		found, _ := strconv.Atoi(m[3])
		switch m[1] {
		case "lines":
			got.lh, got.lf = hit, found
		case "functions":
			got.fnh, got.fnf = hit, found
		case "branches":
			got.brh, got.brf = hit, found
		}
	}
	want := wantLCOV(rep)
	want.fnf, want.fnh = checkFunctions(t, s, rep, file)
	if got != want {
		t.Errorf("lcov --summary counts %+v, want %+v\n%s", got, want, out)
		return false
	}
	return true
}

// checkFunctions checks the FN/FNDA records against the JSON report's
// function regions: the same functions (a repeated name gets "@line"), hit
// exactly when a statement of the body ran (except one-line functions,
// whose def line runs at import). It returns the expected FNF and FNH.
func checkFunctions(t *testing.T, s *session, rep *coverage.Report, file string) (found, hit int) {
	t.Helper()
	var doc struct {
		Files map[string]struct {
			Functions map[string]struct {
				Executed  []int `json:"executed_lines"`
				Missing   []int `json:"missing_lines"`
				StartLine int   `json:"start_line"`
			} `json:"functions"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(s.pycov("json", "-o", "-")), &doc); err != nil {
		t.Fatal(err)
	}
	lcov, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sections := strings.Split(string(lcov), "end_of_record\n")
	for _, f := range rep.Files {
		var sec string
		for _, s := range sections {
			if strings.HasPrefix(s, "SF:"+f.Name+"\n") {
				sec = s
			}
		}
		fnLine, fnda := map[string]int{}, map[string]int{}
		for _, l := range strings.Split(sec, "\n") {
			if v, ok := strings.CutPrefix(l, "FN:"); ok {
				line, name, _ := strings.Cut(v, ",")
				fnLine[name], _ = strconv.Atoi(line)
			}
			if v, ok := strings.CutPrefix(l, "FNDA:"); ok {
				n, name, _ := strings.Cut(v, ",")
				fnda[name], _ = strconv.Atoi(n)
			}
		}
		regions := doc.Files[f.Name].Functions
		for name, line := range fnLine {
			base, _, _ := strings.Cut(name, "@")
			reg, ok := regions[base]
			if !ok {
				t.Errorf("%s: FN %s is not a function of the JSON report", f.Name, name)
				continue
			}
			found++
			hit += min(fnda[name], 1)
			if base != name {
				continue // a repeated name: the JSON report keeps only the last
			}
			oneLine := slices.Contains(reg.Executed, line) || slices.Contains(reg.Missing, line)
			if ran := len(reg.Executed) > 0; !oneLine && ran != (fnda[name] > 0) {
				t.Errorf("%s: function %s: FNDA %d, but its body's executed lines are %v", f.Name, name, fnda[name], reg.Executed)
			}
		}
		bases := map[string]bool{}
		for name := range fnLine {
			base, _, _ := strings.Cut(name, "@")
			bases[base] = true
		}
		for name, reg := range regions {
			if name != "" && !bases[name] && len(reg.Executed)+len(reg.Missing) > 0 {
				t.Errorf("%s: function %s has statements but no FN record", f.Name, name)
			}
		}
	}
	return found, hit
}

// cobertura is what the checks read of a Cobertura report.
type cobertura struct {
	LinesValid      int `xml:"lines-valid,attr"`
	LinesCovered    int `xml:"lines-covered,attr"`
	BranchesValid   int `xml:"branches-valid,attr"`
	BranchesCovered int `xml:"branches-covered,attr"`
	Packages        []struct {
		Name    string `xml:"name,attr"`
		Classes []struct {
			Name     string `xml:"name,attr"`
			Filename string `xml:"filename,attr"`
			Lines    []struct {
				Number    string `xml:"number,attr"`
				Hits      string `xml:"hits,attr"`
				Branch    string `xml:"branch,attr"`
				Condition string `xml:"condition-coverage,attr"`
				Missing   string `xml:"missing-branches,attr"`
			} `xml:"lines>line"`
		} `xml:"classes>class"`
	} `xml:"packages>package"`
}

func readCobertura(t *testing.T, file string) cobertura {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var c cobertura
	if err := xml.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return c
}

// checkCoberturaCounts compares the totals of the XML with the report's.
func checkCoberturaCounts(t *testing.T, rep *coverage.Report, file string) {
	t.Helper()
	c := readCobertura(t, file)
	n := rep.Total
	if c.LinesValid != n.Statements || c.LinesCovered != n.Covered() || c.BranchesValid != n.Branches || c.BranchesCovered != n.CoveredBranches() {
		t.Errorf("%s counts lines %d/%d, branches %d/%d; the report %d/%d, %d/%d", file,
			c.LinesCovered, c.LinesValid, c.BranchesCovered, c.BranchesValid, n.Covered(), n.Statements, n.CoveredBranches(), n.Branches)
	}
}

// checkCoberturaLikeCoveragePy compares pycov's XML with coverage.py's:
// the same packages, classes, lines and branch lines always; the hits and
// counts too when pycov measured what coverage.py measured (measured).
func checkCoberturaLikeCoveragePy(t *testing.T, refFile, file string, measured bool) {
	t.Helper()
	ref, got := readCobertura(t, refFile), readCobertura(t, file)
	shape := func(c cobertura, withHits bool) []string {
		var out []string
		for _, p := range c.Packages {
			for _, cl := range p.Classes {
				out = append(out, p.Name+" "+cl.Name+" "+cl.Filename)
				for _, l := range cl.Lines {
					s := "  " + l.Number + " " + l.Branch
					if withHits {
						s += " " + l.Hits + " " + l.Condition + " " + l.Missing
					}
					out = append(out, s)
				}
			}
		}
		return out
	}
	diff := func(what string, want, got []string) {
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%s differs from coverage.py's %s:\n%s", what, filepath.Base(refFile), firstLineDiff(want, got))
		}
	}
	diff("package, class and line layout", shape(ref, false), shape(got, false))
	if ref.LinesValid != got.LinesValid || ref.BranchesValid != got.BranchesValid {
		t.Errorf("lines-valid %d, branches-valid %d; coverage.py %d, %d", got.LinesValid, got.BranchesValid, ref.LinesValid, ref.BranchesValid)
	}
	if !measured {
		t.Logf("pycov's measurement differs from coverage.py's here (see TestConformance): hits not compared")
		return
	}
	diff("hits and conditions", shape(ref, true), shape(got, true))
	if ref.LinesCovered != got.LinesCovered || ref.BranchesCovered != got.BranchesCovered {
		t.Errorf("lines-covered %d, branches-covered %d; coverage.py %d, %d", got.LinesCovered, got.BranchesCovered, ref.LinesCovered, ref.BranchesCovered)
	}
}

func firstLineDiff(want, got []string) string {
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			return fmt.Sprintf("first difference at item %d: coverage.py %q, pycov %q", i+1, w, g)
		}
	}
	return ""
}

// checkLCOVLikeCoveragePy compares pycov's LCOV with coverage.py's: the
// same files and functions (coverage.py writes FN:<def line>,<end
// line>,<name>), and the same counts when pycov measured what coverage.py
// measured. (coverage.py's BRDA ids are text, so records are not compared.)
func checkLCOVLikeCoveragePy(t *testing.T, refFile, file string, measured bool) {
	t.Helper()
	fnWithEnd := regexp.MustCompile(`^FN:(\d+),\d+,`)
	summary := func(path string, counts bool) []string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range strings.Split(string(b), "\n") {
			l = fnWithEnd.ReplaceAllString(l, "FN:$1,")
			switch k, _, _ := strings.Cut(l, ":"); k {
			case "SF", "FN":
				out = append(out, l)
			case "LF", "LH", "FNF", "FNH", "BRF", "BRH":
				if counts {
					out = append(out, l)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	if want, got := summary(refFile, measured), summary(file, measured); !slices.Equal(want, got) {
		t.Errorf("LCOV differs from coverage.py's %s:\n%s", filepath.Base(refFile), firstLineDiff(want, got))
	}
}

// matchesReference reports whether pycov's JSON report of the case in
// s's directory agrees with coverage.py's reference.
func matchesReference(s *session, suite, name string) bool {
	t := s.t
	t.Helper()
	got := struct{ Files map[string]refFile }{s.jsonFiles()}
	b, err := os.ReadFile(filepath.Join(suite, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]refFile
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	return len(compareFiles(want, got.Files)) == 0
}

func TestReportFormatFlag(t *testing.T) {
	t.Parallel()
	err := dispatch(context.Background(), []string{"report", "--format", "html"}, testStdio(t, t.TempDir()))
	if exitCode(err) != 1 || !strings.Contains(fmt.Sprint(err), "text, markdown or total") {
		t.Errorf("--format html: %v (exit %d), want a usage error naming the formats", err, exitCode(err))
	}
}

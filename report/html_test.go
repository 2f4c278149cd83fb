package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pycov/pycov/coverage"
)

// htmlTestOptions are options with a fixed clock and version, so output
// can be compared byte for byte.
func htmlTestOptions() HTMLOptions {
	return HTMLOptions{Now: time.Date(2026, 7, 1, 12, 30, 0, 0, time.UTC), Version: "test"}
}

// testFile describes one measured file of a hand-built report.
type testFile struct {
	name     string // as reports show it, relative to testdata/html/src
	lines    []int  // executed
	arcs     [][2]int
	facts    coverage.Facts
	badHash  bool // record a hash the file on disk does not have
	notThere bool // the file does not exist
}

// htmlTestFiles are the measured files of testdata/html/src: app.py ran
// `python app.py`; pkg/util.py ran fully; pkg/__init__.py is empty.
func htmlTestFiles() []testFile {
	return []testFile{
		{
			name:  "app.py",
			lines: []int{1, 2, 4, 7, 8, 10, 12, 15, 16, 17, 18, 19, 26, 27},
			arcs:  [][2]int{{8, 10}, {10, 12}, {17, 18}, {17, 19}, {26, 27}},
			facts: coverage.Facts{
				Statements: []int{1, 2, 4, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 26, 27},
				Excluded:   []int{22, 23},
				Arcs:       [][2]int{{8, 9}, {8, 10}, {10, 11}, {10, 12}, {17, 18}, {17, 19}, {26, -1}, {26, 27}},
				Functions:  []coverage.Region{{Name: "classify", Start: 7, End: 12}, {Name: "total", Start: 15, End: 19}},
				BranchKinds: coverage.KindsOf(map[int]coverage.BranchKind{
					8: {Kind: "if", Into: 9}, 10: {Kind: "if", Into: 11}, 17: {Kind: "for", Into: 18}, 26: {Kind: "if", Into: 27},
				}),
			},
		},
		{name: "pkg/__init__.py"},
		{
			name:  "pkg/util.py",
			lines: []int{1, 2, 5},
			facts: coverage.Facts{Statements: []int{1, 2, 5}},
		},
	}
}

// buildTestReport analyses files as coverage.BuildReport does, with the
// sources in srcDir.
func buildTestReport(t testing.TB, srcDir string, files []testFile) *coverage.Report {
	t.Helper()
	abs, err := filepath.Abs(srcDir)
	if err != nil {
		t.Fatal(err)
	}
	rep := &coverage.Report{Branch: true}
	for _, tf := range files {
		path := filepath.Join(abs, filepath.FromSlash(tf.name))
		facts := tf.facts
		facts.Path = path
		if raw, err := os.ReadFile(path); err == nil {
			sum := sha256.Sum256(raw)
			facts.SHA256 = hex.EncodeToString(sum[:])
		} else if !tf.notThere {
			t.Fatal(err)
		}
		if tf.badHash {
			facts.SHA256 = strings.Repeat("0", 64)
		}
		if tf.notThere {
			path = filepath.Join(abs, "no-such-dir", tf.name)
		}
		fd := &coverage.FileData{Path: path, Facts: &facts, Lines: tf.lines, Arcs: tf.arcs}
		r := coverage.Analyze(fd, tf.name)
		rep.Files = append(rep.Files, r)
		rep.Total.Add(r.Numbers)
	}
	sort.Slice(rep.Files, func(i, j int) bool { return rep.Files[i].Name < rep.Files[j].Name })
	return rep
}

// writeTestHTML writes the report of files into a new directory.
func writeTestHTML(t testing.TB, files []testFile, o HTMLOptions) string {
	t.Helper()
	rep := buildTestReport(t, filepath.Join("testdata", "html", "src"), files)
	dir := filepath.Join(t.TempDir(), "htmlcov")
	if err := HTML(dir, rep, o); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readPage(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pageOf is the page name of the file called name.
func pageOf(name string) string {
	f := &coverage.FileResult{Name: name}
	return pageNames([]*coverage.FileResult{f})[f]
}

func TestHTMLGolden(t *testing.T) {
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	for _, page := range []string{"index.html", "d_e3b0c44298fc1c14_app_py.html", "function_index.html", "class_index.html"} {
		got := readPage(t, dir, page)
		golden := filepath.Join("testdata", "golden", "html", page)
		if updateGolden() {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run `go test ./report -run TestHTMLGolden -update` to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s; if the change is intended, run `go test ./report -run TestHTMLGolden -update` and review the diff\n%s",
				page, golden, firstDiff(string(want), got))
		}
	}
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return ""
}

func TestHTMLIsDeterministic(t *testing.T) {
	a := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	b := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	entries, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !bytes.Equal([]byte(readPage(t, a, e.Name())), []byte(readPage(t, b, e.Name()))) {
			t.Errorf("%s differs between two runs on the same report", e.Name())
		}
	}
}

func TestHTMLEscapesSourceAndNames(t *testing.T) {
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	page := readPage(t, dir, pageOf("app.py"))
	if strings.Contains(page, "</script><script>alert") {
		t.Errorf("the source's </script> reached the page unescaped")
	}
	if !strings.Contains(page, "&lt;/script&gt;&lt;script&gt;alert(") {
		t.Errorf("the source's </script> is not on the page, escaped")
	}

	// A file name is text wherever it shows.
	files := htmlTestFiles()[:1]
	weird := `we"ird</script><b>.py`
	rep := buildTestReport(t, filepath.Join("testdata", "html", "src"), files)
	rep.Files[0].Name = weird
	out := filepath.Join(t.TempDir(), "htmlcov")
	if err := HTML(out, rep, htmlTestOptions()); err != nil {
		t.Fatal(err)
	}
	name := pageOf(weird)
	if !pageNameRE.MatchString(name) {
		t.Errorf("page name %q has unsafe characters", name)
	}
	for _, p := range []string{"index.html", name} {
		if s := readPage(t, out, p); strings.Contains(s, "</script><b>") || !strings.Contains(s, "we&#34;ird&lt;/script&gt;&lt;b&gt;.py") {
			t.Errorf("%s: the file name is not escaped", p)
		}
	}
}

func TestHTMLFilePageMarksLines(t *testing.T) {
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	page := readPage(t, dir, pageOf("app.py"))
	for _, want := range []string{
		`<div class="row par" id="t8">`,
		`<div class="row mis" id="t9">`,
		`<div class="row run" id="t12">`,
		`<div class="row exc" id="t22">`,
		`<div class="row" id="t3">`,
		"line 8 didn&#39;t jump to line 9 because the condition on line 8 was never true",
		"line 26 didn&#39;t exit the module because the condition on line 26 was never false",
		`<kbd>j</kbd>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("app.py's page lacks %s", want)
		}
	}
	if n := strings.Count(page, `<div class="row`); n != 27 {
		t.Errorf("app.py's page has %d lines, want 27", n)
	}
}

func TestHTMLSourceNotices(t *testing.T) {
	files := htmlTestFiles()
	files[0].badHash = true
	files[2].notThere = true
	var warnings []string
	o := htmlTestOptions()
	o.Warn = func(slug, msg string) { warnings = append(warnings, slug+": "+msg) }
	dir := writeTestHTML(t, files, o)

	changed := readPage(t, dir, pageOf("app.py"))
	if !strings.Contains(changed, "app.py has changed since it was measured") || strings.Contains(changed, `class="row`) {
		t.Errorf("a changed source is shown, or without the notice")
	}
	if !strings.Contains(changed, "<code>9, 11, 26-&gt;exit</code>") {
		t.Errorf("a changed source's page doesn't list the missing lines")
	}
	gone := readPage(t, dir, pageOf("pkg/util.py"))
	if !strings.Contains(gone, "the source of pkg/util.py can&#39;t be read (no such file or directory)") {
		t.Errorf("an unreadable source has no notice")
	}
	want := []string{"source-changed: app.py has", "source-unreadable: the source of pkg/util.py"}
	if len(warnings) != len(want) {
		t.Fatalf("warnings = %q, want %d", warnings, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(warnings[i], w) {
			t.Errorf("warning %d = %q, want it to start %q", i, warnings[i], w)
		}
	}
}

func TestHTMLSkipCoveredAndEmpty(t *testing.T) {
	o := htmlTestOptions()
	o.SkipCovered, o.SkipEmpty = true, true
	dir := writeTestHTML(t, htmlTestFiles(), o)
	index := readPage(t, dir, "index.html")
	if strings.Contains(index, "util.py") || strings.Contains(index, "__init__") {
		t.Errorf("skipped files are in the index")
	}
	rep := buildTestReport(t, filepath.Join("testdata", "html", "src"), htmlTestFiles())
	total := `<span class="pv">` + coverage.DisplayPercent(rep.Total.PercentCovered(), 0) + `%</span></td></tr></tfoot>`
	for _, want := range []string{"2 files skipped due to complete coverage.", total} {
		if !strings.Contains(index, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, pageOf("pkg/util.py"))); err == nil {
		t.Errorf("a skipped file has a page")
	}
}

// BenchmarkHTMLLargeFile writes the report of a 10,000-line file.
func BenchmarkHTMLLargeFile(b *testing.B) {
	src := b.TempDir()
	const n = 10000
	var text strings.Builder
	tf := testFile{name: "big.py"}
	for i := 1; i <= n; i++ {
		text.WriteString("def f_" + strconv.Itoa(i) + "(x):  # </script>\n")
		tf.facts.Statements = append(tf.facts.Statements, i)
		if i%7 != 0 {
			tf.lines = append(tf.lines, i)
		}
	}
	if err := os.WriteFile(filepath.Join(src, "big.py"), []byte(text.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	rep := buildTestReport(b, src, []testFile{tf})
	dir := b.TempDir()
	b.ResetTimer()
	for b.Loop() {
		if err := HTML(dir, rep, htmlTestOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHTMLIndexSeparatePercentages checks the statement and branch
// percentages of each row and of the total, each rounded as coverage.py
// rounds (half to even) and sorted by its exact value.
func TestHTMLIndexSeparatePercentages(t *testing.T) {
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	index := readPage(t, dir, "index.html")
	for _, want := range []string{
		`<th class="sp"><button type="button" title="Statements that ran, of all statements">Stmt&nbsp;%</button></th>`,
		`<th class="bp"><button type="button" title="Branches taken, of all branches">Branch&nbsp;%</button></th>`,
		// app.py: 14 of 16 statements, 5 of 8 branches.
		`<td class="sp" data-label="Statements %" data-v="87.5">88%</td>`,
		`<td class="bp" data-label="Branches %" data-v="62.5">62%</td>`,
		// pkg/__init__.py: nothing to cover is 100%.
		`<td class="sp" data-label="Statements %" data-v="100">100%</td>`,
		// The total: 17 of 19 statements, 5 of 8 branches.
		`<td class="sp" data-label="Statements %">89%</td>`,
		`<td class="bp" data-label="Branches %">62%</td>`,
	} {
		if !strings.Contains(index, want) {
			t.Errorf("index lacks %s", want)
		}
	}

	// Without branch measurement there is no branch column.
	rep := buildTestReport(t, filepath.Join("testdata", "html", "src"), htmlTestFiles())
	rep.Branch = false
	out := filepath.Join(t.TempDir(), "htmlcov")
	if err := HTML(out, rep, htmlTestOptions()); err != nil {
		t.Fatal(err)
	}
	if s := readPage(t, out, "index.html"); strings.Contains(s, `class="bp"`) || !strings.Contains(s, `class="sp"`) {
		t.Errorf("a report without branches: branch column shown, or statement column missing")
	}
}

// TestHTMLRegionIndexes checks the function and class indexes: a row per
// function (class) with the lines coverage.py counts in it, a row for the
// rest of each file, links to the def lines.
func TestHTMLRegionIndexes(t *testing.T) {
	src := t.TempDir()
	text := `class Shape:
    def area(self):
        return 0

    def describe(self):
        if self.area() > 10:
            return "big"
        return "small"


def unused(x):
    return x


Shape().describe()
`
	if err := os.WriteFile(filepath.Join(src, "shapes.py"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	tf := testFile{
		name:  "shapes.py",
		lines: []int{1, 2, 3, 5, 6, 8, 11, 15},
		arcs:  [][2]int{{6, 8}},
		facts: coverage.Facts{
			Statements: []int{1, 2, 3, 5, 6, 7, 8, 11, 12, 15},
			Arcs:       [][2]int{{6, 7}, {6, 8}},
			Functions:  []coverage.Region{{Name: "Shape.area", Start: 2, End: 3}, {Name: "Shape.describe", Start: 5, End: 8}, {Name: "unused", Start: 11, End: 12}},
			Classes:    []coverage.Region{{Name: "Shape", Start: 1, End: 8}},
		},
	}
	rep := buildTestReport(t, src, []testFile{tf})
	dir := filepath.Join(t.TempDir(), "htmlcov")
	if err := HTML(dir, rep, htmlTestOptions()); err != nil {
		t.Fatal(err)
	}
	page := pageOf("shapes.py")
	// The cells of each row: file, region, statements, missing, excluded,
	// statements %, branches, partial, branches %, and the link.
	rowRE := regexp.MustCompile(`<tr[^>]*><td class="name">([^<]*)</td><td class="name region"><a (?:class="rest" )?href="([^"]*)">([^<]*)</a></td>` +
		`<td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+%)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+%)</td>`)
	rows := func(name string) []string {
		var out []string
		for _, m := range rowRE.FindAllStringSubmatch(readPage(t, dir, name), -1) {
			out = append(out, strings.Join(m[1:], " "))
		}
		return out
	}
	for _, tc := range []struct {
		page string
		want []string
	}{
		{"function_index.html", []string{
			"shapes.py " + page + "#t2 Shape.area 1 0 0 100% 0 0 100%",
			"shapes.py " + page + "#t5 Shape.describe 3 1 0 67% 2 1 50%",
			"shapes.py " + page + "#t11 unused 1 1 0 0% 0 0 100%",
			"shapes.py " + page + " (no function) 5 0 0 100% 0 0 100%",
		}},
		{"class_index.html", []string{
			"shapes.py " + page + "#t1 Shape 4 1 0 75% 2 1 50%",
			"shapes.py " + page + " (no class) 6 1 0 83% 0 0 100%",
		}},
	} {
		if got := rows(tc.page); !slices.Equal(got, tc.want) {
			t.Errorf("%s rows:\n%s\nwant:\n%s", tc.page, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
	// Every page links to the three tables, the current one as text.
	for _, p := range []string{"index.html", "function_index.html", "class_index.html"} {
		s := readPage(t, dir, p)
		for _, other := range []string{"index.html", "function_index.html", "class_index.html"} {
			link := `<a href="` + other + `">`
			if has := strings.Contains(s, link); has == (p == other) {
				t.Errorf("%s: link to %s: %v", p, other, has)
			}
		}
	}
}

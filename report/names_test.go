package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/pycov/pycov/coverage"
)

// hostileNameReport has a file whose name would forge records in a
// line-oriented format, beside an ordinary one.
func hostileNameReport() *coverage.Report {
	return namesReport("a\nend_of_record\nSF:b.py", "main.py")
}

// namesReport has one covered one-line file per name.
func namesReport(names ...string) *coverage.Report {
	rep := &coverage.Report{Branch: true}
	for _, name := range names {
		facts := &coverage.Facts{Path: "/p/" + name, Statements: []int{1}}
		r := coverage.Analyze(&coverage.FileData{Path: facts.Path, Facts: facts, Lines: []int{1}}, name)
		rep.Files = append(rep.Files, r)
		rep.Total.Add(r.Numbers)
	}
	return rep
}

func TestNamesWithLineBreaksForgeNoRecords(t *testing.T) {
	rep := hostileNameReport()
	if got := LineBreakNames(rep); len(got) != 1 || got[0] != rep.Files[0].Name {
		t.Errorf("LineBreakNames = %q, want the first file's name", got)
	}
	for _, tc := range []struct {
		format string
		write  func(*bytes.Buffer) error
	}{
		{"lcov", func(b *bytes.Buffer) error { return LCOV(b, rep) }},
		{"goprofile", func(b *bytes.Buffer) error { return GoProfile(b, rep) }},
		{"text", func(b *bytes.Buffer) error { return Text(b, rep, TextOptions{}) }},
		{"markdown", func(b *bytes.Buffer) error { return Markdown(b, rep, TextOptions{}) }},
	} {
		var b bytes.Buffer
		if err := tc.write(&b); err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		out := b.String()
		if !strings.Contains(out, "main.py") {
			t.Errorf("%s: the ordinary file is missing:\n%s", tc.format, out)
		}
		// No line may come from the name: in tables it is escaped, in
		// LCOV and Go profiles it is left out.
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "b.py") && !strings.Contains(line, `a\`) || strings.HasPrefix(line, "SF:b") {
				t.Errorf("%s: forged line %q in\n%s", tc.format, line, out)
			}
		}
		if n := strings.Count(out, "end_of_record"); tc.format == "lcov" && n != 1 {
			t.Errorf("lcov: want one record (main.py), got %d:\n%s", n, out)
		}
	}
	// Formats with escapes keep the name exactly.
	var b bytes.Buffer
	if err := JSON(&b, rep, JSONOptions{Branch: true}); err != nil {
		t.Fatal(err)
	}
	var js struct{ Files map[string]any }
	if err := json.Unmarshal(b.Bytes(), &js); err != nil || js.Files[rep.Files[0].Name] == nil {
		t.Errorf("JSON lost the name (%v):\n%s", err, b.String())
	}
	b.Reset()
	if err := Cobertura(&b, rep, CoberturaOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `filename="a&#xA;end_of_record&#xA;SF:b.py"`) {
		t.Errorf("Cobertura did not escape the name:\n%s", b.String())
	}
	var doc struct {
		Classes []struct {
			Filename string `xml:"filename,attr"`
		} `xml:"packages>package>classes>class"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Classes) != 2 || doc.Classes[0].Filename != rep.Files[0].Name {
		t.Errorf("Cobertura does not carry the name (%v): %+v", err, doc)
	}
}

// A name that is not UTF-8 is carried byte for byte where the format can:
// as raw bytes in line formats and tables, as Python's json writes
// os.fsdecode(name) in JSON.
func TestNamesNotUTF8(t *testing.T) {
	name := "caf\xe9.py"
	rep := namesReport(name)
	var b bytes.Buffer
	if err := LCOV(&b, rep); err != nil || !strings.HasPrefix(b.String(), "SF:"+name+"\n") {
		t.Errorf("LCOV (%v):\n%s", err, b.String())
	}
	b.Reset()
	if err := Text(&b, rep, TextOptions{}); err != nil || !strings.Contains(b.String(), "\n"+name+" ") {
		t.Errorf("Text (%v):\n%s", err, b.String())
	}
	b.Reset()
	if err := JSON(&b, rep, JSONOptions{Branch: true}); err != nil || !strings.Contains(b.String(), `"files":{"caf\udce9.py":{`) {
		t.Errorf("JSON (%v):\n%s", err, b.String())
	}
	b.Reset()
	if err := JSON(&b, rep, JSONOptions{Branch: true, Pretty: true}); err != nil || !strings.Contains(b.String(), `"caf\udce9.py": {`) {
		t.Errorf("pretty JSON (%v):\n%s", err, b.String())
	}
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"pkg/mod.py", "pkg/mod.py"},
		{"a\nb\r\tc.py", `a\nb\r\tc.py`},
		{"esc\x1b[31m.py", `esc\x1b[31m.py`},
		{"caf\xe9\n.py", "caf\xe9\\n.py"}, // bytes that are not UTF-8 stay as they are
	} {
		if got := printable(tc.in); got != tc.want {
			t.Errorf("printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

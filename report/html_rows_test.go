package report

import (
	"bufio"
	"bytes"
	"html/template"
	"testing"

	"github.com/pycov/pycov/coverage"
)

// rowTemplates are the rows of the index and of the region indexes as
// html/template wrote them before they were written in Go: the markup
// writeIndexRows and writeRegionRows must keep, escaping included.
const rowTemplates = `
{{define "index"}}{{range .}}
<tr{{if .Covered}} class="covered"{{end}}><td class="name"><a href="{{.Href}}">{{.Name}}</a></td>{{template "num-cells" .}}<td class="pct" data-label="Coverage" data-v="{{.SortPct}}">{{template "meter" .}}</td></tr>
{{- end}}{{end}}

{{define "regions"}}{{range .Rows}}
<tr{{if .Covered}} class="covered"{{end}}><td class="name">{{.Name}}</td><td class="name region">{{if .Region}}<a href="{{.Href}}">{{.Region}}</a>{{else}}<a class="rest" href="{{.Href}}">(no {{$.Kind}})</a>{{end}}</td>{{template "num-cells" .}}<td class="pct" data-label="Coverage" data-v="{{.SortPct}}">{{template "meter" .}}</td></tr>
{{- end}}{{end}}

{{define "meter"}}<span class="meter" aria-hidden="true"><span style="width: {{.SortPct}}%"></span></span> <span class="pv">{{.Pct}}%</span>{{end}}

{{define "num-cells"}}<td data-label="Statements" data-v="{{.N.Statements}}">{{.N.Statements}}</td><td data-label="Missing" data-v="{{.N.Missing}}">{{.N.Missing}}</td><td data-label="Excluded" data-v="{{.N.Excluded}}">{{.N.Excluded}}</td><td class="sp" data-label="Statements %" data-v="{{.SortStmtPct}}">{{.StmtPct}}%</td>
{{- if .Branch}}<td data-label="Branches" data-v="{{.N.Branches}}">{{.N.Branches}}</td><td data-label="Partial" data-v="{{.N.PartialBranches}}">{{.N.PartialBranches}}</td><td class="bp" data-label="Branches %" data-v="{{.SortBranchPct}}">{{.BranchPct}}%</td>{{end -}}
{{end}}
`

// TestHTMLRowsAsTemplates checks that the rows written in Go are the rows
// html/template writes from the same values: names with characters HTML
// escapes (and html/template's "+" and NUL), bytes that are not UTF-8,
// covered and uncovered rows, with and without branches, precision 0 and 2.
func TestHTMLRowsAsTemplates(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(template.New("").Parse(rowTemplates))
	names := []string{"app.py", `a<b>&'"+c.py`, "nul\x00.py", "\xff\xfe.py", "ü/\ufdd0.py", "sp ace/x.py"}
	numbers := []coverage.Numbers{
		{Files: 1, Statements: 16, Missing: 2, Excluded: 1, Branches: 8, PartialBranches: 2, MissingBranches: 3},
		{Files: 1, Statements: 3},
		{Files: 1},
		{Files: 1, Statements: 3, Missing: 1, Branches: 2, MissingBranches: 2},
	}
	for _, branch := range []bool{true, false} {
		for _, precision := range []int{0, 2} {
			o := HTMLOptions{Precision: precision}
			var rows []indexRow
			var regions []regionRow
			for i, name := range names {
				r := newIndexRow(name, "d_0123456789abcdef_x_py.html", numbers[i%len(numbers)], branch, o)
				rows = append(rows, r)
				r.Href += "#t12"
				regions = append(regions, regionRow{indexRow: r, Region: []string{"f", "", "Cls.<lambda>", "g+h&'"}[i%4]})
			}
			for _, kind := range []string{"function", "class"} {
				var want, got bytes.Buffer
				if err := tmpl.ExecuteTemplate(&want, "index", rows); err != nil {
					t.Fatal(err)
				}
				if err := tmpl.ExecuteTemplate(&want, "regions", &regionPage{Kind: kind, Rows: regions}); err != nil {
					t.Fatal(err)
				}
				w := bufio.NewWriter(&got)
				writeIndexRows(w, rows)
				writeRegionRows(w, regions, kind)
				w.Flush()
				if got.String() != want.String() {
					t.Errorf("branch %v, precision %d, %s: rows written in Go\n%s\nwant (html/template)\n%s", branch, precision, kind, got.String(), want.String())
				}
			}
		}
	}
}

package report

import (
	"bufio"
	"html/template"
	"strconv"
	"strings"
)

// The rows of the index and of the function and class indexes are written
// here in plain Go, between the two halves of their page's template
// ("index.html.tmpl" and "index.html.tmpl/end"). Through html/template a
// row cost ~40 µs of reflection and escaping (the function index of a
// 5,000-file project has 65,000 rows: 3 s, a third of the HTML report) and
// the page was held whole before it was written (45 MB). Every value from
// outside is escaped here as html/template escapes it in the same place;
// TestHTMLRowsAsTemplates holds the two to the same bytes.

// writeIndexRows writes the index's rows, one a line:
//
//	<tr class="covered"><td class="name"><a href="d_….html">app.py</a></td><td data-label="Statements" data-v="16">16</td>…</tr>
func writeIndexRows(w *bufio.Writer, rows []indexRow) {
	for _, r := range rows {
		startRow(w, r)
		w.WriteString(`<td class="name"><a href="`)
		w.WriteString(r.Href) // a page name pageNames made: letters, digits, "_", "-", "."
		w.WriteString(`">`)
		writeTemplateText(w, r.Name)
		w.WriteString(`</a></td>`)
		endRow(w, r)
	}
}

// writeRegionRows writes the rows of a function or class index (kind is
// "function" or "class"), one a line:
//
//	<tr><td class="name">app.py</td><td class="name region"><a href="d_….html#t5">main</a></td><td data-label="Statements" data-v="4">4</td>…</tr>
func writeRegionRows(w *bufio.Writer, rows []regionRow, kind string) {
	for _, r := range rows {
		startRow(w, r.indexRow)
		w.WriteString(`<td class="name">`)
		writeTemplateText(w, r.Name)
		w.WriteString(`</td><td class="name region">`)
		if r.Region != "" {
			w.WriteString(`<a href="`)
			w.WriteString(r.Href)
			w.WriteString(`">`)
			writeTemplateText(w, r.Region)
			w.WriteString(`</a>`)
		} else {
			w.WriteString(`<a class="rest" href="`)
			w.WriteString(r.Href)
			w.WriteString(`">(no `)
			writeTemplateText(w, kind)
			w.WriteString(`)</a>`)
		}
		w.WriteString(`</td>`)
		endRow(w, r.indexRow)
	}
}

func startRow(w *bufio.Writer, r indexRow) {
	if r.Covered {
		w.WriteString("\n<tr class=\"covered\">")
	} else {
		w.WriteString("\n<tr>")
	}
}

// endRow writes a row's numbers, its coverage and the row's end.
func endRow(w *bufio.Writer, r indexRow) {
	cell := func(class, label, sortBy, shown string) {
		w.WriteString(`<td `)
		if class != "" {
			w.WriteString(`class="` + class + `" `)
		}
		w.WriteString(`data-label="` + label + `" data-v="`)
		w.WriteString(sortBy)
		w.WriteString(`">`)
		w.WriteString(shown)
		w.WriteString(`</td>`)
	}
	count := func(label string, n int) {
		s := strconv.Itoa(n)
		cell("", label, s, s)
	}
	count("Statements", r.N.Statements)
	count("Missing", r.N.Missing)
	count("Excluded", r.N.Excluded)
	cell("sp", "Statements %", r.SortStmtPct, r.StmtPct+"%")
	if r.Branch {
		count("Branches", r.N.Branches)
		count("Partial", r.N.PartialBranches)
		cell("bp", "Branches %", r.SortBranchPct, r.BranchPct+"%")
	}
	w.WriteString(`<td class="pct" data-label="Coverage" data-v="`)
	w.WriteString(r.SortPct)
	w.WriteString(`">`)
	w.WriteString(string(r.Meter()))
	w.WriteString("</td></tr>")
}

// Meter is the row's coverage as a bar and a percentage. (Its values are
// numbers: nothing to escape.)
func (r indexRow) Meter() template.HTML {
	return template.HTML(`<span class="meter" aria-hidden="true"><span style="width: ` + r.SortPct +
		`%"></span></span> <span class="pv">` + r.Pct + `%</span>`)
}

// htmlTextEscapes are html/template's escapes for a value in text: a NUL
// becomes U+FFFD, and five characters (and "+") character references.
var htmlTextEscapes = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// writeTemplateText writes s as html/template writes {{.}} in text or in a
// quoted attribute.
func writeTemplateText(w *bufio.Writer, s string) {
	htmlTextEscapes.WriteString(w, s)
}

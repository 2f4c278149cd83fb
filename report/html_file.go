package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pycov/pycov/coverage"
)

// filePage is what the page of one source file shows.
type filePage struct {
	pageMeta
	Name       string
	Pct        string
	N          coverage.Numbers
	Branch     bool
	Prev, Next string // neighbouring pages, in index order
	// Notice says why the source is not shown ("" when it is); then
	// Missing and Partial list what did not run instead.
	Notice  string
	Missing string
	Partial []string
	Lines   []srcLine
	Digits  int // width of the largest line number
	Rows    template.HTML
}

// srcLine is one line of source with its coverage status.
type srcLine struct {
	N     int
	Class string // "run", "mis", "par" (ran, some branch never taken), "exc", or ""
	Mark  string // the status as a symbol, for readers who can't tell the colours apart
	Label string // the status in words, for the symbol's tooltip
	Code  template.HTML
	Notes []string // partial lines: why, one per branch never taken
	// Contexts are the contexts that ran the line, with --show-contexts.
	Contexts []string
}

// lineStatus is how one status of a line shows.
type lineStatus struct{ class, mark, label string }

var (
	statusRun      = lineStatus{"run", "✓", "ran"}
	statusMissing  = lineStatus{"mis", "✗", "never ran"}
	statusPartial  = lineStatus{"par", "◐", "ran, but some branches were never taken"}
	statusExcluded = lineStatus{"exc", "−", "excluded from measurement"}
)

// buildFilePage lays out the page of f: its numbers and its source, line
// by line, marked with what ran. When the source can't be read or is not
// what was measured, the page says so and lists what did not run instead.
func buildFilePage(f *coverage.FileResult, branch bool, o HTMLOptions, meta pageMeta) *filePage {
	p := &filePage{
		pageMeta: meta,
		Name:     f.Name,
		Pct:      coverage.DisplayPercent(f.Numbers.PercentCovered(), o.Precision),
		N:        f.Numbers,
		Branch:   branch,
	}
	partial := f.PartialLines()
	src, notice, slug := readSource(f)
	if notice != "" {
		o.Warn(slug, notice)
		p.Notice, p.Missing = notice, f.MissingText()
		for _, l := range slices.Sorted(maps.Keys(partial)) {
			for _, to := range partial[l] {
				p.Partial = append(p.Partial, f.MissingArcText([2]int{l, to}))
			}
		}
		return p
	}
	code := highlightPython(src)
	status := make(map[int]lineStatus, len(f.Statements)+len(f.Excluded))
	for _, l := range f.Executed {
		status[l] = statusRun
	}
	for l := range partial {
		status[l] = statusPartial
	}
	for _, l := range f.Missing {
		status[l] = statusMissing
	}
	for _, l := range f.Excluded {
		status[l] = statusExcluded
	}
	var contexts map[int][]string
	if o.ShowContexts {
		contexts = f.Data.ContextsByLine(o.Contexts, branch)
	}
	p.Lines = make([]srcLine, len(code))
	for i, c := range code {
		n := i + 1
		st := status[n]
		p.Lines[i] = srcLine{N: n, Class: st.class, Mark: st.mark, Label: st.label, Code: c, Contexts: contexts[n]}
		for _, to := range partial[n] {
			p.Lines[i].Notes = append(p.Lines[i].Notes, f.MissingArcText([2]int{n, to}))
		}
	}
	p.Digits = len(strconv.Itoa(len(code)))
	p.Rows = renderRows(p.Lines)
	return p
}

// readSource reads the text of f as it was measured. When that is not
// possible it returns instead a notice for the page and the warning's slug.
func readSource(f *coverage.FileResult) (src, notice, slug string) {
	raw, err := coverage.ReadSource(f.Path)
	if err != nil {
		return "", fmt.Sprintf("the source of %s can't be read (%v), so it is not shown; what did not run is listed instead", f.Name, unwrapPathError(err)), "source-unreadable"
	}
	if want := measuredSHA256(f); want != "" {
		sum := sha256.Sum256(raw)
		if hex.EncodeToString(sum[:]) != want {
			return "", fmt.Sprintf("%s has changed since it was measured, so its lines can't be marked; what did not run is listed instead (run the tests again to update the report)", f.Name), "source-changed"
		}
	}
	return decodeSource(raw), "", ""
}

// measuredSHA256 is the hash of the source that was measured, if known.
func measuredSHA256(f *coverage.FileResult) string {
	if f.Data == nil || f.Data.Facts == nil {
		return ""
	}
	return f.Data.Facts.SHA256
}

// unwrapPathError drops the path from an *os.PathError: the notice names
// the file already, by the name the report uses.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// latin1Cookie matches a PEP 263 coding declaration of Latin-1 in the
// first two lines.
var latin1Cookie = regexp.MustCompile(`(?m)\A(?:.*\n)?[ \t\f]*#.*?coding[:=][ \t]*(?:latin-1|iso-8859-1|iso-latin-1|latin1)\b`)

// decodeSource makes Python source text as the interpreter reads it: no
// byte order mark, Latin-1 when so declared, otherwise UTF-8 (an invalid
// byte shows as U+FFFD), and "\n" line ends ("\r\n" and "\r" are line
// ends in Python too).
func decodeSource(raw []byte) string {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	var s string
	switch {
	case utf8.Valid(raw):
		s = string(raw)
	case latin1Cookie.Match(raw):
		r := make([]rune, len(raw))
		for i, c := range raw {
			r[i] = rune(c)
		}
		s = string(r)
	default:
		s = strings.ToValidUTF8(string(raw), "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// rowMarkup is about the length of a source row's markup, but for its
// code, in bytes: a line of a partial branch's, with a note, is longer.
const rowMarkup = 160

// renderRows writes the source rows of a file page. It is plain Go rather
// than a template range: html/template's per-value escaping through
// reflection was 80% of the HTML report's time on a large project. Every
// value from outside is escaped here (Code is already escaped HTML from
// the highlighter; Class is one of ours).
//
// The rows are built in one allocation of about their size: growing the
// builder from nothing copied each page's rows several times over.
func renderRows(lines []srcLine) template.HTML {
	var b strings.Builder
	size := 0
	for _, l := range lines {
		size += rowMarkup + len(l.Code)
	}
	b.Grow(size)
	for _, l := range lines {
		n := strconv.Itoa(l.N)
		b.WriteString("\n<div class=\"row")
		if l.Class != "" {
			b.WriteString(" ")
			b.WriteString(l.Class)
		}
		b.WriteString(`" id="t`)
		b.WriteString(n)
		b.WriteString(`"><a class="num" href="#t`)
		b.WriteString(n)
		b.WriteString(`">`)
		b.WriteString(n)
		b.WriteString(`</a><span class="mk"`)
		if l.Label != "" {
			b.WriteString(` title="`)
			b.WriteString(html.EscapeString(l.Label))
			b.WriteString(`"`)
		}
		b.WriteString(">")
		b.WriteString(html.EscapeString(l.Mark))
		b.WriteString(`</span><span class="code">`)
		b.WriteString(string(l.Code))
		b.WriteString("</span></div>")
		for _, note := range l.Notes {
			b.WriteString("\n<div class=\"note\">↳ " + html.EscapeString(note) + "</div>")
		}
		if len(l.Contexts) > 0 {
			// A disclosure per line: the names show when it is opened.
			what := "contexts"
			if len(l.Contexts) == 1 {
				what = "context"
			}
			b.WriteString("\n<details class=\"ctx\"><summary>" + strconv.Itoa(len(l.Contexts)) + " " + what + "</summary><ul>")
			for _, c := range l.Contexts {
				if c == "" {
					c = "(empty context: outside any test)"
				}
				b.WriteString("<li>" + html.EscapeString(c) + "</li>")
			}
			b.WriteString("</ul></details>")
		}
	}
	return template.HTML(b.String())
}

package report

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// This file is the only one that knows about chroma: it splits Python
// source into highlighted lines and writes the token stylesheet.

// Chroma styles for the two themes of the HTML report.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// highlightPython returns the HTML of each line of src (which has "\n"
// line ends), as spans whose classes are chroma's short token names ("k",
// "s2", ...). Every piece of text is escaped here, so the result is safe
// to put in a page as it is. There are exactly as many lines as src has.
func highlightPython(src string) ([]template.HTML, error) {
	n := strings.Count(src, "\n")
	if src != "" && !strings.HasSuffix(src, "\n") {
		n++
	}
	out := make([]template.HTML, 0, n)
	lexer := chroma.Coalesce(lexers.Get("python"))
	it, err := lexer.Tokenise(nil, src)
	if err != nil {
		return nil, fmt.Errorf("highlighting: %w", err)
	}
	var b strings.Builder
	class := ""   // class of the open span, if any
	open := false // a span is open in b
	flushSpan := func() {
		if open {
			b.WriteString("</span>")
			open = false
		}
	}
	endLine := func() {
		flushSpan()
		out = append(out, template.HTML(b.String()))
		b.Reset()
	}
	for tok := it(); tok != chroma.EOF; tok = it() {
		c := tokenClass(tok.Type)
		parts := strings.Split(tok.Value, "\n")
		for i, p := range parts {
			if i > 0 {
				endLine()
			}
			if p == "" {
				continue
			}
			if !open || c != class {
				flushSpan()
				if c != "" {
					b.WriteString(`<span class="` + c + `">`)
					open, class = true, c
				}
			}
			b.WriteString(html.EscapeString(p))
		}
	}
	if b.Len() > 0 {
		endLine()
	}
	// The lexer may add a final newline; the source has the last word.
	for len(out) < n {
		out = append(out, "")
	}
	return out[:n], nil
}

// tokenClass is chroma's CSS class for a token type: its own, or that of
// the nearest parent type that has one. Plain text has none.
func tokenClass(t chroma.TokenType) string {
	for {
		if c, ok := chroma.StandardTypes[t]; ok {
			return c
		}
		if t == t.SubCategory() {
			if t == t.Category() {
				return ""
			}
			t = t.Category()
			continue
		}
		t = t.SubCategory()
	}
}

// tokenCSS writes the stylesheet of the token classes: the light style's
// colours for code under ".src", and the dark style's under the selectors
// that mean "dark theme", once for a dark choice made on the page and once
// for a dark system preference no choice overrides.
func tokenCSS(b *strings.Builder) {
	light, dark := styleRules(styles.Get(lightStyle)), styleRules(styles.Get(darkStyle))
	classes := make([]string, 0, len(light)+len(dark))
	seen := map[string]bool{}
	for _, m := range []map[string]tokenRule{light, dark} {
		for c := range m {
			if !seen[c] {
				seen[c] = true
				classes = append(classes, c)
			}
		}
	}
	sort.Strings(classes)
	write := func(scope string, own, other map[string]tokenRule) {
		for _, c := range classes {
			if css := own[c].css(other[c]); css != "" {
				fmt.Fprintf(b, "%s.src .%s { %s }\n", scope, c, css)
			}
		}
	}
	write("", light, dark)
	write(`:root[data-theme="dark"] `, dark, light)
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	write(`:root:not([data-theme="light"]) `, dark, light)
	b.WriteString("}\n")
}

// tokenRule is how one style shows one token class.
type tokenRule struct {
	colour                  string
	bold, italic, underline bool
}

// css is the rule's declarations, with each property that the other
// theme sets and this one does not put back to its default, so switching
// themes leaves nothing behind.
func (r tokenRule) css(other tokenRule) string {
	var s []string
	switch {
	case r.colour != "":
		s = append(s, "color: "+r.colour)
	case other.colour != "":
		s = append(s, "color: inherit")
	}
	prop := func(name string, on, otherOn bool, onVal, offVal string) {
		if on {
			s = append(s, name+": "+onVal)
		} else if otherOn {
			s = append(s, name+": "+offVal)
		}
	}
	prop("font-weight", r.bold, other.bold, "bold", "normal")
	prop("font-style", r.italic, other.italic, "italic", "normal")
	prop("text-decoration", r.underline, other.underline, "underline", "none")
	return strings.Join(s, "; ")
}

// styleRules is how style shows each token class it styles, relative to
// its background entry (so plain text takes the page's own colour).
func styleRules(style *chroma.Style) map[string]tokenRule {
	bg := style.Get(chroma.Background)
	out := map[string]tokenRule{}
	for t, class := range chroma.StandardTypes {
		if t < 0 || class == "" { // line, background and wrapper pseudo-types
			continue
		}
		e := style.Get(t).Sub(bg)
		r := tokenRule{bold: e.Bold == chroma.Yes, italic: e.Italic == chroma.Yes, underline: e.Underline == chroma.Yes}
		if e.Colour.IsSet() {
			r.colour = e.Colour.String()
		}
		if r != (tokenRule{}) {
			out[class] = r
		}
	}
	return out
}

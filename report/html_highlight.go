package report

import (
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// This file and html_lexer.go are the only ones that know about chroma:
// this one turns Python source, split into chroma's tokens by our own
// lexer, into highlighted lines and writes the token stylesheet from
// chroma's styles.

// Chroma styles for the two themes of the HTML report.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// highlightPython returns the HTML of each line of src (which has "\n"
// line ends), as spans whose classes are chroma's short token names ("k",
// "s2", ...). Every piece of text is escaped here, so the result is safe
// to put in a page as it is. There are exactly as many lines as src has.
// Neighbouring tokens of the same class share a span; plain text has none.
func highlightPython(src string) []template.HTML {
	var b strings.Builder
	b.Grow(len(src) * 8) // the HTML is about 6 times the source
	var (
		ends  []int  // where each line ends in b
		class string // class of the open span, if any
		open  bool   // a span is open in b
	)
	for _, tok := range lexPython(src) {
		c := tokenClass(tok.Type)
		for v := tok.Value; v != ""; {
			part, rest, newline := strings.Cut(v, "\n")
			if part != "" {
				if !open || c != class {
					if open {
						b.WriteString("</span>")
						open = false
					}
					if c != "" {
						b.WriteString(`<span class="`)
						b.WriteString(c)
						b.WriteString(`">`)
						open, class = true, c
					}
				}
				writeEscaped(&b, part)
			}
			if newline {
				if open {
					b.WriteString("</span>")
					open = false
				}
				ends = append(ends, b.Len())
			}
			v = rest
		}
	}
	if open {
		b.WriteString("</span>")
	}
	if src != "" && !strings.HasSuffix(src, "\n") {
		ends = append(ends, b.Len())
	}
	html := b.String()
	out := make([]template.HTML, len(ends))
	start := 0
	for i, end := range ends {
		out[i] = template.HTML(html[start:end])
		start = end
	}
	return out
}

// writeEscaped writes s to b escaped as html.EscapeString escapes it.
func writeEscaped(b *strings.Builder, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(esc)
		start = i + 1
	}
	b.WriteString(s[start:])
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

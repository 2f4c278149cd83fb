package report

import (
	"html/template"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// This file and html_lexer.go are the only ones that know about chroma:
// this one turns Python source, split into chroma's tokens by our own
// lexer, into highlighted lines. The token colours, html_assets/tokens.css,
// are generated from chroma's "github" and "github-dark" styles by
// TestTokenCSS (go test ./report -run TestTokenCSS -update): importing
// chroma's styles at run time cost 5 ms of every pycov start.

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

// Package pathglob is coverage.py's file path patterns (its GlobMatcher,
// coverage.py ≥ 7.0), the one glob dialect of pycov: [run] and [report]
// include and omit (measured by the agent, applied by reports), [paths]
// remapping in combine, and per-path gates.
//
// The rules, as coverage.py documents them:
//
//   - "?" matches one character of a file name, "*" any number of them: they
//     never match a directory separator. A pattern that starts with "*/" is
//     treated as "**/", one that ends with "/*" as "/**".
//   - "**" matches any number of nested directories, none included. It must
//     be a whole path component: "/**/" is allowed, "/a**/" is an error, as
//     are "***" and "**/**".
//   - "[a-f]" is a character class; a lone "[" or "]" is an error.
//   - "/" and "\" both match either separator.
//   - A pattern with no separator matches that file name in any directory;
//     otherwise the pattern matches the whole path (or, with Partial, its
//     start).
//
// A Set compiles to one regular expression written in the syntax Go's
// regexp and Python's re share, so that the agent (Python) matches the very
// expression the reports (Go) match.
package pathglob

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"unicode/utf8"
)

// Options change how a Set matches.
type Options struct {
	// Partial matches patterns against the start of a path (a [paths]
	// prefix), not the whole path.
	Partial bool
	// CaseInsensitive ignores case, as coverage.py does on Windows and
	// for [paths].
	CaseInsensitive bool
}

// Native is how include, omit and gate patterns match on this system:
// ignoring case on Windows, as coverage.py does.
var Native = Options{CaseInsensitive: runtime.GOOS == "windows"}

// A Set is patterns compiled together: a path matches the Set when it
// matches any of them.
type Set struct {
	py   string // the alternation in Python's flavour, unanchored, no flags
	opts Options
	re   *regexp.Regexp
}

// Compile compiles patterns. An empty pattern is skipped; a Set of no
// patterns matches nothing.
func Compile(patterns []string, opts Options) (*Set, error) {
	var alts, pyAlts []string
	for _, p := range patterns {
		if p == "" {
			continue
		}
		rx, err := translate(p, false)
		if err != nil {
			return nil, err
		}
		py, _ := translate(p, true)
		alts = append(alts, "(?:"+rx+")")
		pyAlts = append(pyAlts, "(?:"+py+")")
	}
	expr, py := strings.Join(alts, "|"), strings.Join(pyAlts, "|")
	if len(alts) == 0 {
		expr, py = `[^\s\S]`, `[^\s\S]` // nothing
	}
	s := &Set{py: py, opts: opts}
	goExpr := "^(?:" + expr + ")"
	if !opts.Partial {
		goExpr += "$"
	}
	if opts.CaseInsensitive {
		goExpr = "(?i)" + goExpr
	}
	re, err := regexp.Compile(goExpr)
	if err != nil {
		return nil, fmt.Errorf("file patterns %q: %w", patterns, err)
	}
	s.re = re
	return s, nil
}

// Match says whether path matches (with Partial: whether it starts with a
// match).
func (s *Set) Match(path string) bool { return s.re.MatchString(path) }

// MatchPrefix is the length of the start of path that matches, or -1. With
// Partial unset a match is the whole path.
func (s *Set) MatchPrefix(path string) int {
	m := s.re.FindStringIndex(path)
	if m == nil {
		return -1
	}
	return m[1]
}

// Python is the Set as a Python regular expression, for re.compile(...).match
// (which anchors it at the start; the expression anchors the end).
func (s *Set) Python() string {
	rx := "(?:" + s.py + ")"
	if !s.opts.Partial {
		rx += `\Z`
	}
	if s.opts.CaseInsensitive {
		rx = "(?i)" + rx
	}
	return rx
}

// Prep is coverage.py's prep_patterns for include and omit: each pattern,
// and for one that does not start with a wildcard also its absolute form
// against cwd, with the symbolic links of the part that exists resolved
// (the agent and the data file name files by their real paths).
func Prep(patterns []string, cwd string) []string {
	var out []string
	for _, p := range patterns {
		if p == "" {
			continue
		}
		out = append(out, p)
		if !strings.HasPrefix(p, "*") && !strings.HasPrefix(p, "?") {
			out = append(out, absPattern(p, cwd))
		}
	}
	return out
}

// absPattern is p made absolute against cwd and cleaned, its longest
// existing leading directory replaced by its real path.
func absPattern(p, cwd string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(cwd, p)
	}
	p = filepath.Clean(p)
	for dir := p; ; {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			if st, err := os.Stat(real); err == nil && (st.IsDir() || dir == p) {
				if dir == p {
					return real
				}
				return filepath.Join(real, p[len(dir):])
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return p
		}
		dir = parent
	}
}

// Translate is one pattern's regular expression, unanchored, in the syntax
// Go's regexp and Python's re share. The error names the part of the
// pattern coverage.py refuses.
//
// Only a byte that is not UTF-8 (of a file name that is not) is written
// differently for Python, where it is the surrogate os.fsdecode makes of
// it; Go's regexp reads such a byte as U+FFFD.
func Translate(pattern string) (string, error) { return translate(pattern, false) }

func translate(pattern string, py bool) (string, error) {
	p := strings.ReplaceAll(pattern, `\`, "/")
	if !strings.Contains(p, "/") {
		p = "**/" + p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		n, rx, bad := token(p, i, py)
		if bad {
			return "", fmt.Errorf("file pattern %q can't include %q", pattern, p[i:i+n])
		}
		b.WriteString(rx)
		i += n
	}
	return b.String(), nil
}

// Regular expressions for the separators and what lies between them.
const (
	anyDirs   = `(.*[/\\])?` // any directories, or none
	sepAndAny = `[/\\].*`    // a separator, then anything
	sep       = `[/\\]`
	nameChars = `[^/\\]*`
	nameChar  = `[^/\\]`
)

// token reads the token at p[i:]: its length, its regular expression, or
// bad when coverage.py refuses it. The cases are tried in coverage.py's
// order; the first that applies wins.
func token(p string, i int, py bool) (n int, rx string, bad bool) {
	s := p[i:]
	stars := len(s) - len(strings.TrimLeft(s, "*"))
	word := strings.IndexByte(s, '/')
	if word < 0 {
		word = len(s)
	}
	switch {
	case stars >= 3: // "***"
		return stars, "", true
	case word > 1 && strings.Contains(s[1:word], "**"): // "x**": ** after a name character
		return word, "", true
	case stars == 2 && len(s) > 2 && s[2] != '/': // "**x"
		return word, "", true
	case strings.HasPrefix(s, "**/**"):
		return 5, "", true
	case i == 0 && stars > 0 && stars < len(s) && s[stars] == '/': // a leading "*/" is "**/"
		return stars + 1, anyDirs, false
	case s[0] == '/' && len(s) > 1 && strings.Trim(s[1:], "*") == "": // a trailing "/*" is "/**"
		return len(s), sepAndAny, false
	case strings.HasPrefix(s, "**/"):
		return 3, anyDirs, false
	case s[0] == '/':
		return 1, sep, false
	case s[0] == '*':
		return 1, nameChars, false
	case s[0] == '?':
		return 1, nameChar, false
	case s[0] == '[':
		if end := strings.IndexByte(s[1:], ']'); end >= 0 && !strings.Contains(s[1:1+end], "\n") {
			return end + 2, class(s[1:1+end], py), false
		}
		return 1, "", true
	case s[0] == ']':
		return 1, "", true
	}
	w := 0
	for w < len(s) && isWordChar(s[w]) {
		w++
	}
	if w > 0 {
		return w, s[:w], false
	}
	// Any other character stands for itself.
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return 1, invalidByte(s[0], py), false
	}
	return n, regexp.QuoteMeta(s[:n]), false
}

// invalidByte is the expression for a byte that is not UTF-8.
func invalidByte(b byte, py bool) string {
	if py {
		return fmt.Sprintf(`\u%04x`, 0xDC00+int(b))
	}
	return `\x{FFFD}`
}

// class is the character class "[inner]" as Python reads it. Inside it, "["
// is an ordinary character (which Go would read as the start of
// "[:alpha:]"), and so are "&", "~" and "|" (which Python warns may become
// set operators): they are escaped, which both languages read as literal.
var classEscaper = strings.NewReplacer("[", `\[`, "&", `\&`, "~", `\~`, "|", `\|`)

func class(inner string, py bool) string {
	var b strings.Builder
	for i := 0; i < len(inner); {
		r, n := utf8.DecodeRuneInString(inner[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteString(invalidByte(inner[i], py))
		} else {
			b.WriteString(inner[i : i+n])
		}
		i += n
	}
	return "[" + classEscaper.Replace(b.String()) + "]"
}

func isWordChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

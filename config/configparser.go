package config

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// iniSection is one [section] of an INI file, its options in file order.
type iniSection struct {
	name string
	keys []string          // lower-cased, in file order
	vals map[string]string // option -> value
}

// parseConfigParser splits an INI text into sections as Python's
// configparser.ConfigParser does with the settings coverage.py uses
// (interpolation off, strict, "=" and ":" as delimiters, "#" and ";" for
// whole-line comments only, empty lines allowed in values, option names
// lower-cased):
//
//   - A line whose stripped text starts with "#" or ";" is a comment: it is
//     skipped, even inside a multi-line value, which goes on after it.
//   - A blank line adds an empty line to the value being read.
//   - A line indented deeper than the line that started the current option
//     continues its value; otherwise the stripped line is a section header
//     ("[" ... "]"; the name runs to the last "]") or "option = value",
//     split at the first "=" or ":".
//   - A value is its lines, each stripped, joined with "\n" and stripped
//     at the end.
//
// There is no length limit. Lines end at "\n", "\r\n" or "\r", as in
// Python's text files; "whitespace" is Python's str.isspace. [DEFAULT] may
// appear more than once, as in configparser; it is returned like any other
// section (readINI does not carry its options into other sections).
func parseConfigParser(text string) ([]*iniSection, error) {
	var (
		sections = map[string]*iniSection{}
		order    []*iniSection
		cur      *iniSection // nil before the first header
		opt      string      // the option whose value is being read
		lines    []string    // its value's lines
		indent   int         // the indent of the line that started it
	)
	finish := func() {
		if opt != "" {
			cur.vals[opt] = strings.TrimRightFunc(strings.Join(lines, "\n"), pyIsSpace)
		}
		opt, lines = "", nil
	}
	for n, line := range splitPyLines(text) {
		lineno := n + 1
		stripped := strings.TrimFunc(line, pyIsSpace)
		if stripped != "" && (stripped[0] == '#' || stripped[0] == ';') {
			continue
		}
		if stripped == "" {
			if opt != "" {
				lines = append(lines, "")
			}
			continue
		}
		lead := utf8.RuneCountInString(line[:len(line)-len(strings.TrimLeftFunc(line, pyIsSpace))])
		if opt != "" && lead > indent {
			lines = append(lines, stripped)
			continue
		}
		finish()
		indent = lead
		if m := sectionRE.FindStringSubmatch(stripped); m != nil {
			name := m[1]
			if sections[name] != nil && name != "DEFAULT" {
				return nil, fmt.Errorf("section [%s] appears twice (line %d)", name, lineno)
			}
			if cur = sections[name]; cur == nil {
				cur = &iniSection{name: name, vals: map[string]string{}}
				sections[name] = cur
				order = append(order, cur)
			}
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("%q is outside any [section] (line %d)", stripped, lineno)
		}
		i := strings.IndexAny(stripped, "=:")
		if i < 0 {
			return nil, fmt.Errorf("%q is not option = value (line %d)", stripped, lineno)
		}
		name := strings.ToLower(strings.TrimRightFunc(stripped[:i], pyIsSpace))
		if name == "" {
			return nil, fmt.Errorf("%q has no option name (line %d)", stripped, lineno)
		}
		if _, dup := cur.vals[name]; dup {
			return nil, fmt.Errorf("option %s appears twice in a section (line %d)", name, lineno)
		}
		cur.keys = append(cur.keys, name)
		opt, lines = name, []string{strings.TrimFunc(stripped[i+1:], pyIsSpace)}
	}
	if opt != "" {
		finish()
	}
	return order, nil
}

// sectionRE is configparser's SECTCRE, matched at the start of a stripped
// line; the greedy ".+" makes the name run to the last "]".
var sectionRE = regexp.MustCompile(`^\[(.+)\]`)

// splitPyLines splits text into lines as Python's text files do
// (universal newlines).
func splitPyLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// pyIsSpace is Python's str.isspace for one character: Go's unicode.IsSpace
// and the four ASCII separators \x1c-\x1f.
func pyIsSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

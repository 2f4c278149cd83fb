package config

import (
	"fmt"
	"strings"

	"gopkg.in/ini.v1"
)

// readINI reads an INI file (.coveragerc, setup.cfg, tox.ini) as Python's
// configparser reads it for coverage.py: no interpolation, no inline
// comments, keys in lower case, "=" or ":" between key and value, and a
// value going on over the following lines that are indented. Coverage
// sections are [coverage:NAME], or also plain [NAME] in a file only for
// coverage (ours). pycov's own are [pycov] and [pycov:gate NAME].
//
// configparser keeps blank lines inside a multi-line value and drops
// comment lines there; ini.v1 ends the value at either, so both are
// dropped before parsing (every list coverage.py reads skips blank
// entries, so nothing is lost). [DEFAULT] is not carried into other
// sections.
func readINI(name string, text []byte, ours bool) (*parsed, error) {
	text = dropCommentLines(text)
	if err := checkDuplicates(text); err != nil {
		return nil, fmt.Errorf("couldn't read config file %s: %w", name, err)
	}
	f, err := ini.LoadSources(ini.LoadOptions{
		AllowPythonMultilineValues: true,
		IgnoreInlineComment:        true,
		IgnoreContinuation:         true,
		PreserveSurroundedQuote:    true,
		InsensitiveKeys:            true,
		KeyValueDelimiters:         "=:",
		ChildSectionDelimiter:      "\x00", // sections have no parents
	}, text)
	if err != nil {
		return nil, fmt.Errorf("couldn't read config file %s: %w", name, err)
	}
	p := &parsed{file: name, sections: map[string]*section{}}
	for _, s := range f.Sections() {
		real := s.Name()
		if real == ini.DefaultSection {
			if len(s.Keys()) > 0 {
				return nil, fmt.Errorf("couldn't read config file %s: %s = ... is outside any [section]", name, s.Keys()[0].Name())
			}
			continue
		}
		sec := &section{name: real, vals: map[string]any{}}
		for _, k := range s.Keys() {
			sec.keys = append(sec.keys, k.Name())
			sec.vals[k.Name()] = stripLines(k.Value())
		}
		switch canon, prefixed := strings.CutPrefix(real, "coverage:"); {
		case real == "pycov:gate" || strings.HasPrefix(real, "pycov:gate "):
			gate := strings.TrimSpace(strings.TrimPrefix(real, "pycov:gate"))
			if _, ok := sec.vals["name"]; !ok && gate != "" {
				sec.keys = append([]string{"name"}, sec.keys...)
				sec.vals["name"] = gate
			}
			p.gates = append(p.gates, sec)
		case real == "pycov":
			p.sections["pycov"] = sec
		case prefixed:
			p.sections[canon] = sec // [coverage:X] wins over [X]
		case ours:
			if _, ok := p.sections[canon]; !ok {
				p.sections[canon] = sec
			}
		}
	}
	return p, nil
}

// dropCommentLines removes blank lines and lines whose first non-blank
// character is "#" or ";" (configparser's full-line comments).
func dropCommentLines(text []byte) []byte {
	var b strings.Builder
	for _, line := range strings.Split(string(text), "\n") {
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' || t[0] == ';' {
			continue
		}
		b.WriteString(strings.TrimSuffix(line, "\r"))
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// checkDuplicates refuses what configparser refuses (so coverage.py
// does too): a section twice, or an option twice in a section. text has
// no comment or blank lines.
func checkDuplicates(text []byte) error {
	sections := map[string]map[string]bool{}
	var cur map[string]bool
	for _, line := range strings.Split(string(text), "\n") {
		switch {
		case line == "" || line[0] == ' ' || line[0] == '\t':
			// a continuation line
		case line[0] == '[':
			name, _, ok := strings.Cut(line[1:], "]")
			if !ok {
				continue // ini.v1 reports it
			}
			if sections[name] != nil {
				return fmt.Errorf("section [%s] appears twice", name)
			}
			cur = map[string]bool{}
			sections[name] = cur
		case cur != nil:
			i := strings.IndexAny(line, "=:")
			if i < 0 {
				continue
			}
			key := strings.ToLower(strings.TrimSpace(line[:i]))
			if cur[key] {
				return fmt.Errorf("option %s appears twice in a section", key)
			}
			cur[key] = true
		}
	}
	return nil
}

// stripLines strips each line of a multi-line value, as configparser does.
func stripLines(v string) string {
	if !strings.Contains(v, "\n") {
		return v
	}
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// iniBool is configparser's getboolean.
func iniBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "yes", "true", "on":
		return true, true
	case "0", "no", "false", "off":
		return false, true
	}
	return false, false
}

// iniList is coverage.py's getlist: values separated by newlines and
// commas, each stripped, blanks dropped.
func iniList(s string) []string {
	out := []string{}
	for _, line := range strings.Split(s, "\n") {
		for _, v := range strings.Split(line, ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// iniRegexList is coverage.py's getregexlist: one regex a line (a regex
// may hold a comma), each stripped, blanks dropped.
func iniRegexList(s string) []string {
	out := []string{}
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

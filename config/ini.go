package config

import (
	"fmt"
	"strings"
)

// readINI reads an INI file (.coveragerc, setup.cfg, tox.ini) as Python's
// configparser reads it for coverage.py (see parseConfigParser). Coverage
// sections are [coverage:NAME], or also plain [NAME] in a file only for
// coverage (ours). pycov's own are [pycov] and [pycov:gate NAME].
// [DEFAULT] is not carried into other sections.
func readINI(name string, text []byte, ours bool) (*parsed, error) {
	sections, err := parseConfigParser(string(text))
	if err != nil {
		return nil, fmt.Errorf("couldn't read config file %s: %w", name, err)
	}
	p := &parsed{file: name, sections: map[string]*section{}}
	for _, s := range sections {
		real := s.name
		if real == "DEFAULT" {
			continue
		}
		sec := &section{name: real, vals: map[string]any{}}
		for _, k := range s.keys {
			sec.keys = append(sec.keys, k)
			sec.vals[k] = stripLines(s.vals[k])
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

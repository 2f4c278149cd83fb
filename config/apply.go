package config

import (
	"fmt"
	"sort"
	"strings"
)

// section is one section of a configuration file, as read.
type section struct {
	name string         // as written, for messages: "tool.coverage.run", "coverage:run", "run"
	keys []string       // in file order
	vals map[string]any // INI: strings; TOML: typed values
}

// parsed is a configuration file read into sections by their coverage.py
// name ("run", "report", "paths", ...; "pycov" for pycov's own), and
// pycov's gates.
type parsed struct {
	file     string
	toml     bool
	sections map[string]*section
	gates    []*section
	warnings []Warning

	// Set by apply.
	coverage        bool // the file has a coverage.py setting
	branchSet       bool
	htmlSkipCovered bool
	htmlSkipEmpty   bool
}

func (p *parsed) warn(slug, format string, args ...any) {
	p.warnings = append(p.warnings, Warning{slug, fmt.Sprintf(format, args...)})
}

// loader reads one file's values.
type loader struct {
	file string
	toml bool
	env  func(string) (string, bool)
}

// apply sets c from the sections of p and says whether p had any setting
// for coverage.py or pycov (a file not only for coverage is used only if
// it has). An unknown option or section is a warning; a bad value is an
// error naming the file, the option and what is expected.
func (l *loader) apply(c *Config, p *parsed) (used bool, err error) {
	plugins := map[string]bool{}
	if run := p.sections["run"]; run != nil {
		if raw, ok := run.vals["plugins"]; ok {
			v, err := l.read(raw, kList)
			if err != nil {
				return false, l.bad(run, "plugins", err)
			}
			for _, name := range v.l {
				plugins[name] = true
			}
		}
	}
	for _, canon := range sortedSections(p.sections) {
		s := p.sections[canon]
		switch {
		case canon == "paths":
			for _, k := range s.keys {
				v, err := l.read(s.vals[k], kList)
				if err != nil {
					return false, l.bad(s, k, err)
				}
				c.Paths = append(c.Paths, PathAlias{Name: k, Patterns: v.l})
				p.coverage = true
			}
			continue
		case plugins[canon]:
			p.coverage = true
			continue
		case options[canon] == nil:
			p.warn("unknown-config-section", "%s: unknown section [%s]%s", l.file, s.name, suggest(canon, sectionNames()))
			continue
		}
		for _, k := range s.keys {
			n, err := l.set(c, s, options[canon], k)
			if err != nil {
				return false, err
			}
			if n > 0 {
				c.source(canon+"."+k, l.file+" ["+s.name+"]")
			}
			if n == 0 {
				if quiet, ok := ignored[canon][k]; ok {
					if !quiet {
						p.warn("unsupported-config-option", "%s: [%s] %s is a coverage.py option pycov does not support; it is ignored", l.file, s.name, k)
					}
					n = 1
				} else {
					p.warn("unknown-config-option", "%s: unknown option [%s] %s%s", l.file, s.name, k, suggest(k, optionNames(canon)))
					continue
				}
			}
			if canon != "pycov" {
				p.coverage = true
			}
			used = true
			switch canon + ":" + k {
			case "run:branch":
				p.branchSet = true
			case "html:skip_covered":
				p.htmlSkipCovered = true
			case "html:skip_empty":
				p.htmlSkipEmpty = true
			}
		}
	}
	for _, g := range p.gates {
		if err := l.gate(c, g); err != nil {
			return false, err
		}
		used = true
	}
	return used || p.coverage, nil
}

// set sets option k of section s if opts has it; n is 0 when it does not.
func (l *loader) set(c *Config, s *section, opts []option, k string) (n int, err error) {
	for _, o := range opts {
		if o.key != k {
			continue
		}
		v, err := l.read(s.vals[k], o.kind)
		if err == nil {
			err = o.set(c, v)
		}
		if err != nil {
			return 0, l.bad(s, k, err)
		}
		return 1, nil
	}
	return 0, nil
}

// gate reads one per-path gate.
func (l *loader) gate(c *Config, s *section) error {
	c.Gates.Paths = append(c.Gates.Paths, PathGate{})
	for _, k := range s.keys {
		n, err := l.set(c, s, gateOptions, k)
		if err != nil {
			return err
		}
		if n == 0 {
			return l.bad(s, k, fmt.Errorf("unknown gate option: a gate has paths, name, line, branch and total"))
		}
	}
	g := lastGate(c)
	if len(g.Paths) == 0 {
		return fmt.Errorf("%s: [%s]: a gate needs paths, the files it applies to (globs like \"src/core/**\")", l.file, s.name)
	}
	if g.Line == 0 && g.Branch == 0 && g.Total == 0 {
		return fmt.Errorf("%s: [%s]: a gate needs a minimum: line, branch or total (percentages)", l.file, s.name)
	}
	if g.Name == "" {
		g.Name = strings.Join(g.Paths, ", ")
	}
	return nil
}

// bad is the error for a bad value of option k in section s.
func (l *loader) bad(s *section, k string, err error) error {
	return fmt.Errorf("%s: [%s] %s: %w", l.file, s.name, k, err)
}

// sortedSections orders sections as coverage.py reads them (run, report,
// html, xml, json, lcov, then the rest by name), so that messages come in
// a stable order.
func sortedSections(m map[string]*section) []string {
	rank := map[string]int{"run": 1, "report": 2, "html": 3, "xml": 4, "json": 5, "lcov": 6, "paths": 7, "pycov": 8}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := rank[out[i]], rank[out[j]]
		if ri == 0 {
			ri = 99
		}
		if rj == 0 {
			rj = 99
		}
		if ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

func sectionNames() []string {
	return []string{"run", "report", "html", "xml", "json", "lcov", "paths"}
}

func optionNames(section string) []string {
	var out []string
	for _, o := range options[section] {
		out = append(out, o.key)
	}
	for k := range ignored[section] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

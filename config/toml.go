package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// readTOML reads a TOML file (pyproject.toml, .coveragerc.toml) as
// coverage.py does: coverage sections are [tool.coverage.NAME], or also
// top-level [NAME] in a file only for coverage (ours). pycov's own are
// [tool.pycov] (or [pycov] in ours) with [[tool.pycov.gate]] tables.
func readTOML(name string, text []byte, ours bool) (*parsed, error) {
	var data map[string]any
	md, err := toml.Decode(string(text), &data)
	if err != nil {
		return nil, fmt.Errorf("couldn't read config file %s: %w", name, err)
	}
	order := keyOrder(md)
	p := &parsed{file: name, toml: true, sections: map[string]*section{}}
	table := func(path string, v any) (*section, error) {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: [%s] is not a table", name, path)
		}
		return &section{name: path, keys: orderedKeys(order[path], m), vals: m}, nil
	}
	add := func(canon, path string, v any, replace bool) error {
		if _, ok := p.sections[canon]; ok && !replace {
			return nil
		}
		s, err := table(path, v)
		if err != nil {
			return err
		}
		p.sections[canon] = s
		return nil
	}
	if ours {
		for _, k := range orderedKeys(order[""], data) {
			if k == "tool" {
				continue
			}
			if _, ok := data[k].(map[string]any); !ok {
				p.warn("unknown-config-option", "%s: %s is not in a section; options go in sections like [run]", name, k)
				continue
			}
			if err := add(k, k, data[k], false); err != nil {
				return nil, err
			}
		}
	}
	tool, _ := data["tool"].(map[string]any)
	if cov, ok := tool["coverage"]; ok {
		if _, ok := cov.(map[string]any); !ok {
			return nil, fmt.Errorf("%s: [tool.coverage] is not a table", name)
		}
		covm := cov.(map[string]any)
		for _, k := range orderedKeys(order["tool.coverage"], covm) {
			path := "tool.coverage." + k
			v := covm[k]
			if _, ok := v.(map[string]any); !ok {
				p.warn("unknown-config-option", "%s: tool.coverage.%s is not a section; options go in sections like [tool.coverage.run]", name, k)
				continue
			}
			if err := add(k, path, v, true); err != nil {
				return nil, err
			}
		}
	}
	if pc, ok := tool["pycov"]; ok {
		if err := add("pycov", "tool.pycov", pc, true); err != nil {
			return nil, err
		}
	}
	if s := p.sections["pycov"]; s != nil {
		if err := tomlGates(p, s); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// tomlGates moves the gate array of tables out of the pycov section.
func tomlGates(p *parsed, s *section) error {
	g, ok := s.vals["gate"]
	if !ok {
		return nil
	}
	path := s.name + ".gate"
	var tables []map[string]any
	switch g := g.(type) {
	case []map[string]any:
		tables = g
	case []any:
		for _, t := range g {
			m, ok := t.(map[string]any)
			if !ok {
				return fmt.Errorf("%s: [%s] must be tables: write [[%s]] with paths = [...] and line, branch or total", p.file, path, path)
			}
			tables = append(tables, m)
		}
	default:
		return fmt.Errorf("%s: [%s] must be tables: write [[%s]] with paths = [...] and line, branch or total", p.file, path, path)
	}
	for i, t := range tables {
		p.gates = append(p.gates, &section{name: "[" + path + "] #" + strconv.Itoa(i+1), keys: orderedKeys(nil, t), vals: t})
	}
	delete(s.vals, "gate")
	s.keys = without(s.keys, "gate")
	return nil
}

// keyOrder lists, for each table path ("" for the top), the keys in it in
// the order the file has them.
func keyOrder(md toml.MetaData) map[string][]string {
	order := map[string][]string{}
	seen := map[string]bool{}
	for _, k := range md.Keys() {
		full := strings.Join(k, ".")
		if seen[full] || len(k) == 0 {
			continue
		}
		seen[full] = true
		parent := strings.Join(k[:len(k)-1], ".")
		order[parent] = append(order[parent], k[len(k)-1])
	}
	return order
}

// orderedKeys is the keys of m: those in order first, in that order, then
// any others (keys holding dots, which keyOrder cannot place) sorted.
func orderedKeys(order []string, m map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range order {
		if _, ok := m[k]; ok && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func without(keys []string, k string) []string {
	var out []string
	for _, x := range keys {
		if x != k {
			out = append(out, x)
		}
	}
	return out
}

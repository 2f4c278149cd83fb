package config

import (
	"fmt"
	"strconv"
	"strings"
)

// read turns raw, an option's value as the file gives it (text from INI,
// a typed value from TOML), into a value of kind k, as coverage.py's
// readers do: environment variables are substituted in text, INI text is
// converted, and TOML values must have the type or be text that converts
// (booleans only from "true" and "false"). The error says what is expected.
func (l *loader) read(raw any, k kind) (value, error) {
	if s, ok := raw.(string); ok {
		if k == kList || k == kRegexList {
			if !l.toml {
				return l.iniList(s, k)
			}
			return value{}, fmt.Errorf("expected a list of strings, got %q", s)
		}
		s, err := substitute(s, l.env)
		if err != nil {
			return value{}, err
		}
		return l.text(s, k)
	}
	switch k {
	case kBool:
		if b, ok := raw.(bool); ok {
			return value{b: b}, nil
		}
		return value{}, fmt.Errorf("expected a boolean (true or false), got %s", show(raw))
	case kInt:
		if n, ok := raw.(int64); ok && n >= -1<<31 && n < 1<<31 {
			return value{i: int(n)}, nil
		}
		return value{}, fmt.Errorf("expected a whole number, got %s", show(raw))
	case kFloat:
		switch n := raw.(type) {
		case int64:
			return value{f: float64(n)}, nil
		case float64:
			return value{f: n}, nil
		}
		return value{}, fmt.Errorf("expected a number, got %s", show(raw))
	case kList, kRegexList:
		items, ok := raw.([]any)
		if !ok {
			return value{}, fmt.Errorf("expected a list of strings, got %s", show(raw))
		}
		out := []string{}
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				return value{}, fmt.Errorf("expected a list of strings, got an item %s", show(it))
			}
			s, err := substitute(s, l.env)
			if err != nil {
				return value{}, err
			}
			if k == kRegexList {
				if s = strings.TrimSpace(s); s == "" {
					continue
				}
			}
			out = append(out, s)
		}
		return value{l: out}, nil
	}
	return value{}, fmt.Errorf("expected a string, got %s", show(raw))
}

// text converts substituted text to kind k.
func (l *loader) text(s string, k kind) (value, error) {
	switch k {
	case kBool:
		if l.toml {
			switch s {
			case "true":
				return value{b: true}, nil
			case "false":
				return value{b: false}, nil
			}
		} else if b, ok := iniBool(s); ok {
			return value{b: b}, nil
		}
		if l.toml {
			return value{}, fmt.Errorf("expected a boolean (true or false), got %q", s)
		}
		return value{}, fmt.Errorf("expected a boolean (true/false, yes/no, on/off or 1/0), got %q", s)
	case kInt:
		n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(s), "_", ""), 10, 32)
		if err != nil {
			return value{}, fmt.Errorf("expected a whole number, got %q", s)
		}
		return value{i: int(n)}, nil
	case kFloat:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), "_", ""), 64)
		if err != nil {
			return value{}, fmt.Errorf("expected a number, got %q", s)
		}
		return value{f: f}, nil
	case kFile:
		return value{s: l.expandUser(s)}, nil
	}
	return value{s: s}, nil
}

// iniList reads a list from INI text; the whole text is substituted first,
// as coverage.py does.
func (l *loader) iniList(s string, k kind) (value, error) {
	s, err := substitute(s, l.env)
	if err != nil {
		return value{}, err
	}
	if k == kRegexList {
		return value{l: iniRegexList(s)}, nil
	}
	return value{l: iniList(s)}, nil
}

// expandUser replaces a leading "~" with the home directory, as Python's
// os.path.expanduser.
func (l *loader) expandUser(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, ok := l.env("HOME")
	if !ok || home == "" {
		return p
	}
	return strings.TrimSuffix(home, "/") + p[1:]
}

// show is a TOML value as a user would write it.
func show(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []any:
		return "a list"
	case map[string]any, []map[string]any:
		return "a table"
	}
	return fmt.Sprint(v)
}

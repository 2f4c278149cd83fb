package config

import (
	"errors"
	"strings"
)

// SplitCommandLine splits [run] command_line into arguments as Python's
// shlex.split does (coverage.py uses it): blanks separate arguments,
// '...' is literal, "..." keeps blanks and lets a backslash escape " and
// \ only, and elsewhere a backslash escapes any character.
func SplitCommandLine(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune // 0, '\'' or '"'
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			if quote == '"' && r != '"' && r != '\\' {
				cur.WriteRune('\\')
			}
			cur.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case quote == '"':
			if r == '"' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	switch {
	case escaped:
		return nil, errors.New("no character after the final backslash")
	case quote != 0:
		return nil, errors.New("no closing quotation")
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

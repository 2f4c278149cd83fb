package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// This file prints a command's help as coverage.py users expect it: the
// usage line, what the command does, then one entry per option with its
// value's name (FILE, PAT, N), without pflag's type names, its
// "[=true|false]" or a "(default …)" the text already gives.

// metavars name the value of each option that takes one.
var metavars = map[string]string{
	"base": "REV", "concurrency": "LIBS", "context": "LABEL", "data-file": "FILE", "directory": "DIR",
	"fail-under": "MIN", "fail-under-branch": "MIN", "fail-under-line": "MIN", "format": "FORMAT",
	"include": "PAT,...", "omit": "PAT,...", "module": "MODULE", "output": "FILE", "precision": "N",
	"python": "PYTHON", "rcfile": "FILE", "sort": "COLUMN", "source": "SRC,...", "title": "TITLE",
	"source-root": "DIR", "debug": "OPTS",
}

// helpWidth is where the help text wraps.
const helpWidth = 80

// writeHelp prints fs's help: usage, the command's summary, its options.
func writeHelp(w io.Writer, fs *pflag.FlagSet, synopsis string) {
	fmt.Fprintf(w, "Usage: pycov %s %s\n", fs.Name(), synopsis)
	for _, c := range commands() {
		if c.name == fs.Name() {
			fmt.Fprintf(w, "\n%s.\n", c.summary)
			if c.more != "" {
				fmt.Fprintf(w, "\n%s", wrap(c.more, 0, helpWidth))
			}
		}
	}
	type entry struct{ left, text string }
	var entries []entry
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := flagSpelling(f)
		if f.Shorthand == "" {
			left = "    " + left
		}
		e := entry{left: left, text: f.Usage}
		if def := shownDefault(f); def != "" {
			e.text += " (default " + def + ")"
		}
		entries = append(entries, e)
		width = max(width, len(e.left))
	})
	if len(entries) == 0 {
		return
	}
	width = min(width, 30)
	fmt.Fprint(w, "\nOptions:\n")
	for _, e := range entries {
		indent := 2 + width + 2
		left := "  " + e.left
		if len(e.left) > width {
			fmt.Fprintf(w, "%s\n%s", left, strings.Repeat(" ", indent))
		} else {
			fmt.Fprintf(w, "%-*s", indent, left)
		}
		fmt.Fprint(w, wrap(e.text, indent, helpWidth))
	}
	fmt.Fprint(w, "  -h, --help", strings.Repeat(" ", max(width-8, 1)), "show this help\n")
}

// flagSpelling is how an option is written in help and errors:
// "-a, --append", "--data-file FILE", "-p, --parallel, --parallel-mode".
func flagSpelling(f *pflag.Flag) string {
	s := "--" + f.Name
	if f.Shorthand != "" {
		s = "-" + f.Shorthand + ", --" + f.Name
	}
	aliases := slices.Sorted(maps.Keys(flagAliases))
	for _, alias := range aliases {
		if flagAliases[alias] == f.Name {
			s += ", --" + alias
		}
	}
	if f.Value.Type() != "bool" {
		mv := metavars[f.Name]
		if mv == "" {
			mv = "VALUE"
		}
		s += " " + mv
	}
	return s
}

// shownDefault is the default worth printing after an option's text:
// none for switches, for empty values, or when the text already says.
func shownDefault(f *pflag.Flag) string {
	if f.Value.Type() == "bool" || strings.Contains(f.Usage, "default") {
		return ""
	}
	switch f.DefValue {
	case "", "0", "[]", "false":
		return ""
	}
	return f.DefValue
}

// wrap fills text to width, every line after the first (which starts at
// column indent already) indented by indent; it ends with a newline.
func wrap(text string, indent, width int) string {
	var b strings.Builder
	col := indent
	for i, word := range strings.Fields(text) {
		n := len([]rune(word))
		if i > 0 && col+1+n > width {
			b.WriteString("\n" + strings.Repeat(" ", indent))
			col = indent
		} else if i > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	b.WriteByte('\n')
	return b.String()
}

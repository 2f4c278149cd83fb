package report

import (
	"fmt"
	"strings"

	"github.com/pycov/pycov/coverage"
)

// File names are bytes from the file system and may hold anything but
// "/" and NUL. Each writer carries them faithfully where its format can
// (HTML, XML and JSON escape them), shows control characters escaped in
// tables, and leaves out a file whose name its line-oriented format cannot
// carry: LCOV and Go cover profiles have no escapes, so a name with a line
// break would end its record and start forged ones ("a\nend_of_record\nSF:b.py").

// breaksLines reports whether name cannot be written in a line-oriented
// format.
func breaksLines(name string) bool {
	return strings.ContainsAny(name, "\n\r")
}

// LineBreakNames are the names of rep's files that LCOV and Go cover
// profiles leave out, for the caller to warn about.
func LineBreakNames(rep *coverage.Report) []string {
	var out []string
	for _, f := range rep.Files {
		if breaksLines(f.Name) {
			out = append(out, f.Name)
		}
	}
	return out
}

// warnLineBreaks tells warn about each of files a line-oriented format
// leaves out for its name.
func warnLineBreaks(files []*coverage.FileResult, format string, warn func(slug, msg string)) {
	if warn == nil {
		return
	}
	for _, f := range files {
		if breaksLines(f.Name) {
			warn("unwritable-name", fmt.Sprintf("%q is left out of the report: %s cannot carry a file name with a line break", f.Name, format))
		}
	}
}

// printable is name for a table: control characters are shown as Go
// escapes (\n, \t, \x1b), every other byte as it is.
func printable(name string) string {
	if strings.IndexFunc(name, isControl) < 0 {
		return name
	}
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case isControl(rune(c)):
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isControl(c rune) bool { return c < 0x20 || c == 0x7f }

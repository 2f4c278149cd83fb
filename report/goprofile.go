package report

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"

	"golang.org/x/tools/cover"

	"github.com/pycov/pycov/coverage"
)

// GoProfile writes a Go cover profile (golang.org/x/tools/cover's format),
// for tools that read only that format. Mode is "set"; each statement is
// one block spanning its first line, from column 1 to just past the line's
// last byte, with count 1 if it ran:
//
//	mode: set
//	./app/core.py:4.1,4.19 1 1
//	./app/core.py:5.1,5.15 1 0
//
// File names start with "./" (go tool cover -html needs that or an
// absolute path). A file whose source is gone or has changed since it was
// measured gets blocks ending at column 2. A file whose name holds a line
// break is left out: the format has no escapes.
func GoProfile(w io.Writer, rep *coverage.Report) error {
	return GoProfileWith(w, rep, GoProfileOptions{})
}

// GoProfileOptions are the choices of a Go cover profile.
type GoProfileOptions struct {
	Show Show // the files written
	// Warn is told about each file left out because its name holds a line
	// break ("unwritable-name"). It may be nil.
	Warn func(slug, msg string)
}

// GoProfileWith is GoProfile with options.
func GoProfileWith(w io.Writer, rep *coverage.Report, o GoProfileOptions) error {
	shown, err := o.Show.Select(rep)
	if err != nil {
		return err
	}
	warnLineBreaks(shown.Files, "a Go cover profile", o.Warn)
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "mode: set")
	for _, p := range GoProfiles(shown.Only(rep)) {
		for _, b := range p.Blocks {
			fmt.Fprintf(bw, "%s:%d.%d,%d.%d %d %d\n", p.FileName, b.StartLine, b.StartCol, b.EndLine, b.EndCol, b.NumStmt, b.Count)
		}
	}
	return bw.Flush()
}

// GoProfiles is the report as cover profiles, one per file.
func GoProfiles(rep *coverage.Report) []*cover.Profile {
	var out []*cover.Profile
	for _, f := range rep.Files {
		if breaksLines(f.Name) {
			continue // the format has no escapes (LineBreakNames)
		}
		name := f.Name
		if !filepath.IsAbs(filepath.FromSlash(name)) {
			name = "./" + name
		}
		p := &cover.Profile{FileName: name, Mode: "set"}
		src, _ := f.SourceLines()
		missing := f.MissingSet()
		for _, l := range f.Statements {
			end := 2
			if l >= 1 && l <= len(src) {
				end = len(src[l-1]) + 1
			}
			count := 1
			if missing[l] {
				count = 0
			}
			p.Blocks = append(p.Blocks, cover.ProfileBlock{StartLine: l, StartCol: 1, EndLine: l, EndCol: end, NumStmt: 1, Count: count})
		}
		out = append(out, p)
	}
	return out
}

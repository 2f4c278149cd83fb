package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/pycov/pycov/coverage"
)

// TextOptions are the choices of the terminal table.
type TextOptions struct {
	ShowMissing bool
	SkipCovered bool
	SkipEmpty   bool
	Precision   int
	Sort        string // name, stmts, miss, branch, brpart, cover; "-" prefix reverses
	Branches    bool   // show the Branch and BrPart columns
}

// Text writes coverage.py's terminal table:
//
//	Name          Stmts   Miss Branch BrPart  Cover   Missing
//	---------------------------------------------------------
//	app/core.py      26      6     16      5    69%   6, 14, 21-23, 35
//	---------------------------------------------------------
//	TOTAL            26      6     16      5    69%
//
// The TOTAL line ends in the percentage (no trailing blanks), which is what
// GitLab's coverage regex reads.
func Text(w io.Writer, rep *coverage.Report, o TextOptions) error {
	files, end, err := tableFiles(rep, o)
	if err != nil {
		return err
	}
	header := o.columns()
	var rows [][]string
	for _, f := range files {
		rows = append(rows, o.values(printable(f.Name), f.Numbers, f.MissingText(), "%"))
	}

	align := make([]tw.Align, len(header))
	for i := range align {
		align[i] = tw.AlignRight
	}
	align[0] = tw.AlignLeft
	if o.ShowMissing {
		align[len(align)-1] = tw.AlignLeft
	}
	var buf bytes.Buffer
	t := tablewriter.NewTable(&buf,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleASCII),
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.On, ShowFooterLine: tw.On},
			},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	t.Header(header)
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	total := o.values("TOTAL", rep.Total, "", "%")
	t.Footer(total)
	if err := t.Render(); err != nil {
		return err
	}
	// Every cell is padded on the left by gap: drop it before the first
	// column. Right-trim every line (the empty Missing cell of TOTAL above
	// all), drop blank lines the renderer adds, and make the rules as wide
	// as the header line, as coverage.py does (a long Missing cell runs
	// past them).
	var lines []string
	width := 0
	for _, line := range strings.Split(buf.String(), "\n") {
		line = strings.TrimRight(strings.TrimPrefix(line, gap), " ")
		if line == "" {
			continue
		}
		if width == 0 && strings.Trim(line, "-") != "" {
			width = utf8.RuneCountInString(line) // the header
		}
		lines = append(lines, line)
	}
	for _, line := range lines {
		if strings.Trim(line, "-") == "" {
			line = strings.Repeat("-", width)
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	for _, line := range end {
		fmt.Fprintln(w, line)
	}
	return nil
}

// gap is the renderer's padding before the first column.
const gap = " "

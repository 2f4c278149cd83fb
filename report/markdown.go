package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/internal/firsterr"
)

// Markdown writes the terminal table's rows and columns as a GitHub
// Flavored Markdown table, laid out as coverage.py's --format=markdown, for
// a CI job summary:
//
//	| Name            |    Stmts |     Miss |   Branch |   BrPart |   Cover |   Missing |
//	|---------------- | -------: | -------: | -------: | -------: | ------: | --------: |
//	| example/tiny.py |        6 |        1 |        2 |        1 |     75% |         7 |
//	| pkg/shapes.py   |       45 |        6 |       12 |        3 |     84% |21-\>exit, 32, 39-41 |
//	| **TOTAL**       |   **51** |    **7** |   **14** |    **4** | **83%** |           |
//
// Names and the Missing column have Markdown's punctuation escaped
// ("\_\_init\_\_.py", "12-\>14"). The options are the text report's.
func Markdown(out io.Writer, rep *coverage.Report, o TextOptions) error {
	files, end, err := tableFiles(rep, o)
	if err != nil {
		return err
	}
	w := &firsterr.Writer{W: out}
	header := o.columns()
	values := func(name string, n coverage.Numbers, missing string) []string {
		return o.values(name, n, missing, "")
	}
	total := values("TOTAL", rep.Total, "")

	nameWidth := len("**TOTAL**")
	for _, f := range files {
		nameWidth = max(nameWidth, len([]rune(escapeMarkdown(printable(f.Name)))))
	}
	nameWidth++
	coverWidth := max(len(coverage.DisplayPercent(rep.Total.PercentCovered(), o.Precision))+6, len(" Cover "))
	// cell formats a value of column col.
	cell := func(col, value string) string {
		switch col {
		case "Name":
			return fmt.Sprintf("| %-*s|", nameWidth, value)
		case "Cover":
			return fmt.Sprintf("%*s |", coverWidth, value)
		case "Missing":
			return fmt.Sprintf("%10s |", value)
		}
		return fmt.Sprintf("%9s |", value)
	}
	line := func(items []string) {
		fmt.Fprintln(w, strings.TrimRight(strings.Join(items, ""), " "))
	}

	var items, rule []string
	for i, col := range header {
		items = append(items, cell(col, col))
		dashes := "-: |"
		if i == 0 {
			dashes = "- |"
		}
		rule = append(rule, strings.Repeat("-", max(0, len(items[i])-1-len(dashes)))+dashes)
	}
	line(items)
	fmt.Fprintln(w, strings.TrimRight("|"+strings.Join(rule, " "), " "))
	for _, f := range files {
		items = items[:0]
		for i, v := range values(printable(f.Name), f.Numbers, f.MissingText()) {
			if header[i] == "Cover" {
				items = append(items, fmt.Sprintf("%*s%% |", coverWidth-1, v))
				continue
			}
			items = append(items, cell(header[i], escapeMarkdown(v)))
		}
		line(items)
	}
	items = items[:0]
	for i, v := range total {
		switch {
		case v == "":
		case header[i] == "Cover":
			v = " **" + v + "%**"
		default:
			v = " **" + v + "**"
		}
		if header[i] == "Name" {
			items = append(items, fmt.Sprintf("|%-*s |", nameWidth, v))
			continue
		}
		items = append(items, cell(header[i], v))
	}
	line(items)
	for _, e := range end {
		fmt.Fprintln(w, e)
	}
	return w.Err
}

// Total writes the total coverage percentage alone, with precision
// decimal places ("69", "69.05"), as coverage.py's --format=total.
func Total(w io.Writer, rep *coverage.Report, precision int) error {
	_, err := fmt.Fprintln(w, coverage.DisplayPercent(rep.Total.PercentCovered(), precision))
	return err
}

// escapeMarkdown puts a backslash before every ASCII punctuation character
// but ".,/-", as coverage.py does in its Markdown table.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c < 128 && strings.ContainsRune(`!"#$%&'()*+:;<=>?@[\]^_{|}~`+"`", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

package report

import (
	"fmt"
	"strconv"

	"github.com/pycov/pycov/coverage"
)

// The terminal and Markdown tables share their columns, their rows and
// which files they leave out.

// columns are the table's headings for these options.
func (o TextOptions) columns() []string {
	c := []string{"Name", "Stmts", "Miss"}
	if o.Branches {
		c = append(c, "Branch", "BrPart")
	}
	c = append(c, "Cover")
	if o.ShowMissing {
		c = append(c, "Missing")
	}
	return c
}

// values is one row: the name, the counts, the percentage followed by
// percent ("%" or ""), and the Missing text when shown.
func (o TextOptions) values(name string, n coverage.Numbers, missing, percent string) []string {
	v := []string{name, strconv.Itoa(n.Statements), strconv.Itoa(n.Missing)}
	if o.Branches {
		v = append(v, strconv.Itoa(n.Branches), strconv.Itoa(n.PartialBranches))
	}
	v = append(v, coverage.DisplayPercent(n.PercentCovered(), o.Precision)+percent)
	if o.ShowMissing {
		v = append(v, missing)
	}
	return v
}

// tableFiles selects and sorts the rows of a table report as the text
// report does, and returns the notes that follow the table.
func tableFiles(rep *coverage.Report, o TextOptions) ([]*coverage.FileResult, []string, error) {
	if len(rep.Files) == 0 {
		return nil, nil, fmt.Errorf("no data to report: no measured files matched")
	}
	files := append([]*coverage.FileResult(nil), rep.Files...)
	if err := sortFiles(files, o.Sort, o.Precision); err != nil {
		return nil, nil, err
	}
	var kept []*coverage.FileResult
	skippedCovered, skippedEmpty := 0, 0
	for _, f := range files {
		n := f.Numbers
		switch {
		case o.SkipCovered && n.Missing == 0 && n.MissingBranches == 0:
			skippedCovered++
		case o.SkipEmpty && n.Statements == 0:
			skippedEmpty++
		default:
			kept = append(kept, f)
		}
	}
	var end []string
	if skippedCovered > 0 {
		end = append(end, fmt.Sprintf("\n%d file%s skipped due to complete coverage.", skippedCovered, plural(skippedCovered)))
	}
	if skippedEmpty > 0 {
		end = append(end, fmt.Sprintf("\n%d empty file%s skipped.", skippedEmpty, plural(skippedEmpty)))
	}
	return kept, end, nil
}

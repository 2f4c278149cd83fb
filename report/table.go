package report

import (
	"cmp"
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

// show is the table's choice of files.
func (o TextOptions) show() Show {
	return Show{SkipCovered: o.SkipCovered, SkipEmpty: o.SkipEmpty, Sort: cmp.Or(o.Sort, "name")}
}

// tableFiles selects and sorts the rows of a table report as the text
// report does, and returns the notes that follow the table.
func tableFiles(rep *coverage.Report, o TextOptions) ([]*coverage.FileResult, []string, error) {
	if len(rep.Files) == 0 {
		return nil, nil, fmt.Errorf("no data to report: no measured files matched")
	}
	shown, err := o.show().Select(rep)
	if err != nil {
		return nil, nil, err
	}
	return shown.Files, shown.Skipped.Notes(), nil
}

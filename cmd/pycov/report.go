package main

import (
	"context"
	"fmt"
	"os"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/report"
)

// reportCmd is `pycov report`: the terminal table.
func reportCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("report", "[options]", io.err)
	dataFile := fs.String("data-file", defaultDataFile, "the data file to read")
	showMissing := fs.BoolP("show-missing", "m", false, "show the line numbers of statements and branches that did not run")
	skipCovered := fs.Bool("skip-covered", false, "leave out files with 100% coverage")
	skipEmpty := fs.Bool("skip-empty", false, "leave out files with no statements")
	precision := fs.Int("precision", 0, "number of decimal places in percentages")
	sortKey := fs.String("sort", "name", "sort by this column: name, stmts, miss, branch, brpart, cover (prefix - to reverse)")
	include := fs.StringArray("include", nil, "report only files matching these globs")
	omit := fs.StringArray("omit", nil, "leave out files matching these globs")
	failUnder := fs.Float64("fail-under", 0, "exit with status 2 if the total coverage is below this")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if *precision < 0 || *precision > 10 {
		return usageError("--precision %d is out of range: use 0 to 10", *precision)
	}
	rep, err := loadReport(*dataFile, *include, *omit)
	if err != nil {
		return err
	}
	opts := report.TextOptions{
		ShowMissing: *showMissing, SkipCovered: *skipCovered, SkipEmpty: *skipEmpty,
		Precision: *precision, Sort: *sortKey, Branches: rep.Branch,
	}
	if err := report.Text(io.out, rep, opts); err != nil {
		return err
	}
	return checkFailUnder(rep, *failUnder, *precision)
}

// loadReport reads the data file and analyses the selected files.
func loadReport(dataFile string, include, omit []string) (*coverage.Report, error) {
	data, err := coverage.ReadData(dataFile)
	if err != nil {
		return nil, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	rep, err := coverage.BuildReport(data, coverage.Selection{Cwd: wd, Include: splitList(include), Omit: splitList(omit)})
	if err != nil {
		return nil, err
	}
	if len(rep.Files) == 0 {
		return nil, fmt.Errorf("%w: no measured file in %s matches the selection", coverage.ErrNoData, dataFile)
	}
	return rep, nil
}

// checkFailUnder is coverage.py's --fail-under: the total, rounded to the
// report's precision, must be at least min; 100 means exactly 100.
func checkFailUnder(rep *coverage.Report, min float64, precision int) error {
	if min <= 0 {
		return nil
	}
	pc := rep.Total.PercentCovered()
	shown := coverage.DisplayPercent(pc, precision)
	var rounded float64
	fmt.Sscan(shown, &rounded)
	if rounded < min || min >= 100 && pc < 100 {
		return &exitError{code: 2, err: fmt.Errorf("%w: total coverage %s%% is less than fail-under=%g", errGate, shown, min)}
	}
	return nil
}

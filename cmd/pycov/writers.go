package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pycov/pycov/report"
)

// version is pycov's version, shown in reports' metadata.
const version = "0.1.0"

// outputFile opens path for a report ("-" is stdout) and returns a
// function that finishes the write. Files are written to a temporary name
// and renamed, so a failed report never leaves half a file.
func outputFile(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "-" {
		return stdout, func() error { return nil }, nil
	}
	tmp, err := os.CreateTemp(dirOf(path), ".pycov-report-*")
	if err != nil {
		return nil, nil, fmt.Errorf("writing %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(tmp, 1<<16)
	return bw, func() error {
		defer os.Remove(tmp.Name())
		if err := bw.Flush(); err != nil {
			tmp.Close()
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	}, nil
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[:i+1]
		}
	}
	return "."
}

// jsonCmd is `pycov json`: coverage.py's JSON report (format 3).
func jsonCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("json", "[options]", io.err)
	dataFile := fs.String("data-file", defaultDataFile, "the data file to read")
	out := fs.StringP("output", "o", "coverage.json", "where to write the report (- for stdout)")
	pretty := fs.Bool("pretty-print", false, "indent the JSON")
	precision := fs.Int("precision", 0, "number of decimal places in displayed percentages")
	include := fs.StringArray("include", nil, "report only files matching these globs")
	omit := fs.StringArray("omit", nil, "leave out files matching these globs")
	failUnder := fs.Float64("fail-under", 0, "exit with status 2 if the total coverage is below this")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	rep, err := loadReport(*dataFile, *include, *omit)
	if err != nil {
		return err
	}
	w, done, err := outputFile(*out, io.out)
	if err != nil {
		return err
	}
	if err := report.JSON(w, rep, report.JSONOptions{Pretty: *pretty, Precision: *precision, Now: time.Now(), Version: version, Branch: rep.Branch}); err != nil {
		return err
	}
	if err := done(); err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(io.out, "Wrote JSON report to %s\n", *out)
	}
	return checkFailUnder(rep, *failUnder, *precision)
}

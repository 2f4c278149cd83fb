package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/report"
)

// outputFile opens path for a report ("-" is stdout) and returns a
// function that finishes the write. Files are written to a temporary name
// and renamed, so a failed report never leaves half a file; the mode is
// what Python's open() would give (the replaced file's, else 0666 less the
// umask).
func outputFile(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "-" {
		return stdout, func() error { return nil }, nil
	}
	tmp, err := coverage.CreateReplacement(path)
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
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	}, nil
}

// jsonCmd is `pycov json`: coverage.py's JSON report (format 3).
func jsonCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("json", "[options] [FILE|MODULE...]", io.err)
	rf := addReportFlags(fs)
	out := fs.StringP("output", "o", "coverage.json", "where to write the report (- for stdout; default: [json] output)")
	pretty := fs.Bool("pretty-print", false, "indent the JSON")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	cfg, err := rf.load(io)
	if err != nil {
		return err
	}
	flagOver(fs, "output", &cfg.JSON.Output, *out)
	flagOver(fs, "pretty-print", &cfg.JSON.PrettyPrint, *pretty)
	rep, err := scopedReport(cfg, rf.scope(true))
	if err != nil {
		return err
	}
	w, done, err := outputFile(cfg.JSON.Output, io.out)
	if err != nil {
		return err
	}
	if err := report.JSON(w, rep, report.JSONOptions{Pretty: cfg.JSON.PrettyPrint, Precision: cfg.Report.Precision, Now: time.Now(), Version: version, Branch: rep.Branch}); err != nil {
		return err
	}
	if err := done(); err != nil {
		return err
	}
	if cfg.JSON.Output != "-" {
		rf.say(io.out, "Wrote JSON report to %s\n", cfg.JSON.Output)
	}
	return checkGates(io, rep, cfg)
}

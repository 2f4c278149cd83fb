package main

import (
	"context"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/report"
)

// reportCmd is `pycov report`: the terminal table.
func reportCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("report", "[options] [FILE|MODULE...]", io.err)
	rf := addReportFlags(fs)
	showMissing := fs.BoolP("show-missing", "m", false, "show the line numbers of statements and branches that did not run")
	skipCovered := fs.Bool("skip-covered", false, "leave out files with 100% coverage")
	noSkipCovered := fs.Bool("no-skip-covered", false, "list files with 100% coverage too (overrides [report] skip_covered)")
	skipEmpty := fs.Bool("skip-empty", false, "leave out files with no statements")
	sortKey := fs.String("sort", "name", "sort by this column: name, stmts, miss, branch, brpart, cover (prefix - to reverse)")
	format := fs.String("format", "text", "text (the table), markdown (a GitHub table) or total (the total percentage alone)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	cfg, err := rf.load(io)
	if err != nil {
		return err
	}
	flagOver(fs, "show-missing", &cfg.Report.ShowMissing, *showMissing)
	flagOver(fs, "skip-covered", &cfg.Report.SkipCovered, *skipCovered)
	flagOver(fs, "no-skip-covered", &cfg.Report.SkipCovered, !*noSkipCovered)
	flagOver(fs, "skip-empty", &cfg.Report.SkipEmpty, *skipEmpty)
	flagOver(fs, "format", &cfg.Report.Format, *format)
	if fs.Changed("sort") {
		if err := config.Sort(&cfg.Report.Sort, *sortKey); err != nil {
			return usageError("--sort: %v", err)
		}
	}
	if f := cfg.Report.Format; f != "" && f != "text" && f != "markdown" && f != "total" {
		return usageError("--format %q is not a format; use text, markdown or total", f)
	}
	rep, err := scopedReport(cfg, rf.scope(true))
	if err != nil {
		return err
	}
	r := cfg.Report
	opts := report.TextOptions{
		ShowMissing: r.ShowMissing, SkipCovered: r.SkipCovered, SkipEmpty: r.SkipEmpty,
		Precision: r.Precision, Sort: r.Sort, Branches: rep.Branch,
	}
	if opts.Sort == "" {
		opts.Sort = "name"
	}
	switch r.Format {
	case "markdown":
		err = report.Markdown(io.out, rep, opts)
	case "total":
		err = report.Total(io.out, rep, r.Precision)
	default:
		err = report.Text(io.out, rep, opts)
	}
	if err != nil {
		return err
	}
	return checkGates(io, rep, cfg)
}

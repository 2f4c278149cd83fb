package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/pycov/pycov/report"
)

// htmlCmd is `pycov html`: the HTML report, a directory of pages to open
// in a browser ([html] in the configuration; flags win).
func htmlCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("html", "[options] [FILE|MODULE...]", io.err)
	rf := addReportFlags(fs)
	dir := fs.StringP("directory", "d", "htmlcov", "write the report into this directory (default: [html] directory)")
	title := fs.String("title", "Coverage report", "the title of the report's pages (default: [html] title)")
	skipCovered := fs.Bool("skip-covered", false, "leave out files with 100% coverage")
	noSkipCovered := fs.Bool("no-skip-covered", false, "list files with 100% coverage too (overrides [html] skip_covered)")
	skipEmpty := fs.Bool("skip-empty", false, "leave out files with no statements")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	cfg, err := rf.load(io)
	if err != nil {
		return err
	}
	flagOver(fs, "directory", &cfg.HTML.Directory, *dir)
	flagOver(fs, "title", &cfg.HTML.Title, *title)
	flagOver(fs, "skip-covered", &cfg.HTML.SkipCovered, *skipCovered)
	flagOver(fs, "no-skip-covered", &cfg.HTML.SkipCovered, !*noSkipCovered)
	flagOver(fs, "skip-empty", &cfg.HTML.SkipEmpty, *skipEmpty)
	if cfg.HTML.Directory == "" {
		return usageError("the HTML report directory is empty: give one with -d DIR")
	}
	rep, err := scopedReport(cfg, rf.scope(false)) // the HTML report flags changed sources itself
	if err != nil {
		return err
	}
	opts := report.HTMLOptions{
		Title: cfg.HTML.Title, SkipCovered: cfg.HTML.SkipCovered, SkipEmpty: cfg.HTML.SkipEmpty,
		Precision: cfg.Report.Precision, Now: time.Now(), Version: version,
		Warn: func(slug, msg string) { warn(io, cfg, slug, "%s", msg) },
	}
	if err := report.HTML(cfg.HTML.Directory, rep, opts); err != nil {
		return err
	}
	rf.say(io.out, "Wrote HTML report to %s\n", filepath.Join(cfg.HTML.Directory, "index.html"))
	return checkGates(io, rep, cfg)
}

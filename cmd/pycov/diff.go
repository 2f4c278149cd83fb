package main

import (
	"context"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/diffcover"
)

// diffCmd is `pycov diff`: the coverage of the lines added or changed
// since a base revision (and of the branches from those lines), as the
// terminal table or a Markdown pull-request comment:
//
//	Coverage of the lines changed since 3f2a1bc0 (the merge base of HEAD and origin/HEAD):
//	Name          Stmts   Miss Branch BrPart  Cover   Missing
//	---------------------------------------------------------
//	app/core.py       4      1      2      1    67%   12, 14->exit
//	---------------------------------------------------------
//	TOTAL             4      1      2      1    67%
func diffCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("diff", "[--base REV] [options]", io.err)
	cf := addConfigFlags(fs)
	base := fs.String("base", "", "the revision to compare with (default: the merge base of HEAD and origin/HEAD, origin/main, origin/master, main or master)")
	failUnder := fs.Float64("fail-under", 0, "exit with status 2 if the coverage of the changed lines is below this")
	format := fs.String("format", "text", "text (the table) or markdown (for a pull-request comment)")
	precision := fs.Int("precision", 0, "number of decimal places in percentages (default: [report] precision)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if *format != "text" && *format != "markdown" {
		return usageError("--format %q is not a format for pycov diff%s; use text or markdown", *format, formatHint(*format, []string{"text", "markdown"}))
	}
	if *failUnder < 0 || *failUnder > 100 {
		return usageError("--fail-under=%g is invalid: use a percentage from 0 to 100", *failUnder)
	}
	cfg, err := cf.load(io)
	if err != nil {
		return err
	}
	if fs.Changed("precision") {
		if err := config.Precision(&cfg.Report.Precision, *precision); err != nil {
			return usageError("--precision: %v", err)
		}
	}
	wd := io.dir
	top, err := diffcover.GitTop(ctx, wd)
	if err != nil {
		return err
	}
	commit, what, err := diffcover.GitBase(ctx, top, *base)
	if err != nil {
		return err
	}
	changes, dirty, untracked, err := diffcover.GitChanges(ctx, top, commit)
	if err != nil {
		return err
	}
	rep, err := configuredReport(ctx, io, cfg)
	if err != nil {
		return err
	}
	d := diffcover.Restrict(rep, changes, top, wd)
	d.Base, d.What, d.Dirty, d.Untracked = diffcover.ShortCommit(commit), what, dirty, untracked
	if err := d.Write(io.out, *format, cfg.Report.Precision); err != nil {
		return err
	}
	if *failUnder == 0 {
		return nil
	}
	return enforce(io, d.Report, []coverage.Gate{{Name: "diff --fail-under", Total: *failUnder}}, cfg.Report.Precision)
}

package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/report"
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
		return usageError("--format %q is not a format for pycov diff; use text or markdown", *format)
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
	top, err := gitTop(ctx, wd)
	if err != nil {
		return err
	}
	commit, what, err := gitBase(ctx, top, *base)
	if err != nil {
		return err
	}
	changes, dirty, untracked, err := gitChanges(ctx, top, commit)
	if err != nil {
		return err
	}
	rep, err := configuredReport(ctx, io, cfg)
	if err != nil {
		return err
	}
	d := diffCoverage(rep, changes, top, wd)
	d.base, d.what, d.dirty, d.untracked = shortCommit(commit), what, dirty, untracked
	if err := d.write(io.out, *format, cfg.Report.Precision); err != nil {
		return err
	}
	if *failUnder == 0 {
		return nil
	}
	return enforce(io, d.rep, []coverage.Gate{{Name: "diff --fail-under", Total: *failUnder}}, cfg.Report.Precision)
}

// diffResult is the coverage of the changes since base: one restricted
// result per changed file that was measured, and what else changed.
type diffResult struct {
	rep        *coverage.Report
	unmeasured []string    // changed Python files the data file does not have
	deleted    []string    // deleted since base
	renamed    [][2]string // new name, old name
	base, what string
	dirty      bool
	untracked  int
}

// diffCoverage restricts each changed file's analysis to its changed
// lines. Names are as the report shows them (relative to wd).
func diffCoverage(rep *coverage.Report, changes []fileChange, top, wd string) *diffResult {
	byPath := map[string]*coverage.FileResult{}
	for _, f := range rep.Files {
		byPath[physical(f.Path)] = f
	}
	d := &diffResult{rep: &coverage.Report{Branch: rep.Branch}}
	for _, c := range changes {
		abs := physical(filepath.Join(top, filepath.FromSlash(c.Path)))
		name := coverage.DisplayName(abs, physical(wd))
		switch {
		case c.Deleted:
			d.deleted = append(d.deleted, name)
			continue
		case c.OldPath != "":
			d.renamed = append(d.renamed, [2]string{name, coverage.DisplayName(physical(filepath.Join(top, c.OldPath)), physical(wd))})
		}
		f := byPath[abs]
		if f == nil {
			if isPython(c.Path) && (c.All || len(c.Lines) > 0) {
				d.unmeasured = append(d.unmeasured, name)
			}
			continue
		}
		changed := map[int]bool{}
		for _, l := range c.Lines {
			changed[l] = true
		}
		sub := f.Restrict(func(l int) bool { return c.All || changed[l] })
		if sub.Numbers.Statements+sub.Numbers.Branches == 0 {
			continue // comments, blank lines, exclusions
		}
		// The Missing column breaks runs at any statement that is not a
		// missing changed one, so it keeps the file's statements.
		sub.Statements = f.Statements
		d.rep.Files = append(d.rep.Files, sub)
		d.rep.Total.Add(sub.Numbers)
	}
	return d
}

// write writes the diff report as text or markdown.
func (d *diffResult) write(w io.Writer, format string, precision int) error {
	since := fmt.Sprintf("since %s (%s)", d.base, d.what)
	if d.what == "" || d.what == d.base {
		since = "since " + d.base
	}
	var extra []string
	if d.dirty {
		extra = append(extra, "uncommitted changes included")
	}
	if d.untracked > 0 {
		extra = append(extra, fmt.Sprintf("untracked Python files included (%d)", d.untracked))
	}
	if len(extra) > 0 {
		since += ", " + strings.Join(extra, ", ")
	}
	opts := report.TextOptions{ShowMissing: true, Precision: precision, Sort: "name", Branches: d.rep.Branch}
	pc := coverage.DisplayPercent(d.rep.Total.PercentCovered(), precision) + "%"
	md := format == "markdown"
	if md {
		fmt.Fprintf(w, "### Diff coverage: %s\n\nCoverage of the lines changed %s.\n\n", pc, strings.Replace(since, d.base, "`"+d.base+"`", 1))
	} else {
		fmt.Fprintf(w, "Coverage of the lines changed %s:\n", since)
	}
	switch {
	case len(d.rep.Files) == 0:
		fmt.Fprintln(w, "No changed statement to cover.")
	case md:
		if err := report.Markdown(w, d.rep, opts); err != nil {
			return err
		}
	default:
		if err := report.Text(w, d.rep, opts); err != nil {
			return err
		}
	}
	notes := [][2]string{}
	for _, n := range d.unmeasured {
		notes = append(notes, [2]string{"Not measured", n + " changed, but the data file has nothing for it (not imported by the tests, or outside --source)"})
	}
	for _, r := range d.renamed {
		notes = append(notes, [2]string{"Renamed", r[0] + " (was " + r[1] + ")"})
	}
	for _, n := range d.deleted {
		notes = append(notes, [2]string{"Deleted", n})
	}
	if len(notes) > 0 && md {
		fmt.Fprintln(w)
	}
	for _, n := range notes {
		if md {
			fmt.Fprintf(w, "- **%s:** %s\n", n[0], n[1])
		} else {
			fmt.Fprintf(w, "%s: %s\n", n[0], n[1])
		}
	}
	return nil
}

// isPython says whether a path is a Python source file.
func isPython(p string) bool {
	return strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".pyw")
}

// physical is p with symbolic links resolved, when it exists.
func physical(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

func shortCommit(c string) string {
	if len(c) > 10 {
		return c[:10]
	}
	return c
}

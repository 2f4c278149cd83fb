package diffcover

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/report"
)

// Result is the coverage of the changes since base: one restricted
// result per changed file that was measured, and what else changed.
type Result struct {
	Report     *coverage.Report
	Unmeasured []string    // changed Python files the data file does not have
	Deleted    []string    // deleted since base
	Renamed    [][2]string // new name, old name
	Base, What string      // the base commit (short) and how it was chosen
	Dirty      bool        // uncommitted changes are included
	Untracked  int         // untracked Python files included
}

// Restrict restricts each changed file's analysis to its changed
// lines. Names are as the report shows them (relative to wd).
func Restrict(rep *coverage.Report, changes []Change, top, wd string) *Result {
	byPath := map[string]*coverage.FileResult{}
	for _, f := range rep.Files {
		byPath[Physical(f.Path)] = f
	}
	d := &Result{Report: &coverage.Report{Branch: rep.Branch}}
	for _, c := range changes {
		abs := Physical(filepath.Join(top, filepath.FromSlash(c.Path)))
		name := coverage.DisplayName(abs, Physical(wd))
		switch {
		case c.Deleted:
			d.Deleted = append(d.Deleted, name)
			continue
		case c.OldPath != "":
			d.Renamed = append(d.Renamed, [2]string{name, coverage.DisplayName(Physical(filepath.Join(top, c.OldPath)), Physical(wd))})
		}
		f := byPath[abs]
		if f == nil {
			if IsPython(c.Path) && (c.All || len(c.Lines) > 0) {
				d.Unmeasured = append(d.Unmeasured, name)
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
		d.Report.Files = append(d.Report.Files, sub)
		d.Report.Total.Add(sub.Numbers)
	}
	return d
}

// Write writes the diff report as text or markdown.
func (d *Result) Write(w io.Writer, format string, precision int) error {
	since := fmt.Sprintf("since %s (%s)", d.Base, d.What)
	if d.What == "" || d.What == d.Base {
		since = "since " + d.Base
	}
	var extra []string
	if d.Dirty {
		extra = append(extra, "uncommitted changes included")
	}
	if d.Untracked > 0 {
		extra = append(extra, fmt.Sprintf("untracked Python files included (%d)", d.Untracked))
	}
	if len(extra) > 0 {
		since += ", " + strings.Join(extra, ", ")
	}
	opts := report.TextOptions{ShowMissing: true, Precision: precision, Sort: "name", Branches: d.Report.Branch}
	pc := coverage.DisplayPercent(d.Report.Total.PercentCovered(), precision) + "%"
	md := format == "markdown"
	if md {
		fmt.Fprintf(w, "### Diff coverage: %s\n\nCoverage of the lines changed %s.\n\n", pc, strings.Replace(since, d.Base, "`"+d.Base+"`", 1))
	} else {
		fmt.Fprintf(w, "Coverage of the lines changed %s:\n", since)
	}
	switch {
	case len(d.Report.Files) == 0:
		fmt.Fprintln(w, "No changed statement to cover.")
	case md:
		if err := report.Markdown(w, d.Report, opts); err != nil {
			return err
		}
	default:
		if err := report.Text(w, d.Report, opts); err != nil {
			return err
		}
	}
	notes := [][2]string{}
	for _, n := range d.Unmeasured {
		notes = append(notes, [2]string{"Not measured", n + " changed, but the data file has nothing for it (not imported by the tests, or outside --source)"})
	}
	for _, r := range d.Renamed {
		notes = append(notes, [2]string{"Renamed", r[0] + " (was " + r[1] + ")"})
	}
	for _, n := range d.Deleted {
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

// IsPython says whether a path is a Python source file.
func IsPython(p string) bool {
	return strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".pyw")
}

// Physical is p with symbolic links resolved, when it exists.
func Physical(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// ShortCommit is a commit id as the report names it.
func ShortCommit(c string) string {
	if len(c) > 10 {
		return c[:10]
	}
	return c
}

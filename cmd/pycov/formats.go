package main

import (
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/report"
)

// This file is the table of report formats. Everything the CLI knows of a
// format is its row: the command that writes it, its default output, its
// configuration section, its flags and its writer. The report commands,
// their help, `pycov report --format`'s choices and the errors that list
// formats are all made from the table (format_cmd.go), so a new format is
// a row here and its writer in report/ (and, if it has settings, its
// section in config/). TestFormatTable checks that every row can be run
// from the command line, is in the README and has golden files.

// format is one report format.
type format struct {
	name    string // the command that writes it; for the formats of `pycov report`, its --format value
	command string // the command, when it is not name: formats sharing a command are its --format choices, the first the default
	summary string // the command's line in the command list (the first row of a command)
	use     string // for formats sharing a command: what the choice gives, in --format's help

	// Where it goes: a file (output, -o FILE, "-" for stdout), a
	// directory (output, -d DIR), or, with neither, stdout.
	output  string                         // the default file or directory
	dir     bool                           // output is a directory
	what    string                         // "Wrote <what> to <output>"; its last word names the output in -o's help
	section string                         // its configuration section, for -o's and -d's help
	out     func(c *config.Config) *string // the configured output, nil when the section has none

	// What it shows: the shared flags it takes (sharedFlags, besides every
	// report command's: reportFlags), and the section whose skip_empty it
	// honours ("" for none: every file, as coverage.py's JSON). With the
	// skip-covered flag it honours that section's skip_covered too, with
	// the sort flag [report] sort.
	flags  []string
	skipIn string
	own    func(fs *pflag.FlagSet) func(cfg *config.Config) error // flags of its own; the function lays them over cfg
	// warnsSources: its writer warns about sources changed since they were
	// measured itself (the HTML report, on each page); for the others the
	// command warns before writing.
	warnsSources bool

	write  func(j *job) error
	golden string // its golden files, report/testdata/golden/<golden>
}

// job is one report being written: what the writer needs.
type job struct {
	fs   *pflag.FlagSet // the command's flags, for those the configuration does not hold
	cfg  *config.Config
	rep  *coverage.Report
	show report.Show // the files to write (from the format's skip settings and --sort)
	w    io.Writer   // where a file or terminal format writes
	dest string      // where a directory format writes (as given: relative to wd)
	wd   string      // the working directory
	warn func(slug, msg string)
}

// formats are pycov's report formats, in the order of the command list.
func formats() []*format {
	return []*format{
		{name: "text", command: "report", summary: "Print a coverage table in the terminal", use: "the table",
			section: "report", skipIn: "report", flags: []string{"show-missing", "skip-covered", "skip-empty", "sort"},
			write: func(j *job) error { return report.Text(j.w, j.rep, j.textOptions()) }, golden: "text"},
		{name: "markdown", command: "report", use: "a GitHub table",
			section: "report", skipIn: "report", flags: []string{"show-missing", "skip-covered", "skip-empty", "sort"},
			write: func(j *job) error { return report.Markdown(j.w, j.rep, j.textOptions()) }, golden: "markdown"},
		{name: "total", command: "report", use: "the total percentage alone", section: "report",
			write: func(j *job) error { return report.Total(j.w, j.rep, j.cfg.Report.Precision) }, golden: "total"},
		{name: "html", summary: "Write the HTML report, a directory of pages to browse",
			output: "htmlcov", dir: true, warnsSources: true, what: "HTML report", section: "html", out: func(c *config.Config) *string { return &c.HTML.Directory },
			skipIn: "html", flags: []string{"skip-covered", "skip-empty"},
			own: func(fs *pflag.FlagSet) func(*config.Config) error {
				title := fs.String("title", "Coverage report", "the title of the report's pages (default: [html] title)")
				showContexts := fs.Bool("show-contexts", false, "list under each line the contexts that ran it ([html] show_contexts)")
				return func(cfg *config.Config) error {
					flagOver(fs, "title", &cfg.HTML.Title, *title)
					flagOver(fs, "show-contexts", &cfg.HTML.ShowContexts, *showContexts)
					return nil
				}
			},
			write: writeHTML, golden: "html"},
		{name: "json", summary: "Write coverage.py's JSON report (format 3)",
			output: "coverage.json", what: "JSON report", section: "json", out: func(c *config.Config) *string { return &c.JSON.Output },
			own: func(fs *pflag.FlagSet) func(*config.Config) error {
				pretty := fs.Bool("pretty-print", false, "indent the JSON")
				showContexts := fs.Bool("show-contexts", false, "list the contexts that ran each line ([json] show_contexts)")
				return func(cfg *config.Config) error {
					flagOver(fs, "pretty-print", &cfg.JSON.PrettyPrint, *pretty)
					flagOver(fs, "show-contexts", &cfg.JSON.ShowContexts, *showContexts)
					return nil
				}
			},
			write: func(j *job) error {
				return report.JSON(j.w, j.rep, report.JSONOptions{Pretty: j.cfg.JSON.PrettyPrint, Precision: j.cfg.Report.Precision,
					Now: time.Now(), Version: version, Branch: j.rep.Branch, Show: j.show,
					ShowContexts: j.cfg.JSON.ShowContexts, Contexts: j.rep.Contexts})
			}, golden: "json"},
		{name: "lcov", summary: "Write an LCOV tracefile (lcov, genhtml, Codecov, Coveralls)",
			output: "coverage.lcov", what: "LCOV report", section: "lcov", out: func(c *config.Config) *string { return &c.LCOV.Output },
			skipIn: "report",
			write: func(j *job) error {
				return report.LCOVWith(j.w, j.rep, report.LCOVOptions{LineChecksums: j.cfg.LCOV.LineChecksums, Show: j.show, Warn: j.warn})
			}, golden: "lcov"},
		{name: "xml", summary: "Write a Cobertura XML report (GitLab, Jenkins, Codecov, SonarQube)",
			output: "coverage.xml", what: "XML report", section: "xml", out: func(c *config.Config) *string { return &c.XML.Output },
			skipIn: "report", flags: []string{"skip-empty"}, own: xmlFlags,
			write: writeCobertura, golden: "xml"},
		{name: "goprofile", summary: "Write a Go cover profile",
			output: "cover.out", what: "Go cover profile", skipIn: "report",
			write: func(j *job) error {
				return report.GoProfileWith(j.w, j.rep, report.GoProfileOptions{Show: j.show, Warn: j.warn})
			}, golden: "goprofile"},
	}
}

// textOptions are the terminal and Markdown tables' options.
func (j *job) textOptions() report.TextOptions {
	r := j.cfg.Report
	return report.TextOptions{
		ShowMissing: r.ShowMissing, SkipCovered: j.show.SkipCovered, SkipEmpty: j.show.SkipEmpty,
		Precision: r.Precision, Sort: j.show.Sort, Branches: j.rep.Branch,
	}
}

// writeHTML writes the HTML report into its directory.
func writeHTML(j *job) error {
	dest := j.dest
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(j.wd, dest)
	}
	return report.HTML(dest, j.rep, report.HTMLOptions{
		Title: j.cfg.HTML.Title, SkipCovered: j.show.SkipCovered, SkipEmpty: j.show.SkipEmpty,
		Precision: j.cfg.Report.Precision, Now: time.Now(), Version: version, Warn: j.warn,
		ShowContexts: j.cfg.HTML.ShowContexts, Contexts: j.rep.Contexts,
	})
}

// xmlFlags are the Cobertura report's flags; writeCobertura reads them.
func xmlFlags(fs *pflag.FlagSet) func(*config.Config) error {
	fs.Bool("strict", false, "leave out the missing-branches attribute, which the Cobertura DTD lacks")
	fs.StringArray("source-root", nil, "write DIR as a <source> and name the files under it relative to it (repeatable, comma-separated; default: the [run] source directories, as coverage.py, else the working directory)")
	fs.Bool("relative-source", false, "write the <source> directories relative to the working directory (\".\", \"src\"), for SonarQube and reports made in a container ([run] relative_files does too)")
	return nil
}

// writeCobertura writes the Cobertura XML report, mapped as coverage.py maps it.
func writeCobertura(j *job) error {
	wd := j.wd
	strict, _ := j.fs.GetBool("strict")
	relative, _ := j.fs.GetBool("relative-source")
	o := report.CoberturaOptions{
		Source: wd, Now: time.Now(), Version: version, Strict: strict, PackageDepth: j.cfg.XML.PackageDepth, Show: j.show,
	}
	dirs := j.cfg.Run.Source
	given := j.fs.Changed("source-root")
	if given {
		roots, _ := j.fs.GetStringArray("source-root")
		dirs = splitList(roots)
	}
	rel := relative || j.cfg.Run.RelativeFiles
	o.Roots = sourceRoots(dirs, wd, rel, given)
	if rel {
		o.SourceAs = "."
	}
	return report.Cobertura(j.w, j.rep, o)
}

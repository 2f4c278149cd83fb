package main

import (
	"context"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/report"
)

// This file has the subcommands that write a report file for another tool:
// `pycov lcov`, `pycov xml` and `pycov goprofile`. Each reads the
// configuration and the data file, writes the report atomically (- is
// stdout), says where it wrote it, and then checks the gates as `pycov
// report` does. With [report] skip_empty, files without statements are
// left out, as coverage.py leaves them out of its LCOV and XML.

// lcovCmd is `pycov lcov`: an LCOV tracefile for lcov/genhtml, Codecov,
// Coveralls and Jenkins.
func lcovCmd(ctx context.Context, args []string, std stdio) error {
	fs := newFlags("lcov", "[options] [FILE|MODULE...]", std.err)
	rf := addReportFlags(fs)
	out := fs.StringP("output", "o", "coverage.lcov", "where to write the report (- for stdout; default: [lcov] output)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	return writeReport(fs, rf, std, "LCOV report", func(cfg *config.Config) *string {
		flagOver(fs, "output", &cfg.LCOV.Output, *out)
		return &cfg.LCOV.Output
	}, func(w io.Writer, rep *coverage.Report, cfg *config.Config) error {
		warnLineBreaks(std, cfg, rep, "LCOV")
		return report.LCOVWith(w, rep, report.LCOVOptions{LineChecksums: cfg.LCOV.LineChecksums})
	})
}

// xmlCmd is `pycov xml`: a Cobertura XML report, mapped as coverage.py maps it.
func xmlCmd(ctx context.Context, args []string, std stdio) error {
	fs := newFlags("xml", "[options] [FILE|MODULE...]", std.err)
	rf := addReportFlags(fs)
	out := fs.StringP("output", "o", "coverage.xml", "where to write the report (- for stdout; default: [xml] output)")
	strict := fs.Bool("strict", false, "leave out the missing-branches attribute, which the Cobertura DTD lacks")
	skipEmpty := fs.Bool("skip-empty", false, "leave out files with no statements ([report] skip_empty)")
	roots := fs.StringArray("source-root", nil, "write DIR as a <source> and name the files under it relative to it (repeatable, comma-separated; default: the [run] source directories, as coverage.py, else the working directory)")
	relative := fs.Bool("relative-source", false, "write the <source> directories relative to the working directory (\".\", \"src\"), for SonarQube and reports made in a container ([run] relative_files does too)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	wd, err := coverage.WorkingDir()
	if err != nil {
		return err
	}
	return writeReport(fs, rf, std, "XML report", func(cfg *config.Config) *string {
		flagOver(fs, "output", &cfg.XML.Output, *out)
		flagOver(fs, "skip-empty", &cfg.Report.SkipEmpty, *skipEmpty)
		return &cfg.XML.Output
	}, func(w io.Writer, rep *coverage.Report, cfg *config.Config) error {
		o := report.CoberturaOptions{
			Source: wd, Now: time.Now(), Version: version, Strict: *strict, PackageDepth: cfg.XML.PackageDepth,
		}
		dirs := cfg.Run.Source
		if fs.Changed("source-root") {
			dirs = splitList(*roots)
		}
		rel := *relative || cfg.Run.RelativeFiles
		o.Roots = sourceRoots(dirs, wd, rel, fs.Changed("source-root"))
		if rel {
			o.SourceAs = "."
		}
		return report.Cobertura(w, rep, o)
	})
}

// goprofileCmd is `pycov goprofile`: a Go cover profile, for tools that
// read only that format.
func goprofileCmd(ctx context.Context, args []string, std stdio) error {
	fs := newFlags("goprofile", "[options] [FILE|MODULE...]", std.err)
	rf := addReportFlags(fs)
	out := fs.StringP("output", "o", "cover.out", "where to write the profile (- for stdout)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	return writeReport(fs, rf, std, "Go cover profile", func(*config.Config) *string {
		return out
	}, func(w io.Writer, rep *coverage.Report, cfg *config.Config) error {
		warnLineBreaks(std, cfg, rep, "a Go cover profile")
		return report.GoProfile(w, rep)
	})
}

// warnLineBreaks names the files a line-oriented format leaves out.
func warnLineBreaks(std stdio, cfg *config.Config, rep *coverage.Report, format string) {
	for _, name := range report.LineBreakNames(rep) {
		warn(std, cfg, "unwritable-name", "%q is left out of the report: %s cannot carry a file name with a line break", name, format)
	}
}

// writeReport loads the configuration and the report, writes the report
// to the file output chooses, and checks the gates.
func writeReport(fs *pflag.FlagSet, rf *reportFlags, std stdio, what string,
	output func(*config.Config) *string, write func(io.Writer, *coverage.Report, *config.Config) error) error {
	cfg, err := rf.load(std)
	if err != nil {
		return err
	}
	out := *output(cfg)
	rep, err := scopedReport(cfg, rf.scope(true))
	if err != nil {
		return err
	}
	w, done, err := outputFile(out, std.out)
	if err != nil {
		return err
	}
	if err := write(w, withoutEmpty(rep, cfg.Report.SkipEmpty), cfg); err != nil {
		return err
	}
	if err := done(); err != nil {
		return err
	}
	if out != "-" {
		rf.say(std.out, "Wrote %s to %s\n", what, out)
	}
	return checkGates(std, rep, cfg)
}

// withoutEmpty is rep without its files that have no statements, when
// skip is set. The totals do not change: such files count nothing.
func withoutEmpty(rep *coverage.Report, skip bool) *coverage.Report {
	if !skip {
		return rep
	}
	kept := *rep
	kept.Files = nil
	for _, f := range rep.Files {
		if f.Numbers.Statements > 0 {
			kept.Files = append(kept.Files, f)
		}
	}
	return &kept
}

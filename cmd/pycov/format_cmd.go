package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/report"
)

// This file runs the report commands from the format table (formats.go):
// every one reads the configuration and the data file, lays its flags
// over the configuration, writes its format (a file atomically, - for
// stdout; a directory; or the terminal), says where it wrote it, and then
// checks the gates.

// reportArgsHelp is the help of the report commands' arguments.
const reportArgsHelp = "FILE|MODULE... limits the report to those files, as coverage.py's arguments do: " +
	"a measured file's path, a directory (the measured files under it) or a dotted module name."

// commandName is the command that writes f.
func (f *format) commandName() string {
	if f.command != "" {
		return f.command
	}
	return f.name
}

// reportCommands are the commands that write the formats, in table order.
func reportCommands() []command {
	var out []command
	seen := map[string]bool{}
	for _, f := range formats() {
		name := f.commandName()
		if seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, command{name: name, summary: f.summary, run: formatCmd(name), more: reportArgsHelp})
	}
	return out
}

// formatsOf are the formats command writes, its default first.
func formatsOf(command string) []*format {
	var out []*format
	for _, f := range formats() {
		if f.commandName() == command {
			out = append(out, f)
		}
	}
	return out
}

// sharedFlags are the flags several formats take, each defined once; a
// format's row names those it takes. Each adds its flag to fs, worded for
// format f, and returns how the flag lays over the configuration.
var sharedFlags = map[string]func(fs *pflag.FlagSet, f *format) func(cfg *config.Config) error{
	"show-missing": func(fs *pflag.FlagSet, f *format) func(*config.Config) error {
		v := fs.BoolP("show-missing", "m", false, "show the line numbers of statements and branches that did not run")
		return func(cfg *config.Config) error { flagOver(fs, "show-missing", &cfg.Report.ShowMissing, *v); return nil }
	},
	"skip-covered": func(fs *pflag.FlagSet, f *format) func(*config.Config) error {
		skip := fs.Bool("skip-covered", false, "leave out files with 100% coverage")
		noSkip := fs.Bool("no-skip-covered", false, fmt.Sprintf("list files with 100%% coverage too (overrides [%s] skip_covered)", f.skipIn))
		return func(cfg *config.Config) error {
			covered, _ := skipSettings(cfg, f.skipIn)
			flagOver(fs, "skip-covered", covered, *skip)
			flagOver(fs, "no-skip-covered", covered, !*noSkip)
			return nil
		}
	},
	"skip-empty": func(fs *pflag.FlagSet, f *format) func(*config.Config) error {
		usage := "leave out files with no statements"
		if f.skipIn != f.section {
			usage += fmt.Sprintf(" ([%s] skip_empty)", f.skipIn)
		}
		v := fs.Bool("skip-empty", false, usage)
		return func(cfg *config.Config) error {
			_, empty := skipSettings(cfg, f.skipIn)
			flagOver(fs, "skip-empty", empty, *v)
			return nil
		}
	},
	"sort": func(fs *pflag.FlagSet, f *format) func(*config.Config) error {
		v := fs.String("sort", "name", "sort by this column: "+strings.Join(report.SortKeys, ", ")+" (prefix - to reverse)")
		return func(cfg *config.Config) error {
			if fs.Changed("sort") {
				if err := config.Sort(&cfg.Report.Sort, *v); err != nil {
					return usageError("--sort: %v", err)
				}
			}
			return nil
		}
	},
}

// skipSettings are the skip_covered and skip_empty of a section.
func skipSettings(cfg *config.Config, section string) (covered, empty *bool) {
	switch section {
	case "report":
		return &cfg.Report.SkipCovered, &cfg.Report.SkipEmpty
	case "html":
		return &cfg.HTML.SkipCovered, &cfg.HTML.SkipEmpty
	}
	return nil, nil
}

// show is the files f writes, by the configuration.
func (f *format) show(cfg *config.Config) report.Show {
	var s report.Show
	if covered, empty := skipSettings(cfg, f.skipIn); empty != nil {
		s.SkipCovered = slices.Contains(f.flags, "skip-covered") && *covered
		s.SkipEmpty = *empty
	}
	if slices.Contains(f.flags, "sort") {
		s.Sort = cfg.Report.Sort
	}
	return s
}

// choices is the formats of a command for --format's help and errors:
// "text, markdown or total".
func choices(rows []*format, describe bool) string {
	var names []string
	for _, f := range rows {
		n := f.name
		if describe {
			n += " (" + f.use + ")"
		}
		names = append(names, n)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// formatCmd is the report command name: it writes the format its
// --format chooses, else its first.
func formatCmd(name string) func(ctx context.Context, args []string, std stdio) error {
	return func(ctx context.Context, args []string, std stdio) error {
		rows := formatsOf(name)
		def := rows[0]
		fs := newFlags(name, "[options] [FILE|MODULE...]", std.err)
		rf := addReportFlags(fs)
		var outFlag string
		var out *string
		switch {
		case def.dir:
			outFlag = "directory"
			out = fs.StringP(outFlag, "d", def.output, fmt.Sprintf("write the report into this directory (default: [%s] directory)", def.section))
		case def.output != "":
			outFlag = "output"
			noun := def.what[strings.LastIndex(def.what, " ")+1:]
			usage := fmt.Sprintf("where to write the %s (- for stdout)", noun)
			if def.out != nil {
				usage = fmt.Sprintf("where to write the %s (- for stdout; default: [%s] output)", noun, def.section)
			}
			out = fs.StringP(outFlag, "o", def.output, usage)
		}
		var applies []func(*config.Config) error
		added := map[string]bool{}
		for _, f := range rows {
			for _, flag := range f.flags {
				if !added[flag] {
					added[flag] = true
					applies = append(applies, sharedFlags[flag](fs, f))
				}
			}
			if f.own != nil {
				applies = append(applies, f.own(fs))
			}
		}
		var choice *string
		if len(rows) > 1 {
			choice = fs.String("format", def.name, choices(rows, true))
		}
		if help, err := parseFlags(fs, args); help || err != nil {
			return err
		}
		cfg, err := rf.load(std)
		if err != nil {
			return err
		}
		dest := ""
		if out != nil {
			dest = *out
			if def.out != nil {
				flagOver(fs, outFlag, def.out(cfg), *out)
				dest = *def.out(cfg)
			}
		}
		for _, apply := range applies {
			if apply == nil {
				continue
			}
			if err := apply(cfg); err != nil {
				return err
			}
		}
		f := def
		if choice != nil {
			flagOver(fs, "format", &cfg.Report.Format, *choice)
			if f = formatNamed(rows, cfg.Report.Format); f == nil {
				return usageError("--format %q is not a format%s; use %s", cfg.Report.Format, formatHint(cfg.Report.Format, formatNames(rows)), choices(rows, false))
			}
		}
		if f.dir && dest == "" {
			return usageError("the %s directory is empty: give one with -d DIR", f.what)
		}
		if f.dir && dest == "-" {
			return usageError("the %s is a directory of files, which cannot be written to standard output: give a directory with -d DIR", f.what)
		}
		if !f.dir && f.output != "" && dest == "" {
			return usageError("the %s file name is empty: give one with -o FILE", f.what)
		}
		rep, err := scopedReport(ctx, std, cfg, rf.scope())
		if err != nil {
			return err
		}
		if !f.warnsSources {
			warnChangedSources(std, cfg, rep)
		}
		j := &job{fs: fs, cfg: cfg, rep: rep, show: f.show(cfg), w: std.out, dest: dest, wd: std.dir,
			warn: func(slug, msg string) { warn(std, cfg, slug, "%s", msg) }}
		switch {
		case f.dir:
			if err := f.write(j); err != nil {
				return err
			}
			rf.say(std.out, "Wrote %s to %s\n", f.what, filepath.Join(dest, "index.html"))
		case f.output != "":
			w, done, err := outputFile(std, dest)
			if err != nil {
				return err
			}
			j.w = w
			if err := f.write(j); err != nil {
				return err
			}
			if err := done(); err != nil {
				return err
			}
			if dest != "-" {
				rf.say(std.out, "Wrote %s to %s\n", f.what, dest)
			}
		default:
			if err := f.write(j); err != nil {
				return err
			}
		}
		return checkGates(std, rep, cfg)
	}
}

// formatNames are the names of rows.
func formatNames(rows []*format) []string {
	var out []string
	for _, f := range rows {
		out = append(out, f.name)
	}
	return out
}

// formatNamed is the format of rows called name; "" is the first.
func formatNamed(rows []*format, name string) *format {
	if name == "" {
		return rows[0]
	}
	for _, f := range rows {
		if f.name == name {
			return f
		}
	}
	return nil
}

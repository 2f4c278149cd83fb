package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
)

// This file is the glue between the config package and the commands:
// every command loads the configuration once (defaults < file <
// environment) and then lays the flags it was given over it, so a flag
// always wins and a flag not given never does.

// configFlags are the options of every command that reads the
// configuration.
type configFlags struct {
	fs       *pflag.FlagSet
	rcfile   *string
	dataFile *string
}

func addConfigFlags(fs *pflag.FlagSet) *configFlags {
	return &configFlags{
		fs:       fs,
		rcfile:   fs.String("rcfile", "", "the configuration file to read (default: $COVERAGE_RCFILE, .coveragerc, .coveragerc.toml, setup.cfg, tox.ini, pyproject.toml)"),
		dataFile: fs.String("data-file", "", "the data file (default: $COVERAGE_FILE, else [run] data_file, else .pycov)"),
	}
}

// load reads the configuration, prints its warnings, and applies the
// flags given.
func (f *configFlags) load(io stdio) (*config.Config, error) {
	cfg, err := config.Load(config.Options{Dir: io.dir, RCFile: *f.rcfile, LookupEnv: io.lookupEnv})
	if err != nil {
		return nil, err
	}
	for _, w := range cfg.Warnings {
		warn(io, cfg, w.Slug, "%s", w.Text)
	}
	if f.fs.Changed("data-file") {
		if *f.dataFile == "" {
			return nil, usageError("--data-file is empty: give the data file's path")
		}
		cfg.Run.DataFile = config.PycovDataFile(*f.dataFile)
		if cfg.Run.DataFile != *f.dataFile {
			warn(io, cfg, "data-file-renamed", "--data-file %s is coverage.py's name, which tools hand to coverage.py: pycov uses %s", *f.dataFile, cfg.Run.DataFile)
		}
	}
	return cfg, nil
}

// reportFlags are the options every report command shares: which files,
// how percentages round, and the gates checked after writing.
type reportFlags struct {
	*configFlags
	include, omit   *[]string
	contexts        *[]string
	precision       *int
	failUnder       *float64
	failUnderLine   *float64
	failUnderBranch *float64
	failUnderFile   *float64
	ignoreErrors    *bool
	quiet           *bool
	keepCombined    *bool
}

func addReportFlags(fs *pflag.FlagSet) *reportFlags {
	return &reportFlags{
		configFlags:     addConfigFlags(fs),
		include:         fs.StringArray("include", nil, "report only files matching these file patterns"),
		omit:            fs.StringArray("omit", nil, "leave out files matching these file patterns"),
		contexts:        fs.StringArray("contexts", nil, "report only data from contexts matching these regular expressions (comma-separated; [report] contexts)"),
		precision:       fs.Int("precision", 0, "number of decimal places in percentages"),
		failUnder:       fs.Float64("fail-under", 0, "exit with status 2 if the total coverage (lines and branches) is below this"),
		failUnderLine:   fs.Float64("fail-under-line", 0, "exit with status 2 if the total line coverage is below this"),
		failUnderBranch: fs.Float64("fail-under-branch", 0, "exit with status 2 if the total branch coverage is below this"),
		failUnderFile:   fs.Float64("fail-under-file", 0, "exit with status 2 if any file's coverage (lines and branches) is below this, naming each ([tool.pycov] fail_under_file)"),
		ignoreErrors:    fs.BoolP("ignore-errors", "i", false, "leave out files that cannot be analysed or named files that were not measured, with a warning, instead of stopping ([report] ignore_errors)"),
		quiet:           fs.BoolP("quiet", "q", false, "do not say where the report was written"),
		keepCombined:    fs.Bool("keep-combined", false, "keep the parallel data files and journals a report combines first (they are deleted once combined)"),
	}
}

// scope is what the report flags and arguments select: the files named
// on the command line (coverage.py's "morfs") and whether combined inputs
// are kept.
func (f *reportFlags) scope() reportScope {
	return reportScope{morfs: f.fs.Args(), keepCombined: *f.keepCombined}
}

// say prints a message about what a report command did, unless --quiet.
func (f *reportFlags) say(w io.Writer, format string, args ...any) {
	if !*f.quiet {
		fmt.Fprintf(w, format, args...)
	}
}

// load reads the configuration and applies the report flags given.
func (f *reportFlags) load(io stdio) (*config.Config, error) {
	cfg, err := f.configFlags.load(io)
	if err != nil {
		return nil, err
	}
	if f.fs.Changed("include") {
		cfg.Report.Include = splitList(*f.include)
	}
	if f.fs.Changed("omit") {
		cfg.Report.Omit = splitList(*f.omit)
	}
	if f.fs.Changed("contexts") {
		cfg.Report.Contexts = splitList(*f.contexts)
	}
	flagOver(f.fs, "ignore-errors", &cfg.Report.IgnoreErrors, *f.ignoreErrors)
	if f.fs.Changed("precision") {
		if err := config.Precision(&cfg.Report.Precision, *f.precision); err != nil {
			return nil, usageError("--precision: %v", err)
		}
	}
	for _, p := range []struct {
		flag string
		dst  *float64
		v    float64
	}{
		{"fail-under", &cfg.Report.FailUnder, *f.failUnder},
		{"fail-under-line", &cfg.Gates.FailUnderLine, *f.failUnderLine},
		{"fail-under-branch", &cfg.Gates.FailUnderBranch, *f.failUnderBranch},
		{"fail-under-file", &cfg.Gates.FailUnderFile, *f.failUnderFile},
	} {
		if f.fs.Changed(p.flag) {
			if p.v < 0 || p.v > 100 {
				return nil, usageError("--%s=%g is invalid: use a percentage from 0 to 100", p.flag, p.v)
			}
			*p.dst = p.v
		}
	}
	return cfg, nil
}

// flagOver sets *dst to v when the flag name was given.
func flagOver[T any](fs *pflag.FlagSet, name string, dst *T, v T) {
	if fs.Changed(name) {
		*dst = v
	}
}

// warn prints a warning with its slug, unless [run] disable_warnings
// silences it.
func warn(io stdio, cfg *config.Config, slug, format string, args ...any) {
	if cfg != nil && cfg.Disabled(slug) {
		return
	}
	fmt.Fprintf(io.err, "pycov: warning: %s (%s)\n", fmt.Sprintf(format, args...), slug)
}

// reportScope narrows a report beyond the configuration.
type reportScope struct {
	morfs        []string // files, directories or modules named on the command line
	keepCombined bool     // keep what the implicit combine merges
}

// configuredReport reads the data file and analyses the files the
// configuration selects. With [report] ignore_errors, files pycov could
// not analyse are left out instead of stopping the report.
func configuredReport(ctx context.Context, io stdio, cfg *config.Config) (*coverage.Report, error) {
	return scopedReport(ctx, io, cfg, reportScope{})
}

// scopedReport is configuredReport for the files sc names.
func scopedReport(ctx context.Context, io stdio, cfg *config.Config, sc reportScope) (*coverage.Report, error) {
	if err := combinePending(ctx, io, cfg, sc.keepCombined); err != nil {
		return nil, err
	}
	data, err := coverage.ReadData(cfg.Run.DataFile, io.dir)
	if err != nil {
		return nil, err
	}
	if len(cfg.Report.Contexts) > 0 {
		match, err := contextMatcher(cfg.Report.Contexts)
		if err != nil {
			return nil, err
		}
		warnUnmatchedContexts(io, cfg, data, match)
		data.FilterContexts(match)
	}
	if len(sc.morfs) > 0 {
		if err := selectNamed(data, sc.morfs, cfg, io); err != nil {
			return nil, err
		}
	}
	if !sameRegexes(data.Exclude, cfg.Report.Exclude()) || !sameRegexes(data.Partial, cfg.Report.Partial()) {
		// Exclusions are part of the facts computed when the program ran.
		warn(io, cfg, "exclusions-changed",
			"the exclusion settings changed since %s was measured; the report uses the old ones: run `pycov run` again", cfg.Run.DataFile)
	}
	sel := coverage.Selection{Cwd: io.dir, Include: cfg.Report.Include, Omit: cfg.Report.Omit}
	if data.Files, err = withoutUnparsable(io, data.Files, sel, cfg); err != nil {
		return nil, err
	}
	rep, err := coverage.BuildReport(data, sel)
	if err != nil {
		return nil, err
	}
	if len(rep.Files) == 0 {
		return nil, fmt.Errorf("%w: no measured file in %s matches the selection", coverage.ErrNoData, cfg.Run.DataFile)
	}
	return rep, nil
}

// withoutUnparsable leaves out the files that could not be analysed as
// Python and are not named like Python (code compiled under a template's
// name), with one warning naming the selected ones, as coverage.py skips
// them; with [report] ignore_errors, every file that could not be analysed.
func withoutUnparsable(io stdio, files []*coverage.FileData, sel coverage.Selection, cfg *config.Config) ([]*coverage.FileData, error) {
	selected, err := sel.Matcher()
	if err != nil {
		return nil, err
	}
	kept := files[:0:0]
	var skipped []string
	for _, f := range files {
		switch {
		case f.Facts == nil || f.Facts.Error == "":
			kept = append(kept, f)
		case !coverage.ShouldBePython(f.Path):
			if selected(f.Path) {
				skipped = append(skipped, coverage.DisplayName(f.Path, sel.Cwd))
			}
		case !cfg.Report.IgnoreErrors:
			kept = append(kept, f) // BuildReport says why it fails
		}
	}
	if len(skipped) > 0 {
		sort.Strings(skipped)
		names := strings.Join(skipped, ", ")
		if len(skipped) > 3 {
			names = fmt.Sprintf("%s and %d more", strings.Join(skipped[:3], ", "), len(skipped)-3)
		}
		warn(io, cfg, "couldnt-parse", "%d measured file(s) left out of the report: not named like Python files, and not parsable as Python (template code?): %s", len(skipped), names)
	}
	return kept, nil
}

// gates are the configured gates, in the order they are checked: the
// totals (fail_under, then line and branch), then each per-path gate.
func gates(cfg *config.Config) []coverage.Gate {
	var out []coverage.Gate
	if cfg.Report.FailUnder > 0 {
		out = append(out, coverage.Gate{Name: "fail-under", Total: cfg.Report.FailUnder})
	}
	if cfg.Gates.FailUnderLine > 0 {
		out = append(out, coverage.Gate{Name: "fail-under-line", Line: cfg.Gates.FailUnderLine})
	}
	if cfg.Gates.FailUnderBranch > 0 {
		out = append(out, coverage.Gate{Name: "fail-under-branch", Branch: cfg.Gates.FailUnderBranch})
	}
	for _, g := range cfg.Gates.Paths {
		out = append(out, coverage.Gate{Name: fmt.Sprintf("%q", g.Name), Paths: g.Paths, Total: g.Total, Line: g.Line, Branch: g.Branch})
	}
	return out
}

// checkGates checks every configured gate against rep, after the report
// is written.
func checkGates(io stdio, rep *coverage.Report, cfg *config.Config) error {
	err := enforce(io, rep, gates(cfg), cfg.Report.Precision)
	if ferr := enforcePerFile(io, rep, cfg.Gates.FailUnderFile, cfg.Report.Precision); err == nil {
		err = ferr
	}
	return err
}

// enforce checks gates against rep. Each failure is one line on stderr;
// any failure is exit status 2.
func enforce(io stdio, rep *coverage.Report, gates []coverage.Gate, precision int) error {
	fails, err := coverage.CheckGates(rep, gates, precision)
	if err != nil {
		return err
	}
	for _, f := range fails {
		fmt.Fprintf(io.err, "pycov: coverage failure: %s\n", f)
	}
	if len(fails) > 0 {
		return &exitError{code: 2, err: fmt.Errorf("%w: %d failed", errGate, len(fails)), silent: true}
	}
	return nil
}

// errNoProgram is `pycov run` with nothing to run.
var errNoProgram = errors.New("nothing to run: give a Python program or -m MODULE, or set [run] command_line in the configuration")

// configuredProgram is the program of [run] command_line, split as
// coverage.py splits it: "-m MODULE ARGS" or "PROGRAM ARGS".
func configuredProgram(cfg *config.Config) (prog []string, module string, err error) {
	args, err := config.SplitCommandLine(cfg.Run.CommandLine)
	if err != nil {
		return nil, "", fmt.Errorf("%s: [run] command_line: %w", cfg.File, err)
	}
	if len(args) > 0 && (args[0] == "-m" || args[0] == "--module") {
		if len(args) == 1 {
			return nil, "", fmt.Errorf("%s: [run] command_line: -m needs a module name", cfg.File)
		}
		return args[2:], args[1], nil
	}
	return args, "", nil
}

// absPaths makes paths absolute against dir.
func absPaths(paths []string, dir string) []string {
	var out []string
	for _, p := range paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		out = append(out, p)
	}
	return out
}

// checkRegexes has the interpreter compile the configured exclusion and
// partial-branch regexes (they are Python's, not Go's), so that a bad one
// stops `pycov run` before the program runs, naming the option, as
// coverage.py does when it reads its configuration.
func checkRegexes(ctx context.Context, run func(context.Context, []string, []byte) ([]byte, error), cfg *config.Config) error {
	var pairs [][2]string
	for _, l := range []struct {
		name string
		res  []string
	}{
		{"exclude_lines", cfg.Report.ExcludeLines}, {"exclude_also", cfg.Report.ExcludeAlso},
		{"partial_branches", cfg.Report.PartialBranches}, {"partial_also", cfg.Report.PartialAlso},
		{"partial_branches_always", cfg.Report.PartialAlways},
	} {
		for _, r := range l.res {
			pairs = append(pairs, [2]string{l.name, r})
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	in, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	out, err := run(ctx, []string{"-I", "-S", "-c", regexCheck}, in)
	if err != nil {
		return fmt.Errorf("checking the exclusion regexes: %w", err)
	}
	var bad [3]string
	if len(bytes.TrimSpace(out)) == 0 || json.Unmarshal(out, &bad) != nil {
		return nil
	}
	return fmt.Errorf("%s: [report] %s: %q is not a regular expression: %s", cfg.File, bad[0], bad[1], bad[2])
}

// sameRegexes compares regex lists, nil (the defaults) differing from
// empty (none).
func sameRegexes(a, b []string) bool {
	return (a == nil) == (b == nil) && slices.Equal(a, b)
}

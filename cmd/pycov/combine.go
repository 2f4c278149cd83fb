package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/measure"
)

// combineCmd is `pycov combine [options] [PATH...]`: merge the parallel
// data files (`pycov run -p`) and the journal directories left by
// interrupted runs into the data file, as coverage.py's combine does.
// Without PATHs it takes those beside the data file; a PATH is a data
// file, a journal directory, or a directory to take them from.
func combineCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("combine", "[options] [PATH...]", io.err)
	cf := addConfigFlags(fs)
	appendData := fs.BoolP("append", "a", false, "combine into the existing data file instead of replacing it")
	keep := fs.Bool("keep", false, "keep the combined data files and journals (they are deleted once the result is written)")
	quiet := fs.BoolP("quiet", "q", false, "do not print the summary line")
	python := fs.String("python", "", "the interpreter that analyses journal directories (default: the one that ran the program, else as pycov run chooses)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	conf, err := cf.load(io)
	if err != nil {
		return err
	}
	job, err := newCombine(io, conf)
	if err != nil {
		return err
	}
	job.Append, job.Keep, job.Python = *appendData, *keep, *python
	var notFound []error
	job.Files, job.Dirs, notFound = measure.CombineInputs(job.Host, job.DataFile, fs.Args())
	sum, err := job.Run(ctx)
	sum.Errs = append(notFound, sum.Errs...)
	for _, e := range sum.Errs {
		fmt.Fprintf(io.err, "pycov: skipped: %v\n", e)
	}
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(io.out, "%s\n", sum)
	}
	if len(sum.Errs) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d of the inputs could not be combined; they are kept", len(sum.Errs))}
	}
	return nil
}

// combinePending is the implicit combine of every report (coverage.py
// 7.16 combines before reporting too): pycov's own parallel data files
// beside the data file (coverage.ParallelFiles) and the journal
// directories of interrupted runs that pycov made here are merged into it,
// then deleted (unless keep: --keep-combined), before the report reads it; it says what it took. Nothing
// else is touched: journal directories from elsewhere are only pointed
// out.
func combinePending(ctx context.Context, io stdio, cfg *config.Config, keep bool) error {
	job, err := newCombine(io, cfg)
	if err != nil {
		return err
	}
	job.Keep = keep
	var others []string
	job.Files, job.Dirs, others = job.Pending()
	if len(others) > 0 {
		warn(io, cfg, "journals-pending", "left alone: %s (not made by pycov here; `pycov combine` reads journal directories copied from another machine)", strings.Join(others, ", "))
	}
	if len(job.Files)+len(job.Dirs) == 0 {
		return nil
	}
	job.Append = true
	sum, err := job.Run(ctx)
	for _, e := range sum.Errs {
		warn(io, cfg, "combine-skipped", "not combined: %v", e)
	}
	if errors.Is(err, measure.ErrNothingCombined) {
		err = nil // the report goes on with the data file as it is
	}
	if err == nil && sum.Files+sum.Dirs > 0 {
		fmt.Fprintf(io.err, "pycov: %s\n", sum)
	}
	return err
}

// newCombine is the combination the configuration describes, without its
// inputs.
func newCombine(io stdio, cfg *config.Config) (*measure.Combine, error) {
	wd := io.dir
	var aliases [][]string
	for _, p := range cfg.Paths {
		aliases = append(aliases, p.Patterns)
	}
	a, err := coverage.NewPathAliases(aliases, wd, cfg.Run.RelativeFiles)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.File, err)
	}
	return measure.NewCombine(io.host(), cfg.Run.DataFile, a, cfg.Run.CacheDir)
}

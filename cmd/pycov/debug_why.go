package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
)

// debugWhy is `pycov debug why PATH...`: for each file, whether the data
// file has it and, if not, which rule kept it out, checked in the order
// the agent decides (monitoring/agent.py, decide): source, the standard
// library and installed packages, include, the working directory, omit.
// Then whether the report selection ([report] include and omit) shows it.
func debugWhy(ctx context.Context, io stdio, cfg *config.Config, paths []string) error {
	wd := io.dir
	data, err := coverage.ReadData(cfg.Run.DataFile, wd)
	if err != nil && !errors.Is(err, coverage.ErrNoData) {
		return err
	}
	if data == nil {
		data = &coverage.Data{}
	}
	for _, p := range paths {
		fmt.Fprintf(io.out, "%s: %s\n", p, whyMeasured(ctx, io, cfg, data, p))
		if why := whyReported(cfg, p, wd); why != "" {
			fmt.Fprintf(io.out, "%s: %s\n", p, why)
		}
	}
	return nil
}

// whyMeasured explains whether path is in data, and why.
func whyMeasured(ctx context.Context, io stdio, cfg *config.Config, data *coverage.Data, path string) string {
	wd := io.dir
	abs, real := absAndReal(path, wd)
	for _, f := range data.Files {
		if f.Path != abs && f.Path != real {
			continue
		}
		if len(f.Lines) == 0 && len(f.Started) == 0 {
			return fmt.Sprintf("in %s as a file that never ran: it is under a --source directory, but no measured process imported it", cfg.Run.DataFile)
		}
		stmts := "?"
		if f.Facts != nil {
			stmts = fmt.Sprint(len(f.Facts.Statements))
		}
		return fmt.Sprintf("measured: %s has it (%d lines ran of %s statements)", cfg.Run.DataFile, len(f.Lines), stmts)
	}
	st, err := os.Stat(real)
	switch {
	case err != nil:
		return "no such file"
	case st.IsDir():
		return "a directory: give the path of a Python file (`pycov report DIR` reports the measured files under it)"
	case !strings.HasSuffix(real, ".py") && !strings.HasSuffix(real, ".pyw"):
		return "not measured: pycov measures Python source files (.py, .pyw)"
	}
	not := fmt.Sprintf("not in %s: ", cfg.Run.DataFile)
	source := append(append(append([]string(nil), cfg.Run.Source...), cfg.Run.SourceDirs...), cfg.Run.SourcePkgs...)
	if len(source) > 0 {
		for _, s := range append(append([]string(nil), cfg.Run.Source...), cfg.Run.SourceDirs...) {
			dir := s
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(wd, dir)
			}
			if strings.HasPrefix(real, dir+string(filepath.Separator)) {
				return not + fmt.Sprintf("it is under the source %s, so it is measured when it runs, and reported as never run when --source names a directory holding it; it did not run in the measured runs (or %s is older than the file)", s, cfg.Run.DataFile)
			}
		}
		return not + fmt.Sprintf("[run] source (%s) does not hold it; with a source, nothing else is measured", strings.Join(source, ", "))
	}
	if lib := libraryDir(ctx, io, real); lib != "" {
		return not + fmt.Sprintf("it is in %s (the standard library or installed packages), measured only when --source names it", lib)
	}
	if len(cfg.Run.Include) > 0 {
		if !matches(cfg.Run.Include, real, wd) {
			return not + fmt.Sprintf("[run] include (%s) does not match it", strings.Join(cfg.Run.Include, ", "))
		}
	} else if !strings.HasPrefix(real, wd+string(filepath.Separator)) {
		return not + fmt.Sprintf("it is outside the working directory %s; without --source or --include pycov measures only the files under the directory it runs in", wd)
	}
	if matches(cfg.Run.Omit, real, wd) {
		return not + fmt.Sprintf("[run] omit (%s) matches it", strings.Join(cfg.Run.Omit, ", "))
	}
	return not + "it would be measured, but it never ran in the measured runs; to report files that never ran, name their directory with --source"
}

// whyReported says when the report selection leaves path out.
func whyReported(cfg *config.Config, path, wd string) string {
	abs := path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, abs)
	}
	if len(cfg.Report.Include) > 0 && !matches(cfg.Report.Include, abs, wd) {
		return fmt.Sprintf("reports leave it out: [report] include (%s) does not match it", strings.Join(cfg.Report.Include, ", "))
	}
	if matches(cfg.Report.Omit, abs, wd) {
		return fmt.Sprintf("reports leave it out: [report] omit (%s) matches it", strings.Join(cfg.Report.Omit, ", "))
	}
	return ""
}

// matches says whether any of globs (coverage.py's file patterns)
// matches path.
func matches(globs []string, path, wd string) bool {
	if len(globs) == 0 {
		return false
	}
	m, err := coverage.Selection{Cwd: wd, Include: globs}.Matcher()
	return err == nil && m(path)
}

// libraryDir is the library directory of the interpreter pycov would
// use that holds path, or "".
func libraryDir(ctx context.Context, io stdio, path string) string {
	in, _, err := chooseInterpreterIn(io, "", "")
	if err != nil {
		return ""
	}
	out, err := in.Output(ctx, []string{"-c", libProbe}, nil)
	if err != nil {
		return ""
	}
	for _, dir := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if dir != "" && strings.HasPrefix(path, dir+string(filepath.Separator)) {
			return dir
		}
	}
	return ""
}

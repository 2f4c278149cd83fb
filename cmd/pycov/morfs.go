package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
)

// This file is the arguments of the report commands: `pycov report a.py
// pkg/ app.models` reports only those files, as coverage.py reports only
// its "morfs" (modules or files). Each argument is, in this order:
//
//   - the path of a measured file (relative to the working directory or
//     absolute; symbolic links resolved, as the data holds real paths);
//   - a glob ("src/*.py", quoted so the shell leaves it) matching measured files;
//   - a directory: the measured files under it;
//   - a dotted module name ("app.models"): the measured app/models.py or
//     app/models/__init__.py, wherever on sys.path it was.
//
// An argument that names nothing measured stops the report (coverage.py's
// "No source for code"), or with --ignore-errors is a warning.

// moduleName is a dotted Python module name.
var moduleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// selectNamed keeps the files of data that args name, in data's order.
func selectNamed(data *coverage.Data, args []string, cfg *config.Config, std stdio) error {
	wd := std.dir
	keep := map[*coverage.FileData]bool{}
	for _, arg := range args {
		found := namedFiles(data.Files, arg, wd)
		if len(found) == 0 {
			err := notMeasured(arg, wd, cfg.Run.DataFile)
			if !cfg.Report.IgnoreErrors {
				return usageError("%v", err)
			}
			warn(std, cfg, "no-source", "%v; left out (--ignore-errors)", err)
			continue
		}
		for _, f := range found {
			keep[f] = true
		}
	}
	kept := data.Files[:0:0]
	for _, f := range data.Files {
		if keep[f] {
			kept = append(kept, f)
		}
	}
	data.Files = kept
	return nil
}

// absAndReal is path made absolute against wd, and its real path (links
// resolved; abs itself when it does not exist): a measured file is
// recorded under its real path, but named by either.
func absAndReal(path, wd string) (abs, real string) {
	abs = path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(wd, abs)
	}
	abs = filepath.Clean(abs)
	real = abs
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		real = r
	}
	return abs, real
}

// namedFiles are the files of files that arg names.
func namedFiles(files []*coverage.FileData, arg, wd string) []*coverage.FileData {
	abs, real := absAndReal(arg, wd)
	var out []*coverage.FileData
	pick := func(match func(path string) bool) []*coverage.FileData {
		for _, f := range files {
			if match(f.Path) {
				out = append(out, f)
			}
		}
		return out
	}
	if found := pick(func(p string) bool { return p == abs || p == real }); len(found) > 0 {
		return found
	}
	if strings.ContainsAny(arg, "*?[") {
		return pick(func(p string) bool { ok, _ := filepath.Match(abs, p); return ok })
	}
	if st, err := os.Stat(real); err == nil && st.IsDir() {
		return pick(func(p string) bool {
			return strings.HasPrefix(p, real+string(filepath.Separator)) || strings.HasPrefix(p, abs+string(filepath.Separator))
		})
	}
	if moduleName.MatchString(arg) {
		rel := string(filepath.Separator) + filepath.Join(strings.Split(arg, ".")...)
		return pick(func(p string) bool {
			return strings.HasSuffix(p, rel+".py") || strings.HasSuffix(p, rel+string(filepath.Separator)+"__init__.py")
		})
	}
	return nil
}

// notMeasured says why arg named no measured file.
func notMeasured(arg, wd, dataFile string) error {
	if st, err := os.Stat(arg); err == nil {
		if st.IsDir() {
			return fmt.Errorf("no file under %s was measured (%s has none); check the directory, or measure it with --source", arg, dataFile)
		}
		return fmt.Errorf("%s was not measured (%s has no data for it); run it under `pycov run`, or put its directory in [run] source so files that never ran are reported", arg, dataFile)
	}
	return fmt.Errorf("no source for %s: it is not a measured file, directory or module in %s", arg, dataFile)
}

package main

import (
	"os"
	"path/filepath"

	"github.com/pycov/pycov/report"
)

// sourceRoots are the Cobertura <source> directories: dirs that are
// directories (as coverage.py keeps the [run] source entries that exist;
// those that name packages are not directories), absolute and resolved,
// written absolute or, with relative, relative to wd. Directories given
// with --source-root are kept even when missing, so a report made for
// another checkout can name them.
func sourceRoots(dirs []string, wd string, relative, given bool) []report.SourceRoot {
	var out []report.SourceRoot
	for _, d := range dirs {
		abs := d
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(wd, abs)
		}
		abs = filepath.Clean(abs)
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			if !given {
				continue
			}
		} else if r, err := filepath.EvalSymlinks(abs); err == nil {
			abs = r
		}
		name := abs
		if relative {
			name = filepath.ToSlash(d) // as given
			if rel, err := filepath.Rel(wd, abs); err == nil && (rel == "." || filepath.IsLocal(rel)) {
				name = filepath.ToSlash(rel)
			}
		}
		out = append(out, report.SourceRoot{Dir: abs, Name: name})
	}
	return out
}

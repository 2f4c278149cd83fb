package coverage

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pycov/pycov/pathglob"
)

// Selection chooses which measured files a report covers.
type Selection struct {
	Cwd     string   // names are made relative to it
	Include []string // file patterns (pathglob); empty means all
	Omit    []string // file patterns
	// NamespacePackages finds never-imported files in directories
	// without __init__.py too ([report] include_namespace_packages).
	NamespacePackages bool
}

// Report is the analysed data every writer formats: one result per file,
// sorted by name, and the total. A gate checks Total, computed here only.
type Report struct {
	Branch bool // branch coverage was measured
	// Contexts names the data's contexts (Data.Contexts): nil when it was
	// measured without them.
	Contexts []string
	Files    []*FileResult
	Total    Numbers
}

// Matcher compiles the selection into a test of paths, as coverage.py's
// include and omit: a pattern that does not start with a wildcard is also
// tried relative to Cwd (pathglob.Prep).
func (sel Selection) Matcher() (func(path string) bool, error) {
	inc, err := selectionPatterns(sel.Include, sel.Cwd, "include")
	if err != nil {
		return nil, err
	}
	omit, err := selectionPatterns(sel.Omit, sel.Cwd, "omit")
	if err != nil {
		return nil, err
	}
	return func(path string) bool {
		return (inc == nil || inc.Match(path)) && (omit == nil || !omit.Match(path))
	}, nil
}

// selectionPatterns compiles include or omit patterns; nil when there are none.
func selectionPatterns(patterns []string, cwd, what string) (*pathglob.Set, error) {
	patterns = pathglob.Prep(patterns, cwd)
	if len(patterns) == 0 {
		return nil, nil
	}
	s, err := pathglob.Compile(patterns, pathglob.Native)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (see the file patterns in pycov's README)", what, err)
	}
	return s, nil
}

// BuildReport analyses every selected file of d.
func BuildReport(d *Data, sel Selection) (*Report, error) {
	selected, err := sel.Matcher()
	if err != nil {
		return nil, err
	}
	rep := &Report{Branch: d.Branch, Contexts: d.Contexts}
	for _, fd := range d.Files {
		if !selected(fd.Path) {
			continue
		}
		if fd.Facts.Error != "" {
			return nil, fmt.Errorf("couldn't analyse %s: %s (fix the file, leave it out with --omit, or set [report] ignore_errors = true)", fd.Path, fd.Facts.Error)
		}
		if !d.Branch {
			// Lines only were measured: no branch can be missing.
			lineOnly := *fd
			facts := *fd.Facts
			facts.Arcs, facts.NoBranch = nil, nil
			lineOnly.Facts = &facts
			fd = &lineOnly
		}
		r := Analyze(fd, DisplayName(fd.Path, sel.Cwd))
		rep.Files = append(rep.Files, r)
		rep.Total.Add(r.Numbers)
	}
	sort.Slice(rep.Files, func(i, j int) bool { return rep.Files[i].Name < rep.Files[j].Name })
	return rep, nil
}

// DisplayName is path relative to cwd when it is under cwd, else path, with
// forward slashes.
func DisplayName(path, cwd string) string {
	if cwd != "" {
		if rel, err := filepath.Rel(cwd, path); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

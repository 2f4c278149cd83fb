package coverage

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Selection chooses which measured files a report covers.
type Selection struct {
	Cwd     string   // names are made relative to it
	Include []string // globs; empty means all
	Omit    []string // globs
	// NamespacePackages finds never-imported files in directories
	// without __init__.py too ([report] include_namespace_packages).
	NamespacePackages bool
}

// Report is the analysed data every writer formats: one result per file,
// sorted by name, and the total. A gate checks Total, computed here only.
type Report struct {
	Branch bool // branch coverage was measured
	Files  []*FileResult
	Total  Numbers
}

// Matcher compiles the selection into a test of absolute paths.
func (sel Selection) Matcher() (func(path string) bool, error) {
	inc, err := globsRegexp(sel.Include, sel.Cwd)
	if err != nil {
		return nil, err
	}
	omit, err := globsRegexp(sel.Omit, sel.Cwd)
	if err != nil {
		return nil, err
	}
	return func(path string) bool {
		return (inc == nil || inc.MatchString(path)) && (omit == nil || !omit.MatchString(path))
	}, nil
}

// BuildReport analyses every selected file of d.
func BuildReport(d *Data, sel Selection) (*Report, error) {
	selected, err := sel.Matcher()
	if err != nil {
		return nil, err
	}
	rep := &Report{Branch: d.Branch}
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

// globsRegexp compiles file globs as coverage.py reads them: "*" matches
// any characters (including "/"), "?" one character, and a pattern that does
// not start with a wildcard or "/" is relative to cwd.
func globsRegexp(globs []string, cwd string) (*regexp.Regexp, error) {
	if len(globs) == 0 {
		return nil, nil
	}
	var alts []string
	for _, g := range globs {
		if g == "" {
			continue
		}
		if !strings.HasPrefix(g, "*") && !strings.HasPrefix(g, "?") && !filepath.IsAbs(g) {
			g = filepath.Join(cwd, g)
		}
		var b strings.Builder
		for _, c := range g {
			switch c {
			case '*':
				b.WriteString(".*")
			case '?':
				b.WriteString(".")
			default:
				b.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		alts = append(alts, b.String())
	}
	if len(alts) == 0 {
		return nil, nil
	}
	return regexp.Compile("^(?:" + strings.Join(alts, "|") + ")$")
}

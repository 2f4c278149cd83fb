package report

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/pycov/pycov/coverage"
)

// SourceRoot is a <source> of the Cobertura report: Dir is the absolute
// directory, Name how the report writes it (Dir, or relative to the
// working directory for tools that resolve it against their checkout:
// SonarQube refuses an absolute path from another machine or container).
type SourceRoot struct {
	Dir, Name string
}

// fileNames names each file relative to the deepest root holding it (as
// coverage.py's result is when its source directories nest), else as the
// report names it (relative to Source), and lists the <source> elements,
// sorted as coverage.py sorts them: every root, and Source if a file
// needed it or there are no roots.
func (o CoberturaOptions) fileNames(files []*coverage.FileResult) (map[*coverage.FileResult]string, []string) {
	names := make(map[*coverage.FileResult]string, len(files))
	needSource := len(o.Roots) == 0
	for _, f := range files {
		names[f] = f.Name
		deepest := -1
		for _, r := range o.Roots {
			if rel, ok := under(f.Path, r.Dir); ok && len(r.Dir) > deepest {
				names[f], deepest = rel, len(r.Dir)
			}
		}
		needSource = needSource || deepest < 0
	}
	var sources []string
	for _, r := range o.Roots {
		sources = append(sources, r.Name)
	}
	if needSource {
		s := o.Source
		if o.SourceAs != "" {
			s = o.SourceAs
		}
		if !slices.Contains(sources, s) {
			sources = append(sources, s)
		}
	}
	sort.Slice(sources, func(i, j int) bool { return humanLess(sources[i], sources[j]) })
	return names, sources
}

// under is path relative to dir, with "/" separators, when dir holds it.
func under(path, dir string) (string, bool) {
	prefix := strings.TrimRight(dir, string(filepath.Separator)) + string(filepath.Separator)
	if !strings.HasPrefix(path, prefix) {
		return "", false
	}
	return filepath.ToSlash(path[len(prefix):]), true
}

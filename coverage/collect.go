package coverage

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Collect turns the hits of a run into Data: every file that ran, plus the
// never-imported files under the source directories (all statements
// missing) that sel selects ([run] include and omit; the agent already
// applied them to the files that ran). Facts come from run (the
// interpreter that ran the program).
func Collect(ctx context.Context, run PythonRunner, cache *FactsCache, hits Hits, sourceDirs []string, sel Selection, req FactsRequest) (*Data, error) {
	selected, err := sel.Matcher()
	if err != nil {
		return nil, err
	}
	paths := map[string]string{} // absolute path -> name in hits
	for _, name := range hits.Files() {
		abs := filepath.Clean(name)
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(sel.Cwd, name) // (the agent records real, absolute names)
		}
		paths[abs] = name
	}
	find := FindSourceFiles
	if sel.NamespacePackages {
		find = FindNamespaceSourceFiles
	}
	for _, f := range find(sourceDirs) {
		if _, ok := paths[f]; !ok && selected(f) {
			paths[f] = ""
		}
	}
	req.Files = make([]string, 0, len(paths))
	req.Described = nil
	for abs, name := range paths {
		req.Files = append(req.Files, abs)
		if name == "" || len(hits[name].Described) == 0 {
			continue
		}
		if req.Described == nil {
			req.Described = map[string][]DescribedCode{}
		}
		req.Described[abs] = describedCode(hits[name].Described)
	}
	sort.Strings(req.Files)
	facts, err := ComputeFacts(ctx, run, req, cache)
	if err != nil {
		return nil, err
	}
	d := &Data{}
	table := contextsOf(hits)
	if table != nil {
		d.Contexts = table.names
	}
	for i, abs := range req.Files {
		var fh *FileHits
		if name := paths[abs]; name != "" {
			fh = hits[name]
		}
		fd := Record(abs, facts[i], fh)
		if table != nil {
			recordContexts(fd, facts[i], fh, table)
		}
		d.Files = append(d.Files, fd)
		// The runtime maps have done their work; the data file does not
		// need them (a later combine of journals recomputes facts).
		facts[i].Code = nil
	}
	return d, nil
}

// describedCode lists a file's described code objects in a stable order
// (by key), so that the facts cache finds them again.
func describedCode(d map[CodeKey]Described) []DescribedCode {
	keys := make([]CodeKey, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.FirstLine != b.FirstLine {
			return a.FirstLine < b.FirstLine
		}
		if a.Qualname != b.Qualname {
			return a.Qualname < b.Qualname
		}
		return a.Size < b.Size
	})
	out := make([]DescribedCode, len(keys))
	for i, k := range keys {
		out[i] = DescribedCode{Key: k, Sum: d[k].Sum, Code: d[k].Code}
	}
	return out
}

// importable is a module file name coverage.py would look for: no unusual
// punctuation (editors' temporary files are skipped).
var importable = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*\.pyw?$`)

// FindSourceFiles lists the Python files coverage.py reports as unexecuted
// under source directories: those directly in each directory, and those in
// packages (directories with __init__.py) below it.
func FindSourceFiles(dirs []string) []string { return findSourceFiles(dirs, false) }

// FindNamespaceSourceFiles is FindSourceFiles that also looks in
// directories without __init__.py (namespace packages), as coverage.py
// does with [report] include_namespace_packages.
func FindNamespaceSourceFiles(dirs []string) []string { return findSourceFiles(dirs, true) }

func findSourceFiles(dirs []string, namespaces bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			continue
		}
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if path == dir {
					return nil
				}
				if strings.HasPrefix(d.Name(), ".") || d.Name() == "__pycache__" {
					return filepath.SkipDir
				}
				if _, err := os.Stat(filepath.Join(path, "__init__.py")); err != nil && !namespaces {
					return filepath.SkipDir
				}
				return nil
			}
			if importable.MatchString(d.Name()) && !seen[path] {
				seen[path] = true
				out = append(out, path)
			}
			return nil
		})
	}
	sort.Strings(out)
	return out
}

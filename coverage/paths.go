package coverage

import (
	"path/filepath"
	"strings"
)

// Files are identified as coverage.py identifies them: by real path (the
// agent resolves symlinks and relative names when code starts). The
// working directory that names are reported relative to must be real too.

// RealPath is path with its symlinks resolved, as os.path.realpath: when
// the path does not exist, its longest existing parent is resolved.
func RealPath(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	dir, base := filepath.Split(filepath.Clean(path))
	if dir == "" || dir == path || base == "" {
		return path
	}
	return filepath.Join(RealPath(filepath.Clean(dir)), base)
}

// ShouldBePython says whether a file that cannot be analysed as Python
// should have been Python, as coverage.py's should_be_python: its name ends
// in .py-something, or has no extension. Code compiled under any other name
// (a Jinja2 or Mako template's) is left out of reports, not an error.
func ShouldBePython(path string) bool {
	ext := filepath.Ext(path)
	return ext == "" || strings.HasPrefix(ext, ".py")
}

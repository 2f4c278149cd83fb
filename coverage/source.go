package coverage

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// zipExts are the archive suffixes Python imports from (zipimport), as
// coverage.py's zip_location lists them.
var zipExts = []string{".zip", ".whl", ".egg", ".pex", ".par"}

// ReadSource reads a measured file's source: the file itself, or, for a
// module imported from an archive (/proj/lib.zip/pkg/mod.py), the member
// inside the archive, as coverage.py reads it.
func ReadSource(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return b, nil
	}
	archive, member, ok := zipLocation(path)
	if !ok {
		return nil, err
	}
	r, zerr := zip.OpenReader(archive)
	if zerr != nil {
		return nil, err
	}
	defer r.Close()
	f, zerr := r.Open(member)
	if zerr != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// zipLocation splits path into an existing archive and the member name
// inside it.
func zipLocation(path string) (archive, member string, ok bool) {
	sep := string(filepath.Separator)
	for _, ext := range zipExts {
		base, inner, found := strings.Cut(path, ext+sep)
		if !found {
			continue
		}
		archive = base + ext
		if st, err := os.Stat(archive); err == nil && st.Mode().IsRegular() {
			return archive, filepath.ToSlash(inner), true
		}
	}
	return "", "", false
}

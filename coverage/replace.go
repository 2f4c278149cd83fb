package coverage

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// CreateReplacement creates a new, empty temporary file beside path, to be
// renamed over it once written. Its mode is what Python's open(path, "w")
// would give path: that of the file it replaces if there is one (a
// regular file; a link is replaced, not followed), else 0666 less the
// umask (the kernel applies it at creation, as for any new file).
func CreateReplacement(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for range 100 {
		name := filepath.Join(dir, fmt.Sprintf(".%s.tmp-%08x", base, rand.Uint32()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if st, err := os.Lstat(path); err == nil && st.Mode().IsRegular() {
			if err := f.Chmod(st.Mode().Perm()); err != nil {
				f.Close()
				os.Remove(name)
				return nil, err
			}
		}
		return f, nil
	}
	return nil, fmt.Errorf("creating a temporary file in %s: too many names taken", dir)
}

package vm

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofrs/flock"
	"github.com/kluctl/go-embed-python/python"
)

// EmbeddedTag names the CPython build embedded in pycov; it is part of the
// extraction directory so that a new build never reuses an old tree.
const EmbeddedTag = "3.14.6-20260610-1"

// embeddedVersion is the version of the embedded CPython.
var embeddedVersion = Version{3, 14, 6}

// extractEmbedded makes sure the embedded CPython is extracted, complete and
// unmodified under cacheDir, and returns it.
//
// The tree lives in cacheDir/python-<tag>; cacheDir is made owner-only. A
// manifest (path, size, modification time of every file) is written beside
// the tree only after a complete extraction, so a partial one has no
// manifest and is redone. Each start compares the tree with the manifest; a
// file that was changed or removed is extracted again. Concurrent pycov
// processes serialise on a lock file; one that waited finds the tree ready.
func extractEmbedded(cacheDir string) (*Interpreter, error) {
	if err := PrepareCacheDir(cacheDir); err != nil {
		return nil, err
	}
	dir := filepath.Join(cacheDir, "python-"+EmbeddedTag)
	manifest := dir + ".manifest"
	in := &Interpreter{Path: filepath.Join(dir, "bin", "python3"), Embedded: true, Version: embeddedVersion, Home: dir}

	if ok, _ := verifyManifest(dir, manifest); ok {
		return in, nil
	}
	lock := flock.New(dir + ".pycov-lock")
	if err := lock.Lock(); err != nil {
		return nil, fmt.Errorf("locking %s: %w", dir, err)
	}
	defer lock.Unlock()
	ok, stale := verifyManifest(dir, manifest)
	if ok {
		return in, nil // another pycov finished the extraction while we waited
	}
	for _, rel := range stale {
		os.Remove(filepath.Join(dir, rel))
	}
	os.Remove(manifest)
	if _, err := python.NewEmbeddedPythonWithTmpDir(dir, false); err != nil {
		return nil, fmt.Errorf("extracting the embedded python into %s: %w (remove that directory and try again)", dir, err)
	}
	if err := writeManifest(dir, manifest); err != nil {
		return nil, fmt.Errorf("recording the embedded python in %s: %w", manifest, err)
	}
	return in, nil
}

// manifestLine is how one regular file appears in the manifest.
func manifestLine(rel string, st fs.FileInfo) string {
	return fmt.Sprintf("%d %d %s", st.Size(), st.ModTime().UnixNano(), rel)
}

func writeManifest(dir, manifest string) error {
	var b strings.Builder
	b.WriteString("pycov-embedded " + EmbeddedTag + "\n")
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		b.WriteString(manifestLine(rel, st) + "\n")
		return nil
	})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(manifest), ".manifest-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), manifest)
}

// verifyManifest reports whether every file the manifest lists is present
// and unchanged; stale lists the ones that are not.
func verifyManifest(dir, manifest string) (ok bool, stale []string) {
	f, err := os.Open(manifest)
	if err != nil {
		return false, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() || sc.Text() != "pycov-embedded "+EmbeddedTag {
		return false, nil
	}
	n := 0
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), " ", 3)
		if len(fields) != 3 {
			return false, nil
		}
		n++
		size, _ := strconv.ParseInt(fields[0], 10, 64)
		mtime, _ := strconv.ParseInt(fields[1], 10, 64)
		st, err := os.Lstat(filepath.Join(dir, fields[2]))
		if err != nil || !st.Mode().IsRegular() || st.Size() != size || st.ModTime().UnixNano() != mtime {
			stale = append(stale, fields[2])
		}
	}
	return n > 0 && len(stale) == 0 && sc.Err() == nil, stale
}

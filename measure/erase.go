package measure

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
)

// Erase deletes the data file dataFile (named as the user gave it; a
// relative name is taken from h.Dir), its parallel data files and the journal directories pycov
// made for it here (not those of a run still going), and names on
// h.Stderr what it leaves: files that only look like pycov's, journal
// directories it did not make. cacheSetting is [tool.pycov] cache_dir.
func Erase(h Host, dataFile, cacheSetting string) error {
	path := h.Abs(dataFile)
	shown := func(p string) string { return h.Shown(dataFile, p) }
	if err := coverage.CheckReplaceable(path); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("erasing %s: %w", dataFile, err)
	}
	parallel := coverage.ParallelFiles(path)
	for _, f := range parallel {
		if err := os.Remove(f); err != nil {
			return fmt.Errorf("erasing %s: %w", shown(f), err)
		}
	}
	journalDirs := monitoring.JournalDirs(path)
	for _, f := range lookalikes(path, parallel, journalDirs) {
		fmt.Fprintf(stderr(h), "pycov: not erased: %s is not a data file pycov wrote (only %s and its parallel files DATA.HOST.PID.RANDOM are)\n", shown(f), dataFile)
	}
	cache, err := CacheDir(h, cacheSetting)
	if err != nil {
		return err
	}
	owner, err := monitoring.LoadOwnerKey(cache, false)
	if err != nil {
		return err
	}
	for _, d := range journalDirs {
		if o := monitoring.CheckOwner(d, owner); o != monitoring.Owned {
			fmt.Fprintf(stderr(h), "pycov: not erased: %v\n", monitoring.NotOwnedError(shown(d), o))
			continue
		}
		if info, err := monitoring.ReadRunInfo(d); err == nil && info.Running() {
			fmt.Fprintf(stderr(h), "pycov: not erased: %s belongs to a pycov run still going (process %d)\n", shown(d), info.PID)
			continue
		}
		journals := monitoring.Journals(d)
		if err := monitoring.RemoveJournals(d, journals, owner); err != nil {
			fmt.Fprintf(stderr(h), "pycov: not erased: %v\n", err)
		}
	}
	return nil
}

// lookalikes are the files beside the data file named like its parallel
// files (DATA.*) that erase leaves alone: neither a parallel file pycov
// wrote, nor a journal directory (reported on its own), nor the lock file.
func lookalikes(dataFile string, parallel, journalDirs []string) []string {
	dir, base := filepath.Split(dataFile)
	entries, _ := os.ReadDir(filepath.Clean(dir + "."))
	var left []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), base+".") {
			continue
		}
		f := filepath.Join(dir, e.Name())
		if slices.Contains(parallel, f) || slices.Contains(journalDirs, f) || f == dataFile+".lock" {
			continue
		}
		left = append(left, f)
	}
	return left
}

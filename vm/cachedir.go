package vm

import (
	"fmt"
	"os"
	"syscall"
)

// PrepareCacheDir makes sure dir, pycov's cache (the embedded CPython, the
// agent, analysed files), exists, is a directory of the user running pycov
// and is owner-only. pycov runs code from it, so a directory that belongs
// to someone else (a shared or planted ~/.cache/pycov, a cache left by
// `sudo`) is refused rather than used.
func PrepareCacheDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating cache directory %s: %w (set $PYCOV_CACHE_DIR to a directory of your own)", dir, err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cache directory %s: %w", dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("cache directory %s is not a directory: remove it, or set $PYCOV_CACHE_DIR to a directory of your own", dir)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Uid) != os.Geteuid() {
		return fmt.Errorf("cache directory %s belongs to another user (uid %d, you are uid %d), and pycov runs code from it: remove it, or set $PYCOV_CACHE_DIR to a directory of your own", dir, sys.Uid, os.Geteuid())
	}
	if st.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("making cache directory %s owner-only: %w", dir, err)
		}
	}
	return nil
}

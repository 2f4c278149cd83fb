package main

import (
	"path/filepath"
	"testing"
)

func TestCacheDirPrecedence(t *testing.T) {
	wd := t.TempDir()
	std := stdio{dir: wd, env: []string{"PYCOV_CACHE_DIR="}}
	if got, err := cacheDir(std, "ci-cache"); err != nil || got != filepath.Join(wd, "ci-cache") {
		t.Errorf("configured: cacheDir = %q, %v; want %s", got, err, filepath.Join(wd, "ci-cache"))
	}
	std.env = []string{"PYCOV_CACHE_DIR=/from/env"}
	if got, err := cacheDir(std, "ci-cache"); err != nil || got != "/from/env" {
		t.Errorf("environment: cacheDir = %q, %v; want /from/env (the environment wins over the file)", got, err)
	}
	// The user's cache directory is the platform's (os.UserCacheDir), read
	// from the process.
	std.env = nil
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	if got, err := cacheDir(std, ""); err != nil || got != "/xdg/pycov" {
		t.Errorf("default: cacheDir = %q, %v; want /xdg/pycov", got, err)
	}
}

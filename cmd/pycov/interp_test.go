package main

import (
	"path/filepath"
	"testing"
)

func TestCacheDirPrecedence(t *testing.T) {
	wd := t.TempDir()
	t.Chdir(wd)
	t.Setenv("PYCOV_CACHE_DIR", "")
	if got, err := cacheDir("ci-cache"); err != nil || got != filepath.Join(wd, "ci-cache") {
		t.Errorf("configured: cacheDir = %q, %v; want %s", got, err, filepath.Join(wd, "ci-cache"))
	}
	t.Setenv("PYCOV_CACHE_DIR", "/from/env")
	if got, err := cacheDir("ci-cache"); err != nil || got != "/from/env" {
		t.Errorf("environment: cacheDir = %q, %v; want /from/env (the environment wins over the file)", got, err)
	}
	t.Setenv("PYCOV_CACHE_DIR", "")
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	if got, err := cacheDir(""); err != nil || got != "/xdg/pycov" {
		t.Errorf("default: cacheDir = %q, %v; want /xdg/pycov", got, err)
	}
}

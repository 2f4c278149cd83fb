package vm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCacheDirIsCreatedOwnerOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := PrepareCacheDir(dir); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", st.Mode().Perm())
	}
}

// TestCacheDirOfAnotherUserIsRefused: pycov runs the agent and the
// embedded CPython from its cache, so one that another user owns (and
// could have planted code in) is refused, for the embedded CPython too.
func TestCacheDirOfAnotherUserIsRefused(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a directory to another user")
	}
	dir := filepath.Join(t.TempDir(), "cache")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"PrepareCacheDir": PrepareCacheDir(dir),
		"extractEmbedded": func() error { _, err := extractEmbedded(dir); return err }(),
	} {
		if err == nil || !strings.Contains(err.Error(), "belongs to another user (uid 65534") || !strings.Contains(err.Error(), "PYCOV_CACHE_DIR") {
			t.Errorf("%s: error = %v, want one saying %s belongs to another user", name, err, dir)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("pycov wrote into the other user's directory: %v", entries)
	}
}

package vm

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// TestEmbeddedExtraction extracts the real embedded CPython into a fresh
// directory from two goroutines at once, runs it, then damages the tree and
// checks that the next start repairs it.
func TestEmbeddedExtraction(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts 140 MB; skipped with -short")
	}
	cache := filepath.Join(t.TempDir(), "cache")
	var wg sync.WaitGroup
	results := make([]*Interpreter, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = extractEmbedded(cache)
		}()
	}
	wg.Wait()
	for i := range 2 {
		if errs[i] != nil {
			t.Fatalf("extraction %d: %v", i, errs[i])
		}
	}
	in := results[0]
	run := func() string {
		out, err := exec.Command(in.Path, "-c", "import json, sys; print(sys.version_info[:2])").CombinedOutput()
		if err != nil {
			t.Fatalf("running the embedded python: %v\n%s", err, out)
		}
		return string(out)
	}
	if got := run(); got != "(3, 14)\n" {
		t.Fatalf("embedded python says %q", got)
	}
	st, err := os.Stat(cache)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("cache dir mode = %v, %v; want 0700", st.Mode().Perm(), err)
	}

	// Tamper: truncate a stdlib module and delete another.
	dir := filepath.Dir(filepath.Dir(in.Path))
	jsonInit := filepath.Join(dir, "lib", "python3.14", "json", "__init__.py")
	if err := os.WriteFile(jsonInit, []byte("raise SystemExit('tampered')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "lib", "python3.14", "os.py")); err != nil {
		t.Fatal(err)
	}
	if ok, stale := verifyManifest(dir, dir+".manifest"); ok || len(stale) != 2 {
		t.Fatalf("verifyManifest after tampering = %v, %v; want 2 stale files", ok, stale)
	}
	if _, err := extractEmbedded(cache); err != nil {
		t.Fatal(err)
	}
	if got := run(); got != "(3, 14)\n" {
		t.Fatalf("after repair the embedded python says %q", got)
	}

	// A partial extraction (no manifest) is redone.
	os.Remove(dir + ".manifest")
	os.Remove(jsonInit)
	if _, err := extractEmbedded(cache); err != nil {
		t.Fatal(err)
	}
	if got := run(); got != "(3, 14)\n" {
		t.Fatalf("after re-extraction the embedded python says %q", got)
	}
}

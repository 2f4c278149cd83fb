package vm

import (
	"os"
	"path/filepath"
	"testing"
)

func TestProbeCachedRemembersNativeExecutables(t *testing.T) {
	// The embedded CPython is a native executable on every machine.
	in, err := OSHost{}.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	py := in.Path
	cache := t.TempDir()
	v1, err := probeCached(cache, py)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(cache, "probes"))
	if len(entries) != 1 {
		t.Fatalf("probe cache has %d entries, want 1", len(entries))
	}
	// A cached answer is used as is: plant a different one and see it come back.
	os.WriteFile(filepath.Join(cache, "probes", entries[0].Name()), []byte("3.99.1"), 0o600)
	v2, err := probeCached(cache, py)
	if err != nil || v2 != (Version{3, 99, 1}) {
		t.Fatalf("second probe = %v, %v; want the cached 3.99.1 (first was %v)", v2, err, v1)
	}
}

func TestIsNative(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "shim")
	os.WriteFile(script, []byte("#!/bin/sh\nexec python3 \"$@\"\n"), 0o755)
	if isNative(script) {
		t.Error("a shell script was taken for a native executable")
	}
	if exe, err := os.Executable(); err == nil && !isNative(exe) {
		t.Error("the test binary was not taken for a native executable")
	}
}

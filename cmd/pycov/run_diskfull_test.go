package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A disk that is full before the run starts: pycov cannot make its journal
// directory, and the program still runs, unmeasured, with a warning, and
// its exit status is its own.
func TestRunDiskFullAtStart(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root, to mount a small tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	if err := os.WriteFile(filepath.Join(dir, "p.py"), []byte("print('program ran')\nraise SystemExit(3)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fill, err := os.Create(filepath.Join(dir, "fill"))
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = fill.Write(make([]byte, 4096))
	}
	fill.Close()
	t.Chdir(dir)
	t.Setenv("PYCOV_CACHE_DIR", sharedCache(t))
	var stdout, stderr bytes.Buffer
	err = dispatch(context.Background(), []string{"run", "p.py"}, inProcess(t, stdio{in: strings.NewReader(""), out: &stdout, err: &stderr}))
	if exitCode(err) != 3 || stdout.String() != "program ran\n" {
		t.Errorf("exit %d (%v), stdout %q: want the program's 3 and its output", exitCode(err), err, stdout.String())
	}
	if !strings.Contains(stderr.String(), "no space left on device; the program runs unmeasured (not-measured)") {
		t.Errorf("stderr = %q, want a not-measured warning", stderr.String())
	}
}

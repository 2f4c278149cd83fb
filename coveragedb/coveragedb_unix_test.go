//go:build unix

package coveragedb

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO (or device) named as the export or the import is refused, not
// opened: SQLite opening it would block for ever.
func TestNotRegularFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan [2]error, 1)
	go func() {
		_, rerr := Read(fifo, "")
		done <- [2]error{Write(fifo, "", &Data{}, nil), rerr}
	}()
	select {
	case errs := <-done:
		for i, err := range errs {
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%s(FIFO) = %v, want an error saying it is not a regular file", []string{"Write", "Read"}[i], err)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Write or Read blocks on a FIFO")
	}
}

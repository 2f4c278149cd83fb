//go:build unix

package coverage

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A data file argument that is a FIFO (or a device) is refused, not
// opened: reading it would block combine for ever.
func TestAddFileNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() { done <- NewCombiner(nil, nil).AddFile(fifo) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), fifo) {
			t.Errorf("AddFile(FIFO) = %v, want an error naming it", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("AddFile blocks on a FIFO")
	}
}

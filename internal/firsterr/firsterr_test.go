package firsterr

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

type failAfter struct {
	n   int
	buf bytes.Buffer
}

var errFull = errors.New("no space left on device")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errFull
	}
	f.n--
	return f.buf.Write(p)
}

func TestWriterKeepsFirstErrorAndStops(t *testing.T) {
	under := &failAfter{n: 1}
	w := &Writer{W: under}
	fmt.Fprintln(w, "one")
	fmt.Fprintln(w, "two")
	under.n = 5 // the device has room again: nothing more is written
	fmt.Fprintln(w, "three")
	if !errors.Is(w.Err, errFull) {
		t.Errorf("Err = %v, want %v", w.Err, errFull)
	}
	if got := under.buf.String(); got != "one\n" {
		t.Errorf("written %q, want only the line before the error", got)
	}
}

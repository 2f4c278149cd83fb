package coverage

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestReadRestAllocatesOnce checks that a data file's body is read into
// one slice of its size, from a file or a bytes.Reader (io.ReadAll took
// ~20 allocations and several times the size for 1 MB), and read whole.
func TestReadRestAllocatesOnce(t *testing.T) {
	body := bytes.Repeat([]byte("pycov data "), 100_000) // 1.1 MB
	path := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(nil, 1<<16)
	for name, r := range map[string]io.ReadSeeker{"bytes.Reader": bytes.NewReader(body), "file": f} {
		var got []byte
		var err error
		allocs := testing.AllocsPerRun(3, func() {
			r.Seek(0, io.SeekStart)
			br.Reset(r)
			br.Peek(32) // as DecodeData does before reading the rest
			got, err = readRest(br, r)
		})
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("%s: read %d bytes (%v), want the %d written", name, len(got), err, len(body))
		}
		if cap(got) > len(body)+len(body)/100 {
			t.Errorf("%s: read into %d bytes for %d", name, cap(got), len(body))
		}
		if allocs > 2 { // the slice, and for a file its FileInfo
			t.Errorf("%s: %v allocations to read %d bytes", name, allocs, len(body))
		}
	}
}

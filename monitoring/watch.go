package monitoring

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// JournalWatch reads the journals of a run while its processes still
// write them, for the files their code records name: pycov analyses those
// files while the program runs. It reads only whole lines before the
// unused (zero) tail of each journal, and skips what it cannot parse: what
// it finds is a hint, and ReadJournalDir remains the reader of record.
type JournalWatch struct {
	dir  string
	off  map[string]int64 // journal -> bytes already read
	seen map[string]bool  // files already returned
}

// WatchJournals watches the journal directory dir.
func WatchJournals(dir string) *JournalWatch {
	return &JournalWatch{dir: dir, off: map[string]int64{}, seen: map[string]bool{}}
}

// watchChunk is how much of a journal NewFiles reads at a time.
const watchChunk = 64 << 10

// NewFiles returns the files named by the code records written since the
// last call, each file once in the life of w, as the agent wrote them,
// but for files whose code the agent describes (see agent.py).
func (w *JournalWatch) NewFiles() []string {
	names, _ := filepath.Glob(filepath.Join(w.dir, "*.jnl"))
	var out []string
	for _, name := range names {
		out = w.scan(name, out)
	}
	return out
}

// scan reads name from where the last scan stopped, appending new files to
// out.
func (w *JournalWatch) scan(name string, out []string) []string {
	f, err := os.Open(name)
	if err != nil {
		return out
	}
	defer f.Close()
	buf := make([]byte, watchChunk)
	for {
		n, err := f.ReadAt(buf, w.off[name])
		b := buf[:n]
		// A record being copied in may show its end before its middle, and
		// the unused tail is zeros: stop at the first zero, then at the
		// last whole line before it.
		tail := bytes.IndexByte(b, 0)
		if tail >= 0 {
			b = b[:tail]
		}
		end := bytes.LastIndexByte(b, '\n')
		if end < 0 {
			if n == len(buf) && tail < 0 {
				buf = make([]byte, 2*len(buf)) // a line longer than the buffer
				continue
			}
			return out
		}
		lines := bytes.Split(b[:end], []byte("\n"))
		for i, line := range lines {
			if !bytes.HasPrefix(line, []byte("C ")) {
				continue // the hello, lines, branches
			}
			rec, ok := parseRecord(line)
			if !ok || w.seen[rec.File] {
				continue
			}
			w.seen[rec.File] = true
			// A code object the agent describes (an import hook rewrote
			// it: pytest's test modules) has its D record written with
			// its C record. Its file's facts depend on that code, known
			// only after the run: analysing the file now would be wasted.
			if i+1 < len(lines) && bytes.HasPrefix(lines[i+1], fmt.Appendf(nil, "D %d ", rec.CID)) {
				continue
			}
			out = append(out, rec.File)
		}
		w.off[name] += int64(end + 1)
		if tail >= 0 || err == io.EOF {
			return out
		}
	}
}

package monitoring

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// ProtocolVersion is the journal format version the agent writes in its
// hello line and the reader accepts.
const ProtocolVersion = 1

// Hello is the first record of a journal.
type Hello struct {
	PID        int      `json:"pid"`
	Python     string   `json:"python"`
	Branch     bool     `json:"branch"`
	Argv       []string `json:"argv"`
	SourceDirs []string `json:"source_dirs"`
}

// CodeKey identifies a code object across processes and recompilation: the
// same source compiled by the same interpreter gives the same key.
type CodeKey struct {
	Qualname  string
	FirstLine int
	Size      int // len(co_code), to tell apart same-named code on one line
}

// FileHits is what ran in one source file, gathered from any number of
// journals.
type FileHits struct {
	Lines     map[int]bool
	CodeLines map[CodeKey]map[int]bool    // the same lines, per code object
	Branches  map[CodeKey]map[[2]int]bool // (source offset, destination offset)
	Started   map[CodeKey]bool            // code objects that started (functions called)
}

func newFileHits() *FileHits {
	return &FileHits{Lines: map[int]bool{}, CodeLines: map[CodeKey]map[int]bool{}, Branches: map[CodeKey]map[[2]int]bool{}, Started: map[CodeKey]bool{}}
}

// Hits maps a source file (as the interpreter named it) to what ran in it.
type Hits map[string]*FileHits

func (h Hits) file(name string) *FileHits {
	f := h[name]
	if f == nil {
		f = newFileHits()
		h[name] = f
	}
	return f
}

// Files returns the file names in sorted order.
func (h Hits) Files() []string {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ReadJournal adds the records of one journal to h and returns its hello.
// A last line without its newline (a process killed mid-write) is ignored;
// any other malformed line is an error naming the file and line.
func ReadJournal(r io.Reader, name string, h Hits) (Hello, error) {
	var hello Hello
	br := bufio.NewReaderSize(r, 1<<16)
	codes := map[int]struct {
		file string
		key  CodeKey
	}{}
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if err == io.EOF {
			if lineNo == 1 {
				return hello, fmt.Errorf("journal %s is empty or truncated before its first record", name)
			}
			return hello, nil
		}
		if err != nil {
			return hello, fmt.Errorf("reading journal %s: %w", name, err)
		}
		line = line[:len(line)-1]
		bad := func(why string) error {
			return fmt.Errorf("journal %s line %d: %s: %.60q", name, lineNo, why, line)
		}
		if lineNo == 1 {
			rest, ok := bytes.CutPrefix(line, []byte("pycov-journal "))
			if !ok {
				return hello, fmt.Errorf("%s is not a pycov journal (no pycov-journal header)", name)
			}
			ver, payload, _ := bytes.Cut(rest, []byte(" "))
			if v, err := strconv.Atoi(string(ver)); err != nil || v != ProtocolVersion {
				return hello, fmt.Errorf("journal %s has protocol version %q; this pycov reads version %d: use the pycov that wrote it", name, ver, ProtocolVersion)
			}
			if err := json.Unmarshal(payload, &hello); err != nil {
				return hello, bad("bad hello record")
			}
			continue
		}
		if len(line) < 2 || line[1] != ' ' {
			return hello, bad("unknown record")
		}
		switch line[0] {
		case 'C':
			f := bytes.SplitN(line[2:], []byte(" "), 3)
			if len(f) != 3 {
				return hello, bad("bad code record")
			}
			cid, err1 := strconv.Atoi(string(f[0]))
			first, err2 := strconv.Atoi(string(f[1]))
			var info []any
			if err1 != nil || err2 != nil || json.Unmarshal(f[2], &info) != nil || len(info) != 3 {
				return hello, bad("bad code record")
			}
			file, ok1 := info[0].(string)
			qual, ok2 := info[1].(string)
			size, ok3 := info[2].(float64)
			if !ok1 || !ok2 || !ok3 {
				return hello, bad("bad code record")
			}
			key := CodeKey{Qualname: qual, FirstLine: first, Size: int(size)}
			codes[cid] = struct {
				file string
				key  CodeKey
			}{file, key}
			h.file(file).Started[key] = true
		case 'L', 'B':
			nums, ok := parseInts(line[2:])
			if !ok || line[0] == 'L' && len(nums) != 2 || line[0] == 'B' && len(nums) != 3 {
				return hello, bad("bad hit record")
			}
			c, ok := codes[nums[0]]
			if !ok {
				return hello, bad("hit for an unknown code object")
			}
			fh := h.file(c.file)
			if line[0] == 'L' {
				fh.Lines[nums[1]] = true
				m := fh.CodeLines[c.key]
				if m == nil {
					m = map[int]bool{}
					fh.CodeLines[c.key] = m
				}
				m[nums[1]] = true
			} else {
				m := fh.Branches[c.key]
				if m == nil {
					m = map[[2]int]bool{}
					fh.Branches[c.key] = m
				}
				m[[2]int{nums[1], nums[2]}] = true
			}
		default:
			return hello, bad("unknown record")
		}
	}
}

func parseInts(b []byte) ([]int, bool) {
	var out []int
	for _, f := range bytes.Fields(b) {
		n, err := strconv.Atoi(string(f))
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// ReadJournalDir reads every journal (*.jnl) in dir into one Hits.
func ReadJournalDir(dir string) (Hits, []Hello, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.jnl"))
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(names)
	h := Hits{}
	var hellos []Hello
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return nil, nil, fmt.Errorf("reading journal: %w", err)
		}
		hello, err := ReadJournal(f, n, h)
		f.Close()
		if err != nil {
			return nil, nil, err
		}
		hellos = append(hellos, hello)
	}
	return h, hellos, nil
}

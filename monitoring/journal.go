package monitoring

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/pycov/pycov/internal/pyjson"
)

// ProtocolVersion is the journal format version the agent writes in its
// hello line. The reader also accepts older versions back to
// minProtocolVersion, whose records it can read.
//
// A journal is text, one record per line, written by one process:
//
//	pycov-journal 4 {"pid": 42, ...}                hello (Hello), always first
//	C <cid> <firstlineno> ["/abs/f.py", "f", 40]    a measured code object started
//	L <cid> <line>                                  a line ran
//	B <cid> <source offset> <destination offset>    a branch was taken
//	S ["pkg", "/abs/pkg/"]                          a --source package found after the hello
//	X free_tool_id                                  the program freed (or cleared) the agent's tool id
//	D <cid> <checksum> <base64>                     the code object itself (see below)
//	T "tests/test_x.py::test_a|run"                  what follows ran in this context
//
// With contexts ([run] context, dynamic_context), the hello says
// "contexts": true and names the context its first records ran in
// ("context"); each T record switches to another. The segments of a
// journal continue each other's context.
// A D record follows the C record of a code object that may not be its
// file's source as compiled (its module's loader is not the standard one:
// pytest's assertion rewriting, other import hooks that transform code).
// It holds a CRC-32 of the code's bytecode and line table (what its event
// map depends on; marshal's bytes vary with reference counts), then the
// interpreter's magic number and the marshalled code object without its
// constants, in base64; the facts script maps the code's branch events
// from it instead of from its own compile of the file.
//
// Journals are memory-mapped files: the journal ends at EOF or at the first
// zero byte (the unused, zero-filled tail of the mapping), and a last record
// without its newline was torn by the process's death and is ignored. A
// journal that fills its file continues in segments: j-PID-X.jnl, then
// j-PID-X.2.jnl, j-PID-X.3.jnl, each with a hello that carries "segment";
// the segments of one journal share their code ids. Its writer holds an
// flock on each segment it maps, and so do its forked children, until they
// exit: a journal is read once no segment of it is locked.
//
// Version 5: contexts (T records, "contexts" and "context" in the hello).
// Version 4: D records.
// Version 3: a forked child's hello names its parent's journal ("parent")
// and the number of code ids it inherits ("codes"); ids below that are the
// parent's, whose code records the child does not repeat; X records.
// Version 2: a forked child's journal repeated its parent's code records.
// Version 1 journals were plain appended files.
const ProtocolVersion = 5

const minProtocolVersion = 1

// Hello is the first record of a journal.
type Hello struct {
	File   string   `json:"-"` // the journal, when read by ReadJournalDir
	Files  []string `json:"-"` // and all its segments
	PID    int      `json:"pid"`
	PPID   int      `json:"ppid"`
	Forked bool     `json:"forked"` // a fork child
	// Parent is the journal (j-PID-X, without .jnl) of a forked child's
	// parent: the child's code ids below Codes are the parent's.
	Parent string `json:"parent,omitempty"`
	Codes  int    `json:"codes,omitempty"`
	// Stopped is set, when read by ReadJournalDir, if the program freed or
	// cleared the agent's tool id: the sys.monitoring function it called.
	Stopped    string   `json:"-"`
	Python     string   `json:"python"` // version, "3.14.6"
	Executable string   `json:"executable"`
	Branch     bool     `json:"branch"`
	Argv       []string `json:"argv"`
	Cwd        string   `json:"cwd"`
	SourceDirs []string `json:"source_dirs"`
	Segment    int      `json:"segment,omitempty"` // 2, 3, ... for a journal's continuation files
	// ResolvedPkgs are the --source package names the agent found; with
	// their directories (in SourceDirs) from S records too, when read by
	// ReadJournalDir.
	ResolvedPkgs []string `json:"resolved_pkgs,omitempty"`
	// Contexts: the process recorded contexts, starting in Context.
	Contexts bool   `json:"contexts,omitempty"`
	Context  string `json:"context,omitempty"`
}

// CodeKey identifies a code object across processes and recompilation: the
// same source compiled by the same interpreter gives the same key.
type CodeKey struct {
	Qualname  string
	FirstLine int
	Size      int // len(co_code), to tell apart same-named code on one line
}

// Record is one journal record after the hello. Kind is 'C', 'L', 'B', 'S',
// 'X', 'D' or 'T'; File and Key are set for 'C', Line for 'L', Src and Dst
// for 'B', for 'S' the package name in Key.Qualname and its directory in
// File, for 'X' the function called in Note, for 'D' Code and Sum, and for
// 'T' the context in Note.
type Record struct {
	Kind     byte
	CID      int
	File     string
	Key      CodeKey
	Line     int
	Src, Dst int
	Note     string
	Code     []byte
	Sum      uint32
}

// Replay reads the journal r (name is used in errors), checks its hello and
// passes every complete record to fn in order; an error from fn stops it.
// It is the one decoder of the format: ReadJournal and tests are consumers.
func Replay(r io.Reader, name string, fn func(Record) error) (Hello, error) {
	return replay(r, name, nil, fn)
}

// replay is Replay that passes the hello to onHello (when not nil) before
// the records.
func replay(r io.Reader, name string, onHello func(Hello), fn func(Record) error) (Hello, error) {
	var hello Hello
	br := bufio.NewReaderSize(r, 1<<16)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long := append([]byte(nil), line...)
			for err == bufio.ErrBufferFull {
				line, err = br.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err != nil && err != io.EOF {
			return hello, fmt.Errorf("reading journal %s: %w", name, err)
		}
		// A zero byte is the unused tail of the mapping; a line without its
		// newline is a record torn by the process's death. Both end the journal.
		if i := bytes.IndexByte(line, 0); i >= 0 || err == io.EOF {
			if lineNo == 1 {
				return hello, fmt.Errorf("journal %s is empty or truncated before its first record", name)
			}
			return hello, nil
		}
		line = line[:len(line)-1]
		if lineNo == 1 {
			if hello, err = parseHello(line, name); err != nil {
				return hello, err
			}
			if onHello != nil {
				onHello(hello)
			}
			continue
		}
		rec, ok := parseRecord(line)
		if !ok {
			return hello, fmt.Errorf("journal %s line %d: bad record: %.60q", name, lineNo, line)
		}
		if err := fn(rec); err != nil {
			return hello, fmt.Errorf("journal %s line %d: %w", name, lineNo, err)
		}
	}
}

func parseHello(line []byte, name string) (Hello, error) {
	var hello Hello
	rest, ok := bytes.CutPrefix(line, []byte("pycov-journal "))
	if !ok {
		return hello, fmt.Errorf("%s is not a pycov journal (no pycov-journal header)", name)
	}
	ver, payload, _ := bytes.Cut(rest, []byte(" "))
	if v, err := strconv.Atoi(string(ver)); err != nil || v < minProtocolVersion || v > ProtocolVersion {
		return hello, fmt.Errorf("journal %s has protocol version %q; this pycov reads versions %d to %d: use the pycov that wrote it", name, ver, minProtocolVersion, ProtocolVersion)
	}
	if err := json.Unmarshal(payload, &hello); err != nil {
		return hello, fmt.Errorf("journal %s line 1: bad hello record: %.60q", name, line)
	}
	return hello, nil
}

// parseRecord decodes one record line (without its newline).
func parseRecord(line []byte) (Record, bool) {
	if len(line) < 2 || line[1] != ' ' {
		return Record{}, false
	}
	rec := Record{Kind: line[0]}
	switch rec.Kind {
	case 'S':
		var v [2]pyjson.String
		if json.Unmarshal(line[2:], &v) != nil {
			return rec, false
		}
		rec.Key.Qualname, rec.File = string(v[0]), string(v[1])
	case 'C':
		f := bytes.SplitN(line[2:], []byte(" "), 3)
		if len(f) != 3 {
			return rec, false
		}
		cid, err1 := strconv.Atoi(string(f[0]))
		first, err2 := strconv.Atoi(string(f[1]))
		if err1 != nil || err2 != nil {
			return rec, false
		}
		file, qual, size, ok := parseCodeInfo(f[2])
		if !ok {
			return rec, false
		}
		rec.CID, rec.File, rec.Key = cid, file, CodeKey{Qualname: qual, FirstLine: first, Size: size}
	case 'L':
		var nums [2]int
		if !parseInts(line[2:], nums[:]) {
			return rec, false
		}
		rec.CID, rec.Line = nums[0], nums[1]
	case 'B':
		var nums [3]int
		if !parseInts(line[2:], nums[:]) {
			return rec, false
		}
		rec.CID, rec.Src, rec.Dst = nums[0], nums[1], nums[2]
	case 'X':
		rec.Note = string(line[2:])
	case 'T':
		s, n, err := pyjson.Unquote(line[2:])
		if err != nil || n != len(line)-2 {
			return rec, false
		}
		rec.Note = s
	case 'D':
		f := bytes.SplitN(line[2:], []byte(" "), 3)
		var n [1]int
		if len(f) != 3 || !parseInts(f[0], n[:]) {
			return rec, false
		}
		sum, err := strconv.ParseUint(string(f[1]), 10, 32)
		if err != nil {
			return rec, false
		}
		code := make([]byte, base64.StdEncoding.DecodedLen(len(f[2])))
		k, err := base64.StdEncoding.Decode(code, f[2])
		if err != nil || k == 0 {
			return rec, false
		}
		rec.CID, rec.Sum, rec.Code = n[0], uint32(sum), code[:k]
	default:
		return rec, false
	}
	return rec, true
}

// parseCodeInfo reads a code record's ["file", "qualname", size]. Names
// without escapes (nearly all) are taken as they are; others go through
// pyjson.Unquote.
func parseCodeInfo(b []byte) (file, qual string, size int, ok bool) {
	if bytes.IndexByte(b, '\\') < 0 {
		rest, found := bytes.CutPrefix(b, []byte(`["`))
		i := bytes.Index(rest, []byte(`", "`))
		j := bytes.LastIndex(rest, []byte(`", `))
		if found && i >= 0 && j >= i+4 && bytes.HasSuffix(rest, []byte("]")) {
			var n [1]int
			if parseInts(rest[j+3:len(rest)-1], n[:]) {
				return string(rest[:i]), string(rest[i+4 : j]), n[0], true
			}
		}
	}
	// The agent writes names as Python's json does: a byte of a file name
	// that is not UTF-8 is "\udcXX", which encoding/json would make U+FFFD.
	b, ok = bytes.CutPrefix(b, []byte("["))
	if !ok {
		return "", "", 0, false
	}
	var strs [2]string
	for i := range strs {
		s, n, err := pyjson.Unquote(b)
		if err != nil {
			return "", "", 0, false
		}
		if b, ok = bytes.CutPrefix(b[n:], []byte(", ")); !ok {
			return "", "", 0, false
		}
		strs[i] = s
	}
	b, ok = bytes.CutSuffix(b, []byte("]"))
	var n [1]int
	if !ok || !parseInts(b, n[:]) {
		return "", "", 0, false
	}
	return strs[0], strs[1], n[0], true
}

// parseInts reads exactly len(out) non-negative decimal numbers separated
// by single spaces. (It is the journal reader's inner loop: no allocation.)
func parseInts(b []byte, out []int) bool {
	for i := range out {
		if i > 0 {
			if len(b) == 0 || b[0] != ' ' {
				return false
			}
			b = b[1:]
		}
		n, digits := 0, 0
		for digits < len(b) && b[digits] >= '0' && b[digits] <= '9' {
			if digits == 9 {
				return false // no line, offset or id is that large
			}
			n = n*10 + int(b[digits]-'0')
			digits++
		}
		if digits == 0 {
			return false
		}
		out[i], b = n, b[digits:]
	}
	return len(b) == 0
}

// ReadJournal adds the records of one journal to h and returns its hello.
// A torn last record and a zero-filled tail are the normal end of a journal
// whose process was killed; anything else malformed is an error naming the
// file and line, and h may then hold part of the journal. (A forked child's
// journal needs its parent's: ReadJournalDir reads those.)
func ReadJournal(r io.Reader, name string, h Hits) (Hello, error) {
	j := newJournalReader(h)
	hello, err := j.read(r, name)
	if err == nil {
		err = j.finish(name)
	}
	return hello, err
}

// journalReader reads the segments of one journal, in order, into Hits.
type journalReader struct {
	h        Hits
	codes    map[int]codeRef // code ids, shared by the segments
	sources  []string        // --source directories from S records
	packages []string        // and their package names
	stopped  string          // from an X record
	// Hits whose code id is not (yet) known: the parent's, in a forked
	// child's journal, or a code record in a later segment.
	pending []Record
	parent  *journalReader // a forked child's parent, and
	inherit int            // the code ids it inherits from it
	// With contexts: the context records belong to now (kept from one
	// segment to the next), and the contexts of the pending hits.
	contexts    bool
	ctx         string
	started     bool
	pendingCtxs []string
}

// codeRef is what a code id stands for.
type codeRef struct {
	file string
	key  CodeKey
}

func newJournalReader(h Hits) *journalReader {
	return &journalReader{h: h, codes: map[int]codeRef{}}
}

func (j *journalReader) read(r io.Reader, name string) (Hello, error) {
	h, codes := j.h, j.codes
	onHello := func(hello Hello) {
		if !j.started { // a later segment's hello repeats the first's
			j.started, j.contexts, j.ctx = true, hello.Contexts, hello.Context
		}
	}
	return replay(r, name, onHello, func(rec Record) error {
		switch rec.Kind {
		case 'T':
			j.ctx = rec.Note
		case 'S':
			j.sources = append(j.sources, rec.File)
			j.packages = append(j.packages, rec.Key.Qualname)
		case 'X':
			j.stopped = rec.Note
		case 'C':
			codes[rec.CID] = codeRef{rec.File, rec.Key}
			h.file(rec.File).Started[rec.Key] = true
		default:
			if c, ok := codes[rec.CID]; ok {
				j.add(c, rec, j.ctx)
			} else {
				j.pending = append(j.pending, rec)
				if j.contexts {
					j.pendingCtxs = append(j.pendingCtxs, j.ctx)
				}
			}
		}
		return nil
	})
}

// lookup is what code id cid of this journal stands for.
func (j *journalReader) lookup(cid int) (codeRef, bool) {
	for ; j != nil; j = j.parent {
		if c, ok := j.codes[cid]; ok {
			return c, true
		}
		if cid >= j.inherit {
			break
		}
	}
	return codeRef{}, false
}

// finish adds the pending hits, now that every segment (and the parent)
// is known.
func (j *journalReader) finish(name string) error {
	for i, rec := range j.pending {
		c, ok := j.lookup(rec.CID)
		if !ok {
			return fmt.Errorf("journal %s: hit for an unknown code object (id %d)", name, rec.CID)
		}
		ctx := ""
		if j.contexts {
			ctx = j.pendingCtxs[i]
		}
		j.add(c, rec, ctx)
	}
	j.pending, j.pendingCtxs = nil, nil
	return nil
}

// add records a hit of code c, in context ctx when the journal has contexts.
func (j *journalReader) add(c codeRef, rec Record, ctx string) {
	fh := j.h.file(c.file)
	fh.add(c.key, rec)
	if j.contexts {
		fh.context(ctx).add(c.key, rec)
	}
}

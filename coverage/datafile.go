package coverage

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// DataVersion is the data file format this pycov writes, and the newest it
// reads; doc.go describes the format and when the version changes.
const DataVersion = 5

// dataMinReader is the oldest format a reader must know to read what this
// pycov writes: readers of formats 4 to DataVersion-1 can read it, skipping
// the optional parts they do not know.
const dataMinReader = 4

// oldestDataVersion is the oldest format this pycov reads.
const oldestDataVersion = 3

// dataHeader starts every data file; the version follows it.
const dataHeader = "pycov-data "

// FileData is what is known about one measured file.
type FileData struct {
	Path    string   `json:"path"`
	Facts   *Facts   `json:"facts"`
	Lines   []int    `json:"lines"`
	Arcs    [][2]int `json:"arcs"`
	Started []int    `json:"started"`
	// Unmapped counts code objects whose branch events could not be
	// mapped because their bytecode is not the source's as compiled
	// (pytest's assertion rewriting, say). Set by Record; not stored.
	Unmapped int `json:"-"`
	// Extra holds the record's optional extension fields that this pycov
	// does not know, kept to be written back (see Part).
	Extra []Part `json:"-"`
	// LineContexts and ArcContexts are, for data measured with contexts,
	// the contexts (indexes into Data.Contexts) that ran each executed
	// line and arc; nil otherwise. See contexts.go; in the data file, an
	// optional record field (contexts_codec.go).
	LineContexts map[int]ContextSet    `json:"-"`
	ArcContexts  map[[2]int]ContextSet `json:"-"`
}

// Data is the content of a data file.
type Data struct {
	Branch bool
	// Exclude and Partial are the exclusion and partial-branch regexes the
	// facts were computed with (nil: coverage.py's defaults). Reports warn
	// when the configuration now says otherwise.
	Exclude, Partial []string
	Files            []*FileData
	// Extra holds the optional sections that this pycov does not know,
	// kept to be written back (see Part).
	Extra []Part
	// Contexts names the contexts of data measured with them ([run]
	// context, dynamic_context); nil for data measured without.
	Contexts []string
	ctxTable *contextTable // interns Contexts while decoding
}

// ErrNoData is returned when there is no data file to report on.
var ErrNoData = errors.New("no data to report")

// errNotAFile says that what is at a data file's path is not a file.
func errNotAFile(path string, st os.FileInfo) error {
	what := "not a regular file"
	if st.IsDir() {
		what = "a directory"
	}
	return fmt.Errorf("data file %s is %s: move it away, or name another data file with --data-file or [run] data_file", path, what)
}

// ReadData reads a data file; a relative path, and relative paths in the
// file ([run] relative_files), are taken from the working directory wd. A
// missing file wraps ErrNoData; a file that is not pycov's, or is damaged,
// gets an error naming it.
func ReadData(path, wd string) (*Data, error) {
	file := path
	if !filepath.IsAbs(file) {
		file = filepath.Join(wd, file)
	}
	st, err := os.Stat(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: data file %s does not exist; run `pycov run` first", ErrNoData, path)
	}
	if err == nil && !st.Mode().IsRegular() {
		// (Opening a FIFO would block.)
		return nil, errNotAFile(path, st)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("reading data file %s: %w", path, err)
	}
	defer f.Close()
	d, err := DecodeData(f, path) // (it buffers; a file says its size)
	if err != nil {
		return nil, err
	}
	// Paths written relative ([run] relative_files) are relative to the
	// directory pycov runs in.
	for _, fd := range d.Files {
		if !filepath.IsAbs(fd.Path) {
			fd.Path = filepath.Join(wd, fd.Path)
			fd.Facts.Path = fd.Path
		}
	}
	return d, nil
}

// DataFileFormat reads the format version from a data file's header line
// without decoding the rest.
func DataFileFormat(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	line, err := bufio.NewReader(io.LimitReader(f, 64)).ReadString('\n')
	if err != nil && line == "" {
		return 0, fmt.Errorf("data file %s has no header line", path)
	}
	var version int
	if _, err := fmt.Sscanf(line, dataHeader+"%d\n", &version); err != nil {
		return 0, fmt.Errorf("data file %s is not a pycov data file", path)
	}
	return version, nil
}

// DecodeData reads a data file's content; name is used in errors.
func DecodeData(r io.Reader, name string) (*Data, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(32)
	switch {
	case len(bytes.TrimSpace(head)) == 0:
		return nil, fmt.Errorf("data file %s is empty; run `pycov run` again to recreate it", name)
	case bytes.HasPrefix(head, []byte("SQLite format 3")):
		return nil, fmt.Errorf("data file %s is a coverage.py data file, not pycov's; run `pycov run` to measure, or give pycov's file with --data-file", name)
	case !bytes.HasPrefix(head, []byte(dataHeader)):
		return nil, fmt.Errorf("data file %s is not a pycov data file; give pycov's with --data-file, or move this one away and measure again", name)
	}
	line, err := br.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("data file %s is damaged (no header line); run `pycov erase` and measure again", name)
	}
	var version int
	if _, err := fmt.Sscanf(line, dataHeader+"%d\n", &version); err != nil {
		return nil, fmt.Errorf("data file %s is damaged (bad header %q); run `pycov erase` and measure again", name, line)
	}
	if version < oldestDataVersion {
		return nil, fmt.Errorf("data file %s has format version %d, older than any this pycov reads (%d to %d): measure again", name, version, oldestDataVersion, DataVersion)
	}
	body, err := readRest(br, r)
	if err != nil {
		return nil, fmt.Errorf("reading data file %s: %w", name, err)
	}
	var d *Data
	if version == 3 {
		d, err = decodeV3(body)
	} else {
		d, err = decodeContainer(body, version)
	}
	// A newer format that does not read is newer, damaged or not: what a
	// newer pycov writes may be anything. A format this pycov knows has no
	// required part it does not know (adding one bumps the format), so one
	// there is damage, not a newer pycov's.
	switch {
	case err != nil && version > DataVersion:
		return nil, fmt.Errorf("data file %s was written by a newer pycov (format %d; %v); upgrade pycov (this one reads formats %d to %d)", name, version, err, oldestDataVersion, DataVersion)
	case err != nil:
		return nil, fmt.Errorf("data file %s is damaged or truncated (%v); run `pycov erase` and measure again", name, err)
	}
	for i, fd := range d.Files {
		if fd.Path == "" || fd.Facts.SHA256 == "" && fd.Facts.Error == "" {
			return nil, fmt.Errorf("data file %s is damaged: file entry %d is incomplete; run `pycov erase` and measure again", name, i)
		}
		if l, ok := badLine(fd.Facts); !ok {
			return nil, fmt.Errorf("data file %s is damaged: %s has a statement on line %d; run `pycov erase` and measure again", name, fd.Path, l)
		}
	}
	return d, nil
}

// badLine finds a statement or excluded line before line 1, which no
// source file has: the writers that index the source by line rely on it.
func badLine(f *Facts) (int, bool) {
	for _, v := range [][]int{f.Statements, f.Excluded} {
		for _, l := range v {
			if l < 1 {
				return l, false
			}
		}
	}
	return 0, true
}

// Encode writes d in the data file format, format DataVersion.
func (d *Data) Encode(w io.Writer) error {
	sort.Slice(d.Files, func(i, j int) bool { return d.Files[i].Path < d.Files[j].Path })
	if _, err := fmt.Fprintf(w, "%s%d\n", dataHeader, DataVersion); err != nil {
		return err
	}
	_, err := w.Write(d.encodeContainer())
	return err
}

// WriteData writes d to path atomically, with the mode Python's open()
// would give it (see CreateReplacement).
func WriteData(path string, d *Data) error {
	tmp, err := CreateReplacement(path)
	if err != nil {
		return fmt.Errorf("writing data file %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := d.Encode(bw); err != nil {
		tmp.Close()
		return fmt.Errorf("writing data file %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing data file %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing data file %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing data file %s: %w", path, err)
	}
	if st, err := os.Lstat(path); err == nil && st.IsDir() {
		return errNotAFile(path, st) // (rename would say "file exists")
	}
	if err := CheckReplaceable(path); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing data file %s: %w", path, err)
	}
	return nil
}

// CheckReplaceable refuses to let pycov replace or remove path when it
// holds something pycov did not write: a non-empty file that does not
// start with pycov's header (a user's file given as --data-file by
// mistake, coverage.py's SQLite file). A missing or empty file, and a
// symbolic link (replaced, not followed), are fine.
func CheckReplaceable(path string) error {
	st, err := os.Lstat(path)
	if err != nil || st.Mode()&os.ModeSymlink != 0 || (st.Mode().IsRegular() && st.Size() == 0) {
		return nil
	}
	if !st.Mode().IsRegular() {
		return errNotAFile(path, st)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("data file %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(dataHeader))
	n, _ := io.ReadFull(f, head)
	if string(head[:n]) != dataHeader {
		return fmt.Errorf("%s is not a pycov data file, and pycov replaces or removes only its own: move it away, or choose another --data-file", path)
	}
	return nil
}

// Merge adds other's measurements to d. A file measured in both with the
// same content has its hits united; if the content changed, the newer
// (other's) data replaces the older.
func (d *Data) Merge(other *Data) {
	d.Branch = d.Branch || other.Branch
	contexts := (d.HasContexts() || other.HasContexts()) && len(other.Files) > 0
	if contexts {
		if len(d.Files) == 0 && d.Contexts == nil {
			d.Contexts = []string{}
		} else {
			d.withContexts()
		}
		other.withContexts()
		t := newContextTable(d.Contexts)
		ids := make([]int, len(other.Contexts))
		for i, n := range other.Contexts {
			ids[i] = t.id(n)
		}
		d.Contexts, d.ctxTable = t.names, nil
		for _, f := range other.Files {
			f.remapContexts(ids)
		}
	}
	d.Extra = mergeParts(d.Extra, other.Extra)
	byPath := make(map[string]*FileData, len(d.Files))
	for _, f := range d.Files {
		byPath[f.Path] = f
	}
	for _, f := range other.Files {
		old, ok := byPath[f.Path]
		if !ok {
			d.Files = append(d.Files, f)
			byPath[f.Path] = f
			continue
		}
		if old.Facts.SHA256 != f.Facts.SHA256 {
			*old = *f
			continue
		}
		old.Lines = unionInts(old.Lines, f.Lines)
		old.Started = unionInts(old.Started, f.Started)
		old.Arcs = unionArcs(old.Arcs, f.Arcs)
		old.Extra = mergeParts(old.Extra, f.Extra)
		if contexts {
			old.LineContexts = unionContexts(old.LineContexts, f.LineContexts)
			old.ArcContexts = unionContexts(old.ArcContexts, f.ArcContexts)
		}
		for _, rf := range recordFields {
			if rf.merge != nil {
				rf.merge(old, f)
			}
		}
	}
}

// unionInts is the sorted union of a and b; combining hundreds of data
// files is mostly this, so it merges sorted slices (data files keep them
// sorted; anything else is sorted first).
func unionInts(a, b []int) []int {
	a, b = sortedInts(a), sortedInts(b)
	out := make([]int, 0, max(len(a), len(b)))
	for i, j := 0, 0; i < len(a) || j < len(b); {
		var x int
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			x, i = a[i], i+1
		case i == len(a) || b[j] < a[i]:
			x, j = b[j], j+1
		default:
			x, i, j = a[i], i+1, j+1
		}
		if len(out) == 0 || out[len(out)-1] != x {
			out = append(out, x)
		}
	}
	return out
}

func sortedInts(v []int) []int {
	if sort.IntsAreSorted(v) {
		return v
	}
	v = append([]int(nil), v...)
	sort.Ints(v)
	return v
}

// unionArcs is unionInts for arcs, ordered by source then destination.
func unionArcs(a, b [][2]int) [][2]int {
	a, b = sortedArcPairs(a), sortedArcPairs(b)
	out := make([][2]int, 0, max(len(a), len(b)))
	for i, j := 0, 0; i < len(a) || j < len(b); {
		var x [2]int
		switch {
		case j == len(b) || i < len(a) && arcLess(a[i], b[j]):
			x, i = a[i], i+1
		case i == len(a) || arcLess(b[j], a[i]):
			x, j = b[j], j+1
		default:
			x, i, j = a[i], i+1, j+1
		}
		if len(out) == 0 || out[len(out)-1] != x {
			out = append(out, x)
		}
	}
	return out
}

func arcLess(x, y [2]int) bool { return x[0] < y[0] || x[0] == y[0] && x[1] < y[1] }

func sortedArcPairs(v [][2]int) [][2]int {
	if sort.SliceIsSorted(v, func(i, j int) bool { return arcLess(v[i], v[j]) }) {
		return v
	}
	v = append([][2]int(nil), v...)
	sortArcs(v)
	return v
}

func sortArcs(arcs [][2]int) {
	slices.SortFunc(arcs, func(a, b [2]int) int {
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return cmp.Compare(a[1], b[1])
	})
}

// readRest reads what is left of br, which reads from r, into one slice
// made at the size r says it has (a file, a bytes.Reader), when it says:
// io.ReadAll grows its slice step by step, allocating a few times the
// data file's size, which then grew faster than the file.
func readRest(br *bufio.Reader, r io.Reader) ([]byte, error) {
	size := br.Buffered()
	switch v := r.(type) {
	case interface{ Len() int }:
		size += v.Len()
	case interface{ Stat() (fs.FileInfo, error) }:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			size = int(st.Size())
		}
	}
	var buf bytes.Buffer
	buf.Grow(size + bytes.MinRead)
	_, err := buf.ReadFrom(br)
	return buf.Bytes(), err
}

package coverage

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// DataVersion is the version of the data file format.
//
// The data file (.pycov by default) is one JSON object:
//
//	{"pycov_data": 1,
//	 "branch": true,                   // branch coverage was measured
//	 "files": [
//	   {"path": "/abs/path/mod.py",     // as the interpreter named it
//	    "facts": {...},                 // Facts: statements, arcs, functions, sha256, ...
//	    "lines": [1, 2, 5],             // executed lines (first lines of statements)
//	    "arcs": [[2, 3], [5, -1]],      // executed arcs (negative: exit from the code object at that line)
//	    "started": [4, 9]}]}            // first lines of code objects that started (functions called)
//
// Everything a report needs is there, so reports need no Python. Files are
// replaced atomically (a temporary file in the same directory, then rename),
// so a reader never sees a half-written file and a failed write leaves the
// old data in place.
const DataVersion = 1

// FileData is what is known about one measured file.
type FileData struct {
	Path    string   `json:"path"`
	Facts   *Facts   `json:"facts"`
	Lines   []int    `json:"lines"`
	Arcs    [][2]int `json:"arcs"`
	Started []int    `json:"started"`
}

// Data is the content of a data file.
type Data struct {
	Branch bool
	Files  []*FileData
}

type dataJSON struct {
	Version *int        `json:"pycov_data"`
	Branch  bool        `json:"branch"`
	Files   []*FileData `json:"files"`
}

// ErrNoData is returned when there is no data file to report on.
var ErrNoData = errors.New("no data to report")

// ReadData reads a data file. A missing file wraps ErrNoData; a file that is
// not pycov's, or is damaged, gets an error naming it.
func ReadData(path string) (*Data, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: data file %s does not exist; run `pycov run` first", ErrNoData, path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading data file %s: %w", path, err)
	}
	defer f.Close()
	return DecodeData(bufio.NewReaderSize(f, 1<<16), path)
}

// DecodeData reads a data file's content; name is used in errors.
func DecodeData(r io.Reader, name string) (*Data, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(16)
	if bytes.HasPrefix(head, []byte("SQLite format 3")) {
		return nil, fmt.Errorf("data file %s is a coverage.py data file, not pycov's; run `pycov run` to measure, or give pycov's file with --data-file", name)
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, fmt.Errorf("data file %s is empty; run `pycov run` again to recreate it", name)
	}
	var dj dataJSON
	if err := json.NewDecoder(br).Decode(&dj); err != nil {
		return nil, fmt.Errorf("data file %s is damaged or not a pycov data file (%v); run `pycov erase` and measure again", name, err)
	}
	if dj.Version == nil {
		return nil, fmt.Errorf("data file %s is not a pycov data file; run `pycov erase` and measure again", name)
	}
	if *dj.Version != DataVersion {
		return nil, fmt.Errorf("data file %s has format version %d; this pycov reads version %d: use the pycov that wrote it, or measure again", name, *dj.Version, DataVersion)
	}
	for i, fd := range dj.Files {
		if fd == nil || fd.Path == "" || fd.Facts == nil {
			return nil, fmt.Errorf("data file %s is damaged: file entry %d is incomplete; run `pycov erase` and measure again", name, i)
		}
	}
	return &Data{Branch: dj.Branch, Files: dj.Files}, nil
}

// Encode writes d in the data file format.
func (d *Data) Encode(w io.Writer) error {
	v := DataVersion
	sort.Slice(d.Files, func(i, j int) bool { return d.Files[i].Path < d.Files[j].Path })
	return json.NewEncoder(w).Encode(dataJSON{Version: &v, Branch: d.Branch, Files: d.Files})
}

// WriteData writes d to path atomically.
func WriteData(path string, d *Data) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
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
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing data file %s: %w", path, err)
	}
	return nil
}

// Merge adds other's measurements to d. A file measured in both with the
// same content has its hits united; if the content changed, the newer
// (other's) data replaces the older.
func (d *Data) Merge(other *Data) {
	d.Branch = d.Branch || other.Branch
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
	}
}

func unionInts(a, b []int) []int {
	seen := make(map[int]bool, len(a)+len(b))
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		seen[x] = true
	}
	return sortedKeys(seen)
}

func unionArcs(a, b [][2]int) [][2]int {
	seen := make(map[[2]int]bool, len(a)+len(b))
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		seen[x] = true
	}
	return sortedArcs(seen)
}

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func sortedArcs(m map[[2]int]bool) [][2]int {
	out := make([][2]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortArcs(out)
	return out
}

func sortArcs(arcs [][2]int) {
	sort.Slice(arcs, func(i, j int) bool {
		if arcs[i][0] != arcs[j][0] {
			return arcs[i][0] < arcs[j][0]
		}
		return arcs[i][1] < arcs[j][1]
	})
}

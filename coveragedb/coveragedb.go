package coveragedb

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SchemaVersion is the coverage.py schema this package reads and writes.
const SchemaVersion = 7

// exportMark is the meta key pycov writes, so that an export can be
// replaced by the next one and nothing else is.
const exportMark = "pycov_export"

// File is what coverage.py's data says ran in one file.
type File struct {
	Path  string
	Lines []int    // lines mode: the lines run, in all contexts
	Arcs  [][2]int // arcs mode: the arcs run, in all contexts
	// ByContext is, for data with contexts (Data.Contexts set), what ran
	// in each context that ran some of the file, by index into
	// Data.Contexts. Write takes only these; Read sets Lines and Arcs too.
	ByContext map[int]Ran
}

// Ran is what ran of a file in one context.
type Ran struct {
	Lines []int    // lines mode
	Arcs  [][2]int // arcs mode
}

// Data is the content of a coverage.py data file.
type Data struct {
	HasArcs bool
	Files   []File // sorted by path
	// Contexts names the contexts (coverage.py's context table), nil for
	// data measured without: then all of it is in the empty context, and
	// File.Lines and Arcs say what ran.
	Contexts []string
}

const schema = `
CREATE TABLE coverage_schema (version integer);
CREATE TABLE meta (key text, value text, unique (key));
CREATE TABLE file (id integer primary key, path text, unique (path));
CREATE TABLE context (id integer primary key, context text, unique (context));
CREATE TABLE line_bits (file_id integer, context_id integer, numbits blob,
    foreign key (file_id) references file (id), foreign key (context_id) references context (id),
    unique (file_id, context_id));
CREATE TABLE arc (file_id integer, context_id integer, fromno integer, tono integer,
    foreign key (file_id) references file (id), foreign key (context_id) references context (id),
    unique (file_id, context_id, fromno, tono));
CREATE TABLE tracer (file_id integer primary key, tracer text, foreign key (file_id) references file (id));
`

// Write writes d to path as coverage.py's data file. It is written to a
// temporary file beside path and renamed, and it replaces path only when
// path is an earlier export: any other file there (coverage.py's own data
// above all) is left alone and is an error. A relative path is taken from
// the working directory wd; messages name path as given.
func Write(path, wd string, d *Data, meta map[string]string) error {
	file := fromDir(path, wd)
	if st, err := os.Lstat(file); err == nil {
		if !st.Mode().IsRegular() { // a link, a FIFO (SQLite would block on it)
			return fmt.Errorf("%s exists and is not a regular file pycov exported; remove it or give another name with -o", path)
		}
		if !isExport(file) {
			return fmt.Errorf("%s exists and is not a file pycov exported; remove it or give another name with -o", path)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".pycov-export-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if err := write(tmp.Name(), d, meta); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func write(name string, d *Data, meta map[string]string) (err error) {
	db, err := sql.Open("sqlite", fileURI(name, ""))
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(schema); err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO coverage_schema (version) VALUES (?)", SchemaVersion); err != nil {
		return err
	}
	hasArcs := "0"
	if d.HasArcs {
		hasArcs = "1"
	}
	rows := map[string]string{"has_arcs": hasArcs, exportMark: "1"}
	for k, v := range meta {
		rows[k] = v
	}
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, err := tx.Exec("INSERT INTO meta (key, value) VALUES (?, ?)", k, rows[k]); err != nil {
			return err
		}
	}
	if err := writeRan(tx, d); err != nil {
		return err
	}
	return tx.Commit()
}

// isExport says whether path is a data file pycov exported.
func isExport(path string) bool {
	db, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
	if err != nil {
		return false
	}
	defer db.Close()
	var v string
	return db.QueryRow("SELECT value FROM meta WHERE key = ?", exportMark).Scan(&v) == nil && v == "1"
}

// ErrNotCoverageDB is wrapped by Read's error for a file that is not
// coverage.py's data.
var ErrNotCoverageDB = errors.New("not a coverage.py data file")

// Read reads coverage.py's data file at path, all contexts together. A
// relative path is taken from the working directory wd; messages name path
// as given.
func Read(path, wd string) (*Data, error) {
	file := fromDir(path, wd)
	if st, err := os.Stat(file); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (it is not a regular file)", path, ErrNotCoverageDB) // (opening a FIFO would block)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	head := make([]byte, 16)
	_, herr := f.Read(head)
	f.Close()
	if herr != nil || string(head) != "SQLite format 3\x00" {
		return nil, fmt.Errorf("%s: %w (it is not an SQLite database; coverage.py's data is the .coverage file `coverage run` writes)", path, ErrNotCoverageDB)
	}
	db, err := sql.Open("sqlite", fileURI(file, "mode=ro"))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRow("SELECT version FROM coverage_schema").Scan(&version); err != nil {
		return nil, fmt.Errorf("%s: %w (%v)", path, ErrNotCoverageDB, err)
	}
	if version != SchemaVersion {
		return nil, fmt.Errorf("%s: coverage.py data schema %d; pycov reads schema %d (coverage.py 7.x): convert it with a current coverage.py (`coverage combine`)", path, version, SchemaVersion)
	}
	d := &Data{}
	var hasArcs sql.NullString
	if err := db.QueryRow("SELECT value FROM meta WHERE key = 'has_arcs'").Scan(&hasArcs); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	d.HasArcs = hasArcs.Valid && strings.TrimSpace(hasArcs.String) == "1"
	paths := map[int64]string{}
	rows, err := db.Query("SELECT id, path FROM file")
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	for rows.Next() {
		var id int64
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			rows.Close()
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		paths[id] = p
	}
	rows.Close()
	files, err := readRan(db, d, paths)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	for _, f := range files {
		d.Files = append(d.Files, *f)
	}
	sort.Slice(d.Files, func(i, j int) bool { return d.Files[i].Path < d.Files[j].Path })
	return d, nil
}

// Numbits packs line numbers as coverage.py's numbits.
func Numbits(nums []int) []byte {
	top := -1
	for _, n := range nums {
		top = max(top, n)
	}
	if top < 0 {
		return []byte{}
	}
	b := make([]byte, top/8+1)
	for _, n := range nums {
		if n >= 0 {
			b[n/8] |= 1 << (n % 8)
		}
	}
	return b
}

// NumbitsToNums unpacks numbits into line numbers, ascending.
func NumbitsToNums(b []byte) []int {
	var out []int
	for i, c := range b {
		for bit := 0; bit < 8; bit++ {
			if c&(1<<bit) != 0 {
				out = append(out, i*8+bit)
			}
		}
	}
	return out
}

// fromDir is path taken from the directory wd when it is relative.
func fromDir(path, wd string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(wd, path)
}

package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/pycov/pycov/coverage"
)

// htmlDir writes the files of an HTML report into its directory. Each file
// goes to a temporary name first and is renamed into place, so a page is
// never seen half written. It remembers what it wrote in a manifest, and
// removes only pages that an earlier run listed there and this run did not
// write: files in the directory that pycov did not write are never touched.
type htmlDir struct {
	dir string
	old []string // pages listed by the previous run's manifest

	mu    sync.Mutex // pages are written from several goroutines
	wrote map[string]bool

	buffers sync.Pool // of *bufio.Writer, one per page being written
}

// manifestName is the file listing the pages the last run wrote.
const manifestName = ".pycov-html"

// pageNameRE matches the names pycov gives file pages; only such names are
// ever removed as stale.
var pageNameRE = regexp.MustCompile(`^d_[0-9a-f]{16}_[A-Za-z0-9_-]*\.html$`)

// openHTMLDir creates dir if it does not exist, with a .gitignore of "*"
// in it so the report is not committed by accident; an existing directory
// is used as it is.
func openHTMLDir(dir string) (*htmlDir, error) {
	d := &htmlDir{dir: dir, wrote: map[string]bool{}}
	d.buffers.New = func() any { return bufio.NewWriterSize(nil, 64<<10) }
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("creating the HTML report directory: %w", err)
		}
		if err := d.writeFile(".gitignore", []byte("# Created by pycov; the HTML report is not meant to be committed.\n*\n")); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("HTML report directory: %w", err)
	case !st.IsDir():
		return nil, fmt.Errorf("HTML report directory %s exists and is not a directory", dir)
	}
	if b, err := os.ReadFile(filepath.Join(dir, manifestName)); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if pageNameRE.MatchString(line) {
				d.old = append(d.old, line)
			}
		}
	}
	return d, nil
}

// writePage writes one file of the report in place, its content from
// write, through a buffer: a page is never held whole. Pages are not
// written to a temporary name and renamed: creating a new file for every
// page cost a millisecond each on some file systems (a 1,000-file report
// spent most of its time there), while rewriting the page in place does
// not; a report interrupted half-way has some pages of the new run, as
// coverage.py's does.
//
// A name in the directory that is not a regular file is refused, never
// written through: a symbolic link planted there (index.html -> ~/.bashrc)
// is not followed (O_NOFOLLOW), and a FIFO or device is not opened for
// blocking or written.
func (d *htmlDir) writePage(name string, write func(w *bufio.Writer) error) error {
	final := filepath.Join(d.dir, name)
	f, err := os.OpenFile(final, os.O_WRONLY|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		if st, lerr := os.Lstat(final); lerr == nil && !st.Mode().IsRegular() {
			return fmt.Errorf("writing %s: it is a %s, not a file pycov wrote; remove it and run again", final, fileKind(st.Mode()))
		}
		return fmt.Errorf("writing %s: %w", final, err)
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		f.Close()
		return fmt.Errorf("writing %s: it is a %s, not a file pycov wrote; remove it and run again", final, fileKind(st.Mode()))
	}
	if err == nil {
		err = f.Truncate(0)
	}
	var werr error // from write: already says what it was writing
	if err == nil {
		w := d.buffers.Get().(*bufio.Writer)
		w.Reset(f)
		if werr = write(w); werr == nil {
			err = w.Flush()
		}
		w.Reset(nil)
		d.buffers.Put(w)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", final, err)
	}
	d.mu.Lock()
	d.wrote[name] = true
	d.mu.Unlock()
	return nil
}

// writeFile writes one file of the report whose content is data.
func (d *htmlDir) writeFile(name string, data []byte) error {
	return d.writePage(name, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// fileKind names what a directory entry is, for an error.
func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeSymlink != 0:
		return "symbolic link"
	case m.IsDir():
		return "directory"
	case m&os.ModeNamedPipe != 0:
		return "named pipe"
	case m&os.ModeDevice != 0:
		return "device"
	case m&os.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

// writeTemplate renders one of the page templates into the file name.
func (d *htmlDir) writeTemplate(name, tmpl string, data any) error {
	return d.writePage(name, func(w *bufio.Writer) error {
		return executeTemplate(w, name, tmpl, data)
	})
}

// executeTemplate renders the template tmpl of the page name into w.
func executeTemplate(w *bufio.Writer, name, tmpl string, data any) error {
	t, err := htmlTemplates()
	if err != nil {
		return err
	}
	if err := t.ExecuteTemplate(w, tmpl, data); err != nil {
		return fmt.Errorf("rendering %s: %w", name, err)
	}
	return nil
}

// writeAssets writes the stylesheet and script every page loads.
func (d *htmlDir) writeAssets() error {
	a, err := htmlAssets()
	if err != nil {
		return err
	}
	if err := d.writeFile("pycov.css", a.css); err != nil {
		return err
	}
	return d.writeFile("pycov.js", a.js)
}

// finish removes the pages the previous run wrote and this one did not,
// and records this run's pages for the next.
func (d *htmlDir) finish() error {
	for _, name := range d.old {
		if !d.wrote[name] {
			if err := os.Remove(filepath.Join(d.dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("removing a stale page: %w", err)
			}
		}
	}
	var pages []string
	for name := range d.wrote {
		if pageNameRE.MatchString(name) {
			pages = append(pages, name)
		}
	}
	sort.Strings(pages)
	var b strings.Builder
	b.WriteString("# The pages pycov wrote in this HTML report; it removes them when they go stale.\n")
	for _, p := range pages {
		b.WriteString(p + "\n")
	}
	return d.writeFile(manifestName, []byte(b.String()))
}

// pageNames gives each file its page's name, derived from its name alone:
// "d_" and a hash of its directory, then its base name with every
// character other than letters, digits, "-" and "_" made "_"
// ("inventory/stock.py" is "d_a41bfc8af6197976_stock_py.html"). Two files
// whose names would collide (ignoring case, for file systems that do) take
// a hash of their whole name instead, in name order.
func pageNames(files []*coverage.FileResult) map[*coverage.FileResult]string {
	names := make(map[*coverage.FileResult]string, len(files))
	used := map[string]bool{}
	for _, f := range files {
		dir, base := path.Split(f.Name)
		flat := flatName(base)
		name := "d_" + shortHash(dir) + "_" + flat + ".html"
		for i := 0; used[strings.ToLower(name)]; i++ {
			name = "d_" + shortHash(fmt.Sprint(f.Name, i)) + "_" + flat + ".html"
		}
		used[strings.ToLower(name)] = true
		names[f] = name
	}
	return names
}

// flatName is a base name made safe for any file system and URL.
func flatName(base string) string {
	b := []byte(base)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	if len(b) > 80 {
		b = b[:80]
	}
	return string(b)
}

// shortHash is the first 16 hex digits of the SHA-256 of s.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

package report

import (
	"bufio"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/pycov/pycov/coverage"
)

// HTMLOptions are the choices of the HTML report.
type HTMLOptions struct {
	Title       string // the index page's heading; "Coverage report" if empty
	SkipCovered bool   // leave out files with nothing missing
	SkipEmpty   bool   // leave out files with no statements
	Precision   int    // decimal places of percentages
	Now         time.Time
	Version     string // pycov's version, in each page's footer
	// Warn is told about each problem that did not stop the report, with
	// a stable slug a user can look up ("source-changed",
	// "source-unreadable"). It may be nil.
	Warn func(slug, msg string)
	// ShowContexts lists under each line the contexts that ran it (html
	// --show-contexts); Contexts names them (the data's table, nil for
	// data measured without contexts).
	ShowContexts bool
	Contexts     []string
}

// HTML writes the HTML report into dir, which it creates if needed:
//
//	htmlcov/
//	  .gitignore               "*", written only when pycov creates the directory
//	  index.html               sortable, filterable table and a directory picture
//	  function_index.html      the same table by function, as coverage.py's
//	  class_index.html         and by class
//	  d_<hash>_<name>_py.html  one page per file: highlighted source, missed
//	                           lines and partial branches, keyboard navigation
//	  pycov.css, pycov.js      shared by every page; nothing is loaded from
//	                           anywhere else, so the report works from file://
//	  .pycov-html              the pages pycov wrote, so that the next run can
//	                           remove its own stale pages and nothing else
//
// Every page is derived from rep alone (and the source files, read to show
// them): with the same Now and Version the output is byte for byte the same.
func HTML(dir string, rep *coverage.Report, o HTMLOptions) error {
	if o.Title == "" {
		o.Title = "Coverage report"
	}
	if o.Warn == nil {
		o.Warn = func(string, string) {}
	}
	if o.Precision < 0 || o.Precision > 10 {
		return fmt.Errorf("precision %d is out of range: use 0 to 10", o.Precision)
	}
	shown, err := o.show().Select(rep)
	if err != nil {
		return err
	}
	files := shown.Files
	names := pageNames(files)
	out, err := openHTMLDir(dir)
	if err != nil {
		return err
	}
	meta := pageMeta{Title: o.Title, Version: o.Version, Created: o.Now.Format("2006-01-02 15:04 MST")}
	if err := writeFilePages(out, files, names, rep.Branch, o, meta); err != nil {
		return err
	}
	index := buildIndexPage(rep, files, names, shown.Skipped, o, meta)
	if err := out.writePage("index.html", func(w *bufio.Writer) error {
		return writeTable(w, "index.html", "index.html.tmpl", index, func() { writeIndexRows(w, index.Rows) })
	}); err != nil {
		return err
	}
	functions, classes := buildRegionPages(rep, files, names, o, meta)
	for _, page := range []*regionPage{functions, classes} {
		if err := out.writePage(page.Page, func(w *bufio.Writer) error {
			return writeTable(w, page.Page, "regions.html.tmpl", page, func() { writeRegionRows(w, page.Rows, page.Kind) })
		}); err != nil {
			return err
		}
	}
	if err := out.writeAssets(); err != nil {
		return err
	}
	return out.finish()
}

// writeFilePages writes the page of each file. Pages are independent and
// highlighting is slow (about 60 µs a line), so they are made on every
// CPU; warnings still come in file order, and the first error by file
// order is the one returned.
func writeFilePages(out *htmlDir, files []*coverage.FileResult, names map[*coverage.FileResult]string,
	branch bool, o HTMLOptions, meta pageMeta) error {
	type result struct {
		warnings [][2]string
		err      error
	}
	results := make([]result, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f, r := files[i], &results[i]
				po := o
				po.Warn = func(slug, msg string) { r.warnings = append(r.warnings, [2]string{slug, msg}) }
				page := buildFilePage(f, branch, po, meta)
				if i > 0 {
					page.Prev = names[files[i-1]]
				}
				if i+1 < len(files) {
					page.Next = names[files[i+1]]
				}
				r.err = out.writeTemplate(names[f], "file.html.tmpl", page)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		for _, w := range r.warnings {
			o.Warn(w[0], w[1])
		}
	}
	for _, r := range results {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// writeTable writes the page name, a table of rows: the template tmpl up
// to the table's rows, the rows, then the template tmpl+"/end".
func writeTable(w *bufio.Writer, name, tmpl string, data any, rows func()) error {
	if err := executeTemplate(w, name, tmpl, data); err != nil {
		return err
	}
	rows()
	return executeTemplate(w, name, tmpl+"/end", data)
}

// pageMeta is what every page shows in its head and footer.
type pageMeta struct {
	Title   string
	Version string
	Created string
}

// show is the HTML report's choice of files: those that get a row and a
// page, in name order.
func (o HTMLOptions) show() Show {
	return Show{SkipCovered: o.SkipCovered, SkipEmpty: o.SkipEmpty}
}

package report

import (
	"strconv"

	"github.com/pycov/pycov/coverage"
)

// regionPage is the function index or the class index: a row for each
// function (or class) of each shown file, as coverage.py's
// function_index.html and class_index.html have, and for each file one
// more row for its lines outside every function (class).
type regionPage struct {
	pageMeta
	Branch bool
	Kind   string // "function" or "class": what a row is
	Kinds  string // "functions" or "classes"
	Page   string // this page's file name, which the views menu marks
	Rows   []regionRow
	Total  indexRow
}

// regionRow is one function or class, or the rest of a file.
type regionRow struct {
	indexRow        // Name is the file's; Href the file page at the region
	Region   string // the dotted name, or "" for the rest of the file
}

// Pages of the views menu, on the index and both region pages.
const (
	functionIndexPage = "function_index.html"
	classIndexPage    = "class_index.html"
)

// buildRegionPages lays out the function index and the class index. A
// region's numbers are those of the lines coverage.py counts in it (see
// coverage.CodeRegion); the rows of a file add up to the file. The total is
// the report's, as on the index: skipped files count in it.
func buildRegionPages(rep *coverage.Report, files []*coverage.FileResult, names map[*coverage.FileResult]string,
	o HTMLOptions, meta pageMeta) (functions, classes *regionPage) {
	functions = &regionPage{pageMeta: meta, Branch: rep.Branch, Kind: "function", Kinds: "functions", Page: functionIndexPage}
	classes = &regionPage{pageMeta: meta, Branch: rep.Branch, Kind: "class", Kinds: "classes", Page: classIndexPage}
	for _, f := range files {
		var fns, cls []*coverage.CodeRegion
		if f.Data != nil && f.Data.Facts != nil {
			fns, cls = f.Regions()
		}
		functions.addFile(f, names[f], fns, o)
		classes.addFile(f, names[f], cls, o)
	}
	functions.Total = newIndexRow("Total", "", rep.Total, rep.Branch, o)
	classes.Total = functions.Total
	return functions, classes
}

// addFile adds the rows of f, whose page is href: one for each of its
// regions, linked to the def line, then one for the rest of the file.
func (p *regionPage) addFile(f *coverage.FileResult, href string, regs []*coverage.CodeRegion, o HTMLOptions) {
	owners := map[int]int{}
	for i, reg := range regs {
		for _, l := range reg.Lines() {
			owners[l] = i
		}
	}
	nums := f.PartitionNumbers(func(l int) int {
		if i, ok := owners[l]; ok {
			return i
		}
		return -1
	}, len(regs))
	for i, reg := range regs {
		at := href + "#t" + strconv.Itoa(reg.Def)
		p.Rows = append(p.Rows, regionRow{indexRow: newIndexRow(f.Name, at, nums[i], p.Branch, o), Region: reg.Name})
	}
	p.Rows = append(p.Rows, regionRow{indexRow: newIndexRow(f.Name, href, nums[len(regs)], p.Branch, o)})
}

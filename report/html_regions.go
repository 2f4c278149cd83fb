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

// buildRegionPage lays out the function index (classes false) or the class
// index. A region's numbers are those of the lines coverage.py counts in it
// (see coverage.CodeRegion); the rows of a file add up to the file.
//
// The total is the report's, as on the index: skipped files count in it.
func buildRegionPage(rep *coverage.Report, files []*coverage.FileResult, names map[*coverage.FileResult]string, classes bool,
	o HTMLOptions, meta pageMeta) *regionPage {
	branch := rep.Branch
	p := &regionPage{pageMeta: meta, Branch: branch, Kind: "function", Kinds: "functions", Page: functionIndexPage}
	if classes {
		p.Kind, p.Kinds, p.Page = "class", "classes", classIndexPage
	}
	for _, f := range files {
		var regs []*coverage.CodeRegion
		if f.Data != nil && f.Data.Facts != nil {
			functions, cls := f.Regions()
			regs = functions
			if classes {
				regs = cls
			}
		}
		owners := map[int]int{}
		for i, reg := range regs {
			for _, l := range reg.Lines() {
				owners[l] = i
			}
		}
		parts := f.Partition(func(l int) int {
			if i, ok := owners[l]; ok {
				return i
			}
			return -1
		}, len(regs))
		for i, reg := range regs {
			href := names[f] + "#t" + strconv.Itoa(reg.Def)
			p.Rows = append(p.Rows, regionRow{indexRow: newIndexRow(f.Name, href, parts[i].Numbers, branch, o), Region: reg.Name})
		}
		p.Rows = append(p.Rows, regionRow{indexRow: newIndexRow(f.Name, names[f], parts[len(regs)].Numbers, branch, o)})
	}
	p.Total = newIndexRow("Total", "", rep.Total, branch, o)
	return p
}

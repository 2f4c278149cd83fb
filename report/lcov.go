package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/pycov/pycov/coverage"
)

// LCOV writes the subset of the LCOV tracefile format that lcov 1.16 and
// 2.x, genhtml, Codecov and Jenkins all read, one section per file:
//
//	SF:app/core.py
//	FN:4,classify
//	FNDA:1,classify
//	FNF:1
//	FNH:1
//	BRDA:5,0,0,1
//	BRDA:5,0,1,0
//	BRF:2
//	BRH:1
//	DA:4,1
//	DA:5,1
//	DA:7,0
//	LF:3
//	LH:2
//	end_of_record
//
// SF is the report name (relative to the working directory, "/"
// separators). Every statement has one DA line, 1 if it ran and 0 if not
// (pycov records whether a line ran, not how often). A file without
// statements has no section: lcov reads a section without records as an
// error when it is the only one, and drops it otherwise.
//
// Functions are FN:<def line>,<qualified name>, without the end line that
// lcov 1.16 misreads and that makes lcov 2.x demand that every line of the
// function, the def line included, agree with the function's count. A
// function is listed when its body has a statement; FNDA is 1 when its
// code object started (it was called), whatever its lines did. A name
// that repeats in a file (a property's getter and setter) gets "@<def
// line>" on every definition ("Shape.side@16", "Shape.side@20").
//
// Each branch line has one block, 0, and its exits are branches 0, 1, ...
// in the order of their destinations (lines ascending, then exits from the
// function, class or module), so the ids are the same in every run.
// Taken is "-" when the line did not run, else 1 or 0. An exit of a
// "pragma: no branch" line that was not taken is written as taken, because
// the numbers count it covered.
//
// A branch line that ran but took none of its exits (it raised every time)
// gets no BRDA records: lcov 2.x rejects a line that ran whose branches are
// all 0 or "-", and "-" would claim it never ran. Its exits still count as
// missing in every other report, so this file's BRF is lower than their
// branch count by the number of such exits (BRH is the same, unless the
// line is marked "pragma: no branch").
//
// A file whose name holds a line break has no section: LCOV has no
// escapes, and the name would end the SF record (LineBreakNames lists them).
//
// Without branch measurement there are no BRDA records. As in coverage.py's
// LCOV, FNF/FNH and BRF/BRH are left out when there are no functions or
// branches.
func LCOV(w io.Writer, rep *coverage.Report) error {
	return LCOVWith(w, rep, LCOVOptions{})
}

// LCOVOptions are the choices of an LCOV tracefile.
type LCOVOptions struct {
	// LineChecksums adds each line's checksum to its DA record
	// ([lcov] line_checksums; see lineChecksum).
	LineChecksums bool
	Show          Show // the files written
	// Warn is told about each file left out because its name holds a line
	// break ("unwritable-name"). It may be nil.
	Warn func(slug, msg string)
}

// LCOVWith is LCOV with options.
func LCOVWith(w io.Writer, rep *coverage.Report, opts LCOVOptions) error {
	shown, err := opts.Show.Select(rep)
	if err != nil {
		return err
	}
	warnLineBreaks(shown.Files, "LCOV", opts.Warn)
	bw := bufio.NewWriter(w)
	for _, f := range shown.Files {
		if len(f.Statements) > 0 && !breaksLines(f.Name) {
			var src []string
			if opts.LineChecksums {
				// A source changed or gone gets no checksums: they would
				// be of other lines (the CLI has warned about it).
				src, _ = f.SourceLines()
			}
			lcovFile(bw, f, rep.Branch, src)
		}
	}
	return bw.Flush()
}

func lcovFile(w *bufio.Writer, f *coverage.FileResult, branch bool, src []string) {
	fmt.Fprintf(w, "SF:%s\n", f.Name)

	statements := make(map[int]bool, len(f.Statements))
	for _, l := range f.Statements {
		statements[l] = true
	}
	functions, _ := f.Regions()
	type fn struct {
		line int
		name string
		hit  int
	}
	var fns []fn
	count := map[string]int{}
	for _, reg := range functions {
		if hasStatement(reg, f.Statements) {
			count[reg.Name]++
		}
	}
	for _, reg := range functions {
		if !hasStatement(reg, f.Statements) {
			continue
		}
		name := reg.Name
		if count[name] > 1 {
			name += "@" + strconv.Itoa(reg.Def)
		}
		hit := 0
		if reg.Started {
			hit = 1
		}
		fns = append(fns, fn{reg.Def, name, hit})
	}
	hits := 0
	for _, x := range fns {
		fmt.Fprintf(w, "FN:%d,%s\n", x.line, x.name)
	}
	for _, x := range fns {
		fmt.Fprintf(w, "FNDA:%d,%s\n", x.hit, x.name)
		hits += x.hit
	}
	if len(fns) > 0 {
		fmt.Fprintf(w, "FNF:%d\nFNH:%d\n", len(fns), hits)
	}

	brf, brh := 0, 0
	var lines []coverage.BranchLine
	if branch {
		lines = f.BranchLines()
	}
	for _, b := range lines {
		if b.TookNone() || !statements[b.Line] {
			continue
		}
		for i, e := range b.Exits {
			taken := "-"
			if b.Ran {
				taken = "0"
				if e.Covered() {
					taken = "1"
					brh++
				}
			}
			brf++
			fmt.Fprintf(w, "BRDA:%d,0,%d,%s\n", b.Line, i, taken)
		}
	}
	if brf > 0 {
		fmt.Fprintf(w, "BRF:%d\nBRH:%d\n", brf, brh)
	}

	missing := f.MissingSet()
	for _, l := range f.Statements {
		hit := 1
		if missing[l] {
			hit = 0
		}
		if l <= len(src) {
			fmt.Fprintf(w, "DA:%d,%d,%s\n", l, hit, lineChecksum(src[l-1]))
		} else {
			fmt.Fprintf(w, "DA:%d,%d\n", l, hit)
		}
	}
	fmt.Fprintf(w, "LF:%d\nLH:%d\nend_of_record\n", len(f.Statements), f.Numbers.Covered())
}

// hasStatement reports whether any of lines (sorted) is in reg.
func hasStatement(reg *coverage.CodeRegion, lines []int) bool {
	for _, l := range lines {
		if reg.Contains(l) {
			return true
		}
	}
	return false
}

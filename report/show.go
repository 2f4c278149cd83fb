package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pycov/pycov/coverage"
)

// This file is the one step every writer takes before it formats
// anything: which of the report's files it shows, and in what order
// (coverage.py's skip_covered, skip_empty and sort). The include and omit
// patterns and the files named on the command line have already chosen
// the report's files (coverage.BuildReport); the totals count every one of
// them, shown or not.

// Show chooses the files a writer shows.
type Show struct {
	SkipCovered bool   // leave out files with nothing missing
	SkipEmpty   bool   // leave out files with no statements
	Sort        string // a column of SortKeys, "-" prefix reverses; "" keeps the report's order (by name)
}

// Skipped counts the files Show left out, by reason. A file that is both
// covered and empty counts as covered.
type Skipped struct {
	Covered, Empty int
}

// Shown is what a writer shows: the files, in order, and what was left out.
type Shown struct {
	Files   []*coverage.FileResult
	Skipped Skipped
}

// SortKeys are the values --sort accepts.
var SortKeys = []string{"name", "stmts", "miss", "branch", "brpart", "cover"}

// Select applies s to rep's files. It fails only for a Sort that is not a
// column.
func (s Show) Select(rep *coverage.Report) (Shown, error) {
	var out Shown
	for _, f := range rep.Files {
		n := f.Numbers
		switch {
		case s.SkipCovered && n.Missing == 0 && n.MissingBranches == 0:
			out.Skipped.Covered++
		case s.SkipEmpty && n.Statements == 0:
			out.Skipped.Empty++
		default:
			out.Files = append(out.Files, f)
		}
	}
	if s.Sort == "" {
		return out, nil
	}
	return out, sortFiles(out.Files, s.Sort)
}

// Only is rep with only the shown files; the totals are rep's.
func (s Shown) Only(rep *coverage.Report) *coverage.Report {
	only := *rep
	only.Files = s.Files
	return &only
}

// Notes are the lines a table prints after itself about the files it
// left out, as coverage.py prints them.
func (s Skipped) Notes() []string {
	var notes []string
	if s.Covered > 0 {
		notes = append(notes, fmt.Sprintf("\n%d file%s skipped due to complete coverage.", s.Covered, plural(s.Covered)))
	}
	if s.Empty > 0 {
		notes = append(notes, fmt.Sprintf("\n%d empty file%s skipped.", s.Empty, plural(s.Empty)))
	}
	return notes
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// sortFiles sorts files by key, stably.
func sortFiles(files []*coverage.FileResult, key string) error {
	reverse := strings.HasPrefix(key, "-")
	key = strings.ToLower(strings.TrimPrefix(key, "-"))
	if key == "" {
		key = "name"
	}
	var less func(a, b *coverage.FileResult) bool
	switch key {
	case "name":
		less = func(a, b *coverage.FileResult) bool { return a.Name < b.Name }
	case "stmts":
		less = func(a, b *coverage.FileResult) bool { return a.Numbers.Statements < b.Numbers.Statements }
	case "miss":
		less = func(a, b *coverage.FileResult) bool { return a.Numbers.Missing < b.Numbers.Missing }
	case "branch":
		less = func(a, b *coverage.FileResult) bool { return a.Numbers.Branches < b.Numbers.Branches }
	case "brpart":
		less = func(a, b *coverage.FileResult) bool { return a.Numbers.PartialBranches < b.Numbers.PartialBranches }
	case "cover":
		less = func(a, b *coverage.FileResult) bool {
			return a.Numbers.PercentCovered() < b.Numbers.PercentCovered()
		}
	default:
		return fmt.Errorf("--sort %q is not a column; use one of %s", key, strings.Join(SortKeys, ", "))
	}
	sort.SliceStable(files, func(i, j int) bool {
		if reverse {
			return less(files[j], files[i])
		}
		return less(files[i], files[j])
	})
	return nil
}

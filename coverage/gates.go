package coverage

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/pycov/pycov/pathglob"
)

// Gate is a minimum coverage: of the whole report, or of the files whose
// names match Paths. Each minimum is a percentage; 0 is not checked.
type Gate struct {
	Name   string   // how messages name the gate
	Paths  []string // file patterns (pathglob); empty: every file
	Total  float64  // statements and branches together, as coverage.py's fail_under
	Line   float64  // statements
	Branch float64  // branch arcs
}

// GateFailure is one minimum of one gate that a report did not reach.
type GateFailure struct {
	Gate     string
	Metric   string  // "total", "line" or "branch"
	Required float64 // the minimum
	Actual   string  // the percentage, as the report shows it
	Of       string  // what it is a percentage of: "lines", "branches" or "lines and branches"
	Files    int     // how many files the gate covers
	// Worst are the files missing most of what Metric counts, most first
	// (at most three); Reason is set instead when the gate could not be
	// checked.
	Worst  []*FileResult
	Reason string
}

// String is the one line the CLI prints for the failure, saying what to
// fix:
//
//	gate "core" (line >= 95%): 91.3% of lines in 4 files; most missing: src/core/db.py (4 lines), src/core/io.py (1 line)
func (f GateFailure) String() string {
	head := fmt.Sprintf("gate %s (%s >= %s%%)", f.Gate, f.Metric, strconv.FormatFloat(f.Required, 'f', -1, 64))
	if f.Reason != "" {
		return head + ": " + f.Reason
	}
	s := fmt.Sprintf("%s: %s%% of %s in %d file%s", head, f.Actual, f.Of, f.Files, plural(f.Files))
	if len(f.Worst) > 0 {
		var names []string
		for _, r := range f.Worst {
			names = append(names, fmt.Sprintf("%s (%s)", r.Name, missingCounts(r.Numbers, f.Metric)))
		}
		s += "; most missing: " + strings.Join(names, ", ")
	}
	return s
}

// ShouldFailUnder is coverage.py's should_fail_under: pc, rounded to
// precision decimal places (half to even, as Python's round), is below
// min; a min of 100 fails anything short of exactly 100.
func ShouldFailUnder(pc, min float64, precision int) bool {
	if min >= 100 && pc < 100 {
		return true
	}
	rounded, _ := strconv.ParseFloat(strconv.FormatFloat(pc, 'f', precision, 64), 64)
	return rounded < min
}

// CheckGates checks every gate against rep, rounding as the report shows
// percentages, and returns the minimums not reached, in gate order.
func CheckGates(rep *Report, gates []Gate, precision int) ([]GateFailure, error) {
	var fails []GateFailure
	for _, g := range gates {
		files, err := gateFiles(rep, g.Paths)
		if err != nil {
			return nil, fmt.Errorf("gate %s: %w", g.Name, err)
		}
		var n Numbers
		for _, f := range files {
			n.Add(f.Numbers)
		}
		total := "lines and branches"
		if !rep.Branch {
			total = "lines"
		}
		for _, m := range []struct {
			metric, of string
			min, pc    float64
		}{
			{"total", total, g.Total, n.PercentCovered()},
			{"line", "lines", g.Line, n.PercentStatements()},
			{"branch", "branches", g.Branch, n.PercentBranches()},
		} {
			if m.min == 0 {
				continue
			}
			if m.min < 0 || m.min > 100 {
				return nil, fmt.Errorf("gate %s: %s minimum %g is invalid: use 0 to 100", g.Name, m.metric, m.min)
			}
			fail := GateFailure{Gate: g.Name, Metric: m.metric, Required: m.min, Files: len(files), Of: m.of}
			switch {
			case len(files) == 0 && len(g.Paths) == 0:
				continue // nothing to cover
			case len(files) == 0:
				fail.Reason = "no reported file matches " + strings.Join(g.Paths, ", ") + "; check its paths"
			case m.metric == "branch" && !rep.Branch:
				fail.Reason = "branch coverage was not measured: run `pycov run --branch` (or set `branch = true`: a coverage.py configuration file turns branches off without it), on Python 3.14 or newer"
			case ShouldFailUnder(m.pc, m.min, precision):
				fail.Actual = DisplayPercent(m.pc, precision)
				fail.Worst = worstFiles(files, m.metric, 3)
			default:
				continue
			}
			fails = append(fails, fail)
		}
	}
	return fails, nil
}

// gateFiles are the files of rep a gate covers.
func gateFiles(rep *Report, globs []string) ([]*FileResult, error) {
	if len(globs) == 0 {
		return rep.Files, nil
	}
	res := make([]*pathglob.Set, len(globs))
	for i, g := range globs {
		re, err := pathGlob(g)
		if err != nil {
			return nil, err
		}
		res[i] = re
	}
	var out []*FileResult
	for _, f := range rep.Files {
		for i, re := range res {
			name := f.Name // relative to the working directory
			if filepath.IsAbs(globs[i]) {
				name = filepath.ToSlash(f.Path)
			}
			if matchesOrUnder(re, name) {
				out = append(out, f)
				break
			}
		}
	}
	return out, nil
}

// pathGlob compiles a gate's path: a file pattern (pathglob) relative to
// the working directory, without a leading "./" or a trailing "/".
func pathGlob(g string) (*pathglob.Set, error) {
	g = strings.TrimSuffix(filepath.ToSlash(g), "/")
	g = strings.TrimPrefix(g, "./")
	s, err := pathglob.Compile([]string{g}, pathglob.Native)
	if err != nil {
		return nil, fmt.Errorf("gate paths: %w", err)
	}
	return s, nil
}

// matchesOrUnder says whether name, or a directory it is in, matches re:
// "src/core" covers src/core/db.py as "src/core/**" does.
func matchesOrUnder(re *pathglob.Set, name string) bool {
	for {
		if re.Match(name) {
			return true
		}
		i := strings.LastIndexByte(name, '/')
		if i <= 0 {
			return false
		}
		name = name[:i]
	}
}

// worstFiles are up to n files missing the most of what metric counts.
func worstFiles(files []*FileResult, metric string, n int) []*FileResult {
	missing := func(f *FileResult) int {
		switch metric {
		case "line":
			return f.Numbers.Missing
		case "branch":
			return f.Numbers.MissingBranches
		}
		return f.Numbers.Missing + f.Numbers.MissingBranches
	}
	var out []*FileResult
	for _, f := range files {
		if missing(f) > 0 {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return missing(out[i]) > missing(out[j]) })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// missingCounts is "4 lines, 2 branches": what a file misses of metric.
func missingCounts(n Numbers, metric string) string {
	var parts []string
	if metric != "branch" && n.Missing > 0 {
		parts = append(parts, fmt.Sprintf("%d line%s", n.Missing, plural(n.Missing)))
	}
	if metric != "line" && n.MissingBranches > 0 {
		parts = append(parts, fmt.Sprintf("%d branch%s", n.MissingBranches, pluralES(n.MissingBranches)))
	}
	return strings.Join(parts, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func pluralES(n int) string {
	if n == 1 {
		return ""
	}
	return "es"
}

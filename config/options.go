package config

import (
	"errors"
	"fmt"
	"strings"
)

// kind is how an option's value is read (coverage.py's getboolean,
// getint, getfloat, get, getfile, getlist, getregexlist).
type kind int

const (
	kBool kind = iota
	kInt
	kFloat
	kString
	kFile // a path; "~" is the home directory
	kList
	kRegexList
)

// value is an option's value once read; the field its kind says is set.
type value struct {
	b bool
	i int
	f float64
	s string
	l []string
}

// option is one setting a section can hold, and where it goes in Config.
// set returns an error saying what is expected when the value is not
// acceptable.
type option struct {
	key  string
	kind kind
	set  func(c *Config, v value) error
}

// options are the settings pycov acts on, by section.
var options = map[string][]option{
	"run": {
		{"branch", kBool, func(c *Config, v value) error { c.Run.Branch = v.b; return nil }},
		{"context", kString, func(c *Config, v value) error { c.Run.Context = v.s; return nil }},
		{"dynamic_context", kString, func(c *Config, v value) error {
			if strings.TrimSpace(v.s) == "" {
				c.Run.DynamicContext = ""
				return nil
			}
			return choice(&c.Run.DynamicContext, v, "test_function")
		}},
		{"command_line", kString, func(c *Config, v value) error { c.Run.CommandLine = v.s; return nil }},
		{"data_file", kFile, func(c *Config, v value) error { return dataFile(&c.Run.DataFile, v) }},
		{"disable_warnings", kList, func(c *Config, v value) error { c.DisableWarnings = v.l; return nil }},
		{"include", kList, func(c *Config, v value) error { c.Run.Include = v.l; return nil }},
		{"omit", kList, func(c *Config, v value) error { c.Run.Omit = v.l; return nil }},
		{"parallel", kBool, func(c *Config, v value) error { c.Run.Parallel = v.b; return nil }},
		{"relative_files", kBool, func(c *Config, v value) error { c.Run.RelativeFiles = v.b; return nil }},
		{"source", kList, func(c *Config, v value) error { c.Run.Source = v.l; return nil }},
		{"source_pkgs", kList, func(c *Config, v value) error { c.Run.SourcePkgs = v.l; return nil }},
		{"source_dirs", kList, func(c *Config, v value) error { c.Run.SourceDirs = v.l; return nil }},
	},
	"report": {
		{"exclude_lines", kRegexList, func(c *Config, v value) error { c.Report.ExcludeLines = v.l; return nil }},
		{"exclude_also", kRegexList, func(c *Config, v value) error { c.Report.ExcludeAlso = v.l; return nil }},
		{"fail_under", kFloat, func(c *Config, v value) error { return percent(&c.Report.FailUnder, v) }},
		{"format", kString, func(c *Config, v value) error { return choice(&c.Report.Format, v, "text", "markdown", "total") }},
		{"ignore_errors", kBool, func(c *Config, v value) error { c.Report.IgnoreErrors = v.b; return nil }},
		{"include", kList, func(c *Config, v value) error { c.Report.Include = v.l; return nil }},
		{"omit", kList, func(c *Config, v value) error { c.Report.Omit = v.l; return nil }},
		{"partial_branches", kRegexList, func(c *Config, v value) error { c.Report.PartialBranches = v.l; return nil }},
		{"partial_also", kRegexList, func(c *Config, v value) error { c.Report.PartialAlso = v.l; return nil }},
		{"partial_branches_always", kRegexList, func(c *Config, v value) error { c.Report.PartialAlways = v.l; return nil }},
		{"include_namespace_packages", kBool, func(c *Config, v value) error { c.Report.IncludeNamespacePackages = v.b; return nil }},
		{"contexts", kList, func(c *Config, v value) error { c.Report.Contexts = v.l; return nil }},
		{"precision", kInt, func(c *Config, v value) error { return Precision(&c.Report.Precision, v.i) }},
		{"show_missing", kBool, func(c *Config, v value) error { c.Report.ShowMissing = v.b; return nil }},
		{"skip_covered", kBool, func(c *Config, v value) error { c.Report.SkipCovered = v.b; return nil }},
		{"skip_empty", kBool, func(c *Config, v value) error { c.Report.SkipEmpty = v.b; return nil }},
		{"sort", kString, func(c *Config, v value) error { return Sort(&c.Report.Sort, v.s) }},
	},
	"html": {
		{"directory", kFile, func(c *Config, v value) error { c.HTML.Directory = v.s; return nil }},
		{"title", kString, func(c *Config, v value) error { c.HTML.Title = v.s; return nil }},
		{"skip_covered", kBool, func(c *Config, v value) error { c.HTML.SkipCovered = v.b; return nil }},
		{"skip_empty", kBool, func(c *Config, v value) error { c.HTML.SkipEmpty = v.b; return nil }},
		{"show_contexts", kBool, func(c *Config, v value) error { c.HTML.ShowContexts = v.b; return nil }},
	},
	"xml": {
		{"output", kFile, func(c *Config, v value) error { c.XML.Output = v.s; return nil }},
		{"package_depth", kInt, func(c *Config, v value) error {
			if v.i < 1 {
				return errors.New("expected a whole number of 1 or more")
			}
			c.XML.PackageDepth = v.i
			return nil
		}},
	},
	"json": {
		{"output", kFile, func(c *Config, v value) error { c.JSON.Output = v.s; return nil }},
		{"pretty_print", kBool, func(c *Config, v value) error { c.JSON.PrettyPrint = v.b; return nil }},
		{"show_contexts", kBool, func(c *Config, v value) error { c.JSON.ShowContexts = v.b; return nil }},
	},
	"lcov": {
		{"output", kFile, func(c *Config, v value) error { c.LCOV.Output = v.s; return nil }},
		{"line_checksums", kBool, func(c *Config, v value) error { c.LCOV.LineChecksums = v.b; return nil }},
	},
	"pycov": {
		{"fail_under_line", kFloat, func(c *Config, v value) error { return percent(&c.Gates.FailUnderLine, v) }},
		{"fail_under_branch", kFloat, func(c *Config, v value) error { return percent(&c.Gates.FailUnderBranch, v) }},
		{"fail_under_file", kFloat, func(c *Config, v value) error { return percent(&c.Gates.FailUnderFile, v) }},
		{"subprocess", kBool, func(c *Config, v value) error { c.Run.NoSubprocess = !v.b; return nil }},
		{"cache_dir", kFile, func(c *Config, v value) error { c.Run.CacheDir = v.s; return nil }},
	},
}

// gateOptions are the settings of one per-path gate.
var gateOptions = []option{
	{"name", kString, func(c *Config, v value) error { lastGate(c).Name = v.s; return nil }},
	{"paths", kList, func(c *Config, v value) error { lastGate(c).Paths = v.l; return nil }},
	{"total", kFloat, func(c *Config, v value) error { return percent(&lastGate(c).Total, v) }},
	{"line", kFloat, func(c *Config, v value) error { return percent(&lastGate(c).Line, v) }},
	{"branch", kFloat, func(c *Config, v value) error { return percent(&lastGate(c).Branch, v) }},
}

func lastGate(c *Config) *PathGate { return &c.Gates.Paths[len(c.Gates.Paths)-1] }

// ignored are coverage.py options pycov accepts without acting on them:
// quiet ones ask for what pycov does anyway (threads and subprocesses are
// always measured) or tune coverage.py's own tracer; the others change
// what coverage.py measures or shows in a way pycov does not, so they get
// a warning.
var ignored = map[string]map[string]bool{ // section -> option -> quiet
	"run": {"concurrency": true, "core": true, "debug": true, "debug_file": true, "sigterm": true,
		"timid": true, "patch": true, "_crash": true,
		"plugins": false, "cover_pylib": false},
	"html": {"extra_css": false},
}

// percent sets *dst to a percentage, 0 to 100.
func percent(dst *float64, v value) error {
	if !(v.f >= 0 && v.f <= 100) {
		return fmt.Errorf("expected a number from 0 to 100, got %g", v.f)
	}
	*dst = v.f
	return nil
}

// Precision sets *dst to a number of decimal places, 0 to 10.
func Precision(dst *int, n int) error {
	if n < 0 || n > 10 {
		return fmt.Errorf("expected a number of decimal places from 0 to 10, got %d", n)
	}
	*dst = n
	return nil
}

// SortKeys are the columns [report] sort accepts, as coverage.py's.
var SortKeys = []string{"name", "stmts", "miss", "branch", "brpart", "cover"}

// Sort sets *dst to a sort column, optionally "-" for descending, in lower
// case as coverage.py compares it.
func Sort(dst *string, s string) error {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range SortKeys {
		if strings.TrimPrefix(s, "-") == k {
			*dst = s
			return nil
		}
	}
	return fmt.Errorf("expected one of %s (with - before it to reverse), got %q", strings.Join(SortKeys, ", "), s)
}

func choice(dst *string, v value, choices ...string) error {
	s := strings.ToLower(strings.TrimSpace(v.s))
	for _, c := range choices {
		if s == c {
			*dst = s
			return nil
		}
	}
	return fmt.Errorf("expected one of %s, got %q", strings.Join(choices, ", "), v.s)
}

// dataFile sets the data file; an empty name (an empty value, or a
// variable that is unset) would name the working directory itself.
func dataFile(dst *string, v value) error {
	if strings.TrimSpace(v.s) == "" {
		return fmt.Errorf("expected a file name, got %q", v.s)
	}
	*dst = PycovDataFile(v.s)
	return nil
}

// Package config reads pycov's settings into one Config: coverage.py's
// configuration files as coverage.py reads them (.coveragerc,
// .coveragerc.toml, setup.cfg, tox.ini, pyproject.toml), then the
// environment. Flags are the last layer; the CLI applies them on top of
// what Load returns, so settings flow one way:
//
//	defaults < configuration file < environment < flags
//
// pycov's own settings (line and branch gates, gates per path) live in
// [tool.pycov] in TOML files and [pycov] in INI files, beside coverage.py's.
package config

import (
	"slices"
	"strings"
)

// Config is every setting pycov reads from a configuration file and the
// environment.
type Config struct {
	// File is the configuration file the settings came from ("" when none
	// was found), as found (relative to the directory Load looked in).
	File string
	// CoverageFile says File has coverage.py settings (or is a file only
	// for coverage, like .coveragerc); coverage.py's defaults then apply
	// to what it does not set, so its numbers and pycov's agree.
	CoverageFile bool

	Run    Run
	Report Report
	HTML   HTML
	XML    XML
	JSON   JSON
	LCOV   LCOV
	// Paths is [paths]: for combining, each alias's first pattern is
	// where files matching the others are reported. In file order.
	Paths []PathAlias
	// Gates are pycov's minimums beyond coverage.py's fail_under.
	Gates Gates

	// DisableWarnings are the slugs of warnings not to print ([run]
	// disable_warnings).
	DisableWarnings []string
	// Warnings are what Load noticed but could go on from, for the CLI to
	// print (see Disabled).
	Warnings []Warning

	// Tried are the configuration files Load looked at, in order, and
	// what it made of each; Sources says where each option set came from
	// ("section.option" -> "setup.cfg [coverage:run]", "$COVERAGE_FILE").
	// For `pycov debug config`.
	Tried   []Tried
	Sources map[string]string
}

// Tried is one configuration file Load looked for.
type Tried struct {
	Name   string
	Status string // "used", "not found", "no coverage or pycov settings", ...
}

// Run is [run]: what `pycov run` measures and where it writes the data.
type Run struct {
	Branch        bool
	CommandLine   string // the program `pycov run` runs when given none
	DataFile      string
	Parallel      bool
	RelativeFiles bool
	Source        []string // directories or packages
	SourcePkgs    []string
	SourceDirs    []string
	Include       []string
	Omit          []string
	NoSubprocess  bool   // [tool.pycov] subprocess = false: child processes are not measured
	CacheDir      string // [tool.pycov] cache_dir: pycov's cache ($PYCOV_CACHE_DIR wins); "" for the user's cache directory
	// Context is [run] context, a static label for the run's data;
	// DynamicContext is [run] dynamic_context: "test_function" or "".
	Context        string
	DynamicContext string
}

// Report is [report]: what every report shows, and the total gate.
type Report struct {
	FailUnder    float64
	Precision    int
	ShowMissing  bool
	SkipCovered  bool
	SkipEmpty    bool
	IgnoreErrors bool
	Sort         string // lower case; "" means by name
	Format       string // text, markdown or total; "" means text
	// Contexts are [report] contexts: regular expressions; when set, only
	// data from contexts one of them matches is reported.
	Contexts []string
	Include  []string
	Omit     []string
	// ExcludeLines replaces DefaultExclude when non-nil; ExcludeAlso adds
	// to whichever applies. Partial and PartialAlso are the same for
	// partial branches. Exclude and Partial give the result.
	ExcludeLines    []string
	ExcludeAlso     []string
	PartialBranches []string
	PartialAlso     []string
	// PartialAlways are partial_branches_always: lines whose branches are
	// never reported as partial, added to the partial-branch regexes
	// (coverage.py's defaults there, "while True:" and the like, never
	// branch in 3.12+ bytecode, so pycov has none).
	PartialAlways []string
	// IncludeNamespacePackages: `pycov run --source DIR` reports the
	// never-imported files of directories without __init__.py too.
	IncludeNamespacePackages bool
}

// HTML is [html].
type HTML struct {
	Directory    string
	Title        string
	SkipCovered  bool // [report] skip_covered unless [html] says otherwise
	SkipEmpty    bool // likewise
	ShowContexts bool // each line lists the contexts that ran it
}

// XML is [xml], for the Cobertura report.
type XML struct {
	Output       string
	PackageDepth int
}

// JSON is [json].
type JSON struct {
	Output       string
	PrettyPrint  bool
	ShowContexts bool // files[...]["contexts"]: the contexts that ran each line
}

// LCOV is [lcov].
type LCOV struct {
	Output        string
	LineChecksums bool // a checksum of each line's text on its DA record
}

// PathAlias is one [paths] entry: files matching any of Patterns are
// reported under Patterns[0].
type PathAlias struct {
	Name     string
	Patterns []string
}

// Gates are pycov's additions to [report] fail_under.
type Gates struct {
	FailUnderLine   float64 // minimum statement percentage of the total
	FailUnderBranch float64 // minimum branch percentage of the total
	FailUnderFile   float64 // minimum total percentage of every file
	Paths           []PathGate
}

// PathGate is one [[tool.pycov.gate]]: minimum percentages for the files
// matching Paths (file patterns, pathglob, relative to the working
// directory; a directory stands for the files under it). A zero minimum is
// not checked.
type PathGate struct {
	Name   string // the gate's name, or its paths joined when it has none
	Paths  []string
	Total  float64 // statements and branches together, as fail_under
	Line   float64
	Branch float64
}

// Warning is something in the configuration pycov went on without. Slug is
// stable, so a user can silence it with [run] disable_warnings.
type Warning struct {
	Slug string
	Text string
}

// String is how the CLI prints a warning after "pycov: warning: ".
func (w Warning) String() string { return w.Text + " (" + w.Slug + ")" }

// Disabled says whether warnings with slug are silenced.
func (c *Config) Disabled(slug string) bool {
	for _, s := range c.DisableWarnings {
		if s == slug {
			return true
		}
	}
	return false
}

// DefaultDataFile is where pycov keeps its data when nothing says otherwise.
const DefaultDataFile = ".pycov"

// DefaultExclude are coverage.py 7.16's default [report] exclude_lines:
// pragmas, stub bodies (`...` after a signature that may end in `)` or
// `]` on its own line, coverage.py #2185) and TYPE_CHECKING blocks. This
// is their one definition: the facts script receives them in every
// request.
var DefaultExclude = []string{
	`#\s*(pragma|PRAGMA)[:\s]?\s*(no|NO)\s*(cover|COVER)`,
	`^\s*(((async )?def .*?)?[\])]+(\s*->.*?)?:\s*)?\.\.\.\s*(#|$)`,
	`if (typing\.)?TYPE_CHECKING:`,
}

// DefaultPartial are coverage.py's default [report] partial_branches.
var DefaultPartial = []string{
	`#\s*(pragma|PRAGMA)[:\s]?\s*(no|NO)\s*(branch|BRANCH)`,
}

// DefaultPartialAlways are coverage.py's default partial_branches_always,
// added to the partial-branch regexes whatever the settings (as before
// Report.PartialAlways could be set): constant loops and ifs.
var DefaultPartialAlways = []string{
	`while (True|1|False|0):`,
	`if (True|1|False|0):`,
}

// Exclude is the list of exclusion regexes for the analysis, nil when it
// is coverage.py's default (coverage.FactsRequest.Exclude).
func (r *Report) Exclude() []string { return effective(r.ExcludeLines, r.ExcludeAlso, DefaultExclude) }

// Partial is the list of partial-branch regexes for the analysis, nil
// when it is coverage.py's default (coverage.FactsRequest.Partial).
func (r *Report) Partial() []string {
	return effective(r.PartialBranches, append(slices.Clip(r.PartialAlso), r.PartialAlways...), DefaultPartial)
}

func effective(replace, also, defaults []string) []string {
	if replace == nil && len(also) == 0 {
		return nil
	}
	base := defaults
	if replace != nil {
		base = replace
	}
	// Never nil: an empty list means "no regexes", not the defaults.
	return append(append([]string{}, base...), also...)
}

// defaults is the configuration before any file: pycov's own defaults.
// coverage.py's differ in one way that changes numbers, branch coverage,
// and Load applies theirs when it reads a coverage.py file.
func defaults() *Config {
	return &Config{
		Run:  Run{Branch: true, DataFile: DefaultDataFile},
		HTML: HTML{Directory: "htmlcov", Title: "Coverage report"},
		XML:  XML{Output: "coverage.xml", PackageDepth: 99},
		JSON: JSON{Output: "coverage.json"},
		LCOV: LCOV{Output: "coverage.lcov"},
	}
}

// PycovDataFile is the data file pycov uses where coverage.py would use
// path: pycov never writes coverage.py's .coverage (tools that find one
// hand it to coverage.py), so a base name ".coverage" becomes ".pycov" and
// ".coverage.SUFFIX" becomes ".pycov.SUFFIX", in the same directory.
func PycovDataFile(path string) string {
	dir, base := "", path
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		dir, base = path[:i+1], path[i+1:]
	}
	if base == ".coverage" || strings.HasPrefix(base, ".coverage.") {
		base = ".pycov" + strings.TrimPrefix(base, ".coverage")
	}
	return dir + base
}

package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// load writes files into a new directory and loads the configuration
// there with env as the environment.
func load(t *testing.T, files map[string]string, rcfile string, env map[string]string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Load(Options{Dir: dir, RCFile: rcfile, LookupEnv: func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}})
}

func mustLoad(t *testing.T, files map[string]string) *Config {
	t.Helper()
	c, err := load(t, files, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPyprojectIsReadLikeCoveragePy(t *testing.T) {
	c := mustLoad(t, map[string]string{"pyproject.toml": `
[project]
name = "x"

[tool.coverage.run]
branch = true
source = ["src", "lib"]
omit = ["*/tests/*"]
data_file = "build/.coverage"

[tool.coverage.report]
fail_under = 90
show_missing = "true"
exclude_also = ["def __repr__", "  ", "if self\\.debug"]
precision = 1
sort = "-Cover"

[tool.coverage.html]
directory = "out/html"

[tool.coverage.paths]
source = ["src/", "/ci/*/src/"]
`})
	if c.File != "pyproject.toml" || !c.CoverageFile {
		t.Errorf("File = %q, CoverageFile = %v", c.File, c.CoverageFile)
	}
	want := Run{Branch: true, Source: []string{"src", "lib"}, Omit: []string{"*/tests/*"}, DataFile: "build/.pycov"}
	if !reflect.DeepEqual(c.Run, want) {
		t.Errorf("Run = %+v, want %+v", c.Run, want)
	}
	r := c.Report
	if r.FailUnder != 90 || !r.ShowMissing || r.Precision != 1 || r.Sort != "-cover" {
		t.Errorf("Report = %+v", r)
	}
	if got := r.Exclude(); !reflect.DeepEqual(got, append(append([]string{}, DefaultExclude...), "def __repr__", `if self\.debug`)) {
		t.Errorf("Exclude() = %q", got)
	}
	if r.Partial() != nil {
		t.Errorf("Partial() = %q, want nil (the default)", r.Partial())
	}
	if c.HTML.Directory != "out/html" || c.HTML.Title != "Coverage report" {
		t.Errorf("HTML = %+v", c.HTML)
	}
	if want := []PathAlias{{"source", []string{"src/", "/ci/*/src/"}}}; !reflect.DeepEqual(c.Paths, want) {
		t.Errorf("Paths = %+v", c.Paths)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("Warnings = %v", c.Warnings)
	}
}

func TestCoveragercIsReadLikeConfigparser(t *testing.T) {
	c := mustLoad(t, map[string]string{".coveragerc": `
# the coverage.py docs' own example
[run]
branch = True
source = src, lib
  more

[report]
# Regexes for lines to exclude from consideration
exclude_also =
    # Don't complain about missing debug-only code:
    def __repr__
    if self\.debug

    ; Don't complain if tests don't hit defensive assertion code:
    raise (AssertionError, NotImplementedError)
ignore_errors: yes
show_missing = on
skip_covered = 1
title = "quoted" # not a comment

[html]
title = Coverage of
    the shop
`})
	if c.HTML.Title != "Coverage of\nthe shop" {
		t.Errorf("HTML.Title = %q: continuation lines should be stripped", c.HTML.Title)
	}
	if !c.Run.Branch || !reflect.DeepEqual(c.Run.Source, []string{"src", "lib", "more"}) {
		t.Errorf("Run = %+v", c.Run)
	}
	want := []string{`def __repr__`, `if self\.debug`, `raise (AssertionError, NotImplementedError)`}
	if !reflect.DeepEqual(c.Report.ExcludeAlso, want) {
		t.Errorf("ExcludeAlso = %q, want %q", c.Report.ExcludeAlso, want)
	}
	if !c.Report.IgnoreErrors || !c.Report.ShowMissing || !c.Report.SkipCovered || !c.HTML.SkipCovered {
		t.Errorf("Report = %+v, HTML = %+v", c.Report, c.HTML)
	}
	if len(c.Warnings) != 1 || c.Warnings[0].Slug != "unknown-config-option" || !strings.Contains(c.Warnings[0].Text, "[report] title") {
		t.Errorf("Warnings = %v, want one about [report] title", c.Warnings)
	}
}

func TestFilesAreTriedInCoveragePyOrder(t *testing.T) {
	pyproject := "[tool.coverage.run]\nbranch = false\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"an empty .coveragerc still wins", map[string]string{".coveragerc": "", "pyproject.toml": pyproject}, ".coveragerc"},
		{".coveragerc.toml before setup.cfg", map[string]string{".coveragerc.toml": "[run]\nbranch = true\n", "setup.cfg": "[coverage:run]\nbranch=1\n"}, ".coveragerc.toml"},
		{"setup.cfg without coverage is skipped", map[string]string{"setup.cfg": "[metadata]\nname = x\n[run]\nbranch=1\n", "tox.ini": "[coverage:run]\nbranch = 1\n"}, "tox.ini"},
		{"tox.ini before pyproject.toml", map[string]string{"tox.ini": "[coverage:report]\nskip_empty = true\n", "pyproject.toml": pyproject}, "tox.ini"},
		{"only unknown options don't count", map[string]string{"setup.cfg": "[coverage:run]\nbrnach = 1\n", "pyproject.toml": pyproject}, "pyproject.toml"},
		{"pycov settings count", map[string]string{"pyproject.toml": "[tool.pycov]\nfail_under_line = 50\n"}, "pyproject.toml"},
		{"no file", map[string]string{"setup.cfg": "[flake8]\nmax-line-length = 99\n"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, tc.files)
			if c.File != tc.want {
				t.Errorf("File = %q, want %q", c.File, tc.want)
			}
		})
	}
}

func TestBranchDefaultFollowsTheFile(t *testing.T) {
	if c := mustLoad(t, nil); !c.Run.Branch {
		t.Error("without a configuration file, branch coverage should be on (pycov's default)")
	}
	if c := mustLoad(t, map[string]string{"pyproject.toml": "[tool.coverage.report]\nshow_missing = true\n"}); c.Run.Branch {
		t.Error("with a coverage.py file that does not set branch, coverage.py's default (off) should apply")
	}
	if c := mustLoad(t, map[string]string{"pyproject.toml": "[tool.pycov]\nfail_under_branch = 50\n"}); !c.Run.Branch {
		t.Error("a file with only pycov settings should keep pycov's default")
	}
}

func TestPrecedence(t *testing.T) {
	files := map[string]string{
		".coveragerc":    "[run]\ndata_file = rc.data\n",
		"other.toml":     "[tool.coverage.run]\ndata_file = \"other.data\"\n",
		"pyproject.toml": "[tool.coverage.run]\ndata_file = \"py.data\"\n",
	}
	for _, tc := range []struct {
		name   string
		rcfile string
		env    map[string]string
		want   string
	}{
		{"the first file", "", nil, "rc.data"},
		{"$COVERAGE_RCFILE", "", map[string]string{"COVERAGE_RCFILE": "other.toml"}, "other.data"},
		{"--rcfile over $COVERAGE_RCFILE", "pyproject.toml", map[string]string{"COVERAGE_RCFILE": "other.toml"}, "py.data"},
		{"$COVERAGE_FILE over the file", "", map[string]string{"COVERAGE_FILE": "/tmp/x/.coverage.py312"}, "/tmp/x/.pycov.py312"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := load(t, files, tc.rcfile, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			if c.Run.DataFile != tc.want {
				t.Errorf("DataFile = %q, want %q", c.Run.DataFile, tc.want)
			}
		})
	}
}

func TestBadValuesNameFileKeyAndExpectation(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, want string
	}{
		{"toml bool", "pyproject.toml", "[tool.coverage.run]\nbranch = \"yes\"\n", `pyproject.toml: [tool.coverage.run] branch: expected a boolean (true or false), got "yes"`},
		{"ini bool", ".coveragerc", "[run]\nbranch = maybe\n", `.coveragerc: [run] branch: expected a boolean (true/false, yes/no, on/off or 1/0), got "maybe"`},
		{"fail_under range", "setup.cfg", "[coverage:report]\nfail_under = 101\n", `setup.cfg: [coverage:report] fail_under: expected a number from 0 to 100, got 101`},
		{"fail_under text", "pyproject.toml", "[tool.coverage.report]\nfail_under = \"high\"\n", `pyproject.toml: [tool.coverage.report] fail_under: expected a number, got "high"`},
		{"toml list", "pyproject.toml", "[tool.coverage.run]\nomit = \"tests/*\"\n", `pyproject.toml: [tool.coverage.run] omit: expected a list of strings, got "tests/*"`},
		{"precision", ".coveragerc", "[report]\nprecision = two\n", `.coveragerc: [report] precision: expected a whole number, got "two"`},
		{"sort", ".coveragerc", "[report]\nsort = size\n", `.coveragerc: [report] sort: expected one of name, stmts, miss, branch, brpart, cover (with - before it to reverse), got "size"`},
		{"strict variable", ".coveragerc", "[run]\ndata_file = ${NOPE?}\n", `.coveragerc: [run] data_file: variable NOPE is undefined: "${NOPE?}"`},
		{"empty data_file", ".coveragerc", "[run]\ndata_file =\n", `.coveragerc: [run] data_file: expected a file name, got ""`},
		{"data_file of an unset variable", "pyproject.toml", "[tool.coverage.run]\ndata_file = \"$NOPE\"\n", `pyproject.toml: [tool.coverage.run] data_file: expected a file name, got ""`},
		{"toml syntax", "pyproject.toml", "[tool.coverage.run\n", `couldn't read config file pyproject.toml: toml: line 2`},
		{"ini syntax", ".coveragerc", "[run]\nthis line has no value\n", `couldn't read config file .coveragerc:`},
		{"ini duplicate", "setup.cfg", "[coverage:run]\nbranch = 1\nsource = a\nBranch = 0\n", `couldn't read config file setup.cfg: option branch appears twice in a section`},
		{"gate without paths", "pyproject.toml", "[[tool.pycov.gate]]\nline = 90\n", `pyproject.toml: [[tool.pycov.gate] #1]: a gate needs paths`},
		{"gate without minimum", ".coveragerc", "[pycov:gate core]\npaths = src/**\n", `.coveragerc: [pycov:gate core]: a gate needs a minimum`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, map[string]string{tc.file: tc.text}, "", nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestMissingRCFileIsAnError(t *testing.T) {
	_, err := load(t, nil, "nope.cfg", nil)
	if err == nil || !strings.Contains(err.Error(), `couldn't read "nope.cfg" as a config file`) {
		t.Errorf("error = %v", err)
	}
	if _, err := load(t, nil, ".coveragerc", nil); err != nil {
		t.Errorf("--rcfile=.coveragerc means the default and may be missing: %v", err)
	}
}

func TestUnknownNamesWarnWithASuggestion(t *testing.T) {
	c := mustLoad(t, map[string]string{"pyproject.toml": `
[tool.coverage.reprot]
show_missing = true
[tool.coverage.report]
show_mising = true
[tool.coverage.run]
plugins = ["django_coverage_plugin"]
[tool.coverage.django_coverage_plugin]
template_extensions = "html"
`})
	var got []string
	for _, w := range c.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		`pyproject.toml: [tool.coverage.run] plugins is a coverage.py option pycov does not support; it is ignored (unsupported-config-option)`,
		`pyproject.toml: unknown option [tool.coverage.report] show_mising (did you mean "show_missing"?) (unknown-config-option)`,
		`pyproject.toml: unknown section [tool.coverage.reprot] (did you mean "report"?) (unknown-config-section)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEnvironmentVariablesAreSubstituted(t *testing.T) {
	c, err := load(t, map[string]string{".coveragerc": `
[run]
data_file = $OUT/${NAME-default}.data
omit = ${SKIP}/*, $$HOME
`}, "", map[string]string{"OUT": "/o", "SKIP": "gen", "HOME": "/home/me"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Run.DataFile != "/o/default.data" || !reflect.DeepEqual(c.Run.Omit, []string{"gen/*", "$HOME"}) {
		t.Errorf("Run = %+v", c.Run)
	}
}

func TestGates(t *testing.T) {
	toml := mustLoad(t, map[string]string{"pyproject.toml": `
[tool.pycov]
fail_under_line = 80
fail_under_branch = 70.5

[[tool.pycov.gate]]
paths = ["src/core/**"]
line = 95
branch = 90

[[tool.pycov.gate]]
name = "api"
paths = ["src/api/**", "src/web/*.py"]
total = 85
`})
	ini := mustLoad(t, map[string]string{"setup.cfg": `
[pycov]
fail_under_line = 80
fail_under_branch = 70.5
[pycov:gate]
paths = src/core/**
line = 95
branch = 90
[pycov:gate api]
paths = src/api/**, src/web/*.py
total = 85
`})
	want := Gates{FailUnderLine: 80, FailUnderBranch: 70.5, Paths: []PathGate{
		{Name: "src/core/**", Paths: []string{"src/core/**"}, Line: 95, Branch: 90},
		{Name: "api", Paths: []string{"src/api/**", "src/web/*.py"}, Total: 85},
	}}
	for name, c := range map[string]*Config{"toml": toml, "ini": ini} {
		if !reflect.DeepEqual(c.Gates, want) {
			t.Errorf("%s: Gates = %+v, want %+v", name, c.Gates, want)
		}
	}
}

func TestExclusionSettings(t *testing.T) {
	for _, tc := range []struct {
		name             string
		text             string
		exclude, partial []string
	}{
		{"defaults", "[report]\n", nil, nil},
		{"replace", "[report]\nexclude_lines = no cover\n", []string{"no cover"}, nil},
		{"replace with nothing", "[report]\nexclude_lines =\n", []string{}, nil},
		{"replace and add", "[report]\nexclude_lines = a\nexclude_also = b\npartial_also = p\n", []string{"a", "b"}, append(append([]string{}, DefaultPartial...), "p")},
		{"partial replaced", "[report]\npartial_branches = x\n  y, z\n", nil, []string{"x", "y, z"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, map[string]string{".coveragerc": tc.text})
			if got := c.Report.Exclude(); !reflect.DeepEqual(got, tc.exclude) {
				t.Errorf("Exclude() = %#v, want %#v", got, tc.exclude)
			}
			if got := c.Report.Partial(); !reflect.DeepEqual(got, tc.partial) {
				t.Errorf("Partial() = %#v, want %#v", got, tc.partial)
			}
		})
	}
}

func TestPycovDataFile(t *testing.T) {
	for in, want := range map[string]string{
		".coverage": ".pycov", "build/.coverage": "build/.pycov", ".coverage.py312": ".pycov.py312",
		"cov.data": "cov.data", ".coveragerc": ".coveragerc", "/a/.coverage_x": "/a/.coverage_x",
	} {
		if got := PycovDataFile(in); got != want {
			t.Errorf("PycovDataFile(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIgnoredPyprojectSettingsWarn(t *testing.T) {
	c := mustLoad(t, map[string]string{".coveragerc": "[run]\nbranch = 1\n", "pyproject.toml": "[[tool.pycov.gate]]\npaths=[\"a\"]\nline=1\n"})
	if len(c.Warnings) != 1 || c.Warnings[0].Slug != "pycov-config-ignored" {
		t.Errorf("Warnings = %v", c.Warnings)
	}
	c.DisableWarnings = []string{"pycov-config-ignored"}
	if !c.Disabled("pycov-config-ignored") {
		t.Error("Disabled should report a slug in DisableWarnings")
	}
}

func TestCacheDirIsAPycovSetting(t *testing.T) {
	c := mustLoad(t, map[string]string{"pyproject.toml": "[tool.pycov]\ncache_dir = \".pycov-cache\"\n"})
	if c.Run.CacheDir != ".pycov-cache" {
		t.Errorf("CacheDir = %q, want .pycov-cache", c.Run.CacheDir)
	}
	c, err := load(t, map[string]string{".coveragerc": "[pycov]\ncache_dir = ~/ci\n"}, "", map[string]string{"HOME": "/home/u"})
	if err != nil || c.Run.CacheDir != "/home/u/ci" {
		t.Errorf("INI CacheDir = %q, %v; want /home/u/ci", c.Run.CacheDir, err)
	}
}

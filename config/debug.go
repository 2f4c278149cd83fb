package config

import (
	"fmt"
	"strconv"
	"strings"
)

// This file is what `pycov debug config` shows: every effective setting
// and where it came from.

// Setting is one effective option: its section and name as coverage.py
// spells them, its value as text, and its source (a file and section, an
// environment variable, or "default").
type Setting struct {
	Section, Key, Value, Source string
}

// source records where option "section.key" was set.
func (c *Config) source(option, from string) {
	if c.Sources == nil {
		c.Sources = map[string]string{}
	}
	c.Sources[option] = from
}

// Settings lists every option pycov acts on with its effective value, in
// coverage.py's section order.
func (c *Config) Settings() []Setting {
	b := strconv.FormatBool
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	l := func(v []string) string {
		if v == nil {
			return "(none)"
		}
		return strings.Join(v, ", ")
	}
	rx := func(v []string, defaults []string) string {
		if v == nil {
			return "(coverage.py's defaults: " + strings.Join(defaults, ", ") + ")"
		}
		return l(v)
	}
	r := c.Report
	list := []Setting{
		{"run", "branch", b(c.Run.Branch), ""},
		{"run", "command_line", c.Run.CommandLine, ""},
		{"run", "data_file", c.Run.DataFile, ""},
		{"run", "disable_warnings", l(c.DisableWarnings), ""},
		{"run", "include", l(c.Run.Include), ""},
		{"run", "omit", l(c.Run.Omit), ""},
		{"run", "parallel", b(c.Run.Parallel), ""},
		{"run", "relative_files", b(c.Run.RelativeFiles), ""},
		{"run", "source", l(c.Run.Source), ""},
		{"run", "source_dirs", l(c.Run.SourceDirs), ""},
		{"run", "source_pkgs", l(c.Run.SourcePkgs), ""},
		{"report", "exclude_also", l(r.ExcludeAlso), ""},
		{"report", "exclude_lines", rx(r.ExcludeLines, DefaultExclude), ""},
		{"report", "fail_under", f(r.FailUnder), ""},
		{"report", "format", r.Format, ""},
		{"report", "ignore_errors", b(r.IgnoreErrors), ""},
		{"report", "include", l(r.Include), ""},
		{"report", "include_namespace_packages", b(r.IncludeNamespacePackages), ""},
		{"report", "omit", l(r.Omit), ""},
		{"report", "partial_also", l(r.PartialAlso), ""},
		{"report", "partial_branches", rx(r.PartialBranches, DefaultPartial), ""},
		{"report", "partial_branches_always", l(r.PartialAlways), ""},
		{"report", "precision", strconv.Itoa(r.Precision), ""},
		{"report", "show_missing", b(r.ShowMissing), ""},
		{"report", "skip_covered", b(r.SkipCovered), ""},
		{"report", "skip_empty", b(r.SkipEmpty), ""},
		{"report", "sort", r.Sort, ""},
		{"html", "directory", c.HTML.Directory, ""},
		{"html", "skip_covered", b(c.HTML.SkipCovered), ""},
		{"html", "skip_empty", b(c.HTML.SkipEmpty), ""},
		{"html", "title", c.HTML.Title, ""},
		{"xml", "output", c.XML.Output, ""},
		{"xml", "package_depth", strconv.Itoa(c.XML.PackageDepth), ""},
		{"json", "output", c.JSON.Output, ""},
		{"json", "pretty_print", b(c.JSON.PrettyPrint), ""},
		{"lcov", "line_checksums", b(c.LCOV.LineChecksums), ""},
		{"lcov", "output", c.LCOV.Output, ""},
		{"pycov", "fail_under_branch", f(c.Gates.FailUnderBranch), ""},
		{"pycov", "fail_under_file", f(c.Gates.FailUnderFile), ""},
		{"pycov", "fail_under_line", f(c.Gates.FailUnderLine), ""},
		{"pycov", "subprocess", b(!c.Run.NoSubprocess), ""},
	}
	for i := range list {
		s := &list[i]
		s.Source = c.Sources[s.Section+"."+s.Key]
		switch {
		case s.Source != "":
		case s.Section+"."+s.Key == "run.branch" && c.CoverageFile:
			s.Source = "coverage.py's default, as " + c.File + " is a coverage.py configuration"
		case s.Section == "html" && strings.HasPrefix(s.Key, "skip_") && c.Sources["report."+s.Key] != "":
			s.Source = "[report] " + s.Key
		default:
			s.Source = "default"
		}
	}
	for i, g := range c.Gates.Paths {
		list = append(list, Setting{"pycov", fmt.Sprintf("gate #%d", i+1),
			fmt.Sprintf("%s: paths %s, total %s, line %s, branch %s", g.Name, strings.Join(g.Paths, ", "), f(g.Total), f(g.Line), f(g.Branch)), c.File})
	}
	for _, p := range c.Paths {
		list = append(list, Setting{"paths", p.Name, strings.Join(p.Patterns, ", "), c.File})
	}
	return list
}

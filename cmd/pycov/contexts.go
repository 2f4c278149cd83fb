package main

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
)

// contextMatcher compiles [report] contexts (--contexts): a context is
// reported when any of the regular expressions matches part of its name,
// as coverage.py's re.search. (Go's syntax: Python's look-arounds and
// backreferences are not supported.)
func contextMatcher(patterns []string) (func(string) bool, error) {
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, usageError("invalid context regex %q: %v (--contexts, [report] contexts)", p, err)
		}
		res[i] = re
	}
	return func(name string) bool {
		for _, re := range res {
			if re.MatchString(name) {
				return true
			}
		}
		return false
	}, nil
}

// warnUnmatchedContexts warns when no context of data matches the
// [report] contexts regexes (--contexts): the report would show nothing as
// run, which looks like a measuring failure. For data measured without
// contexts it says how to record them.
func warnUnmatchedContexts(io stdio, cfg *config.Config, data *coverage.Data, match func(string) bool) {
	names := []string{""} // data without contexts is all in the empty context
	if data.HasContexts() {
		names = data.Contexts
	}
	if slices.ContainsFunc(names, match) {
		return
	}
	quoted := make([]string, len(cfg.Report.Contexts))
	for i, p := range cfg.Report.Contexts {
		quoted[i] = strconv.Quote(p)
	}
	which := strings.Join(quoted, ", ")
	if !data.HasContexts() {
		warn(io, cfg, "no-context-matched", "no context recorded in %s matches --contexts %s: it was measured without contexts (all of it in the empty context \"\"); "+
			"record them with `[run] dynamic_context = test_function` or `pycov run --context=LABEL`", cfg.Run.DataFile, which)
		return
	}
	count := "1 context is"
	if len(names) != 1 {
		count = fmt.Sprintf("%d contexts are", len(names))
	}
	warn(io, cfg, "no-context-matched", "no context recorded in %s matches --contexts %s (%s recorded: `pycov json --show-contexts` lists them by line), "+
		"so the report shows nothing as run", cfg.Run.DataFile, which, count)
}

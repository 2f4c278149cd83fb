package main

import (
	"strconv"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/report"
)

// maxNamed is how many changed files a warning names before it counts
// the rest.
const maxNamed = 5

// warnChangedSources warns, once for the report, about the files whose
// source is not what was measured (edited or gone since): the report's
// line numbers are those of the old text. The slug is the HTML report's,
// so [run] disable_warnings = source-changed silences both.
func warnChangedSources(std stdio, cfg *config.Config, rep *coverage.Report) {
	if cfg.Disabled("source-changed") {
		return
	}
	changed, gone := report.StaleSources(rep)
	if len(changed) > 0 {
		verb, pronoun := "has", "it was"
		if len(changed) > 1 {
			verb, pronoun = "have", "they were"
		}
		warn(std, cfg, "source-changed", "%s %s changed since %s measured, so the line numbers reported are those of the old text: run the tests again", whose(changed), verb, pronoun)
	}
	if len(gone) > 0 {
		warn(std, cfg, "source-changed", "%s can't be read any more; the report shows what was measured then", names(gone))
	}
}

// whose is "the source of a.py" or "the sources of a.py, b.py".
func whose(files []string) string {
	if len(files) == 1 {
		return "the source of " + files[0]
	}
	return "the sources of " + names(files)
}

// names lists files for a message: "a.py", "a.py, b.py and 4 more files".
func names(files []string) string {
	if len(files) <= maxNamed {
		return strings.Join(files, ", ")
	}
	return strings.Join(files[:maxNamed], ", ") + " and " + strconv.Itoa(len(files)-maxNamed) + " more files"
}

package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Options say where Load looks.
type Options struct {
	// Dir is the directory to look in; "" is the current directory.
	Dir string
	// RCFile is --rcfile: the one file to read. "" looks at
	// $COVERAGE_RCFILE, then the usual files.
	RCFile string
	// LookupEnv reads the environment (os.LookupEnv); nil is an empty one.
	LookupEnv func(string) (string, bool)
}

// candidate is a file Load may read: ours is a file only for coverage,
// whose plain [run] sections count and which is used even when empty;
// specified is one the user named, which must exist.
type candidate struct {
	name            string
	ours, specified bool
}

// candidates are coverage.py's configuration files, in the order it tries
// them: the first used wins.
func candidates(o Options, env func(string) (string, bool)) []candidate {
	rc, specified := o.RCFile, o.RCFile != "" && o.RCFile != ".coveragerc"
	if !specified {
		if v, ok := env("COVERAGE_RCFILE"); ok && v != "" {
			rc, specified = v, true
		} else {
			rc = ".coveragerc"
		}
	}
	return []candidate{
		{rc, true, specified},
		{".coveragerc.toml", true, false},
		{"setup.cfg", false, false},
		{"tox.ini", false, false},
		{"pyproject.toml", false, false},
	}
}

// Load reads the configuration: pycov's defaults, then the first
// configuration file that has coverage or pycov settings, then the
// environment ($COVERAGE_FILE names the data file). An error names the
// file, the option and what was expected.
func Load(o Options) (*Config, error) {
	env := o.LookupEnv
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	c := defaults()
	specified := false
	for _, cand := range candidates(o, env) {
		path := cand.name
		if !filepath.IsAbs(path) && o.Dir != "" {
			path = filepath.Join(o.Dir, path)
		}
		text, err := os.ReadFile(path)
		tried := func(status string) { c.Tried = append(c.Tried, Tried{cand.name, status}) }
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				tried("not found")
			} else {
				tried("unreadable: " + unwrapPath(err).Error())
			}
			if cand.specified {
				return nil, fmt.Errorf("couldn't read %q as a config file: %w", cand.name, unwrapPath(err))
			}
			continue // coverage.py skips a file it cannot read
		}
		if !cand.ours && !bytes.Contains(text, []byte("coverage")) && !bytes.Contains(text, []byte("pycov")) {
			tried("no coverage or pycov settings")
			continue // nothing for us: don't trip over a file for other tools
		}
		l := &loader{file: cand.name, env: env, toml: strings.HasSuffix(cand.name, ".toml")}
		var p *parsed
		if l.toml {
			p, err = readTOML(cand.name, text, cand.ours)
		} else {
			p, err = readINI(cand.name, text, cand.ours)
		}
		if err != nil {
			return nil, err
		}
		used, err := l.apply(c, p)
		c.Warnings = append(c.Warnings, p.warnings...)
		if err != nil {
			return nil, err
		}
		if !used && !cand.ours {
			tried("no coverage or pycov settings")
		}
		if used || cand.ours {
			tried("used")
			c.File, specified = cand.name, cand.specified
			c.CoverageFile = cand.ours || p.coverage
			if c.CoverageFile && !p.branchSet {
				c.Run.Branch = false // coverage.py's default
			}
			if !p.htmlSkipCovered {
				c.HTML.SkipCovered = c.Report.SkipCovered
			}
			if !p.htmlSkipEmpty {
				c.HTML.SkipEmpty = c.Report.SkipEmpty
			}
			break
		}
	}
	if v, ok := env("COVERAGE_FILE"); ok && v != "" {
		c.Run.DataFile = PycovDataFile(v)
		if c.Run.DataFile != v {
			c.Warnings = append(c.Warnings, Warning{"data-file-renamed", fmt.Sprintf(
				"$COVERAGE_FILE=%s is coverage.py's name, which tools hand to coverage.py: pycov uses %s", v, c.Run.DataFile)})
		}
		c.source("run.data_file", "$COVERAGE_FILE")
	}
	if !specified {
		c.warnIgnoredPyproject(o.Dir)
	}
	return c, nil
}

// pycovTable finds [tool.pycov] or [[tool.pycov.gate]] in TOML text.
var pycovTable = regexp.MustCompile(`(?m)^\s*\[+\s*tool\.pycov\b`)

// warnIgnoredPyproject warns when pyproject.toml has pycov settings but
// another file found before it was the configuration, so they were not
// read.
func (c *Config) warnIgnoredPyproject(dir string) {
	if c.File == "" || filepath.Base(c.File) == "pyproject.toml" {
		return
	}
	text, err := os.ReadFile(filepath.Join(dir, "pyproject.toml"))
	if err == nil && pycovTable.Match(text) {
		c.Warnings = append(c.Warnings, Warning{"pycov-config-ignored", fmt.Sprintf(
			"pyproject.toml: [tool.pycov] is not read because %s is the configuration file; move the settings there (see README: Configuration)", c.File)})
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

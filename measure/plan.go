package measure

import (
	"fmt"
	"os"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/pathglob"
	"github.com/pycov/pycov/vm"
)

// Plan is one measured run of a program: what to run, what to measure,
// and where the data goes. cmd/pycov fills it from the flags and the
// configuration (defaults < file < environment < flags).
type Plan struct {
	Host        Host
	Interpreter *vm.Interpreter // ChooseInterpreter's choice
	CacheDir    string          // pycov's cache directory, as ChooseInterpreter returned it
	Args        []string        // the interpreter's arguments: PROGRAM.py ARGS or -m MODULE ARGS

	Branch bool // measure branches (only lines where the interpreter has no branch events)
	// Source is --source and [run] source: directories (those that exist)
	// or importable packages (the others). SourceDirs and SourcePkgs are
	// [tool.pycov]'s explicit ones. Never-imported files in them are
	// reported too.
	Source     []string
	SourceDirs []string
	SourcePkgs []string
	Include    []string // [run] include and omit: file patterns
	Omit       []string
	Subprocess bool // measure child Python processes
	// Context is [run] context, a static label for the data;
	// DynamicContext is [run] dynamic_context ("test_function": a context
	// per test).
	Context, DynamicContext string

	Exclude           []string // [report] exclude_lines and partial_branches for the facts
	Partial           []string
	NamespacePackages bool // [report] include_namespace_packages

	DataFile      string // the data file, absolute
	DataName      string // the data file as the user named it, for messages
	Append        bool   // add to the data file's data
	Parallel      bool   // write a parallel data file (DataFile.HOST.PID.RANDOM) instead
	RelativeFiles bool   // [run] relative_files

	// Warn prints a warning with its slug (unless the configuration
	// silences it); nil prints none.
	Warn func(slug, format string, args ...any)
}

// Result is what a run measured.
type Result struct {
	// Data is what was written to the data file: nil when nothing was
	// (the program ran unmeasured, or failed before any measured code
	// ran, or its measurements were lost).
	Data   *coverage.Data
	Status int // the program's exit status; -N when signal N ended it
}

func (p *Plan) warn(slug, format string, args ...any) {
	if p.Warn != nil {
		p.Warn(slug, format, args...)
	}
}

func (p *Plan) logf(format string, args ...any) {
	fmt.Fprintf(stderr(p.Host), "pycov: "+format+"\n", args...)
}

// sources sorts Source into directories (real paths, as the agent records
// them) and packages, after SourceDirs and SourcePkgs.
func (p *Plan) sources() (dirs, pkgs []string) {
	for _, d := range p.SourceDirs {
		dirs = append(dirs, coverage.RealPath(p.Host.Abs(d)))
	}
	pkgs = append(pkgs, p.SourcePkgs...)
	for _, s := range p.Source {
		abs := p.Host.Abs(s)
		if st, err := os.Stat(abs); err == nil && st.IsDir() {
			dirs = append(dirs, coverage.RealPath(abs))
		} else {
			pkgs = append(pkgs, s)
		}
	}
	return dirs, pkgs
}

// agentPatterns is [run] include or omit as the agent matches them: one
// Python regular expression ("" when there are none).
func agentPatterns(patterns []string, wd, what string) (string, error) {
	patterns = pathglob.Prep(patterns, wd)
	if len(patterns) == 0 {
		return "", nil
	}
	s, err := pathglob.Compile(patterns, pathglob.Native)
	if err != nil {
		return "", fmt.Errorf("[run] %s: %w (see the file patterns in pycov's README)", what, err)
	}
	return s.Python(), nil
}

package main

import (
	"context"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/measure"
)

// runFlags are `pycov run`'s own options.
type runFlags struct {
	fs                                 *pflag.FlagSet
	config                             *configFlags
	compat                             *compatRunFlags
	branch, noBranch                   *bool
	source, include, omit              *[]string
	python, module                     *string
	appendData, parallel, noSubprocess *bool
	context                            *string
}

func addRunFlags(io stdio) *runFlags {
	fs := newFlags("run", "[options] (PROGRAM.py | -m MODULE) [ARGS...]", io.err)
	fs.SetInterspersed(false)
	return &runFlags{
		fs:           fs,
		branch:       fs.Bool("branch", true, "measure branch coverage (the default)"),
		noBranch:     fs.Bool("no-branch", false, "measure lines only"),
		source:       fs.StringArray("source", nil, "directories or packages to measure (repeatable, comma-separated); never-imported files in them are reported too"),
		include:      fs.StringArray("include", nil, "measure only files matching these file patterns"),
		omit:         fs.StringArray("omit", nil, "do not measure files matching these file patterns"),
		config:       addConfigFlags(fs),
		python:       fs.String("python", "", "the Python interpreter to run, or \"embedded\" for the embedded CPython (default: $PYCOV_PYTHON, a virtualenv, python3 ≥ 3.12 on PATH, else the embedded CPython)"),
		appendData:   fs.BoolP("append", "a", false, "add to the existing data instead of replacing it"),
		parallel:     fs.BoolP("parallel", "p", false, "write the data to a uniquely named file (DATA_FILE.HOST.PID.RANDOM) for `pycov combine`"),
		noSubprocess: fs.Bool("no-subprocess", false, "do not measure child Python processes"),
		module:       fs.StringP("module", "m", "", "run a library module as a script, like python -m"),
		context:      fs.String("context", "", "a label for this run's data (a static context: the CI job, say); with dynamic contexts, LABEL|TEST"),
		compat:       addCompatRunFlags(fs),
	}
}

// runCmd is `pycov run [options] PROG [ARGS...]` or `pycov run [options] -m MODULE [ARGS...]`.
func runCmd(ctx context.Context, args []string, io stdio) error {
	f := addRunFlags(io)
	ownArgs, prog, modName := splitProgram(f.fs, args)
	if help, err := parseFlags(f.fs, ownArgs); help || err != nil {
		return err
	}
	if modName != "" {
		*f.module = modName
	}
	conf, err := f.config.load(io)
	if err != nil {
		return err
	}
	f.compat.check(io, conf)
	plan, err := f.plan(ctx, io, conf, prog)
	if err != nil {
		return err
	}
	res, err := measure.Run(ctx, plan)
	if err != nil {
		return err
	}
	return programExit(res.Status)
}

// plan maps the flags laid over the configuration to a measure.Plan that
// runs prog (the program and its arguments after pycov's options).
func (f *runFlags) plan(ctx context.Context, io stdio, conf *config.Config, prog []string) (measure.Plan, error) {
	fs := f.fs
	var p measure.Plan
	module := *f.module
	if module == "" && len(prog) == 0 && conf.Run.CommandLine != "" {
		var err error
		if prog, module, err = configuredProgram(conf); err != nil {
			return p, err
		}
	}
	if module == "" && len(prog) == 0 {
		fs.Usage()
		return p, &exitError{code: 1, err: errNoProgram}
	}
	p.Args = prog
	if module != "" {
		p.Args = append([]string{"-m", module}, prog...)
	}
	p.Host = io.host()
	in, cache, err := measure.ChooseInterpreter(p.Host, *f.python, conf.Run.CacheDir)
	if err != nil {
		return p, err
	}
	p.Interpreter, p.CacheDir = in, cache
	if err := checkRegexes(ctx, in.Output, conf); err != nil {
		return p, err
	}
	flagOver(fs, "branch", &conf.Run.Branch, *f.branch)
	p.Branch = conf.Run.Branch && !*f.noBranch
	if fs.Changed("source") {
		conf.Run.Source = splitList(*f.source)
	}
	p.Source, p.SourceDirs, p.SourcePkgs = conf.Run.Source, conf.Run.SourceDirs, conf.Run.SourcePkgs
	p.Include, p.Omit = conf.Run.Include, conf.Run.Omit
	if fs.Changed("include") {
		p.Include = splitList(*f.include)
	}
	if fs.Changed("omit") {
		p.Omit = splitList(*f.omit)
	}
	// Children are measured unless --no-subprocess or [tool.pycov]
	// subprocess = false says otherwise.
	p.Subprocess = !conf.Run.NoSubprocess
	if fs.Changed("no-subprocess") {
		p.Subprocess = !*f.noSubprocess
	}
	if fs.Changed("context") {
		conf.Run.Context = *f.context
	}
	p.Context, p.DynamicContext = conf.Run.Context, conf.Run.DynamicContext
	p.Exclude, p.Partial = conf.Report.Exclude(), conf.Report.Partial()
	p.NamespacePackages = conf.Report.IncludeNamespacePackages
	p.DataFile, p.DataName = io.abs(conf.Run.DataFile), conf.Run.DataFile
	flagOver(fs, "parallel", &conf.Run.Parallel, *f.parallel)
	p.Append, p.Parallel, p.RelativeFiles = *f.appendData, conf.Run.Parallel, conf.Run.RelativeFiles
	if p.Parallel && p.Append {
		return p, usageError("--append cannot be used with parallel data files (--parallel or [run] parallel): combine them with `pycov combine`")
	}
	p.Warn = func(slug, format string, args ...any) { warn(io, conf, slug, format, args...) }
	return p, nil
}

// splitProgram separates pycov's own options from the program and its
// arguments: everything from the first argument that is not an option (the
// script), or from -m MODULE, belongs to the program, as with python.
func splitProgram(fs *pflag.FlagSet, args []string) (own, prog []string, module string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return args[:i], args[i+1:], ""
		case a == "-m" || a == "--module":
			if i+1 < len(args) {
				return args[:i], args[i+2:], args[i+1]
			}
			return args, nil, ""
		case strings.HasPrefix(a, "--module="):
			return args[:i], args[i+1:], strings.TrimPrefix(a, "--module=")
		case strings.HasPrefix(a, "-m") && !strings.HasPrefix(a, "--"):
			return args[:i], args[i+1:], a[2:]
		case !strings.HasPrefix(a, "-") || a == "-":
			return args[:i], args[i:], ""
		case strings.HasPrefix(a, "--") && !strings.Contains(a, "="):
			if f := fs.Lookup(a[2:]); f != nil && f.NoOptDefVal == "" && f.Value.Type() != "bool" {
				i++ // the option's value
			}
		}
	}
	return args, nil, ""
}

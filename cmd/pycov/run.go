package main

import (
	"context"
	"strings"
	"time"

	"errors"
	"fmt"
	"github.com/spf13/pflag"
	"os"
	"path/filepath"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
	"github.com/pycov/pycov/pathglob"
	"github.com/pycov/pycov/vm"
)

// runCmd is `pycov run [options] PROG [ARGS...]` or `pycov run [options] -m MODULE [ARGS...]`.
func runCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("run", "[options] (PROGRAM.py | -m MODULE) [ARGS...]", io.err)
	fs.SetInterspersed(false)
	branch := fs.Bool("branch", true, "measure branch coverage (the default)")
	noBranch := fs.Bool("no-branch", false, "measure lines only")
	source := fs.StringArray("source", nil, "directories or packages to measure (repeatable, comma-separated); never-imported files in them are reported too")
	include := fs.StringArray("include", nil, "measure only files matching these file patterns")
	omit := fs.StringArray("omit", nil, "do not measure files matching these file patterns")
	cf := addConfigFlags(fs)
	python := fs.String("python", "", "the Python interpreter to run, or \"embedded\" for the embedded CPython (default: $PYCOV_PYTHON, a virtualenv, python3 ≥ 3.12 on PATH, else the embedded CPython)")
	appendData := fs.BoolP("append", "a", false, "add to the existing data instead of replacing it")
	parallel := fs.BoolP("parallel", "p", false, "write the data to a uniquely named file (DATA_FILE.HOST.PID.RANDOM) for `pycov combine`")
	noSubprocess := fs.Bool("no-subprocess", false, "do not measure child Python processes")
	module := fs.StringP("module", "m", "", "run a library module as a script, like python -m")
	compat := addCompatRunFlags(fs)
	ownArgs, prog, modName := splitProgram(fs, args)
	if help, err := parseFlags(fs, ownArgs); help || err != nil {
		return err
	}
	if modName != "" {
		*module = modName
	}
	conf, err := cf.load(io)
	if err != nil {
		return err
	}
	compat.check(io, conf)
	if *module == "" && len(prog) == 0 && conf.Run.CommandLine != "" {
		if prog, *module, err = configuredProgram(conf); err != nil {
			return err
		}
	}
	if *module == "" && len(prog) == 0 {
		fs.Usage()
		return &exitError{code: 1, err: errNoProgram}
	}

	wd, err := coverage.WorkingDir()
	if err != nil {
		return err
	}
	in, cache, err := chooseInterpreterIn(*python, conf.Run.CacheDir)
	if err != nil {
		return err
	}
	if err := checkRegexes(ctx, in.Output, conf); err != nil {
		return err
	}
	flagOver(fs, "branch", &conf.Run.Branch, *branch)
	measureBranches := conf.Run.Branch && !*noBranch
	if measureBranches && !in.HasBranchEvents() {
		warn(io, conf, "branch-needs-3.14", "%s is Python %s; branch coverage needs 3.14, so only lines are measured", in.Path, in.Version)
		measureBranches = false
	}

	cfg := monitoring.Config{Branch: measureBranches, Cwd: wd}
	if fs.Changed("source") {
		conf.Run.Source = splitList(*source)
	}
	// Real paths, as the agent records them.
	var sourceDirs []string
	for _, d := range absPaths(conf.Run.SourceDirs, wd) {
		sourceDirs = append(sourceDirs, coverage.RealPath(d))
	}
	cfg.SourcePkgs = append(cfg.SourcePkgs, conf.Run.SourcePkgs...)
	for _, s := range conf.Run.Source {
		p := s
		if !filepath.IsAbs(p) {
			p = filepath.Join(wd, p)
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			sourceDirs = append(sourceDirs, coverage.RealPath(p))
		} else {
			cfg.SourcePkgs = append(cfg.SourcePkgs, s)
		}
	}
	cfg.SourceDirs = sourceDirs
	runInclude, runOmit := conf.Run.Include, conf.Run.Omit
	if fs.Changed("include") {
		runInclude = splitList(*include)
	}
	if fs.Changed("omit") {
		runOmit = splitList(*omit)
	}
	if cfg.Include, err = agentPatterns(runInclude, wd, "include"); err != nil {
		return err
	}
	if cfg.Omit, err = agentPatterns(runOmit, wd, "omit"); err != nil {
		return err
	}

	dataPath, err := filepath.Abs(conf.Run.DataFile)
	if err != nil {
		return err
	}
	flagOver(fs, "parallel", &conf.Run.Parallel, *parallel)
	if conf.Run.Parallel && *appendData {
		return usageError("--append cannot be used with parallel data files (--parallel or [run] parallel): combine them with `pycov combine`")
	}
	// Children are measured unless --no-subprocess or [tool.pycov]
	// subprocess = false says otherwise.
	cfg.Subprocess = !conf.Run.NoSubprocess
	if fs.Changed("no-subprocess") {
		cfg.Subprocess = !*noSubprocess
	}
	if *appendData {
		// Checked now, so that the program does not run for nothing; and
		// again when the data is merged, under the data file's lock.
		if err := checkAppend(dataPath, measureBranches); err != nil {
			return err
		}
	} else if !conf.Run.Parallel {
		// The same for a data file that is not pycov's (checked again
		// when it is written).
		if err := coverage.CheckReplaceable(dataPath); err != nil {
			return err
		}
	}
	owner, err := monitoring.LoadOwnerKey(cache, true)
	if err != nil {
		return err
	}

	// The journal directory's run.json is what `pycov combine` needs to
	// turn the journals into data if this run does not get to.
	runInfo := monitoring.RunInfo{Python: in.Path, Version: in.Version.String(), Branch: measureBranches, Cwd: wd,
		SourceDirs: sourceDirs, Include: runInclude, Omit: runOmit, Exclude: conf.Report.Exclude(), Partial: conf.Report.Partial(),
		NamespacePackages: conf.Report.IncludeNamespacePackages}
	pyArgs := prog
	if *module != "" {
		pyArgs = append([]string{"-m", *module}, prog...)
	}
	journalDir, releaseDir, err := monitoring.NewJournalDir(dataPath, runInfo, owner)
	if diskFull(err) {
		warn(io, conf, "not-measured", "%v; the program runs unmeasured", err)
		status, runErr := in.Run(ctx, vm.Command{Args: pyArgs, Stdin: io.in, Stdout: io.out, Stderr: io.err})
		if runErr != nil {
			return runErr
		}
		return programExit(status)
	}
	if err != nil {
		return err
	}
	defer releaseDir()
	cfg.JournalDir = journalDir
	// The journals are removed only once the data file holds what they
	// recorded (or they recorded nothing); if anything below fails they
	// stay for `pycov combine`. Journals of processes still running are
	// left for it too (late).
	saved, late := false, false
	defer func() {
		if late {
			return
		}
		left := monitoring.Journals(journalDir)
		if !saved && len(left) > 0 {
			fmt.Fprintf(io.err, "pycov: the measurements are kept in %s\n", journalDir)
		} else if err := monitoring.RemoveJournals(journalDir, left, owner); err != nil {
			fmt.Fprintf(io.err, "pycov: %v\n", err)
		}
	}()

	agentDir, err := monitoring.Install(cache)
	if err != nil {
		return err
	}
	monitoring.Precompile(agentDir, in.Version.Major, in.Version.Minor, func(args ...string) error {
		_, err := in.Output(ctx, args, nil)
		return err
	})
	env, err := monitoring.Env(os.Environ(), agentDir, cfg)
	if err != nil {
		return err
	}
	// Files are analysed as the journals name them, while the program runs.
	prefetch := coverage.StartPrefetch(ctx, in.Pipe, factsCache(cache, in),
		coverage.FactsRequest{Exclude: runInfo.Exclude, Partial: runInfo.Partial}, monitoring.WatchJournals(journalDir).NewFiles)
	status, runErr := in.Run(ctx, vm.Command{Args: pyArgs, Env: env, Stdin: io.in, Stdout: io.out, Stderr: io.err})
	prefetch.Stop()
	if runErr != nil {
		return runErr
	}

	if _, err := os.Stat(journalDir); errors.Is(err, os.ErrNotExist) {
		// Not "no measured file ran": they ran, and their records went
		// with the directory. The data file keeps what it held.
		warn(io, conf, "journals-removed", "the measurements are lost: %s was removed while the program ran (a clean-up of .pycov.journals-*?); %s is left as it was", journalDir, dataPath)
		return programExit(status)
	}
	// Children may outlive the program: their journals are read once they
	// end, or left for `pycov combine`.
	// A child ends within a second as a rule; for one that does not,
	// pycov says why it waits.
	if live := monitoring.WaitWriters(journalDir, time.Second); len(live) > 0 {
		fmt.Fprintf(io.err, "pycov: waiting up to %s for %d process(es) the program started, still running (pids %s)\n",
			childWait-time.Second, len(live), joinPIDs(live))
		monitoring.WaitWriters(journalDir, childWait-time.Second)
	}
	hits, hellos, err := monitoring.ReadJournalDir(journalDir)
	live, err := splitLive(err)
	warnUnimported(io, conf, cfg.SourcePkgs, hellos)
	warnToolFreed(io, conf, hellos)
	if err != nil {
		return fmt.Errorf("%w\n(`pycov combine` adds the journals that can be read)", err)
	}
	if len(hits) == 0 && len(live) == 0 && status != 0 {
		// The program failed before any measured code ran (a mistyped
		// script name, say): the data of earlier runs is worth more than
		// this run's nothing.
		saved = true
		fmt.Fprintf(io.err, "pycov: no measured code ran and the program failed; %s is left as it was\n", conf.Run.DataFile)
		return programExit(status)
	}
	data, err := dataFromHits(ctx, in, cache, hits, hellos, runInfo)
	if err != nil {
		return err
	}
	for _, f := range data.Files {
		if f.Unmapped > 0 {
			warn(io, conf, "bytecode-differs", "branches of %d function(s) in %s are not counted: the code that ran was not compiled from the file as it is now (was the file changed after it ran, or run from other source text under its name?)",
				f.Unmapped, coverage.DisplayName(f.Path, wd))
		}
	}
	if len(data.Files) == 0 {
		warn(io, conf, "no-data-collected", "no data was collected: no measured file ran")
	}
	var remap *coverage.PathAliases
	if conf.Run.RelativeFiles {
		remap = coverage.RelativePaths(wd)
	}
	if conf.Run.Parallel {
		if remap != nil {
			data.Remap(remap)
		}
		err = coverage.WriteData(coverage.ParallelPath(dataPath), data)
	} else {
		err = writeRunData(ctx, dataPath, data, *appendData, remap)
	}
	if err != nil {
		return err
	}
	saved = true
	if len(live) > 0 {
		late = true
		leaveLate(io, conf, journalDir, owner, hellos, live, conf.Run.Parallel)
	}
	return programExit(status)
}

// checkAppend refuses to add data measured with branch (or without) to a
// data file measured the other way, as combine does.
func checkAppend(dataPath string, branch bool) error {
	old, err := coverage.ReadData(dataPath)
	if errors.Is(err, coverage.ErrNoData) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := coverage.NewCombiner(old, nil).Add("this run", &coverage.Data{Branch: branch, Files: []*coverage.FileData{{}}}); err != nil {
		return fmt.Errorf("cannot append to %s: %w", dataPath, err)
	}
	return nil
}

// writeRunData writes a run's data to dataPath, adding it to the data
// there when appending, and then rewriting paths with remap
// (relative_files) if it is not nil. The data file is locked from reading
// to replacing, so that runs appending at once all keep their data, and a
// run that replaces it does so before or after them, not in between.
func writeRunData(ctx context.Context, dataPath string, data *coverage.Data, appendData bool, remap *coverage.PathAliases) error {
	unlock, err := coverage.LockData(ctx, dataPath)
	if err != nil {
		return err
	}
	defer unlock()
	if appendData {
		old, err := coverage.ReadData(dataPath)
		if err != nil && !errors.Is(err, coverage.ErrNoData) {
			return err // never replace data we could not read
		}
		c := coverage.NewCombiner(old, nil)
		if err := c.Add("this run", data); err != nil {
			return fmt.Errorf("cannot append to %s: %w", dataPath, err)
		}
		data = c.Data()
	}
	if remap != nil {
		data.Remap(remap)
	}
	return coverage.WriteData(dataPath, data)
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

// warnUnimported names the --source packages no process found, as
// coverage.py does.
func warnUnimported(io stdio, conf *config.Config, pkgs []string, hellos []monitoring.Hello) {
	found := map[string]bool{}
	for _, h := range hellos {
		for _, p := range h.ResolvedPkgs {
			found[p] = true
		}
	}
	for _, p := range pkgs {
		if !found[p] {
			warn(io, conf, "module-not-imported", "module %s was never imported", p)
		}
	}
}

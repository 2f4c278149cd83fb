package measure

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
	"github.com/pycov/pycov/vm"
)

// childWait is how long Run waits, once the program has ended, for the
// processes it started that are still writing journals. Those still
// running after it keep theirs for `pycov combine`.
const childWait = 5 * time.Second

// Run runs the program of p under measurement and writes what it measured
// to p's data file. The journals are removed only once the data file holds
// what they recorded (or they recorded nothing); if anything fails they
// stay in the journal directory for `pycov combine`, as do the journals of
// children that outlive the program.
func Run(ctx context.Context, p Plan) (*Result, error) {
	cfg, branch, err := p.agentConfig()
	if err != nil {
		return nil, err
	}
	if err := p.checkDataFile(branch); err != nil {
		return nil, err
	}
	in := p.Interpreter
	owner, err := monitoring.LoadOwnerKey(p.CacheDir, true)
	if err != nil {
		return nil, err
	}

	// The journal directory's run.json is what `pycov combine` needs to
	// turn the journals into data if this run does not get to.
	run := journalRun{
		info: monitoring.RunInfo{Python: in.Path, Version: in.Version.String(), Branch: branch, Cwd: p.Host.Dir, SourceDirs: cfg.SourceDirs},
		settings: settings{Include: p.Include, Omit: p.Omit, Exclude: p.Exclude, Partial: p.Partial,
			NamespacePackages: p.NamespacePackages},
	}
	if run.info.Settings, err = jsonSettings(run.settings); err != nil {
		return nil, err
	}
	// As coverage.py does, the data file's directory is made if it is
	// missing ([run] data_file = reports/.pycov in a fresh checkout).
	var journalDir string
	var releaseDir func()
	if err = os.MkdirAll(filepath.Dir(p.DataFile), 0o777); err != nil {
		err = fmt.Errorf("creating the directory of data file %s: %w", p.DataFile, err)
	} else {
		journalDir, releaseDir, err = monitoring.NewJournalDir(p.DataFile, run.info, owner)
	}
	if diskFull(err) {
		p.warn("not-measured", "%v; the program runs unmeasured", err)
		status, err := in.Run(ctx, p.command(nil))
		if err != nil {
			return nil, err
		}
		return &Result{Status: status}, nil
	}
	if err != nil {
		return nil, err
	}
	defer releaseDir()
	cfg.JournalDir = journalDir
	saved, late := false, false
	defer func() {
		if late {
			return
		}
		left := monitoring.Journals(journalDir)
		if !saved && len(left) > 0 {
			p.logf("the measurements are kept in %s", journalDir)
		} else if err := monitoring.RemoveJournals(journalDir, left, owner); err != nil {
			p.logf("%v", err)
		}
	}()

	agentDir, err := monitoring.Install(p.CacheDir)
	if err != nil {
		return nil, err
	}
	monitoring.Precompile(agentDir, in.Version.Major, in.Version.Minor, func(args ...string) error {
		_, err := in.Output(ctx, args, nil)
		return err
	})
	env, err := monitoring.Env(p.Host.Environ, agentDir, cfg)
	if err != nil {
		return nil, err
	}
	// Files are analysed as the journals name them, while the program runs.
	prefetch := coverage.StartPrefetch(ctx, in.Pipe, FactsCache(p.CacheDir, in),
		coverage.FactsRequest{Exclude: p.Exclude, Partial: p.Partial}, monitoring.WatchJournals(journalDir).NewFiles)
	status, runErr := in.Run(ctx, p.command(env))
	prefetch.Stop()
	if runErr != nil {
		return nil, runErr
	}
	res := &Result{Status: status}

	if _, err := os.Stat(journalDir); errors.Is(err, os.ErrNotExist) {
		// Not "no measured file ran": they ran, and their records went
		// with the directory. The data file keeps what it held.
		p.warn("journals-removed", "the measurements are lost: %s was removed while the program ran (a clean-up of .pycov.journals-*?); %s is left as it was", journalDir, p.DataFile)
		return res, nil
	}
	// Children may outlive the program: their journals are read once they
	// end, or left for `pycov combine`. A child ends within a second as a
	// rule; for one that does not, pycov says why it waits.
	if live := monitoring.WaitWriters(journalDir, time.Second); len(live) > 0 {
		p.logf("waiting up to %s for %d process(es) the program started, still running (pids %s)",
			childWait-time.Second, len(live), joinPIDs(live))
		monitoring.WaitWriters(journalDir, childWait-time.Second)
	}
	journalHits, hellos, err := monitoring.ReadJournalDir(journalDir)
	live, err := splitLive(err)
	p.warnUnimported(cfg.SourcePkgs, hellos)
	p.warnToolFreed(hellos)
	if err != nil {
		return nil, fmt.Errorf("%w\n(`pycov combine` adds the journals that can be read)", err)
	}
	if len(journalHits) == 0 && len(live) == 0 && status != 0 {
		// The program failed before any measured code ran (a mistyped
		// script name, say): the data of earlier runs is worth more than
		// this run's nothing.
		saved = true
		p.logf("no measured code ran and the program failed; %s is left as it was", p.DataName)
		return res, nil
	}
	data, err := dataFromHits(ctx, in, p.CacheDir, modelHits(journalHits, nil), hellos, run)
	if err != nil {
		return nil, err
	}
	for _, f := range data.Files {
		if f.Unmapped > 0 {
			p.warn("bytecode-differs", "branches of %d function(s) in %s are not counted: the code that ran was not compiled from the file as it is now (was the file changed after it ran, or run from other source text under its name?)",
				f.Unmapped, coverage.DisplayName(f.Path, p.Host.Dir))
		}
	}
	if len(data.Files) == 0 {
		p.warn("no-data-collected", "no data was collected: no measured file ran")
	}
	if err := p.write(ctx, data); err != nil {
		return nil, err
	}
	saved = true
	res.Data = data
	if len(live) > 0 {
		late = true
		p.leaveLate(journalDir, owner, hellos, live)
	}
	return res, nil
}

// agentConfig is what the agent is told to measure, and whether branches
// are measured: those the plan asks for, if the interpreter has branch
// events.
func (p *Plan) agentConfig() (cfg monitoring.Config, branch bool, err error) {
	in := p.Interpreter
	branch = p.Branch
	if branch && !in.HasBranchEvents() {
		p.warn("branch-needs-3.14", "%s is Python %s; branch coverage needs 3.14, so only lines are measured", in.Path, in.Version)
		branch = false
	}
	cfg = monitoring.Config{Branch: branch, Cwd: p.Host.Dir, Subprocess: p.Subprocess,
		Context: p.Context, DynamicContext: p.DynamicContext}
	cfg.SourceDirs, cfg.SourcePkgs = p.sources()
	if cfg.Include, err = agentPatterns(p.Include, p.Host.Dir, "include"); err != nil {
		return cfg, branch, err
	}
	if cfg.Omit, err = agentPatterns(p.Omit, p.Host.Dir, "omit"); err != nil {
		return cfg, branch, err
	}
	return cfg, branch, nil
}

// checkDataFile refuses, before the program runs for nothing, a data file
// the run's data cannot go to: one measured the other way (branch or not)
// when appending, or one that is not pycov's. Both are checked again when
// the data is written.
func (p *Plan) checkDataFile(branch bool) error {
	switch {
	case p.Append:
		return checkAppend(p.DataFile, p.Host.Dir, branch)
	case !p.Parallel:
		return coverage.CheckReplaceable(p.DataFile)
	}
	return nil
}

// command is the program's command line, with env (nil: Host.Environ).
func (p *Plan) command(env []string) vm.Command {
	if env == nil {
		env = p.Host.Environ
	}
	return vm.Command{Args: p.Args, Env: env, Dir: p.Host.Dir, Stdin: p.Host.Stdin, Stdout: p.Host.Stdout, Stderr: p.Host.Stderr}
}

// write writes a run's data: to a parallel data file, or to the data
// file (added to its data when appending), with paths relative to the
// working directory with [run] relative_files.
func (p *Plan) write(ctx context.Context, data *coverage.Data) error {
	var remap *coverage.PathAliases
	if p.RelativeFiles {
		remap = coverage.RelativePaths(p.Host.Dir)
	}
	if p.Parallel {
		if remap != nil {
			data.Remap(remap)
		}
		return coverage.WriteData(coverage.ParallelPath(p.DataFile), data)
	}
	return coverage.SaveData(ctx, p.DataFile, p.Host.Dir, data, p.Append, remap)
}

// diskFull reports whether err is a file system out of space: the program
// then runs unmeasured rather than not at all.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// checkAppend refuses to add data measured with branch (or without) to a
// data file measured the other way, as combine does.
func checkAppend(dataPath, wd string, branch bool) error {
	old, err := coverage.ReadData(dataPath, wd)
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

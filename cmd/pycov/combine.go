package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
	"github.com/pycov/pycov/vm"
)

// combineCmd is `pycov combine [options] [PATH...]`: merge the parallel
// data files (`pycov run -p`) and the journal directories left by
// interrupted runs into the data file, as coverage.py's combine does.
// Without PATHs it takes those beside the data file; a PATH is a data
// file, a journal directory, or a directory to take them from.
func combineCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("combine", "[options] [PATH...]", io.err)
	cf := addConfigFlags(fs)
	appendData := fs.BoolP("append", "a", false, "combine into the existing data file instead of replacing it")
	keep := fs.Bool("keep", false, "keep the combined data files and journals (they are deleted once the result is written)")
	quiet := fs.BoolP("quiet", "q", false, "do not print the summary line")
	python := fs.String("python", "", "the interpreter that analyses journal directories (default: the one that ran the program, else as pycov run chooses)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	conf, err := cf.load(io)
	if err != nil {
		return err
	}
	job, err := newCombineJob(conf)
	if err != nil {
		return err
	}
	job.appendData, job.keep, job.python = *appendData, *keep, *python
	var notFound []error
	job.files, job.dirs, notFound = combineInputs(job.dataPath, fs.Args())
	sum, err := job.run(ctx, io.err)
	sum.errs = append(notFound, sum.errs...)
	for _, e := range sum.errs {
		fmt.Fprintf(io.err, "pycov: skipped: %v\n", e)
	}
	if err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(io.out, "%s\n", sum)
	}
	if len(sum.errs) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d of the inputs could not be combined; they are kept", len(sum.errs))}
	}
	return nil
}

// combinePending is the implicit combine of every report (coverage.py
// 7.16 combines before reporting too): pycov's own parallel data files
// beside the data file (coverage.ParallelFiles) and the journal
// directories of interrupted runs that pycov made here are merged into it,
// then deleted (unless keep: --keep-combined), before the report reads it; it says what it took. Nothing
// else is touched: journal directories from elsewhere are only pointed
// out.
func combinePending(cfg *config.Config, w io.Writer, keep bool) error {
	job, err := newCombineJob(cfg)
	if err != nil {
		return err
	}
	job.keep = keep
	job.files = coverage.ParallelFiles(job.dataPath)
	var others []string
	for _, d := range monitoring.JournalDirs(job.dataPath) {
		if monitoring.CheckOwner(d, job.owner) != monitoring.Owned {
			others = append(others, filepath.Base(d))
			continue
		}
		if info, err := monitoring.ReadRunInfo(d); err == nil && !info.Running() {
			job.dirs = append(job.dirs, d)
		}
	}
	if len(others) > 0 {
		warn(stdio{err: w}, cfg, "journals-pending", "left alone: %s (not made by pycov here; `pycov combine` reads journal directories copied from another machine)", strings.Join(others, ", "))
	}
	if len(job.files)+len(job.dirs) == 0 {
		return nil
	}
	job.appendData = true
	sum, err := job.run(context.Background(), w)
	for _, e := range sum.errs {
		warn(stdio{err: w}, cfg, "combine-skipped", "not combined: %v", e)
	}
	if errors.Is(err, errNothingCombined) {
		err = nil // the report goes on with the data file as it is
	}
	if err == nil && sum.files+sum.dirs > 0 {
		fmt.Fprintf(w, "pycov: %s\n", sum)
	}
	return err
}

// combineJob is one combination: its inputs and where the result goes.
type combineJob struct {
	dataPath     string
	files, dirs  []string
	appendData   bool
	keep         bool
	python       string
	aliases      *coverage.PathAliases
	relativeName string               // the data file as the user named it, for messages
	owner        *monitoring.OwnerKey // proves which journal directories pycov made (nil: none)
	cacheSetting string               // [tool.pycov] cache_dir
}

func newCombineJob(cfg *config.Config) (*combineJob, error) {
	wd, err := coverage.WorkingDir()
	if err != nil {
		return nil, err
	}
	dataPath, err := filepath.Abs(cfg.Run.DataFile)
	if err != nil {
		return nil, err
	}
	var aliases [][]string
	for _, p := range cfg.Paths {
		aliases = append(aliases, p.Patterns)
	}
	a, err := coverage.NewPathAliases(aliases, wd, cfg.Run.RelativeFiles)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.File, err)
	}
	cache, err := cacheDir(cfg.Run.CacheDir)
	if err != nil {
		return nil, err
	}
	owner, err := monitoring.LoadOwnerKey(cache, false)
	if err != nil {
		return nil, err
	}
	return &combineJob{dataPath: dataPath, aliases: a, relativeName: cfg.Run.DataFile, owner: owner, cacheSetting: cfg.Run.CacheDir}, nil
}

// errNothingCombined: every input had errors.
var errNothingCombined = errors.New("nothing could be combined")

// combineSummary counts what a combine did; errs are the inputs skipped.
type combineSummary struct {
	into             string
	files, dirs, dup int
	errs             []error
}

func (s combineSummary) String() string {
	var what []string
	if s.files > 0 || s.dirs == 0 {
		what = append(what, plural(s.files, "data file"))
	}
	if s.dirs > 0 {
		what = append(what, "the journals of "+plural(s.dirs, "interrupted run"))
	}
	msg := "combined " + strings.Join(what, " and ") + " into " + s.into
	var notes []string
	if s.dup > 0 {
		notes = append(notes, plural(s.dup, "duplicate")+" skipped")
	}
	if len(s.errs) > 0 {
		notes = append(notes, fmt.Sprintf("%d with errors", len(s.errs)))
	}
	if len(notes) > 0 {
		msg += " (" + strings.Join(notes, ", ") + ")"
	}
	return msg
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if strings.HasSuffix(what, "y") {
		return fmt.Sprintf("%d %sies", n, what[:len(what)-1])
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// run merges the inputs, writes the data file atomically and only then
// deletes what was merged (unless keep) and is provably pycov's: parallel
// data files by their name and header, journal directories by their
// marker (monitoring.CheckOwner). An input that cannot be read is reported
// in the summary's errs and left where it is; err is for a result that
// could not be written, or no data at all. The data file is locked from
// the moment it is read to the moment it is replaced.
func (j *combineJob) run(ctx context.Context, w io.Writer) (combineSummary, error) {
	sum := combineSummary{into: j.relativeName}
	unlock, err := coverage.LockData(ctx, j.dataPath)
	if err != nil {
		return sum, err
	}
	defer unlock()
	var base *coverage.Data
	if j.appendData || j.hasLate() || j.takenMeanwhile() {
		d, err := coverage.ReadData(j.dataPath)
		if err != nil && !errors.Is(err, coverage.ErrNoData) {
			return sum, err // never replace data we could not read
		}
		base = d
	}
	c := coverage.NewCombiner(base, j.aliases)
	var done []string // data files merged: deleted once the result is safe
	sortByTime(j.files)
	for _, f := range j.files {
		switch err := c.AddFile(f); {
		case errors.Is(err, fs.ErrNotExist):
			// Listed before the lock, combined and deleted by another
			// pycov since (two reports at once): its data is in the data
			// file already.
		case errors.Is(err, coverage.ErrDuplicate):
			sum.dup++
			done = append(done, f)
		case err != nil:
			sum.errs = append(sum.errs, err)
		default:
			sum.files++
			done = append(done, f)
		}
	}
	usedJournals := map[string][]string{} // journal directory: journals merged
	for _, dir := range j.dirs {
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			continue // combined by another pycov meanwhile (takenMeanwhile)
		}
		owner := monitoring.CheckOwner(dir, j.owner)
		if owner == monitoring.NotJournalDir {
			sum.errs = append(sum.errs, monitoring.NotOwnedError(dir, owner))
			continue
		}
		info, err := monitoring.ReadRunInfo(dir)
		if err == nil && info.Running() {
			fmt.Fprintf(w, "pycov: %s is still being written by pycov (process %d); left for later\n", dir, info.PID)
			continue
		}
		journals, err := j.addJournalDir(ctx, c, dir, info, err, owner == monitoring.Owned, w)
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			sum.errs = append(sum.errs, joined.Unwrap()...) // one per journal
		} else if err != nil {
			sum.errs = append(sum.errs, err)
		}
		if len(journals) > 0 {
			sum.dirs++
			usedJournals[dir] = journals
		}
	}
	if sum.files+sum.dirs == 0 { // the data file stays as it is
		if len(sum.errs) > 0 {
			return sum, fmt.Errorf("%w into %s", errNothingCombined, j.relativeName)
		}
		return sum, fmt.Errorf("%w: no parallel data files or journals to combine beside %s", coverage.ErrNoData, j.relativeName)
	}
	if err := coverage.WriteData(j.dataPath, c.Data()); err != nil {
		return sum, err
	}
	if !j.keep {
		j.removeInputs(w, done, usedJournals)
	}
	return sum, nil
}

// removeInputs deletes the merged inputs that are provably pycov's, and
// names on w those it keeps.
func (j *combineJob) removeInputs(w io.Writer, files []string, journals map[string][]string) {
	for _, f := range files {
		if coverage.IsParallelName(j.dataPath, f) {
			os.Remove(f)
		} else {
			fmt.Fprintf(w, "pycov: kept %s: only parallel data files (%s.HOST.PID.RANDOM) are deleted once combined\n", f, filepath.Base(j.dataPath))
		}
	}
	dirs := make([]string, 0, len(journals))
	for d := range journals {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if err := monitoring.RemoveJournals(d, journals[d], j.owner); err != nil {
			fmt.Fprintf(w, "pycov: %v\n", err)
		}
	}
}

// takenMeanwhile reports whether an input listed before the data file
// was locked is gone now: another pycov combined it into the data file
// (and deleted it) in between, so this combine must add to that data file,
// not replace it.
func (j *combineJob) takenMeanwhile() bool {
	for _, p := range append(append([]string(nil), j.files...), j.dirs...) {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// hasLate reports whether an input holds journals of processes that
// outlived their run: they add to the data file that run wrote.
func (j *combineJob) hasLate() bool {
	for _, dir := range j.dirs {
		if monitoring.CheckOwner(dir, j.owner) == monitoring.NotJournalDir {
			continue
		}
		if info, err := monitoring.ReadRunInfo(dir); err == nil && info.Late {
			return true
		}
	}
	return false
}

// addJournalDir turns the readable journals of dir into data (asking an
// interpreter of the same Python version for the facts) and adds them. It
// returns the journals used; unreadable ones are named in err and kept.
//
// A journal directory pycov did not make here (a CI artifact, a copy) does
// not choose what pycov reads: only its files and source directories
// inside the working directory (after [paths] remapping) are analysed,
// and the others are named in one line on w.
func (j *combineJob) addJournalDir(ctx context.Context, c *coverage.Combiner, dir string, info monitoring.RunInfo, infoErr error, ours bool, w io.Writer) ([]string, error) {
	if infoErr != nil {
		return nil, infoErr
	}
	hits, hellos, readErr := monitoring.ReadJournalDir(dir)
	if len(hellos) == 0 {
		return nil, readErr
	}
	in, cache, err := journalInterpreter(j.python, j.cacheSetting, info)
	if err != nil {
		return nil, fmt.Errorf("journal directory %s: %w", dir, err)
	}
	mapped := monitoring.Hits{}
	for name, fh := range hits {
		mapped.Merge(monitoring.Hits{j.aliases.Map(name): fh})
	}
	info.SourceDirs = append(info.SourceDirs, sourceDirsOf(hellos)...)
	for i, s := range info.SourceDirs {
		info.SourceDirs[i] = j.aliases.Map(s)
	}
	if !ours {
		if outside := confineToWorkDir(mapped, &info); len(outside) > 0 {
			fmt.Fprintf(w, "pycov: %s: left out %d path(s) outside %s that a journal directory pycov did not make names (e.g. %s); map them with [paths]\n",
				dir, len(outside), info.Cwd, outside[0])
		}
	}
	data, err := dataFromHits(ctx, in, cache, mapped, nil, info)
	if err != nil {
		return nil, fmt.Errorf("journal directory %s: %w", dir, err)
	}
	if err := c.Add(dir, data); err != nil {
		return nil, err
	}
	var used []string
	for _, h := range hellos {
		used = append(used, h.Files...)
	}
	return used, readErr
}

// confineToWorkDir drops from hits and info.SourceDirs the paths outside
// the working directory info will be analysed in (pycov's own, now), and
// returns them sorted.
func confineToWorkDir(hits monitoring.Hits, info *monitoring.RunInfo) []string {
	wd, err := coverage.WorkingDir()
	if err != nil {
		wd = info.Cwd
	}
	info.Cwd = wd
	inside := func(p string) bool {
		return p == wd || strings.HasPrefix(p, wd+string(filepath.Separator))
	}
	var outside []string
	for name := range hits {
		if !inside(name) {
			outside = append(outside, name)
			delete(hits, name)
		}
	}
	var keep []string
	for _, d := range info.SourceDirs {
		if inside(d) {
			keep = append(keep, d)
		} else {
			outside = append(outside, filepath.Clean(d))
		}
	}
	info.SourceDirs = keep
	sort.Strings(outside)
	return slices.Compact(outside)
}

// journalInterpreter is the interpreter that analyses journals of the run
// info describes: --python, else pycov's usual choice (PYCOV_PYTHON, a
// virtualenv, ...), never the one run.json names, which pycov would be
// running on a data file's word. Its version must be the one that wrote
// the journals.
func journalInterpreter(explicit, cacheSetting string, info monitoring.RunInfo) (*vm.Interpreter, string, error) {
	in, cache, err := chooseInterpreterIn(explicit, cacheSetting)
	if err != nil {
		return nil, "", err
	}
	if want, err := vm.ParseVersion(info.Version); err != nil {
		return nil, "", fmt.Errorf("its run.json names no Python version it was written by (%q)", info.Version)
	} else if want.Major != in.Version.Major || want.Minor != in.Version.Minor {
		return nil, "", fmt.Errorf("its journals were written by Python %s, and %s is Python %s: give pycov combine --python (or $PYCOV_PYTHON) a %d.%d interpreter", info.Version, in.Path, in.Version, want.Major, want.Minor)
	}
	return in, cache, nil
}

// dataFromHits turns the hits of one run's journals into data: the files
// that ran and the never-imported files of the source directories, with
// facts from in (the interpreter that ran them). pycov run and combine
// share it.
func dataFromHits(ctx context.Context, in *vm.Interpreter, cache string, hits monitoring.Hits, hellos []monitoring.Hello, info monitoring.RunInfo) (*coverage.Data, error) {
	sourceDirs := append(append([]string(nil), info.SourceDirs...), sourceDirsOf(hellos)...)
	data, err := coverage.Collect(ctx, pythonRunner(in), factsCache(cache, in), hits, sourceDirs,
		coverage.Selection{Cwd: info.Cwd, Include: info.Include, Omit: info.Omit, NamespacePackages: info.NamespacePackages}, coverage.FactsRequest{Exclude: info.Exclude, Partial: info.Partial})
	if err != nil {
		return nil, err
	}
	data.Branch = info.Branch
	data.Exclude, data.Partial = info.Exclude, info.Partial
	return data, nil
}

func sourceDirsOf(hellos []monitoring.Hello) []string {
	var out []string
	for _, h := range hellos {
		out = append(out, h.SourceDirs...)
	}
	return out
}

// combineInputs lists what to combine: without args the parallel data
// files and journal directories beside dataPath; a directory arg is a
// journal directory if pycov marked it as one, else it is searched for
// those; a file arg is a data file.
func combineInputs(dataPath string, args []string) (files, dirs []string, errs []error) {
	search := func(dir string) {
		p := filepath.Join(dir, filepath.Base(dataPath))
		files = append(files, coverage.ParallelFiles(p)...)
		dirs = append(dirs, monitoring.JournalDirs(p)...)
	}
	if len(args) == 0 {
		search(filepath.Dir(dataPath))
	}
	for _, a := range args {
		st, err := os.Stat(a)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("cannot combine %s: %w", a, err))
		case st.IsDir() && monitoring.CheckOwner(a, nil) != monitoring.NotJournalDir:
			dirs = append(dirs, a)
		case st.IsDir():
			if len(monitoring.Journals(a)) > 0 {
				errs = append(errs, monitoring.NotOwnedError(a, monitoring.NotJournalDir))
			}
			search(a)
		default:
			files = append(files, a)
		}
	}
	// The data file itself is the result, never an input.
	kept := files[:0]
	for _, f := range files {
		if abs, _ := filepath.Abs(f); abs != dataPath {
			kept = append(kept, f)
		}
	}
	return kept, dirs, errs
}

// sortByTime orders data files oldest first, so that where a source file
// changed between runs the newest measurement of it wins (Data.Merge).
func sortByTime(files []string) {
	mtime := map[string]int64{}
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			mtime[f] = st.ModTime().UnixNano()
		}
	}
	sort.SliceStable(files, func(a, b int) bool {
		if mtime[files[a]] != mtime[files[b]] {
			return mtime[files[a]] < mtime[files[b]]
		}
		return files[a] < files[b]
	})
}

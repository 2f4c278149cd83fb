package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/measure"
	"github.com/pycov/pycov/monitoring"
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
	job, err := newCombineJob(io, conf)
	if err != nil {
		return err
	}
	job.appendData, job.keep, job.python = *appendData, *keep, *python
	var notFound []error
	job.files, job.dirs, notFound = combineInputs(io, job.dataPath, fs.Args())
	sum, err := job.run(ctx)
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
func combinePending(ctx context.Context, io stdio, cfg *config.Config, keep bool) error {
	job, err := newCombineJob(io, cfg)
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
		warn(io, cfg, "journals-pending", "left alone: %s (not made by pycov here; `pycov combine` reads journal directories copied from another machine)", strings.Join(others, ", "))
	}
	if len(job.files)+len(job.dirs) == 0 {
		return nil
	}
	job.appendData = true
	sum, err := job.run(ctx)
	for _, e := range sum.errs {
		warn(io, cfg, "combine-skipped", "not combined: %v", e)
	}
	if errors.Is(err, errNothingCombined) {
		err = nil // the report goes on with the data file as it is
	}
	if err == nil && sum.files+sum.dirs > 0 {
		fmt.Fprintf(io.err, "pycov: %s\n", sum)
	}
	return err
}

// combineJob is one combination: its inputs and where the result goes.
type combineJob struct {
	io           stdio
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

func newCombineJob(io stdio, cfg *config.Config) (*combineJob, error) {
	wd, dataPath := io.dir, io.abs(cfg.Run.DataFile)
	var aliases [][]string
	for _, p := range cfg.Paths {
		aliases = append(aliases, p.Patterns)
	}
	a, err := coverage.NewPathAliases(aliases, wd, cfg.Run.RelativeFiles)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.File, err)
	}
	cache, err := cacheDir(io, cfg.Run.CacheDir)
	if err != nil {
		return nil, err
	}
	owner, err := monitoring.LoadOwnerKey(cache, false)
	if err != nil {
		return nil, err
	}
	return &combineJob{io: io, dataPath: dataPath, aliases: a, relativeName: cfg.Run.DataFile, owner: owner, cacheSetting: cfg.Run.CacheDir}, nil
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
func (j *combineJob) run(ctx context.Context) (combineSummary, error) {
	w := j.io.err
	sum := combineSummary{into: j.relativeName}
	unlock, err := coverage.LockData(ctx, j.dataPath)
	if err != nil {
		return sum, err
	}
	defer unlock()
	var base *coverage.Data
	if j.appendData || j.hasLate() || j.takenMeanwhile() {
		d, err := coverage.ReadData(j.dataPath, j.io.dir)
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
		journals, err := j.addJournalDir(ctx, c, measure.JournalDir{Path: dir, Info: info, Ours: owner == monitoring.Owned}, err)
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

// addJournalDir turns the readable journals of d into data
// (measure.Journals) and adds them. It returns the journals used;
// unreadable ones are named in err and kept.
func (j *combineJob) addJournalDir(ctx context.Context, c *coverage.Combiner, d measure.JournalDir, infoErr error) ([]string, error) {
	if infoErr != nil {
		return nil, infoErr
	}
	data, used, err := measure.Journals(ctx, d, measure.JournalOptions{Host: j.io.host(), Python: j.python, CacheSetting: j.cacheSetting, Rename: j.aliases.Map})
	if data == nil {
		return nil, err
	}
	if err := c.Add(d.Path, data); err != nil {
		return nil, err
	}
	return used, err
}

// combineInputs lists what to combine (PATHs are named as given, for
// messages): without args the parallel data
// files and journal directories beside dataPath; a directory arg is a
// journal directory if pycov marked it as one, else it is searched for
// those; a file arg is a data file.
func combineInputs(io stdio, dataPath string, args []string) (files, dirs []string, errs []error) {
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
		if io.abs(f) != dataPath {
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

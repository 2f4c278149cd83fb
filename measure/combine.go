package measure

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

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
)

// Combine is one combination (pycov combine, and the combine before every
// report): its inputs and where the result goes.
type Combine struct {
	Host     Host
	DataFile string // the data file, absolute
	DataName string // the data file as the user named it, for messages
	// Files and Dirs are the data files (parallel or other) and journal
	// directories to combine, named as the user gave them (for
	// messages): a relative name is taken from Host.Dir.
	Files, Dirs  []string
	Append       bool   // add to the data file's data
	Keep         bool   // keep the inputs once combined
	Python       string // --python: the interpreter that analyses journal directories
	Aliases      *coverage.PathAliases
	Owner        *monitoring.OwnerKey // proves which journal directories pycov made (nil: none)
	CacheSetting string               // [tool.pycov] cache_dir
}

// NewCombine is a combination into the data file dataName (as the user
// named it), with aliases ([paths]), and pycov's ownership key from its
// cache (cacheSetting is [tool.pycov] cache_dir), without its inputs.
func NewCombine(h Host, dataName string, aliases *coverage.PathAliases, cacheSetting string) (*Combine, error) {
	cache, err := CacheDir(h, cacheSetting)
	if err != nil {
		return nil, err
	}
	owner, err := monitoring.LoadOwnerKey(cache, false)
	if err != nil {
		return nil, err
	}
	return &Combine{Host: h, DataFile: h.Abs(dataName), DataName: dataName, Aliases: aliases, Owner: owner, CacheSetting: cacheSetting}, nil
}

// ErrNothingCombined: every input had errors.
var ErrNothingCombined = errors.New("nothing could be combined")

// CombineSummary counts what a combine did; Errs are the inputs skipped.
type CombineSummary struct {
	Into             string // the data file as the user named it
	Files, Dirs, Dup int    // data files and journal directories combined, duplicate data files skipped
	Errs             []error
}

func (s CombineSummary) String() string {
	var what []string
	if s.Files > 0 || s.Dirs == 0 {
		what = append(what, plural(s.Files, "data file"))
	}
	if s.Dirs > 0 {
		what = append(what, "the journals of "+plural(s.Dirs, "interrupted run"))
	}
	msg := "combined " + strings.Join(what, " and ") + " into " + s.Into
	var notes []string
	if s.Dup > 0 {
		notes = append(notes, plural(s.Dup, "duplicate")+" skipped")
	}
	if len(s.Errs) > 0 {
		notes = append(notes, fmt.Sprintf("%d with errors", len(s.Errs)))
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

// Run merges the inputs, writes the data file atomically and only then
// deletes what was merged (unless keep) and is provably pycov's: parallel
// data files by their name and header, journal directories by their
// marker (monitoring.CheckOwner). An input that cannot be read is reported
// in the summary's errs and left where it is; err is for a result that
// could not be written, or no data at all. The data file is locked from
// the moment it is read to the moment it is replaced.
func (j *Combine) Run(ctx context.Context) (CombineSummary, error) {
	w := stderr(j.Host)
	sum := CombineSummary{Into: j.DataName}
	// As coverage.py does, the data file's directory is made if it is
	// missing (`pycov combine --data-file=merged/.pycov shard1 shard2`).
	if err := os.MkdirAll(filepath.Dir(j.DataFile), 0o777); err != nil {
		return sum, fmt.Errorf("creating the directory of data file %s: %w", j.DataName, err)
	}
	unlock, err := coverage.LockData(ctx, j.DataFile)
	if err != nil {
		return sum, err
	}
	defer unlock()
	var base *coverage.Data
	if j.Append || j.hasLate() || j.takenMeanwhile() {
		d, err := coverage.ReadData(j.DataFile, j.Host.Dir)
		if err != nil && !errors.Is(err, coverage.ErrNoData) {
			return sum, err // never replace data we could not read
		}
		base = d
	}
	c := coverage.NewCombiner(base, j.Aliases)
	var done []string // data files merged: deleted once the result is safe
	sortByTime(j.Host, j.Files)
	for _, f := range j.Files {
		switch err := c.AddFileAs(j.Host.Abs(f), f); {
		case errors.Is(err, fs.ErrNotExist):
			// Listed before the lock, combined and deleted by another
			// pycov since (two reports at once): its data is in the data
			// file already.
		case errors.Is(err, coverage.ErrDuplicate):
			sum.Dup++
			done = append(done, f)
		case err != nil:
			sum.Errs = append(sum.Errs, err)
		default:
			sum.Files++
			done = append(done, f)
		}
	}
	usedJournals := map[string][]string{} // journal directory: journals merged
	for _, name := range j.Dirs {
		dir := j.Host.Abs(name)
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			continue // combined by another pycov meanwhile (takenMeanwhile)
		}
		owner := monitoring.CheckOwner(dir, j.Owner)
		if owner == monitoring.NotJournalDir {
			sum.Errs = append(sum.Errs, monitoring.NotOwnedError(name, owner))
			continue
		}
		info, err := monitoring.ReadRunInfo(dir)
		if err == nil && info.Running() {
			fmt.Fprintf(w, "pycov: %s is still being written by pycov (process %d); left for later\n", name, info.PID)
			continue
		}
		journals, err := j.addJournalDir(ctx, c, JournalDir{Path: dir, Info: info, Ours: owner == monitoring.Owned}, err)
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			sum.Errs = append(sum.Errs, joined.Unwrap()...) // one per journal
		} else if err != nil {
			sum.Errs = append(sum.Errs, err)
		}
		if len(journals) > 0 {
			sum.Dirs++
			usedJournals[dir] = journals
		}
	}
	if sum.Files+sum.Dirs == 0 { // the data file stays as it is
		if len(sum.Errs) > 0 {
			return sum, fmt.Errorf("%w into %s", ErrNothingCombined, j.DataName)
		}
		return sum, fmt.Errorf("%w: no parallel data files or journals to combine beside %s", coverage.ErrNoData, j.DataName)
	}
	if err := coverage.WriteData(j.DataFile, c.Data()); err != nil {
		return sum, err
	}
	if !j.Keep {
		j.removeInputs(w, done, usedJournals)
	}
	return sum, nil
}

// removeInputs deletes the merged inputs that are provably pycov's, and
// names on w those it keeps.
func (j *Combine) removeInputs(w io.Writer, files []string, journals map[string][]string) {
	for _, f := range files {
		if p := j.Host.Abs(f); coverage.IsParallelName(j.DataFile, p) {
			os.Remove(p)
		} else {
			fmt.Fprintf(w, "pycov: kept %s: only parallel data files (%s.HOST.PID.RANDOM) are deleted once combined\n", f, filepath.Base(j.DataFile))
		}
	}
	dirs := make([]string, 0, len(journals))
	for d := range journals {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if err := monitoring.RemoveJournals(d, journals[d], j.Owner); err != nil {
			fmt.Fprintf(w, "pycov: %v\n", err)
		}
	}
}

// takenMeanwhile reports whether an input listed before the data file
// was locked is gone now: another pycov combined it into the data file
// (and deleted it) in between, so this combine must add to that data file,
// not replace it.
func (j *Combine) takenMeanwhile() bool {
	for _, p := range append(append([]string(nil), j.Files...), j.Dirs...) {
		if _, err := os.Lstat(j.Host.Abs(p)); errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// hasLate reports whether an input holds journals of processes that
// outlived their run: they add to the data file that run wrote.
func (j *Combine) hasLate() bool {
	for _, name := range j.Dirs {
		dir := j.Host.Abs(name)
		if monitoring.CheckOwner(dir, j.Owner) == monitoring.NotJournalDir {
			continue
		}
		if info, err := monitoring.ReadRunInfo(dir); err == nil && info.Late {
			return true
		}
	}
	return false
}

// addJournalDir turns the readable journals of d into data
// (Journals) and adds them. It returns the journals used;
// unreadable ones are named in err and kept.
func (j *Combine) addJournalDir(ctx context.Context, c *coverage.Combiner, d JournalDir, infoErr error) ([]string, error) {
	if infoErr != nil {
		return nil, infoErr
	}
	data, used, err := Journals(ctx, d, JournalOptions{Host: j.Host, Python: j.Python, CacheSetting: j.CacheSetting, Rename: j.Aliases.Map})
	if data == nil {
		return nil, err
	}
	if err := c.Add(d.Path, data); err != nil {
		return nil, err
	}
	return used, err
}

// CombineInputs lists what to combine (PATHs are named as given, for
// messages): without args the parallel data
// files and journal directories beside dataPath; a directory arg is a
// journal directory if pycov marked it as one, else it is searched for
// those; a file arg is a data file.
func CombineInputs(h Host, dataPath string, args []string) (files, dirs []string, errs []error) {
	search := func(given string) {
		p := filepath.Join(h.Abs(given), filepath.Base(dataPath))
		for _, f := range coverage.ParallelFiles(p) {
			files = append(files, h.Shown(given, f))
		}
		for _, d := range monitoring.JournalDirs(p) {
			dirs = append(dirs, h.Shown(given, d))
		}
	}
	if len(args) == 0 {
		search(filepath.Dir(dataPath))
	}
	for _, a := range args {
		st, err := os.Stat(h.Abs(a))
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("cannot combine %s: %w", a, err))
		case st.IsDir() && monitoring.CheckOwner(h.Abs(a), nil) != monitoring.NotJournalDir:
			dirs = append(dirs, a)
		case st.IsDir():
			if len(monitoring.Journals(h.Abs(a))) > 0 {
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
		if h.Abs(f) != dataPath {
			kept = append(kept, f)
		}
	}
	return kept, dirs, errs
}

// sortByTime orders data files oldest first, so that where a source file
// changed between runs the newest measurement of it wins (Data.Merge).
func sortByTime(h Host, files []string) {
	mtime := map[string]int64{}
	for _, f := range files {
		if st, err := os.Stat(h.Abs(f)); err == nil {
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

// Pending lists what the combine before a report takes (coverage.py 7.16
// combines before reporting too): pycov's own parallel data files beside
// the data file, and the journal directories of interrupted runs that
// pycov made here and no run is writing. others are the journal
// directories from elsewhere (base names), which it leaves alone.
func (j *Combine) Pending() (files, dirs, others []string) {
	files = coverage.ParallelFiles(j.DataFile)
	for _, d := range monitoring.JournalDirs(j.DataFile) {
		if monitoring.CheckOwner(d, j.Owner) != monitoring.Owned {
			others = append(others, filepath.Base(d))
			continue
		}
		if info, err := monitoring.ReadRunInfo(d); err == nil && !info.Running() {
			dirs = append(dirs, d)
		}
	}
	return files, dirs, others
}

package measure

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
	"github.com/pycov/pycov/vm"
)

// settings are what turns a run's journals into data besides the journals:
// the model's settings, kept in the journal directory's run.json
// (monitoring.RunInfo.Settings) for the combine that reads the journals
// if the run does not get to. The JSON names are run.json's.
type settings struct {
	Include []string `json:"include,omitempty"` // [run] include and omit, for never-imported files
	Omit    []string `json:"omit,omitempty"`
	Exclude []string `json:"exclude,omitempty"` // the facts request's exclusions
	Partial []string `json:"partial,omitempty"`
	// NamespacePackages: never-imported files are looked for in
	// directories without __init__.py too.
	NamespacePackages bool `json:"namespace_packages,omitempty"`
}

// journalRun is what a run's journals are turned into data with: the
// run's facts (monitoring.RunInfo) and its settings.
type journalRun struct {
	info monitoring.RunInfo
	settings
}

// jsonSettings is s as monitoring.RunInfo.Settings keeps it.
func jsonSettings(s settings) (json.RawMessage, error) { return json.Marshal(s) }

func readJournalRun(info monitoring.RunInfo) (journalRun, error) {
	r := journalRun{info: info}
	if len(info.Settings) > 0 {
		if err := json.Unmarshal(info.Settings, &r.settings); err != nil {
			return r, fmt.Errorf("run.json: %w", err)
		}
	}
	return r, nil
}

// dataFromHits turns the hits of one run's journals into data: the files
// that ran and the never-imported files of the source directories, with
// facts from in (the interpreter that ran them). Run and Journals share
// it.
func dataFromHits(ctx context.Context, in *vm.Interpreter, cache string, hits coverage.Hits, hellos []monitoring.Hello, r journalRun) (*coverage.Data, error) {
	sourceDirs := append(append([]string(nil), r.info.SourceDirs...), sourceDirsOf(hellos)...)
	output := func(ctx context.Context, args []string, stdin []byte) ([]byte, error) {
		return in.Output(ctx, args, stdin)
	}
	data, err := coverage.Collect(ctx, output, FactsCache(cache, in), hits, sourceDirs,
		coverage.Selection{Cwd: r.info.Cwd, Include: r.Include, Omit: r.Omit, NamespacePackages: r.NamespacePackages},
		coverage.FactsRequest{Exclude: r.Exclude, Partial: r.Partial})
	if err != nil {
		return nil, err
	}
	data.Branch = r.info.Branch
	data.Exclude, data.Partial = r.Exclude, r.Partial
	return data, nil
}

func sourceDirsOf(hellos []monitoring.Hello) []string {
	var out []string
	for _, h := range hellos {
		out = append(out, h.SourceDirs...)
	}
	return out
}

// JournalDir is a journal directory that a run left behind, to be turned
// into data (pycov combine).
type JournalDir struct {
	Path string
	Info monitoring.RunInfo // its run.json
	// Ours: pycov made it here (monitoring.CheckOwner). One it did not
	// make (a CI artifact, a copy) does not choose what pycov reads: only
	// its files and source directories inside Host.Dir (after Rename) are
	// analysed, and the others are named in one line on Host.Stderr.
	Ours bool
}

// JournalOptions are how journal directories are read.
type JournalOptions struct {
	Host   Host
	Python string // --python: the interpreter that analyses them
	// CacheSetting is [tool.pycov] cache_dir.
	CacheSetting string
	// Rename maps a path the journals name to the one to report ([paths]);
	// nil keeps it.
	Rename func(string) string
}

// Journals turns the readable journals of d into data, asking an
// interpreter of the Python version that wrote them for the facts. It
// returns the data (nil if no journal could be read) and the journals it
// used; unreadable ones are named in err, which may come with data.
func Journals(ctx context.Context, d JournalDir, o JournalOptions) (*coverage.Data, []string, error) {
	run, err := readJournalRun(d.Info)
	if err != nil {
		return nil, nil, fmt.Errorf("journal directory %s: %w", d.Path, err)
	}
	hits, hellos, readErr := monitoring.ReadJournalDir(d.Path)
	if len(hellos) == 0 {
		return nil, nil, readErr
	}
	in, cache, err := journalInterpreter(o, run.info)
	if err != nil {
		return nil, nil, fmt.Errorf("journal directory %s: %w", d.Path, err)
	}
	rename := o.Rename
	if rename == nil {
		rename = func(s string) string { return s }
	}
	mapped := modelHits(hits, rename)
	run.info.SourceDirs = append(run.info.SourceDirs, sourceDirsOf(hellos)...)
	for i, s := range run.info.SourceDirs {
		run.info.SourceDirs[i] = rename(s)
	}
	if !d.Ours {
		if outside := confineToWorkDir(mapped, &run.info, o.Host.Dir); len(outside) > 0 {
			fmt.Fprintf(stderr(o.Host), "pycov: %s: left out %d path(s) outside %s that a journal directory pycov did not make names (e.g. %s); map them with [paths]\n",
				d.Path, len(outside), run.info.Cwd, outside[0])
		}
	}
	data, err := dataFromHits(ctx, in, cache, mapped, nil, run)
	if err != nil {
		return nil, nil, fmt.Errorf("journal directory %s: %w", d.Path, err)
	}
	var used []string
	for _, h := range hellos {
		used = append(used, h.Files...)
	}
	return data, used, readErr
}

func stderr(h Host) io.Writer {
	if h.Stderr == nil {
		return io.Discard
	}
	return h.Stderr
}

// confineToWorkDir drops from hits and info.SourceDirs the paths outside
// wd, the working directory info will be analysed in (pycov's own, now),
// and returns them sorted.
func confineToWorkDir(hits coverage.Hits, info *monitoring.RunInfo, wd string) []string {
	if wd == "" {
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
func journalInterpreter(o JournalOptions, info monitoring.RunInfo) (*vm.Interpreter, string, error) {
	in, cache, err := ChooseInterpreter(o.Host, o.Python, o.CacheSetting)
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

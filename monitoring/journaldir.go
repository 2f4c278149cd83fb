package monitoring

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pycov/pycov/internal/globquote"
)

// ErrStillWriting is what the error for a journal whose writer still runs
// wraps (errors.Is): it is left in its directory for a later read.
var ErrStillWriting = errors.New("journal still being written")

// LiveError is a journal that is not read because a process still holds
// its lock: its writer, or a forked child of its writer.
type LiveError struct {
	File string // its first segment
	PID  int    // its writer, from the file name
}

func (e *LiveError) Error() string {
	return fmt.Sprintf("journal %s is still being written (process %d is running); it is left for a later `pycov combine`", e.File, e.PID)
}

// Is makes a *LiveError match ErrStillWriting.
func (e *LiveError) Is(target error) bool { return target == ErrStillWriting }

// ReadJournalDir reads every finished journal (*.jnl) in dir into one
// Hits. A journal whose writer still runs is not read: a *LiveError names
// it. A journal that cannot be read is left out and its error returned.
// The errors are joined, beside what the rest held: the caller decides
// whether that is fatal (pycov run) or a warning (pycov combine).
func ReadJournalDir(dir string) (Hits, []Hello, error) {
	names, errs, err := journalFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	groups := map[string]*journalGroup{}
	var order []*journalGroup
	for _, segs := range journalGroups(names) {
		g := &journalGroup{segs: segs}
		groups[groupName(segs[0])] = g
		order = append(order, g)
	}
	h := Hits{}
	var hellos []Hello
	for _, g := range order {
		if g.live() {
			errs = append(errs, &LiveError{File: g.segs[0], PID: journalPID(g.segs[0])})
			continue
		}
		if err := g.load(groups); err != nil {
			errs = append(errs, err)
			continue
		}
		one := g.reader.h
		if len(h) == 0 {
			h = one // the usual case, one process: nothing to merge
		} else {
			h.Merge(one)
		}
		g.reader.h = nil // a child of g still needs its code ids, not its hits
		first := g.hello
		first.File, first.Files = g.segs[0], g.segs
		first.SourceDirs = append(first.SourceDirs, g.reader.sources...)
		first.ResolvedPkgs = append(first.ResolvedPkgs, g.reader.packages...)
		first.Stopped = g.reader.stopped
		hellos = append(hellos, first)
	}
	return h, hellos, errors.Join(errs...)
}

// journalGroup is one journal: its segments, and once loaded, its reader.
type journalGroup struct {
	segs    []string
	state   int // 0 not read, 1 being read, 2 read
	reader  *journalReader
	hello   Hello
	loadErr error
}

// live reports whether a process still holds the lock of a segment.
func (g *journalGroup) live() bool {
	for _, s := range g.segs {
		if fileLocked(s) {
			return true
		}
	}
	return false
}

// load reads g's segments, and the journal of the parent a forked child
// refers to for the code records it inherited (even a live one: the
// records a child refers to were written before the fork).
func (g *journalGroup) load(groups map[string]*journalGroup) error {
	switch g.state {
	case 1:
		return fmt.Errorf("journal %s: its parent journals refer to each other", g.segs[0])
	case 2:
		return g.loadErr
	}
	g.state = 1
	g.loadErr = g.loadSegments(groups)
	g.state = 2
	return g.loadErr
}

func (g *journalGroup) loadSegments(groups map[string]*journalGroup) error {
	g.reader = newJournalReader(Hits{})
	for i, n := range g.segs {
		hello, err := readJournalFile(g.reader, n)
		if err != nil {
			return err
		}
		if i == 0 {
			g.hello = hello
		}
	}
	if parent := g.hello.Parent; parent != "" {
		p := groups[parent]
		if p == nil {
			return fmt.Errorf("journal %s: the journal of its parent process, %s.jnl, is missing (a forked child's journal needs it)", g.segs[0], parent)
		}
		if err := p.load(groups); err != nil {
			return fmt.Errorf("journal %s: its parent's journal cannot be read: %w", g.segs[0], err)
		}
		g.reader.parent, g.reader.inherit = p.reader, g.hello.Codes
	}
	return g.reader.finish(g.segs[0])
}

// groupName is the name a child's hello gives for the journal of path: its
// file name without directory and ".jnl".
func groupName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".jnl")
}

// journalPID is the writer's process id in a journal's name, j-PID-X.jnl.
func journalPID(path string) int {
	f := strings.Split(groupName(path), "-")
	if len(f) < 3 {
		return 0
	}
	pid, _ := strconv.Atoi(f[1])
	return pid
}

// WaitWriters waits until no process is at work in dir, or for at most
// timeout, and returns the processes still at work: those holding a
// journal's lock, and (on Linux) those whose environment carries the agent
// for dir, which may yet open a journal there.
func WaitWriters(dir string, timeout time.Duration) []int {
	deadline := time.Now().Add(timeout)
	pause := 10 * time.Millisecond
	for {
		live := agentProcesses(dir)
		names, _, _ := journalFiles(dir)
		for _, segs := range journalGroups(names) {
			if (&journalGroup{segs: segs}).live() {
				if pid := journalPID(segs[0]); !slices.Contains(live, pid) {
					live = append(live, pid)
				}
			}
		}
		if len(live) == 0 || !time.Now().Before(deadline) {
			sort.Ints(live)
			return live
		}
		time.Sleep(min(pause, time.Until(deadline)))
		pause = min(2*pause, 200*time.Millisecond)
	}
}

// journalFiles lists the journals (*.jnl) in dir: regular files only. A
// FIFO, device or link under a journal's name (in a directory copied from
// elsewhere) is never opened, which could hang or read without end; each
// is named in errs.
func journalFiles(dir string) (names []string, errs []error, err error) {
	all, err := filepath.Glob(filepath.Join(globquote.Quote(dir), "*.jnl"))
	if err != nil {
		return nil, nil, err
	}
	for _, n := range all {
		if st, err := os.Lstat(n); err != nil || !st.Mode().IsRegular() {
			errs = append(errs, fmt.Errorf("%s is not a pycov journal (not a regular file); it is left alone", n))
			continue
		}
		names = append(names, n)
	}
	return names, errs, nil
}

// Journals lists the journal files in dir that pycov would read (regular
// files named *.jnl), whatever characters dir's name holds.
func Journals(dir string) []string {
	names, _, _ := journalFiles(dir)
	return names
}

// journalGroups groups journal files by journal: j-PID-X.jnl and its
// segments j-PID-X.2.jnl, j-PID-X.3.jnl ..., in segment order.
func journalGroups(names []string) [][]string {
	type seg struct {
		n    int
		name string
	}
	groups := map[string][]seg{}
	for _, name := range names {
		base := strings.TrimSuffix(name, ".jnl")
		n := 1
		if i := strings.LastIndexByte(base, '.'); i >= 0 {
			if k, err := strconv.Atoi(base[i+1:]); err == nil && k > 1 {
				base, n = base[:i], k
			}
		}
		groups[base] = append(groups[base], seg{n, name})
	}
	bases := make([]string, 0, len(groups))
	for b := range groups {
		bases = append(bases, b)
	}
	sort.Strings(bases)
	out := make([][]string, 0, len(bases))
	for _, b := range bases {
		segs := groups[b]
		sort.Slice(segs, func(i, j int) bool { return segs[i].n < segs[j].n })
		names := make([]string, len(segs))
		for i, s := range segs {
			names[i] = s.name
		}
		out = append(out, names)
	}
	return out
}

func readJournalFile(r *journalReader, name string) (Hello, error) {
	f, err := os.Open(name)
	if err != nil {
		return Hello{}, fmt.Errorf("reading journal: %w", err)
	}
	defer f.Close()
	return r.read(f, name)
}

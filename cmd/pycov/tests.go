package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/diffcover"
)

// This file holds `pycov tests-for` and `pycov affected`: which tests ran
// given lines, read from data measured with per-test contexts.

// testsForCmd is `pycov tests-for FILE[:LINE[-LINE]]...`.
func testsForCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("tests-for", "FILE[:LINE[-LINE]]...", io.err)
	cf := addConfigFlags(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("name a measured file, or lines of it: pycov tests-for app.py:10-20")
	}
	cfg, err := cf.load(io)
	if err != nil {
		return err
	}
	data, err := contextData(ctx, io, cfg, "tests-for")
	if err != nil {
		return err
	}
	wd := io.dir
	byPath := measuredByPath(data)
	tests := map[string]bool{}
	for _, arg := range fs.Args() {
		name, first, last := splitLineRange(arg)
		abs := name
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(wd, name)
		}
		fd := byPath[diffcover.Physical(abs)]
		if fd == nil {
			return fmt.Errorf("%s was not measured in %s: name a file `pycov report` lists", name, cfg.Run.DataFile)
		}
		addTests(tests, data.Contexts, fd, func(l int) bool { return first == 0 || l >= first && l <= last })
	}
	printTests(io, tests)
	return nil
}

// affectedCmd is `pycov affected [--base REV]`.
func affectedCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("affected", "[--base REV]", io.err)
	cf := addConfigFlags(fs)
	base := fs.String("base", "", "the revision to compare with (default: as pycov diff, the merge base of HEAD and origin/HEAD, origin/main, origin/master, main or master)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	cfg, err := cf.load(io)
	if err != nil {
		return err
	}
	wd := io.dir
	top, err := diffcover.GitTop(ctx, wd)
	if err != nil {
		return err
	}
	commit, _, err := diffcover.GitBase(ctx, top, *base)
	if err != nil {
		return err
	}
	changes, _, _, err := diffcover.GitChanges(ctx, top, commit)
	if err != nil {
		return err
	}
	data, err := contextData(ctx, io, cfg, "affected")
	if err != nil {
		return err
	}
	byPath := measuredByPath(data)
	tests := map[string]bool{}
	var newFiles, other, unmeasured []string
	for _, c := range changes {
		abs := diffcover.Physical(filepath.Join(top, filepath.FromSlash(c.Path)))
		name := coverage.DisplayName(abs, diffcover.Physical(wd))
		fd := byPath[abs]
		if fd == nil && c.OldPath != "" {
			fd = byPath[diffcover.Physical(filepath.Join(top, filepath.FromSlash(c.OldPath)))]
		}
		switch {
		case fd != nil:
		case !diffcover.IsPython(c.Path):
			other = append(other, name)
			continue
		case c.New:
			newFiles = append(newFiles, name)
			continue
		default:
			if !c.Deleted {
				unmeasured = append(unmeasured, name)
			}
			continue
		}
		addTests(tests, data.Contexts, fd, changedLines(fd, abs, c))
	}
	printTests(io, tests)
	var notes []string
	for _, n := range []struct {
		what  string
		names []string
	}{
		{"new Python files (no test ran them yet)", newFiles},
		{"changed files that are not Python", other},
		{"changed Python files that were not measured", unmeasured},
	} {
		if len(n.names) > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s", n.what, strings.Join(n.names, ", ")))
		}
	}
	noun := "tests"
	if len(tests) == 1 {
		noun = "test"
	}
	fmt.Fprintf(io.err, "pycov: affected since %s: %d %s. Not known from %s: tests that ran no measured code", diffcover.ShortCommit(commit), len(tests), noun, cfg.Run.DataFile)
	if len(notes) > 0 {
		fmt.Fprintf(io.err, "; %s", strings.Join(notes, "; "))
	}
	fmt.Fprintln(io.err)
	return nil
}

// changedLines says which measured lines of fd the change c touches. The
// data's lines are those of the source as measured: the working tree's
// when it has not changed since (its new lines), else the base's (the
// lines changed or removed there). A deleted file is touched everywhere.
func changedLines(fd *coverage.FileData, abs string, c diffcover.Change) func(int) bool {
	if c.Deleted || c.All {
		return func(int) bool { return true }
	}
	lines := c.OldLines
	if raw, err := os.ReadFile(abs); err == nil {
		if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) == fd.Facts.SHA256 {
			lines = c.Lines
		}
	}
	set := map[int]bool{}
	for _, l := range lines {
		set[l] = true
	}
	return func(l int) bool { return set[l] }
}

// contextData reads the data file, which must have been measured with
// contexts.
func contextData(ctx context.Context, io stdio, cfg *config.Config, cmd string) (*coverage.Data, error) {
	if err := combinePending(ctx, io, cfg, false); err != nil {
		return nil, err
	}
	data, err := coverage.ReadData(cfg.Run.DataFile, io.dir)
	if err != nil {
		return nil, err
	}
	if !data.HasContexts() {
		return nil, errors.New(cfg.Run.DataFile + " was measured without contexts, so it does not say which test ran what: " +
			"measure with `[run] dynamic_context = test_function` (pycov " + cmd + " needs it)")
	}
	return data, nil
}

func measuredByPath(d *coverage.Data) map[string]*coverage.FileData {
	out := make(map[string]*coverage.FileData, len(d.Files))
	for _, f := range d.Files {
		out[diffcover.Physical(f.Path)] = f
	}
	return out
}

// addTests adds the tests that ran the lines of fd that want accepts
// (lines, or either end of an arc).
func addTests(tests map[string]bool, names []string, fd *coverage.FileData, want func(int) bool) {
	add := func(set coverage.ContextSet) {
		for _, c := range set {
			if id, ok := testID(names[c]); ok {
				tests[id] = true
			}
		}
	}
	for l, set := range fd.LineContexts {
		// (A line of a statement spanning lines counts for its first.)
		if first, ok := fd.Facts.Multiline[l]; want(l) || ok && want(first) {
			add(set)
		}
	}
	for a, set := range fd.ArcContexts {
		if a[0] > 0 && want(a[0]) || a[1] > 0 && want(a[1]) {
			add(set)
		}
	}
}

// testID is the test a context names: pytest's node id without its phase
// ("|setup", "|run", "|teardown"), or coverage.py's test_function name;
// a static label in front ("LABEL|...") is left out. The empty context
// (code outside tests) and a static label alone are no test.
func testID(name string) (string, bool) {
	for _, phase := range []string{"|setup", "|run", "|teardown"} {
		if s, ok := strings.CutSuffix(name, phase); ok {
			name = s
			break
		}
	}
	if label, rest, ok := strings.Cut(name, "|"); ok && !strings.ContainsAny(label, ":[") {
		name = rest
	}
	if !strings.Contains(name, "::") && !strings.Contains(name, ".") {
		return "", false // "", or a static label alone
	}
	return name, true
}

func printTests(io stdio, tests map[string]bool) {
	for _, t := range slices.Sorted(maps.Keys(tests)) {
		fmt.Fprintln(io.out, t)
	}
}

var lineRange = regexp.MustCompile(`^(.*):([0-9]+)(?:-([0-9]+))?$`)

// splitLineRange splits FILE[:LINE[-LINE]]; first is 0 for the whole file.
func splitLineRange(arg string) (name string, first, last int) {
	m := lineRange.FindStringSubmatch(arg)
	if m == nil {
		return arg, 0, 0
	}
	first, _ = strconv.Atoi(m[2])
	last = first
	if m[3] != "" {
		last, _ = strconv.Atoi(m[3])
	}
	if first == 0 {
		first = 1 // ":0" is no line; ask for the file from line 1
	}
	return m[1], first, last
}

package coverage

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/pycov/pycov/internal/globquote"
	"github.com/pycov/pycov/pathglob"
)

// Combining: `pycov run --parallel` writes one data file per run, named
// <data file>.<host>.<pid>.<random> (ParallelPath); `pycov combine` and
// every report merge them into the data file (Combiner), rewriting paths
// measured elsewhere with [paths] (PathAliases), as coverage.py does.

// ParallelPath is a fresh, unique name for the data of one parallel run.
func ParallelPath(dataPath string) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	var r [4]byte
	rand.Read(r[:])
	return fmt.Sprintf("%s.%s.%d.%s", dataPath, host, os.Getpid(), hex.EncodeToString(r[:]))
}

// ParallelFiles lists the parallel data files of dataPath: the regular
// files beside it (not symbolic links) whose name is one ParallelPath
// makes (IsParallelName) and whose content starts as a data file does.
// Anything else named <data file>.* (a user's backup copy, say) is not
// pycov's to merge or delete.
func ParallelFiles(dataPath string) []string {
	names, _ := filepath.Glob(filepath.Join(globquote.Quote(filepath.Dir(dataPath)), globquote.Quote(filepath.Base(dataPath))+".*"))
	var out []string
	for _, n := range names {
		if IsParallelName(dataPath, n) && hasDataHeader(n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// parallelSuffix is what ParallelPath adds: .HOST.PID.RANDOM (a host name
// may hold dots).
var parallelSuffix = regexp.MustCompile(`^\.[^/\\]+\.[0-9]+\.[0-9a-f]{8}$`)

// IsParallelName reports whether path is named as ParallelPath names the
// parallel data files of dataPath (in any directory).
func IsParallelName(dataPath, path string) bool {
	base, name := filepath.Base(dataPath), filepath.Base(path)
	return strings.HasPrefix(name, base) && parallelSuffix.MatchString(name[len(base):])
}

// hasDataHeader reports whether path is a regular file (not a link) that
// starts with the data file header.
func hasDataHeader(path string) bool {
	if st, err := os.Lstat(path); err != nil || !st.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(dataHeader))
	n, _ := io.ReadFull(f, head)
	return string(head[:n]) == dataHeader
}

// A Combiner merges measurements into one Data. Each input is remapped with
// Aliases first; an input whose bytes were already added is skipped; an
// input that measured lines only cannot join data that measured branches
// (or the other way round), as in coverage.py.
type Combiner struct {
	Aliases *PathAliases // nil keeps paths as they are
	data    *Data
	modeSet bool
	seen    map[[32]byte]string
}

// NewCombiner starts from base (the existing data file when appending), or
// from nothing when base is nil.
func NewCombiner(base *Data, aliases *PathAliases) *Combiner {
	c := &Combiner{Aliases: aliases, data: &Data{}, seen: map[[32]byte]string{}}
	if base != nil {
		if aliases != nil {
			base.Remap(aliases) // relative or absolute like the rest
		}
		c.data = base
		c.modeSet = len(base.Files) > 0
	}
	return c
}

// Data is the combination so far.
func (c *Combiner) Data() *Data { return c.data }

// ErrDuplicate is returned by AddFile for a file identical to one added.
var ErrDuplicate = errors.New("duplicate of a data file already combined")

// AddFile reads the data file at path and adds it.
func (c *Combiner) AddFile(path string) error { return c.AddFileAs(path, path) }

// AddFileAs is AddFile of the file at path, named name in errors and
// duplicates (the name the user gave it).
func (c *Combiner) AddFileAs(path, name string) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return errNotAFile(name, st) // (reading a FIFO would block)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading data file %s: %w", name, err)
	}
	sum := sha256.Sum256(b)
	if first, ok := c.seen[sum]; ok {
		return fmt.Errorf("%s: %w %s", name, ErrDuplicate, first)
	}
	d, err := DecodeData(bytes.NewReader(b), name)
	if err != nil {
		return err
	}
	if err := c.Add(name, d); err != nil {
		return err
	}
	c.seen[sum] = name
	return nil
}

// Add adds d, read from name (used in errors).
func (c *Combiner) Add(name string, d *Data) error {
	if len(d.Files) == 0 {
		return nil
	}
	if c.modeSet && d.Branch != c.data.Branch {
		what := map[bool]string{true: "lines and branches", false: "lines only"}
		return fmt.Errorf("%s measured %s but the data it would join measured %s: data measured with and without --branch cannot be mixed; measure again the same way, or start afresh with `pycov erase`", name, what[d.Branch], what[c.data.Branch])
	}
	if c.Aliases != nil {
		d.Remap(c.Aliases)
	}
	c.data.Merge(d)
	c.data.Branch = d.Branch
	c.modeSet = true
	return nil
}

// Remap rewrites the paths of d's files with a; files that then share a
// path are merged.
func (d *Data) Remap(a *PathAliases) {
	files := d.Files
	d.Files = nil
	for _, f := range files {
		f.Path = a.Map(f.Path)
		if f.Facts != nil {
			f.Facts.Path = f.Path
		}
	}
	d.Merge(&Data{Branch: d.Branch, Files: files, Contexts: d.Contexts})
}

// PathAliases is coverage.py's [paths]: each alias lists a canonical path
// first, then patterns (pathglob's file patterns, matching the start of a
// path, case-insensitive) for the same files
// elsewhere, such as another CI machine's checkout. A path starting with a
// pattern has that start replaced by the canonical path, when the result
// exists; the first such rule wins. Relative patterns are relative to Cwd.
//
// With relative_files, results stay relative and paths under Cwd are made
// relative to it; otherwise results are made absolute against Cwd.
type PathAliases struct {
	rules    []aliasRule
	relative bool
	cwd      string
	// Exists reports whether a remapped path exists; os.Stat by default.
	Exists func(string) bool
}

type aliasRule struct {
	pattern *pathglob.Set // Partial: matches the start of a path
	result  string
}

// NewPathAliases compiles aliases, each canonical path first, in file order.
func NewPathAliases(aliases [][]string, cwd string, relative bool) (*PathAliases, error) {
	a := &PathAliases{relative: relative, cwd: cwd, Exists: func(p string) bool {
		_, err := os.Stat(p)
		return err == nil
	}}
	for _, al := range aliases {
		if len(al) == 0 {
			continue
		}
		result := strings.TrimRight(al[0], `\/`) + sepOf(al[0])
		for _, pat := range al[1:] {
			orig := pat
			psep := sepOf(pat)
			if len(pat) > 1 {
				pat = strings.TrimRight(pat, `\/`)
			}
			if strings.HasSuffix(pat, "*") {
				return nil, fmt.Errorf("[paths] pattern %q must not end with a wildcard", orig)
			}
			if !relative && !strings.HasPrefix(pat, "*") && !isAbsAnywhere(pat+psep) {
				pat = filepath.Join(cwd, pat)
			}
			if !strings.HasSuffix(pat, psep) {
				pat += psep
			}
			set, err := pathglob.Compile([]string{pat}, pathglob.Options{Partial: true, CaseInsensitive: true})
			if err != nil {
				return nil, fmt.Errorf("[paths] pattern %q: %w", orig, err)
			}
			a.rules = append(a.rules, aliasRule{set, result})
		}
	}
	return a, nil
}

// RelativePaths makes paths under cwd relative to it: the paths
// [run] relative_files writes, so that data measured in one checkout can be
// reported in another.
func RelativePaths(cwd string) *PathAliases {
	a, _ := NewPathAliases(nil, cwd, true)
	return a
}

// Map is where path is reported.
func (a *PathAliases) Map(path string) string {
	for _, r := range a.rules {
		end := r.pattern.MatchPrefix(path)
		if end < 0 {
			continue
		}
		p := r.result + path[end:]
		p = strings.ReplaceAll(p, sepOf(path), sepOf(r.result))
		if !a.relative {
			p = a.abs(p)
		}
		if strings.HasPrefix(p, "./") && !strings.HasPrefix(r.result, "./") {
			p = p[2:]
		}
		if !a.Exists(a.abs(p)) {
			continue
		}
		return p
	}
	if a.relative {
		if rel, err := filepath.Rel(a.cwd, path); err == nil && filepath.IsAbs(path) && !strings.HasPrefix(rel, "..") {
			return rel
		}
		return path
	}
	return a.abs(path)
}

func (a *PathAliases) abs(p string) string {
	if filepath.IsAbs(p) || isAbsAnywhere(p) {
		return p
	}
	return filepath.Join(a.cwd, p)
}

// sepOf is the path separator s uses: its first slash or backslash.
func sepOf(s string) string {
	if i := strings.IndexAny(s, `\/`); i >= 0 {
		return s[i : i+1]
	}
	return string(filepath.Separator)
}

// isAbsAnywhere: absolute on POSIX or on Windows ("C:\", "\\server").
var absAnywhere = regexp.MustCompile(`^([a-zA-Z]:)?[\\/]`)

func isAbsAnywhere(p string) bool { return absAnywhere.MatchString(p) }

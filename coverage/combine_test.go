package coverage

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestPathAliases(t *testing.T) {
	tests := []struct {
		name     string
		aliases  [][]string
		relative bool
		exists   []string // nil: every path exists
		path     string
		want     string
	}{
		{name: "a CI checkout maps to the canonical path",
			aliases: [][]string{{"/src/", "/ci/*/proj/src/"}},
			path:    "/ci/job1/proj/src/pkg/a.py", want: "/src/pkg/a.py"},
		{name: "Windows paths: any case, backslashes become slashes",
			aliases: [][]string{{"/src/", `C:\build\src\`}},
			path:    `c:\BUILD\src\pkg\a.py`, want: "/src/pkg/a.py"},
		{name: "** crosses directories",
			aliases: [][]string{{"/src/", "/ci/**/src/"}},
			path:    "/ci/a/b/c/src/x.py", want: "/src/x.py"},
		{name: "* does not cross directories",
			aliases: [][]string{{"/src/", "/ci/*/src/"}},
			path:    "/ci/a/b/src/x.py", want: "/ci/a/b/src/x.py"},
		{name: "a relative canonical path is made absolute",
			aliases: [][]string{{"src/", "/ci/*/src/"}},
			path:    "/ci/x/src/a.py", want: "/home/me/proj/src/a.py"},
		{name: "relative_files keeps it relative",
			aliases: [][]string{{"src/", "/ci/*/src/"}}, relative: true,
			path: "/ci/x/src/a.py", want: "src/a.py"},
		{name: "relative_files makes unmatched paths under cwd relative",
			relative: true,
			path:     "/home/me/proj/lib/b.py", want: "lib/b.py"},
		{name: "relative_files leaves paths elsewhere alone",
			relative: true,
			path:     "/usr/lib/c.py", want: "/usr/lib/c.py"},
		{name: "a rule whose result does not exist is passed over",
			aliases: [][]string{{"/nowhere/", "/ci/*/src/"}, {"/src/", "/ci/*/src/"}}, exists: []string{"/src/a.py"},
			path: "/ci/x/src/a.py", want: "/src/a.py"},
		{name: "unmatched paths are unchanged",
			aliases: [][]string{{"/src/", "/ci/*/src/"}},
			path:    "/elsewhere/a.py", want: "/elsewhere/a.py"},
		{name: "a relative pattern is relative to cwd",
			aliases: [][]string{{"/src/", "build/lib/"}},
			path:    "/home/me/proj/build/lib/m.py", want: "/src/m.py"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewPathAliases(tt.aliases, "/home/me/proj", tt.relative)
			if err != nil {
				t.Fatal(err)
			}
			if tt.exists != nil {
				a.Exists = func(p string) bool {
					for _, e := range tt.exists {
						if e == p {
							return true
						}
					}
					return false
				}
			} else {
				a.Exists = func(string) bool { return true }
			}
			if got := a.Map(tt.path); got != tt.want {
				t.Errorf("Map(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func TestPathAliasesErrors(t *testing.T) {
	for _, pat := range []string{"/ci/*", "/ci/***/src/", "/ci/x**/src/", "/ci/[ab/src/"} {
		if _, err := NewPathAliases([][]string{{"/src/", pat}}, "/", false); err == nil || !strings.Contains(err.Error(), pat) {
			t.Errorf("pattern %q: error = %v, want one naming it", pat, err)
		}
	}
}

func writeData(t testing.TB, path string, d *Data) {
	t.Helper()
	if err := WriteData(path, d); err != nil {
		t.Fatal(err)
	}
}

func TestCombiner(t *testing.T) {
	dir := t.TempDir()
	a, b := sampleData(), sampleData()
	a.Branch, b.Branch = true, true
	b.Files[0].Lines = []int{4}
	writeData(t, filepath.Join(dir, "a"), a)
	writeData(t, filepath.Join(dir, "b"), b)
	dup, _ := os.ReadFile(filepath.Join(dir, "a"))
	os.WriteFile(filepath.Join(dir, "dup"), dup, 0o600)
	os.WriteFile(filepath.Join(dir, "bad"), []byte("pycov-data 3\n\x01\x7f"), 0o600)
	lines := sampleData()
	lines.Branch = false
	writeData(t, filepath.Join(dir, "lines"), lines)

	c := NewCombiner(nil, nil)
	for _, n := range []string{"a", "b"} {
		if err := c.AddFile(filepath.Join(dir, n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.AddFile(filepath.Join(dir, "dup")); !errors.Is(err, ErrDuplicate) {
		t.Errorf("dup: error = %v, want ErrDuplicate", err)
	}
	if err := c.AddFile(filepath.Join(dir, "bad")); err == nil || !strings.Contains(err.Error(), "bad is damaged") {
		t.Errorf("bad: error = %v, want one naming it", err)
	}
	if err := c.AddFile(filepath.Join(dir, "lines")); err == nil || !strings.Contains(err.Error(), "lines measured lines only") {
		t.Errorf("lines only: error = %v, want one naming it", err)
	}
	if got := c.Data().Files[0].Lines; !reflect.DeepEqual(got, []int{1, 2, 4}) {
		t.Errorf("combined lines = %v", got)
	}
}

func TestRemapMergesFiles(t *testing.T) {
	d := sampleData()
	other := sampleData().Files[0]
	other.Path = "/ci/1/src/app.py"
	other.Lines = []int{4}
	d.Files = append(d.Files, other)
	a, _ := NewPathAliases([][]string{{"/src/", "/ci/*/src/"}}, "/", false)
	a.Exists = func(string) bool { return true }
	d.Remap(a)
	if len(d.Files) != 1 || d.Files[0].Path != "/src/app.py" || !reflect.DeepEqual(d.Files[0].Lines, []int{1, 2, 4}) {
		t.Errorf("remapped = %+v", d.Files)
	}
}

// syntheticData is a parallel data file of a mid-sized project: files
// source files of 300 lines each, about half of it run.
func syntheticData(files, seed int) *Data {
	d := &Data{Branch: true}
	for f := 0; f < files; f++ {
		facts := &Facts{Path: fmt.Sprintf("/proj/pkg/mod%03d.py", f), SHA256: fmt.Sprintf("%064x", f), Multiline: LineMap{}}
		fd := &FileData{Path: facts.Path, Facts: facts}
		for l := 1; l <= 300; l++ {
			facts.Statements = append(facts.Statements, l)
			h := uint32(l*73856093 ^ seed*19349663) // which lines ran differs from seed to seed
			h ^= h >> 13
			h *= 0x5bd1e995
			ran := h>>15&1 == 0
			if ran {
				fd.Lines = append(fd.Lines, l)
			}
			if l%5 == 0 {
				facts.Arcs = append(facts.Arcs, [2]int{l, l + 1}, [2]int{l, l + 3})
				if ran {
					fd.Arcs = append(fd.Arcs, [2]int{l, l + 1})
				} else {
					fd.Arcs = append(fd.Arcs, [2]int{l, l + 3})
				}
			}
			if l%20 == 1 {
				facts.Functions = append(facts.Functions, Region{Name: fmt.Sprintf("f%d", l), Start: l, End: l + 19})
				fd.Started = append(fd.Started, l)
			}
		}
		d.Files = append(d.Files, fd)
	}
	return d
}

// BenchmarkCombine200 is `pycov combine` of 200 parallel data files of a
// 50-file project: read, merge, write.
func BenchmarkCombine200(b *testing.B) {
	dir := b.TempDir()
	var paths []string
	for i := 0; i < 200; i++ {
		p := filepath.Join(dir, fmt.Sprintf(".pycov.host.%d.x", i))
		writeData(b, p, syntheticData(50, i))
		paths = append(paths, p)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := NewCombiner(nil, nil)
		for _, p := range paths {
			if err := c.AddFile(p); err != nil {
				b.Fatal(err)
			}
		}
		writeData(b, filepath.Join(dir, ".pycov"), c.Data())
	}
}

func TestUnionSortedOrNot(t *testing.T) {
	if got := unionInts([]int{1, 3, 3, 5}, []int{5, 2, 9}); !reflect.DeepEqual(got, []int{1, 2, 3, 5, 9}) {
		t.Errorf("unionInts = %v", got)
	}
	if got := unionArcs([][2]int{{2, 3}, {1, -1}}, [][2]int{{1, -1}, {2, 1}}); !reflect.DeepEqual(got, [][2]int{{1, -1}, {2, 1}, {2, 3}}) {
		t.Errorf("unionArcs = %v", got)
	}
}

// FuzzCombine: whatever bytes a parallel data file holds, combining it
// either works or fails with an error naming it, and a failure leaves the
// combination as it was: bad input never damages good data.
func FuzzCombine(f *testing.F) {
	var buf bytes.Buffer
	good := sampleData()
	good.Branch = true
	good.Encode(&buf)
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add([]byte("pycov-data 3\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		in := filepath.Join(dir, ".pycov.fuzz.1.x")
		os.WriteFile(in, b, 0o600)
		base := sampleData()
		base.Branch = true
		c := NewCombiner(base, nil)
		var before bytes.Buffer
		c.Data().Encode(&before)
		if err := c.AddFile(in); err != nil {
			if !strings.Contains(err.Error(), in) {
				t.Errorf("error does not name the input: %v", err)
			}
			var after bytes.Buffer
			c.Data().Encode(&after)
			if !bytes.Equal(before.Bytes(), after.Bytes()) {
				t.Errorf("a rejected input changed the combination")
			}
			return
		}
		var out bytes.Buffer
		if err := c.Data().Encode(&out); err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeData(bytes.NewReader(out.Bytes()), "combined"); err != nil {
			t.Errorf("the combination does not read back: %v", err)
		}
	})
}

// FuzzPathAliases: any [paths] pattern either compiles or is refused;
// mapping never panics.
func FuzzPathAliases(f *testing.F) {
	f.Add("/ci/*/src/", "/ci/job/src/a.py")
	f.Add(`C:\b\**\src`, `c:\B\x\y\src\m.py`)
	f.Add("[a-c]?/", "b1/x.py")
	f.Fuzz(func(t *testing.T, pattern, path string) {
		a, err := NewPathAliases([][]string{{"/src/", pattern}}, "/cwd", false)
		if err != nil {
			return
		}
		a.Exists = func(string) bool { return true }
		a.Map(path)
	})
}

func TestParallelFilesArePycovsOwn(t *testing.T) {
	dir := t.TempDir()
	dataPath := filepath.Join(dir, ".pycov")
	good := &Data{Branch: true}
	for _, name := range []string{".pycov.ci.example.com.42.0123abcd", ".pycov.baseline-v1", ".pycov.host.1.BACKUP00", ".pycov.host.x.0123abcd", ".pycov.host.1.0123abcd.bak"} {
		if err := WriteData(filepath.Join(dir, name), good); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, ".pycov.host.2.0123abcd"), []byte("not data"), 0o644)
	os.Symlink(filepath.Join(dir, ".pycov.ci.example.com.42.0123abcd"), filepath.Join(dir, ".pycov.host.3.0123abcd"))
	os.Mkdir(filepath.Join(dir, ".pycov.host.4.0123abcd"), 0o755)
	got := ParallelFiles(dataPath)
	if len(got) != 1 || filepath.Base(got[0]) != ".pycov.ci.example.com.42.0123abcd" {
		t.Errorf("ParallelFiles = %v, want only .pycov.ci.example.com.42.0123abcd", got)
	}
	if p := ParallelPath(dataPath); !IsParallelName(dataPath, p) {
		t.Errorf("ParallelPath gives %s, which IsParallelName rejects", p)
	}
}

// Parallel data files are found whatever bytes the directory's and the
// data file's names hold: glob characters, bytes that are not UTF-8.
func TestParallelFilesOddNames(t *testing.T) {
	for _, name := range []string{"proj[1]*?", "d\xff\xfe", "caf\xe9"} {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, base := range []string{".pycov", ".cov\xff[x]"} {
			dataPath := filepath.Join(dir, base)
			p := ParallelPath(dataPath)
			if err := WriteData(p, &Data{Branch: true}); err != nil {
				t.Fatal(err)
			}
			if got := ParallelFiles(dataPath); len(got) != 1 || got[0] != p {
				t.Errorf("ParallelFiles(%q) = %q, want [%q]", dataPath, got, p)
			}
		}
	}
}

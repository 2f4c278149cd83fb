package pathglob

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// globCases are coverage.py's documented examples of its file patterns
// (doc/source.rst, "File patterns") and the cases of its own tests of
// globs_to_regex (tests/test_files.py), as pattern sets with paths that
// match and paths that do not.
var globCases = []struct {
	patterns []string
	opts     Options
	match    []string
	nomatch  []string
}{
	// doc/source.rst
	{[]string{"a*.py"}, Options{}, []string{"anything.py", "sub1/sub2/another.py"}, []string{"cat.py"}},
	{[]string{"sub/*/*.py"}, Options{}, []string{"sub/a/main.py", "sub/b/another.py"}, []string{"sub/foo.py", "sub/m1/m2/foo.py"}},
	{[]string{"sub/**/*.py"}, Options{}, []string{"sub/something.py", "sub/a/main.py", "sub/b/another.py", "sub/m1/m2/foo.py"}, []string{"sub1/anything.py", "sub1/more/code/main.py"}},
	{[]string{"*/sub/*"}, Options{}, []string{"some/where/sub/more/something.py", "sub/hello.py"}, []string{"sub1/anything.py"}},
	{[]string{"*/sub*/*"}, Options{}, []string{"some/where/sub/more/something.py", "sub/hello.py", "sub1/anything.py"}, []string{"some/more/something.py"}},
	{[]string{"*/*sub/test_*.py"}, Options{}, []string{"some/where/sub/test_everything.py", "moresub/test_things.py"}, []string{"some/where/sub/more/test_everything.py", "more/test_things.py"}},
	{[]string{"*/*sub/*sub/**"}, Options{}, []string{"sub/sub/something.py", "asub/bsub/more/thing.py", "code/sub/sub/code.py"}, []string{"sub/something.py"}},
	// tests/test_files.py
	{[]string{"abc", "xyz"}, Options{}, []string{"abc", "xyz", "sub/mod/abc"}, []string{"ABC", "xYz", "abcx", "xabc", "axyz", "xyza", "sub/mod/abcd", "sub/abc/more"}},
	{[]string{"abc", "xyz"}, Options{CaseInsensitive: true}, []string{"abc", "xyz", "Abc", "XYZ", "AbC"}, []string{"abcx", "xabc", "axyz", "xyza"}},
	{[]string{"a*c", "x*z"}, Options{}, []string{"abc", "xyz", "xYz", "azc", "xaz", "axyzc"}, []string{"ABC", "abcx", "xabc", "axyz", "xyza", "a/c"}},
	{[]string{"a?c", "x?z"}, Options{}, []string{"abc", "xyz", "xYz", "azc", "xaz"}, []string{"ABC", "abcx", "xabc", "axyz", "xyza", "a/c"}},
	{[]string{"a??d"}, Options{}, []string{"abcd", "azcd", "a12d"}, []string{"ABCD", "abcx", "axyz", "abcde"}},
	{[]string{"abc/hi.py"}, Options{CaseInsensitive: true}, []string{"abc/hi.py", "ABC/hi.py", `ABC\hi.py`}, []string{"abc_hi.py", "abc/hi.pyc"}},
	{[]string{`abc\hi.py`}, Options{CaseInsensitive: true}, []string{`abc\hi.py`, `ABC\hi.py`, "abc/hi.py", "ABC/hi.py"}, []string{"abc_hi.py", "abc/hi.pyc"}},
	{[]string{"abc/*/hi.py"}, Options{CaseInsensitive: true}, []string{"abc/foo/hi.py", `ABC\foo/hi.py`}, []string{"abc/hi.py", "abc/hi.pyc", "ABC/foo/bar/hi.py", `ABC\foo/bar/hi.py`}},
	{[]string{"abc/**/hi.py"}, Options{CaseInsensitive: true}, []string{"abc/foo/hi.py", `ABC\foo/hi.py`, "abc/hi.py", "ABC/foo/bar/hi.py", `ABC\foo/bar/hi.py`}, []string{"abc/hi.pyc"}},
	{[]string{"abc/[a-f]*/hi.py"}, Options{CaseInsensitive: true}, []string{"abc/foo/hi.py", `ABC\boo/hi.py`}, []string{"abc/zoo/hi.py", "abc/hi.py", "abc/hi.pyc", "abc/foo/bar/hi.py", `abc\foo/bar/hi.py`}},
	{[]string{"abc/[a-f]/hi.py"}, Options{CaseInsensitive: true}, []string{"abc/f/hi.py", `ABC\b/hi.py`}, []string{"abc/foo/hi.py", "abc/zoo/hi.py", "abc/hi.py", "abc/hi.pyc", "abc/foo/bar/hi.py", `abc\foo/bar/hi.py`}},
	{[]string{"abc/"}, Options{CaseInsensitive: true, Partial: true}, []string{"abc/foo/hi.py", "ABC/foo/bar/hi.py", `ABC\foo/bar/hi.py`}, []string{"abcd/foo.py", "xabc/hi.py"}},
	{[]string{"*/foo"}, Options{Partial: true}, []string{"abc/foo/hi.py", "foo/hi.py", "abc/def/foo/hi.py"}, []string{"abc/xfoo/hi.py"}},
	{[]string{"*c/foo"}, Options{Partial: true}, []string{"abc/foo/hi.py"}, []string{"abc/xfoo/hi.py", "foo/hi.py", "def/abc/foo/hi.py"}},
	{[]string{"foo/x*"}, Options{Partial: true}, []string{"foo/x", "foo/xhi.py", "foo/x/hi.py"}, nil},
	{[]string{"foo/x*"}, Options{}, []string{"foo/x", "foo/xhi.py"}, []string{"foo/x/hi.py"}},
	{[]string{"**/foo"}, Options{}, []string{"foo", "hello/foo", "hi/there/foo"}, []string{"foob", "hello/foob", "hello/Foo"}},
	{[]string{"a+b/foo*", "x{y}z/foo*"}, Options{}, []string{"a+b/foo", "a+b/foobar", "x{y}z/foobar"}, []string{"aab/foo", "ab/foo", "xyz/foo"}},
	// The defect this package fixed: "*" stopped at nothing, "[ab]" was literal.
	{[]string{"src/*.py"}, Options{}, []string{"src/x.py"}, []string{"src/sub/x.py"}},
	{[]string{"src/[ab].py"}, Options{}, []string{"src/a.py", "src/b.py"}, []string{"src/[ab].py", "src/c.py"}},
	{[]string{"[[]x.py"}, Options{}, []string{"[x.py", "d/[x.py"}, []string{"x.py"}},
	{[]string{"a[&~|]b"}, Options{}, []string{"a&b", "a~b", "a|b"}, []string{"a-b"}},
	{nil, Options{}, nil, []string{"", "a.py"}},
}

func TestGlobs(t *testing.T) {
	for _, c := range globCases {
		s, err := Compile(c.patterns, c.opts)
		if err != nil {
			t.Errorf("%q: %v", c.patterns, err)
			continue
		}
		for _, p := range c.match {
			if !s.Match(p) {
				t.Errorf("%q %+v: %q does not match", c.patterns, c.opts, p)
			}
		}
		for _, p := range c.nomatch {
			if s.Match(p) {
				t.Errorf("%q %+v: %q matches", c.patterns, c.opts, p)
			}
		}
	}
}

// coverage.py refuses these, and so does pycov, naming the pattern.
func TestGlobErrors(t *testing.T) {
	for _, p := range []string{"***", "a/***/b", "x**", "a/b**/c", "**x", "a/**b", "**/**", "**", "a[", "a]b", "x/[ab"} {
		_, err := Compile([]string{"ok.py", p}, Options{})
		if err == nil || !strings.Contains(err.Error(), "file pattern") {
			t.Errorf("%q: error = %v, want a file pattern error", p, err)
		}
	}
}

// A pattern's tokens are translated as coverage.py does, the first rule
// that applies winning: these are the expressions its _glob_to_regex gives.
func TestTranslate(t *testing.T) {
	tests := map[string]string{
		"*/x.py":   `(.*[/\\])?x\.py`,
		"a/*":      `a[/\\].*`,
		"a/**":     `a[/\\].*`,
		"a/**/b":   `a[/\\](.*[/\\])?b`,
		"x.py":     `(.*[/\\])?x\.py`,
		"a/?b*":    `a[/\\][^/\\]b[^/\\]*`,
		"[/]**":    `[/][^/\\]*[^/\\]*`,
		"a/é b.py": `a[/\\]é b\.py`,
	}
	for in, want := range tests {
		if got, err := Translate(in); err != nil || got != want {
			t.Errorf("Translate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// Prep adds the absolute form of patterns that do not start with a
// wildcard, through the real path of the directory that exists.
func TestPrep(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	os.MkdirAll(filepath.Join(real, "src"), 0o755)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	got := Prep([]string{"src/*.py", "*/tests/*", "", "?x", "nowhere/a/*.py"}, link)
	want := []string{"src/*.py", filepath.Join(real, "src/*.py"), "*/tests/*", "?x", "nowhere/a/*.py", filepath.Join(real, "nowhere/a/*.py")}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Prep = %q\nwant %q", got, want)
	}
	s, err := Compile(got, Native)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Match(filepath.Join(real, "src", "m.py")) || s.Match(filepath.Join(real, "src", "sub", "m.py")) {
		t.Errorf("src/*.py from %s: want %s/src/m.py only", link, real)
	}
}

func TestPythonForm(t *testing.T) {
	s, _ := Compile([]string{"a/*.py", "b"}, Options{})
	if got, want := s.Python(), `(?:(?:a[/\\][^/\\]*\.py)|(?:(.*[/\\])?b))\Z`; got != want {
		t.Errorf("Python() = %q, want %q", got, want)
	}
	s, _ = Compile([]string{"a/"}, Options{Partial: true, CaseInsensitive: true})
	if got, want := s.Python(), `(?i)(?:(?:a[/\\]))`; got != want {
		t.Errorf("Python() = %q, want %q", got, want)
	}
}

// FuzzGlob: any pattern translates or is refused, never panics; what
// translates compiles; "*", "?" and classes never match a separator the
// pattern does not have, and a pattern of plain names matches itself.
func FuzzGlob(f *testing.F) {
	for _, c := range globCases {
		for _, p := range c.patterns {
			for _, path := range append(c.match, c.nomatch...) {
				f.Add(p, path)
			}
		}
	}
	f.Add("a/[b/]c", "a/b/c")
	f.Fuzz(func(t *testing.T, pattern, path string) {
		s, err := Compile([]string{pattern}, Options{})
		if err != nil {
			return
		}
		plain := strings.Trim(pattern, "abcdefghijklmnopqrstuvwxyz0123456789_-./") == "" && strings.Contains(pattern, "/")
		if plain && !s.Match(pattern) {
			t.Errorf("%q does not match itself", pattern)
		}
		fixed := strings.ContainsAny(pattern, `/\`) && !strings.Contains(pattern, "**") && !strings.Contains(pattern, "[") &&
			!strings.HasPrefix(strings.TrimLeft(pattern, "*"), "/") && !strings.HasSuffix(strings.TrimRight(pattern, "*"), "/")
		if fixed && s.Match(path) && strings.Count(strings.ReplaceAll(path, `\`, "/"), "/") != strings.Count(strings.ReplaceAll(pattern, `\`, "/"), "/") {
			t.Errorf("%q matches %q, which has another number of directories", pattern, path)
		}
	})
}

// A byte that is not UTF-8 (a directory name that is not) matches that
// byte in Go and its os.fsdecode surrogate in Python.
func TestNotUTF8(t *testing.T) {
	s, err := Compile([]string{"/p\xe9/[\xe9x]*.py"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Match("/p\xe9/\xe9.py") || s.Match("/p\xe9/sub/x.py") || s.Match("/pe/x.py") {
		t.Error("the Go expression does not match the byte as the pattern has it")
	}
	if got, want := s.Python(), `(?:(?:[/\\]p\udce9[/\\][\udce9x][^/\\]*\.py))\Z`; got != want {
		t.Errorf("Python() = %q, want %q", got, want)
	}
}

package main

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/pycov/pycov/pathglob"
)

// globProbe runs in Python: for each case, whether Python's re matches each
// path with the expression pathglob gave the agent and, when coverage.py
// can be imported, whether coverage.py's own GlobMatcher does (null when it
// refuses the pattern).
const globProbe = `
import json, re, sys, warnings
try:
    from coverage.files import globs_to_regex
    from coverage.exceptions import ConfigError
except ImportError:
    globs_to_regex = None
out = []
for c in json.load(sys.stdin):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the agent's expression: no warning either
        ours = None if c["py"] is None else re.compile(c["py"])
    oracle = None
    if globs_to_regex is not None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                oracle = globs_to_regex([c["pattern"]], case_insensitive=c["ci"], partial=c["partial"])
        except (ConfigError, re.error):
            pass
    out.append({
        "ours": None if ours is None else [bool(ours.match(p)) for p in c["paths"]],
        "oracle": None if oracle is None else [bool(oracle.match(p)) for p in c["paths"]],
    })
json.dump({"oracle": globs_to_regex is not None, "results": out}, sys.stdout)
`

// TestGlobsInPython checks that the expression the agent receives
// (pathglob.Set.Python) matches in Python's re exactly what the Go side
// matches, on coverage.py's examples and on thousands of random patterns
// and paths; with PYCOV_ORACLE_PYTHONPATH set, also that coverage.py's
// GlobMatcher agrees, and refuses the same patterns.
func TestGlobsInPython(t *testing.T) {
	t.Setenv("PYCOV_CACHE_DIR", sharedCache(t))
	oracle := os.Getenv(oracleEnv)
	if oracle != "" {
		t.Setenv("PYTHONPATH", oracle)
	}
	in, _, err := chooseInterpreter("")
	if err != nil {
		t.Fatal(err)
	}
	type probeCase struct {
		Pattern string   `json:"pattern"`
		Py      *string  `json:"py"`
		CI      bool     `json:"ci"`
		Partial bool     `json:"partial"`
		Paths   []string `json:"paths"`
		goMatch []bool
	}
	var cases []*probeCase
	add := func(pattern string, opts pathglob.Options, paths []string) {
		c := &probeCase{Pattern: pattern, CI: opts.CaseInsensitive, Partial: opts.Partial, Paths: paths}
		if s, err := pathglob.Compile([]string{pattern}, opts); err == nil {
			py := s.Python()
			c.Py = &py
			for _, p := range paths {
				c.goMatch = append(c.goMatch, s.Match(p))
			}
		}
		cases = append(cases, c)
	}
	for _, p := range []string{"a*.py", "sub/**/*.py", "*/sub*/*", "abc/[a-f]*/hi.py", "a+b/foo*", "src/*.py", "**/x", "[[]x.py", "a[&~|]b"} {
		add(p, pathglob.Options{}, []string{"a.py", "sub/a/b.py", "sub1/x/y.py", "abc/foo/hi.py", "a+b/foo", "src/sub/x.py", "src/x.py", "x", "[x.py", "a&b"})
	}
	rng := rand.New(rand.NewPCG(11, 6))
	atoms := []string{"a", "b", "ab", "/", `\`, "*", "**", "?", "[", "]", "[ab]", "[!a]", "[^b]", "[a-c]", "-", ".", "é", " ", "+", "(", "^", "$", "{1}", "|", "&&", "~"}
	pathAtoms := []string{"a", "b", "c", "/", `\`, ".", "é", " ", "ab", "+", "(", "!", "[", "]", "-", "&", "~"}
	gen := func(atoms []string, n int) string {
		var b strings.Builder
		for range rng.IntN(n) + 1 {
			b.WriteString(atoms[rng.IntN(len(atoms))])
		}
		return b.String()
	}
	for range 3000 {
		pattern := gen(atoms, 7)
		var paths []string
		for range 6 {
			paths = append(paths, gen(pathAtoms, 8))
		}
		// Paths built from the pattern itself, so that some match.
		lit := strings.NewReplacer("**", "a/b", "*", "ab", "?", "c", "[ab]", "a", "[a-c]", "b").Replace(pattern)
		paths = append(paths, lit, "x/"+lit)
		opts := pathglob.Options{Partial: rng.IntN(4) == 0, CaseInsensitive: rng.IntN(4) == 0}
		add(pattern, opts, paths)
	}
	in2, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	out, err := in.Output(context.Background(), []string{"-c", globProbe}, in2)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Oracle  bool
		Results []struct {
			Ours   []bool `json:"ours"`
			Oracle []bool `json:"oracle"`
		}
	}
	if err := json.Unmarshal(out, &res); err != nil || len(res.Results) != len(cases) {
		t.Fatalf("probe answer: %v (%d results for %d cases)", err, len(res.Results), len(cases))
	}
	if oracle != "" && !res.Oracle {
		t.Fatalf("coverage.py does not import from %s=%s", oracleEnv, oracle)
	}
	failures, valid, matched := 0, 0, 0
	for i, c := range cases {
		if c.Py != nil {
			valid++
		}
		for _, m := range c.goMatch {
			if m {
				matched++
			}
		}
		r := res.Results[i]
		if failures > 20 {
			t.Fatal("too many differences")
		}
		if res.Oracle && (r.Oracle == nil) != (c.Py == nil) {
			failures++
			t.Errorf("%q (%+v): coverage.py refuses it: %v, pycov refuses it: %v", c.Pattern, c, r.Oracle == nil, c.Py == nil)
			continue
		}
		for j, p := range c.Paths {
			if c.Py != nil && r.Ours[j] != c.goMatch[j] {
				failures++
				t.Errorf("%q (partial %v, ci %v) on %q: Go regexp %v, Python re %v (expression %s)", c.Pattern, c.Partial, c.CI, p, c.goMatch[j], r.Ours[j], *c.Py)
			}
			if res.Oracle && r.Oracle != nil && r.Oracle[j] != c.goMatch[j] {
				failures++
				t.Errorf("%q (partial %v, ci %v) on %q: pycov %v, coverage.py %v", c.Pattern, c.Partial, c.CI, p, c.goMatch[j], r.Oracle[j])
			}
		}
	}
	t.Logf("%d patterns (%d valid), %d matching paths", len(cases), valid, matched)
	if !res.Oracle {
		t.Logf("set %s to compare with coverage.py too", oracleEnv)
	}
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
	"github.com/pycov/pycov/vm"
)

// realCodeDriver exercises copies of textwrap, json and argparse from the
// standard library, measured as the user's own code.
const realCodeDriver = `import argparse, json, textwrap

text = "The quick brown fox jumps over the lazy dog. " * 8
print(textwrap.fill(text, width=30))
print(textwrap.shorten(text, width=40, placeholder="..."))
print(textwrap.dedent("    a\n      b\n    c\n"))
print(textwrap.indent("x\n\ny\n", "> "))
w = textwrap.TextWrapper(width=12, break_long_words=False, max_lines=3)
print(w.wrap("supercalifragilistic expialidocious words here and there"))

doc = {"a": [1, 2.5, None, True], "b": {"c": "d\u00e9\n"}, "e": []}
s = json.dumps(doc, indent=2, sort_keys=True)
assert json.loads(s) == doc
print(json.dumps(doc, separators=(",", ":"), ensure_ascii=False))
try:
    json.loads("{bad")
except json.JSONDecodeError as exc:
    print("error:", exc.msg)

p = argparse.ArgumentParser(prog="tool", description="demo")
p.add_argument("--file", action="append", default=[])
p.add_argument("-v", "--verbose", action="count", default=0)
p.add_argument("--mode", choices=["a", "b"], default="a")
sub = p.add_subparsers(dest="cmd")
run = sub.add_parser("run")
run.add_argument("--fast", action="store_true")
print(p.parse_args(["-vv", "--file", "x", "--file=y", "--mode", "b"]))
print(p.parse_args(["run", "--fast"]))
print(p.format_help())
try:
    p.parse_args(["--mode", "z"])
except SystemExit as exc:
    print("exit", exc.code)
`

// TestRealCodeConsistency runs standard-library modules as measured code
// and checks the runtime against the static model: every branch event must
// map to an arc, and every arc a branch line took must be one the static
// analysis lists. Where the two disagree, pycov would report an arc that
// ran as missing (or drop it), so the disagreements are listed.
func TestRealCodeConsistency(t *testing.T) {
	t.Parallel()
	in, cache := sessionInterpreter(t)
	if !in.HasBranchEvents() {
		t.Skipf("%s is Python %s: branch events need 3.14", in.Path, in.Version)
	}
	lib := filepath.Join(filepath.Dir(filepath.Dir(in.Path)), "lib", "python3.14")
	dir := t.TempDir()
	for _, name := range []string{"textwrap.py", "argparse.py", "json"} {
		if err := copyTree(filepath.Join(lib, name), filepath.Join(dir, name)); err != nil {
			t.Skipf("the interpreter's standard library has no %s: %v", name, err)
		}
	}
	os.WriteFile(filepath.Join(dir, "driver.py"), []byte(realCodeDriver), 0o644)
	journals := filepath.Join(dir, "journals")
	os.Mkdir(journals, 0o700)
	agentDir, err := monitoring.Install(cache)
	if err != nil {
		t.Fatal(err)
	}
	env, err := monitoring.Env(os.Environ(), agentDir, monitoring.Config{JournalDir: journals, Branch: true, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	status, err := in.Run(context.Background(), vm.Command{Args: []string{"driver.py"}, Env: env, Dir: dir, Stdout: &out, Stderr: &out})
	if err != nil || status != 0 {
		t.Fatalf("driver.py: status %d, %v\n%s", status, err, out.String())
	}
	hits, _, err := monitoring.ReadJournalDir(journals)
	if err != nil {
		t.Fatal(err)
	}
	files := hits.Files()
	facts, err := coverage.ComputeFacts(context.Background(), pythonRunner(in), coverage.FactsRequest{Files: files}, nil)
	if err != nil {
		t.Fatal(err)
	}
	measured, events, unmapped := 0, 0, 0
	var outside []string
	for i, name := range files {
		f := facts[i]
		if f.Error != "" {
			t.Errorf("%s: %s", name, f.Error)
			continue
		}
		measured++
		possible := map[[2]int]bool{}
		branchLine := map[int]bool{}
		for _, a := range f.Arcs {
			possible[a] = true
			branchLine[a[0]] = true
		}
		codes := map[monitoring.CodeKey]*coverage.CodeFacts{}
		for j := range f.Code {
			c := &f.Code[j]
			codes[monitoring.CodeKey{Qualname: c.Qualname, FirstLine: c.FirstLine, Size: c.Size}] = c
		}
		for key, evs := range hits[name].Branches {
			c := codes[key]
			for _, ev := range evs {
				events++
				found := false
				for _, b := range c.Branches {
					if c != nil && b[0] == ev[0] && b[1] == ev[1] {
						found = true
						arc := [2]int{b[2], b[3]}
						if arc[1] != 0 && branchLine[arc[0]] && !possible[arc] {
							outside = append(outside, filepath.Base(name)+": "+arcString(arc))
						}
						break
					}
				}
				if !found {
					unmapped++
				}
			}
		}
	}
	for _, want := range []string{"textwrap.py", "argparse.py", "driver.py", filepath.Join("json", "decoder.py")} {
		if !slices.Contains(files, filepath.Join(dir, want)) {
			t.Errorf("%s was not measured (measured: %v)", want, files)
		}
	}
	t.Logf("%d branch events in %d files; %d mapped to no arc; arcs outside the static model: %v", events, measured, unmapped, outside)
	if unmapped > 0 {
		t.Errorf("%d of %d branch events are not in their code object's map", unmapped, events)
	}
	if len(outside) > 0 {
		t.Errorf("arcs that ran but are not in the static model (reported as missing): %v", outside)
	}
}

func arcString(a [2]int) string { return strconv.Itoa(a[0]) + "->" + strconv.Itoa(a[1]) }

// copyTree copies a file or a directory of .py files.
func copyTree(src, dst string) error {
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := filepath.Glob(filepath.Join(src, "*.py"))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := copyTree(e, filepath.Join(dst, filepath.Base(e))); err != nil {
			return err
		}
	}
	return nil
}

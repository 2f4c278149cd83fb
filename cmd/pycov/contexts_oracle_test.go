package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/pycov/pycov/vm"
)

// TestContextsOracle measures the project in testdata/pytest/contexts.txtar
// with dynamic_context = test_function, under pycov and under coverage.py's
// tracer (COVERAGE_CORE=pytrace: its sys.monitoring core cannot switch
// contexts), and compares `json --show-contexts` line by line: once with
// pytest (coverage.py's contexts switched as pytest-cov's
// --cov-context=test does), once with unittest. Skipped without
// PYCOV_ORACLE_PYTHONPATH (see TestPytestOracle).
func TestContextsOracle(t *testing.T) {
	oracle := os.Getenv(oracleEnv)
	if oracle == "" {
		t.Skipf("set %s to a directory holding coverage.py 7.16 and pytest to compare pycov's contexts with coverage.py's", oracleEnv)
	}
	t.Setenv("PYCOV_CACHE_DIR", sharedCache(t))
	t.Setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
	t.Setenv("COVERAGE_CORE", "pytrace")
	in, _, err := chooseInterpreter("")
	if err != nil {
		t.Fatal(err)
	}
	if !in.HasBranchEvents() {
		t.Skipf("%s is Python %s: branch events need 3.14", in.Path, in.Version)
	}
	dir := t.TempDir()
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "pytest", "contexts.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	ctx := context.Background()
	t.Setenv("PYTHONPATH", oracle)
	coverage := func(env []string, args ...string) {
		var stderr bytes.Buffer
		cmd := vm.Command{Args: append([]string{"-m", "coverage"}, args...), Dir: dir, Stdout: &stderr, Stderr: &stderr,
			Env: append(os.Environ(), env...)}
		if status, err := in.Run(ctx, cmd); err != nil || status != 0 {
			t.Fatalf("coverage %s: status %d, %v\n%s", strings.Join(args, " "), status, err, stderr.String())
		}
	}
	for _, tc := range []struct {
		name   string
		prog   []string // the suite, for both
		oracle []string // coverage.py's extra run options
		env    []string // coverage.py's extra environment
	}{
		{"pytest", []string{"-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"},
			[]string{"--rcfile=/dev/null"}, []string{"PYTHONPATH=" + oracle + string(os.PathListSeparator) + filepath.Join(dir, "oracle_plugin")}},
		{"unittest", []string{"-m", "unittest", "utests.test_unit"}, []string{"--rcfile=unittest.coveragerc"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range []string{".pycov", "oracle.coverage", "oracle.json"} {
				os.Remove(f)
			}
			var out, errOut bytes.Buffer
			args := append([]string{"run", "--source=shop,tests,utests", "--rcfile=unittest.coveragerc"}, tc.prog...)
			dispatch(ctx, args, stdio{strings.NewReader(""), &out, &errOut}) // the suites have failing tests
			if strings.Contains(errOut.String(), "pycov:") {
				t.Errorf("pycov run warned:\n%s", errOut.String())
			}
			got := contextsOf(t, []byte(pycov(t, "json", "--show-contexts", "-o", "-")))

			prog := tc.prog
			if tc.name == "pytest" {
				prog = append(slices.Clone(prog), "-p", "ctxplug")
			}
			var stderr bytes.Buffer
			run := append(append([]string{"-m", "coverage", "run", "--branch", "--source=shop,tests,utests", "--data-file=oracle.coverage"}, tc.oracle...), prog...)
			cmd := vm.Command{Args: run, Dir: dir, Stdout: &stderr, Stderr: &stderr, Env: append(os.Environ(), tc.env...)}
			if _, err := in.Run(ctx, cmd); err != nil {
				t.Fatalf("coverage run: %v\n%s", err, stderr.String())
			}
			coverage(nil, "json", "--data-file=oracle.coverage", "--show-contexts", "-o", "oracle.json")
			b, err := os.ReadFile("oracle.json")
			if err != nil {
				t.Fatal(err)
			}
			want := contextsOf(t, b)
			if len(want) < 2 {
				t.Fatalf("coverage.py measured %d files", len(want))
			}
			for _, p := range compareContexts(want, got) {
				t.Error(p)
			}
		})
	}
}

// fileContexts is a JSON report's contexts: file -> line -> sorted names.
type fileContexts map[string]map[string][]string

func contextsOf(t *testing.T, b []byte) fileContexts {
	t.Helper()
	var doc struct {
		Meta struct {
			ShowContexts bool `json:"show_contexts"`
		} `json:"meta"`
		Files map[string]struct {
			Contexts map[string][]string `json:"contexts"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("bad JSON report: %v", err)
	}
	if !doc.Meta.ShowContexts {
		t.Errorf("meta.show_contexts is false")
	}
	out := fileContexts{}
	for name, f := range doc.Files {
		for _, names := range f.Contexts {
			slices.Sort(names)
		}
		out[name] = f.Contexts
	}
	return out
}

func compareContexts(want, got fileContexts) []string {
	var out []string
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			out = append(out, fmt.Sprintf("%s: not measured by pycov", name))
			continue
		}
		for line, names := range w {
			if !slices.Equal(names, g[line]) {
				out = append(out, fmt.Sprintf("%s line %s: coverage.py %q, pycov %q", name, line, names, g[line]))
			}
		}
		for line, names := range g {
			if _, ok := w[line]; !ok {
				out = append(out, fmt.Sprintf("%s line %s: pycov %q, coverage.py nothing", name, line, names))
			}
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			out = append(out, fmt.Sprintf("%s: measured by pycov only", name))
		}
	}
	slices.Sort(out)
	return out
}

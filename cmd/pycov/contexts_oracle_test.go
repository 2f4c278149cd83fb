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
	t.Parallel()
	in, _ := sessionInterpreter(t)
	if !in.HasBranchEvents() {
		t.Skipf("%s is Python %s: branch events need 3.14", in.Path, in.Version)
	}
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "pytest", "contexts.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		prog   []string // the suite, for both
		oracle []string // coverage.py's extra run options
		plugin bool     // coverage.py's contexts switched by oracle_plugin/ctxplug.py
	}{
		{"pytest", []string{"-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"}, []string{"--rcfile=/dev/null"}, true},
		{"unittest", []string{"-m", "unittest", "utests.test_unit"}, []string{"--rcfile=unittest.coveragerc"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for _, f := range ar.Files {
				p := filepath.Join(dir, f.Name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			path := oracle
			if tc.plugin {
				path += string(os.PathListSeparator) + filepath.Join(dir, "oracle_plugin")
			}
			s := newSession(t, dir, append(conformanceEnv(t), "PYTHONPATH="+path, "PYTEST_DISABLE_PLUGIN_AUTOLOAD=1", "COVERAGE_CORE=pytrace")...)
			// (The suites have failing tests: the run's status is theirs.)
			// Both measure arcs (--branch): a coverage.py rcfile would make pycov
			// measure lines, as coverage.py does, and an empty module's line 0
			// is listed with lines only.
			_, _, errOut := s.run(append([]string{"run", "--branch", "--source=shop,tests,utests", "--rcfile=unittest.coveragerc"}, tc.prog...)...)
			if strings.Contains(errOut, "pycov:") {
				t.Errorf("pycov run warned:\n%s", errOut)
			}
			got := contextsOf(t, []byte(s.pycov("json", "--show-contexts", "-o", "-")))

			prog := tc.prog
			if tc.plugin {
				prog = append(slices.Clone(prog), "-p", "ctxplug")
			}
			ctx := context.Background()
			var stderr bytes.Buffer
			run := append(append([]string{"-m", "coverage", "run", "--branch", "--source=shop,tests,utests", "--data-file=oracle.coverage"}, tc.oracle...), prog...)
			if _, err := in.Run(ctx, vm.Command{Args: run, Dir: s.dir, Env: s.env, Stdout: &stderr, Stderr: &stderr}); err != nil {
				t.Fatalf("coverage run: %v\n%s", err, stderr.String())
			}
			jsonArgs := []string{"-m", "coverage", "json", "--data-file=oracle.coverage", "--show-contexts", "-o", "oracle.json"}
			if status, err := in.Run(ctx, vm.Command{Args: jsonArgs, Dir: s.dir, Env: s.env, Stdout: &stderr, Stderr: &stderr}); err != nil || status != 0 {
				t.Fatalf("coverage json: status %d, %v\n%s", status, err, stderr.String())
			}
			b, err := os.ReadFile(s.path("oracle.json"))
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

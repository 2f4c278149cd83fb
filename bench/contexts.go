package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// The cost of per-test contexts (dynamic_context = test_function) on two
// suites: packaging's tests/test_markers.py under pytest (2,306 tests), and
// a generated unittest suite of 2,000 tests calling packaging. Each runs
// plain, under pycov without and with contexts, and under coverage.py's
// tracer with contexts (COVERAGE_CORE=pytrace: coverage.py's sys.monitoring
// core cannot switch contexts), interleaved, medians of CPU time; then the
// size of the data files. Needs -coveragepy (coverage.py and pytest
// importable from it) and -packaging (a checkout of pypa/packaging).

// contextsSuite is one suite: how to run it, plainly, from its directory.
type contextsSuite struct {
	name, about string
	dir         string
	args        []string // after "python" / "run" / "-m coverage run"
	oracleCtx   []string // coverage.py's extra run options for contexts
	oracleEnv   []string
}

func (b *bench) contexts(root, packaging string) {
	if b.coveragePy == "" || packaging == "" {
		fmt.Fprintln(os.Stderr, "bench: the contexts table needs -coveragepy DIR (coverage.py and pytest) and -packaging DIR (a pypa/packaging checkout)")
		os.Exit(2)
	}
	dir := filepath.Join(root, "contexts")
	must(os.MkdirAll(filepath.Join(dir, "plug"), 0o755))
	for _, sub := range []string{"src", "tests"} {
		cp := exec.Command("cp", "-R", filepath.Join(packaging, sub), dir)
		cp.Stderr = os.Stderr
		must(cp.Run())
	}
	write := func(name, content string) {
		must(os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	// coverage.py's contexts as pytest-cov's --cov-context=test switches them.
	write("plug/ctxplug.py", `import coverage

def _switch(item, when):
    coverage.Coverage.current().switch_context(item.nodeid + "|" + when)

def pytest_runtest_setup(item):
    _switch(item, "setup")

def pytest_runtest_call(item):
    _switch(item, "run")

def pytest_runtest_teardown(item):
    _switch(item, "teardown")
`)
	write("plain.ini", "[run]\nbranch = true\nsource = src/packaging\n")
	write("ctx.ini", "[run]\nbranch = true\nsource = src/packaging\ndynamic_context = test_function\n")
	must(os.MkdirAll(filepath.Join(dir, "utests"), 0o755))
	write("utests/__init__.py", "")
	for m := 0; m < 20; m++ {
		write(fmt.Sprintf("utests/test_u%02d.py", m), unittestModule(m, 100))
	}
	// The suite's packaging first: the -coveragepy directory may hold one.
	path := filepath.Join(dir, "src") + string(os.PathListSeparator) + b.coveragePy
	env := []string{"PYTHONPATH=" + path, "PYTEST_DISABLE_PLUGIN_AUTOLOAD=1"}
	suites := []contextsSuite{
		{name: "pytest", about: "packaging tests/test_markers.py, 2,306 tests, pytest",
			args:      []string{"-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_markers.py"},
			oracleCtx: []string{"-p", "ctxplug"},
			oracleEnv: []string{"PYTHONPATH=" + path + string(os.PathListSeparator) + filepath.Join(dir, "plug")}},
		{name: "unittest", about: "2,000 generated unittest tests calling packaging",
			args:      []string{"-m", "unittest", "discover", "-q", "-s", "utests", "-t", "."},
			oracleEnv: nil},
	}
	fmt.Printf("per-test contexts: %d rounds, interleaved, medians of CPU (user+sys of the process tree)\n\n", b.rounds)
	fmt.Printf("%-9s %9s %9s %13s %17s %15s %13s %13s\n", "suite", "plain", "pycov", "pycov+ctx", "coverage.py+ctx", "(pycov+ctx)/plain", ".pycov", ".pycov+ctx")
	for _, s := range suites {
		plainArgs := append([]string{"python"}, s.args...)
		pycovArgs := append([]string{"run", "--rcfile=plain.ini", "--data-file=plain.pycov"}, s.args...)
		ctxArgs := append([]string{"run", "--rcfile=ctx.ini", "--data-file=ctx.pycov"}, s.args...)
		oracleArgs := []string{"python", "-m", "coverage", "run", "--source=src/packaging", "--data-file=ctx.coverage"}
		if s.oracleCtx == nil {
			oracleArgs = append(oracleArgs, "--rcfile=ctx.ini")
		} else {
			oracleArgs = append(oracleArgs, "--rcfile=plain.ini")
		}
		oracleArgs = append(append(oracleArgs, s.args...), s.oracleCtx...)
		oracleEnv := append(append([]string{"COVERAGE_CORE=pytrace"}, env...), s.oracleEnv...)
		// One unmeasured round of each warms the pyc and facts caches.
		steps := []struct {
			args []string
			env  []string
		}{{plainArgs, env}, {pycovArgs, env}, {ctxArgs, env}, {oracleArgs, oracleEnv}}
		for _, st := range steps {
			b.time(dir, st.env, st.args...)
		}
		cpu := make([]series, len(steps))
		var ratios []float64
		for i := 0; i < b.rounds; i++ {
			for j, st := range steps {
				cpu[j] = append(cpu[j], b.time(dir, st.env, st.args...))
			}
			ratios = append(ratios, cpu[2][i].cpu/cpu[0][i].cpu)
		}
		size := func(name string) string {
			st, err := os.Stat(filepath.Join(dir, name))
			must(err)
			return fmt.Sprintf("%.0f KB", float64(st.Size())/1024)
		}
		fmt.Printf("%-9s %7.2f s %7.2f s %11.2f s %15.2f s %17.2fx %13s %13s   (coverage.py's .coverage with contexts: %s)\n", s.name,
			cpu[0].median().cpu, cpu[1].median().cpu, cpu[2].median().cpu, cpu[3].median().cpu,
			median(ratios, func(x float64) float64 { return x }), size("plain.pycov"), size("ctx.pycov"), size("ctx.coverage"))
		// And the contexts themselves, line by line, against coverage.py's.
		b.time(dir, env, "json", "--rcfile=ctx.ini", "--data-file=ctx.pycov", "--show-contexts", "-o", "ctx.json")
		b.time(dir, oracleEnv, "python", "-m", "coverage", "json", "--data-file=ctx.coverage", "--show-contexts", "-o", "ctx.coverage.json")
		lines, pairs, differ := compareContextReports(filepath.Join(dir, "ctx.json"), filepath.Join(dir, "ctx.coverage.json"))
		fmt.Printf("%-9s json --show-contexts against coverage.py's: %d lines, %d line-context pairs, %d lines differ\n", "", lines, pairs, differ)
	}
	fmt.Println()
}

// compareContextReports counts the lines of coverage.py's JSON report
// (want) with contexts, their line-context pairs, and the lines whose
// contexts pycov's report (got) lists otherwise.
func compareContextReports(got, want string) (lines, pairs, differ int) {
	read := func(path string) map[string]map[string][]string {
		b, err := os.ReadFile(path)
		must(err)
		var doc struct {
			Files map[string]struct {
				Contexts map[string][]string `json:"contexts"`
			} `json:"files"`
		}
		must(json.Unmarshal(b, &doc))
		out := map[string]map[string][]string{}
		for name, f := range doc.Files {
			for _, v := range f.Contexts {
				slices.Sort(v)
			}
			out[name] = f.Contexts
		}
		return out
	}
	g, w := read(got), read(want)
	for name, wf := range w {
		seen := map[string]bool{}
		for line, names := range wf {
			lines, pairs, seen[line] = lines+1, pairs+len(names), true
			if !slices.Equal(names, g[name][line]) {
				differ++
			}
		}
		for line := range g[name] {
			if !seen[line] {
				lines, differ = lines+1, differ+1
			}
		}
	}
	return lines, pairs, differ
}

// unittestModule is a test module of n tests, each calling packaging with
// inputs of its own (versions, specifiers, markers, requirements).
func unittestModule(m, n int) string {
	var s strings.Builder
	s.WriteString("import unittest\n\nfrom packaging.markers import Marker\nfrom packaging.requirements import Requirement\n" +
		"from packaging.specifiers import SpecifierSet\nfrom packaging.version import Version\n\n\n")
	fmt.Fprintf(&s, "class Case%02d(unittest.TestCase):\n", m)
	for i := 0; i < n; i++ {
		k := m*n + i
		fmt.Fprintf(&s, "    def test_%04d(self):\n", k)
		switch k % 4 {
		case 0:
			fmt.Fprintf(&s, "        self.assertTrue(Version(\"%d.%d.%d\") >= Version(\"0\"))\n", k%7, k%11, k)
		case 1:
			fmt.Fprintf(&s, "        self.assertIn(\"%d.%d\", SpecifierSet(\">=%d.0,!=%d.3\"))\n", k%9+1, k%5, k%9, k%9)
		case 2:
			fmt.Fprintf(&s, "        Marker('python_version >= \"3.%d\" and os_name == \"posix\"').evaluate()\n", k%14)
		default:
			fmt.Fprintf(&s, "        self.assertEqual(Requirement(\"pkg%d[extra]>=%d.0; python_version>'3'\").name, \"pkg%d\")\n", k, k%4, k)
		}
	}
	return s.String()
}

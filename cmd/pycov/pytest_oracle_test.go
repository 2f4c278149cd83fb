package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/pycov/pycov/vm"
)

// oracleEnv names a directory from which coverage.py 7.16 and pytest (with
// pluggy, iniconfig, packaging and pygments) import, e.g. their sources
// side by side. It is not in the repository: the test skips without it.
const oracleEnv = "PYCOV_ORACLE_PYTHONPATH"

// TestPytestOracle runs the pytest suite in testdata/pytest/suite.txtar
// under pycov and under coverage.py (--branch) on the same interpreter and
// compares their JSON reports file by file. pytest rewrites the asserts of
// the test modules and conftest.py, so this is the real-world case of code
// that is not its file's source as compiled: pycov must give coverage.py's
// numbers with no option and no warning. testdata/script/run_import_hook
// covers the same mechanism without pytest.
func TestPytestOracle(t *testing.T) {
	oracle := os.Getenv(oracleEnv)
	if oracle == "" {
		t.Skipf("set %s to a directory holding coverage.py 7.16 and pytest to compare pycov with coverage.py on a pytest suite", oracleEnv)
	}
	t.Parallel()
	in, _ := sessionInterpreter(t)
	if !in.HasBranchEvents() {
		t.Skipf("%s is Python %s: branch events need 3.14", in.Path, in.Version)
	}
	dir := t.TempDir()
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "testdata", "pytest", "suite.txtar"))
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
	s := newSession(t, dir, append(conformanceEnv(t), "PYTHONPATH="+oracle, "PYTEST_DISABLE_PLUGIN_AUTOLOAD=1")...)
	pytest := []string{"-m", "pytest", "-q", "-p", "no:cacheprovider"}
	ctx := context.Background()

	if err, out, errOut := s.run(append([]string{"run"}, pytest...)...); err != nil {
		t.Fatalf("pycov run -m pytest: %v\n%s%s", err, out, errOut)
	} else if strings.Contains(errOut, "warning") {
		t.Errorf("pycov run -m pytest warned:\n%s", errOut)
	}
	got := s.jsonFiles()

	coverage := func(args ...string) {
		var stderr bytes.Buffer
		cmd := vm.Command{Args: append([]string{"-m", "coverage"}, args...), Env: s.env, Dir: s.dir, Stdout: &stderr, Stderr: &stderr}
		if status, err := in.Run(ctx, cmd); err != nil || status != 0 {
			t.Fatalf("coverage %s: status %d, %v\n%s", strings.Join(args, " "), status, err, stderr.String())
		}
	}
	coverage(append([]string{"run", "--branch", "--source=.", "--data-file=oracle.coverage"}, pytest...)...)
	coverage("json", "--data-file=oracle.coverage", "-o", "oracle.json")
	b, err := os.ReadFile(filepath.Join(dir, "oracle.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Files map[string]refFile `json:"files"`
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("coverage json: %v", err)
	}
	if len(want.Files) < 3 {
		t.Fatalf("coverage.py measured only %d files: is %s=%s right?", len(want.Files), oracleEnv, oracle)
	}
	for _, p := range compareFiles(want.Files, got) {
		t.Error(p)
	}
}

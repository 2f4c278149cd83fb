package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pycov/pycov/vm"
)

// TestJSONMatchesOracle runs every single-file conformance case under
// coverage.py (PYCOV_ORACLE_PYTHONPATH, as for TestDifferential; skipped without it)
// and under pycov, and compares the two JSON reports token by token: the
// same keys in the same order, the same numbers written the same way
// (100.0, not 100), the same lists, empty ones included. Only meta's
// version and timestamp may differ.
func TestJSONMatchesOracle(t *testing.T) {
	forEachOracleCase(t, "compare pycov's JSON with it", func(t *testing.T, oracle string, in *vm.Interpreter, s *session, name string, args []string) {
		// The settrace core: the truth where coverage.py's cores differ.
		env := append(slices.Clip(s.env), "PYTHONPATH="+oracle, "COVERAGE_CORE=pytrace")
		dir := s.dir
		for _, a := range [][]string{append([]string{"-m", "coverage"}, args...), {"-m", "coverage", "json", "-q", "-o", "coverage.json"}} {
			var errOut bytes.Buffer
			status, err := in.Run(t.Context(), vm.Command{Args: a, Env: env, Dir: dir, Stdout: io.Discard, Stderr: &errOut})
			if err != nil || (status != 0 && !(name == "067_sys_exit_code" && status == 3)) {
				t.Fatalf("coverage.py %s: status %d, %v\n%s", strings.Join(a, " "), status, err, errOut.String())
			}
		}
		s.pycov(args...)
		got := s.pycov("json", "-o", "-")
		want, err := os.ReadFile(filepath.Join(dir, "coverage.json"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := jsonTokenDiff(want, []byte(got)); diff != "" {
			t.Errorf("pycov's JSON differs from coverage.py's: %s", diff)
		}
	})
}

// forEachOracleCase runs check on every single-file conformance case, in
// parallel, each in a session in the case's own directory, with coverage.py's source (PYCOV_ORACLE_PYTHONPATH;
// the test is skipped without it, saying it would check) and the
// interpreter pycov chooses. The known divergences are left out: their
// static analysis differs from coverage.py's on purpose, and
// TestConformance pins them.
func forEachOracleCase(t *testing.T, purpose string, check func(t *testing.T, oracle string, in *vm.Interpreter, s *session, name string, args []string)) {
	oracle := os.Getenv(oracleEnv)
	if oracle == "" {
		t.Skipf("skipped: set %s to a directory holding coverage.py 7.16's source to %s", oracleEnv, purpose)
	}
	suite, refs := conformanceCases(t)
	env := conformanceEnv(t)
	in, _ := sessionInterpreter(t)
	if !in.HasBranchEvents() {
		t.Skipf("skipped: %s is Python %s; the conformance results are 3.14's", in.Path, in.Version)
	}
	for _, ref := range refs {
		name := strings.TrimSuffix(filepath.Base(ref), ".json")
		if _, err := os.Stat(filepath.Join(suite, name+".py")); err != nil {
			continue // a multi-file case
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if why, known := knownDivergences[name]; known {
				t.Skipf("known divergence, compared in TestConformance: %s", why)
			}
			dir, args := prepareCase(t, suite, name)
			check(t, oracle, in, newSession(t, dir, env...), name, args)
		})
	}
}

// jsonTokenDiff compares two JSON documents token by token (numbers as
// written) and describes the first difference, or returns "".
func jsonTokenDiff(want, got []byte) string {
	wt, err := jsonTokens(want)
	if err != nil {
		return "coverage.py's JSON: " + err.Error()
	}
	gt, err := jsonTokens(got)
	if err != nil {
		return "pycov's JSON: " + err.Error()
	}
	for i := 0; i < len(wt) && i < len(gt); i++ {
		if wt[i] != gt[i] {
			lo := max(0, i-8)
			return fmt.Sprintf("at token %d: want %q, got %q (after %v)", i, wt[i], gt[i], wt[lo:i])
		}
	}
	if len(wt) != len(gt) {
		return fmt.Sprintf("want %d tokens, got %d", len(wt), len(gt))
	}
	return ""
}

// jsonTokens lists a document's tokens as text, the values of "version"
// and "timestamp" (meta's) left out.
func jsonTokens(b []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out []string
	skip := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		s := fmt.Sprintf("%T:%v", tok, tok)
		if skip {
			skip = false
			continue
		}
		if s == "string:version" || s == "string:timestamp" {
			skip = true
		}
		out = append(out, s)
	}
}

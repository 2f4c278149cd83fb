package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runPathWrapper runs a program the way runpy.run_path does: its module
// has no loader, so the agent describes every code object of it (D
// records) and pycov maps its events from those descriptions rather than
// from its own compile of the file.
const runPathWrapper = `import runpy, sys
target = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(target, run_name="__main__")
`

// TestConformanceDescribed runs the single-file conformance cases through
// runpy.run_path: the described-code path must give the references too.
func TestConformanceDescribed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every conformance case again")
	}
	suite, refs := conformanceCases(t)
	env := conformanceEnv(t)
	for _, ref := range refs {
		name := strings.TrimSuffix(filepath.Base(ref), ".json")
		if _, err := os.Stat(filepath.Join(suite, name+".py")); err != nil {
			continue // a multi-file case
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, _ := prepareCase(t, suite, name)
			if err := os.WriteFile(filepath.Join(dir, "wrap.py"), []byte(runPathWrapper), 0o644); err != nil {
				t.Fatal(err)
			}
			s := newSession(t, dir, env...)
			err, _, errOut := s.run("run", "--branch", "--omit=wrap.py", "wrap.py", name+".py")
			if code := exitCode(err); code != 0 && !(name == "067_sys_exit_code" && code == 3) {
				t.Fatalf("pycov run: exit %d: %v\n%s", code, err, errOut)
			}
			if strings.Contains(errOut, "warning") {
				t.Errorf("pycov run warned:\n%s", errOut)
			}
			got := s.jsonFiles()
			b, err := os.ReadFile(ref)
			if err != nil {
				t.Fatal(err)
			}
			var want map[string]refFile
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			problems := compareFiles(want, got)
			if why, known := knownDivergences[name]; known {
				t.Logf("known divergence (%s): %v", why, problems)
				return
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

package coverage

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestFactsScriptRunsFromItsInstalledCopy(t *testing.T) {
	c := &FactsCache{Dir: filepath.Join(t.TempDir(), "facts")}
	args := c.scriptArgs("--stream")
	if len(args) != 6 || args[2] != "-c" || args[3] != factsBootstrap || args[5] != "--stream" {
		t.Fatalf("args = %q, want the bootstrap, the script's directory and --stream", args)
	}
	b, err := os.ReadFile(filepath.Join(args[4], factsModule+".py"))
	if err != nil || !bytes.Equal(b, factsScript) {
		t.Fatalf("installed script: %v (same content: %v)", err, bytes.Equal(b, factsScript))
	}
	if again := c.scriptArgs("--stream"); !slices.Equal(again, args) {
		t.Errorf("second call: %q, want %q", again, args)
	}
}

func TestFactsScriptCopyIsCheckedBeforeUse(t *testing.T) {
	cache := t.TempDir()
	dir, err := installScript(cache)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, factsModule+".py")
	for _, bad := range [][]byte{factsScript[:len(factsScript)/2], []byte("import os; os.system('echo planted')\n")} {
		if err := os.WriteFile(target, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := installScript(cache); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(target); !bytes.Equal(b, factsScript) {
			t.Errorf("a copy changed to %d bytes was kept, want it replaced by the script", len(bad))
		}
	}
}

func TestFactsScriptWithoutACacheIsGivenWithDashC(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*FactsCache{
		"no cache":            nil,
		"cache not creatable": {Dir: filepath.Join(notADir, "facts")},
	} {
		args := c.scriptArgs()
		if len(args) != 4 || args[2] != "-c" || args[3] != string(factsScript) {
			t.Errorf("%s: args start %q, want -c and the script's source", name, args[:min(len(args), 3)])
		}
	}
}

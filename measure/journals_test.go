package measure

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pycov/pycov/monitoring"
)

// The settings a run keeps for combine live at run.json's top level, as
// before they moved out of monitoring.RunInfo: a run.json written by an
// earlier pycov reads the same, and one written now carries them.
func TestRunSettingsInRunJSON(t *testing.T) {
	want := settings{Include: []string{"src/*"}, Omit: []string{"*/t_*"}, Exclude: []string{"no cover"}, Partial: []string{"no branch"}, NamespacePackages: true}

	old := t.TempDir()
	runJSON := `{"host": "ci", "pid": 1, "python": "/usr/bin/python3", "version": "3.14.6", "branch": true, "cwd": "/w",
  "include": ["src/*"], "omit": ["*/t_*"], "exclude": ["no cover"], "partial": ["no branch"], "namespace_packages": true}`
	if err := os.WriteFile(filepath.Join(old, "run.json"), []byte(runJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := monitoring.ReadRunInfo(old)
	if err != nil {
		t.Fatal(err)
	}
	r, err := readJournalRun(info)
	if err != nil || !reflect.DeepEqual(r.settings, want) || r.info.Version != "3.14.6" || !r.info.Branch {
		t.Errorf("an earlier run.json reads as %+v, %v; want settings %+v", r, err, want)
	}

	owner, err := monitoring.LoadOwnerKey(t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	info = monitoring.RunInfo{Version: "3.14.6", Branch: true, Cwd: "/w"}
	if info.Settings, err = jsonSettings(want); err != nil {
		t.Fatal(err)
	}
	dir, release, err := monitoring.NewJournalDir(filepath.Join(t.TempDir(), ".pycov"), info, owner)
	if err != nil {
		t.Fatal(err)
	}
	release()
	if err := monitoring.MarkLate(dir); err != nil {
		t.Fatal(err)
	}
	info, err = monitoring.ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err = readJournalRun(info)
	if err != nil || !reflect.DeepEqual(r.settings, want) || !r.info.Late || r.info.Cwd != "/w" {
		t.Errorf("a run.json written and marked late reads as %+v, %v; want settings %+v", r, err, want)
	}
}

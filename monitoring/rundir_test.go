package monitoring

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestJournalDir(t *testing.T) {
	dataPath := filepath.Join(t.TempDir(), ".pycov")
	dir, release, err := NewJournalDir(dataPath, RunInfo{Python: "/py", Version: "3.14.6", Branch: true}, testKey(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(dir), ".pycov.journals-") || CheckOwner(dir, nil) != Foreign {
		t.Errorf("journal directory %s", dir)
	}
	info, err := ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.PID != os.Getpid() || info.Host == "" || info.Version != "3.14.6" || !info.Branch {
		t.Errorf("run info = %+v", info)
	}
	if !info.Running() {
		t.Error("our own run is not running")
	}
	other, releaseOther, _ := NewJournalDir(dataPath, RunInfo{}, testKey(t))
	defer releaseOther()
	if got := JournalDirs(dataPath); len(got) != 2 || got[0] == got[1] || (got[0] != dir && got[1] != dir) || (got[0] != other && got[1] != other) {
		t.Errorf("JournalDirs = %v, want %s and %s", got, dir, other)
	}
	os.Remove(filepath.Join(dir, runInfoFile))
	if _, err := ReadRunInfo(dir); err == nil || !strings.Contains(err.Error(), "not a pycov journal directory") {
		t.Errorf("missing run.json: error = %v", err)
	}
	release()
}

// A run whose pycov is gone is not running, even when its process id now
// belongs to a live process (here, this one).
func TestRunningIsNotAPID(t *testing.T) {
	dataPath := filepath.Join(t.TempDir(), ".pycov")
	dir, release, err := NewJournalDir(dataPath, RunInfo{}, testKey(t))
	if err != nil {
		t.Fatal(err)
	}
	release()
	info, err := ReadRunInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.PID != os.Getpid() {
		t.Fatalf("run.json pid = %d, want this process", info.PID)
	}
	if info.Running() {
		t.Error("a run whose lock is released is running because its PID is alive")
	}
	if err := MarkLate(dir); err != nil {
		t.Fatal(err)
	}
	if info, _ := ReadRunInfo(dir); !info.Late || info.Version != "" {
		t.Errorf("after MarkLate: %+v", info)
	}
}

func TestEnv(t *testing.T) {
	env, err := Env([]string{"PATH=/bin", "PYTHONPATH=/mine", "PYCOV_AGENT=old"}, "/agent", Config{JournalDir: "/j", Subprocess: true})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(env, "\n")
	for _, want := range []string{"PATH=/bin", "PYTHONPATH=/agent" + string(os.PathListSeparator) + "/mine", `PYCOV_AGENT={"branch":false,"subprocess":true,"journal":"/j","cwd":""}`} {
		if !strings.Contains(got, want) {
			t.Errorf("environment lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "PYCOV_AGENT=old") {
		t.Errorf("the old PYCOV_AGENT was kept:\n%s", got)
	}
}

package monitoring

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeJournal(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A forked child's journal refers to its parent's for the code ids it
// inherited, and adds code records of its own from there on.
func TestReadJournalDirForkedChild(t *testing.T) {
	dir := t.TempDir()
	writeJournal(t, dir, "j-10-aa.jnl", `pycov-journal 3 {"pid": 10}
C 0 1 ["/src/p.py", "<module>", 40]
C 1 3 ["/src/p.py", "f", 30]
L 0 1
C 2 9 ["/src/p.py", "later", 20]
`)
	writeJournal(t, dir, "j-11-bb.jnl", `pycov-journal 3 {"pid": 11, "forked": true, "parent": "j-10-aa", "codes": 2}
L 1 4
C 2 7 ["/src/p.py", "g", 10]
L 2 8
`)
	// A grandchild forked by the child inherits the child's ids, and
	// through it the parent's.
	writeJournal(t, dir, "j-12-cc.jnl", `pycov-journal 3 {"pid": 12, "forked": true, "parent": "j-11-bb", "codes": 3}
L 0 2
L 2 7
`)
	h, hellos, err := ReadJournalDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(hellos) != 3 || hellos[1].Parent != "j-10-aa" || hellos[1].Codes != 2 {
		t.Fatalf("hellos = %+v", hellos)
	}
	f := h["/src/p.py"]
	if f == nil {
		t.Fatalf("no hits: %v", h.Files())
	}
	want := map[CodeKey][]int{
		{"<module>", 1, 40}: {1, 2},
		{"f", 3, 30}:        {4},
		{"g", 7, 10}:        {8, 7},
	}
	for key, lines := range want {
		got := f.CodeLines[key]
		if len(got) != len(lines) {
			t.Errorf("%v: lines %v, want %v", key, got, lines)
			continue
		}
		for i := range lines {
			if got[i] != lines[i] {
				t.Errorf("%v: lines %v, want %v", key, got, lines)
			}
		}
	}
	if f.CodeLines[CodeKey{"later", 9, 20}] != nil {
		t.Errorf("the child's id 2 was taken for the parent's: %v", f.CodeLines)
	}

	// Without the parent's journal, the child's cannot be read, and says why.
	os.Remove(filepath.Join(dir, "j-10-aa.jnl"))
	_, hellos, err = ReadJournalDir(dir)
	if err == nil || !strings.Contains(err.Error(), "j-10-aa.jnl, is missing") || len(hellos) != 0 {
		t.Errorf("without the parent: %d read, error %v", len(hellos), err)
	}
}

// A code record may land in a later segment than a hit on it (a thread
// still held the previous segment's writer): the hit still counts.
func TestReadJournalDirCodeInLaterSegment(t *testing.T) {
	dir := t.TempDir()
	writeJournal(t, dir, "j-7-ab.jnl", "pycov-journal 3 {\"pid\": 7}\nL 0 5\n")
	writeJournal(t, dir, "j-7-ab.2.jnl", "pycov-journal 3 {\"pid\": 7, \"segment\": 2}\nC 0 5 [\"/src/a.py\", \"f\", 10]\n")
	h, hellos, err := ReadJournalDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(hellos) != 1 || len(hellos[0].Files) != 2 || !h["/src/a.py"].Lines()[5] {
		t.Errorf("hellos = %+v, hits = %v", hellos, h.Files())
	}
}

// A journal whose writer still runs (it holds the journal's flock) is not
// read: it is named by a LiveError, and read once the lock is gone.
func TestReadJournalDirLeavesLiveJournals(t *testing.T) {
	dir := t.TempDir()
	writeJournal(t, dir, "j-7-ab.jnl", sampleJournal)
	live := writeJournal(t, dir, "j-8-cd.jnl", strings.ReplaceAll(sampleJournal, "prog.py", "child.py"))
	f, err := os.Open(live)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Skipf("no flock here: %v", err)
	}
	h, hellos, err := ReadJournalDir(dir)
	var le *LiveError
	if !errors.Is(err, ErrStillWriting) || !errors.As(err, &le) || le.PID != 8 || le.File != live {
		t.Errorf("error = %v, want a LiveError for process 8", err)
	}
	if len(hellos) != 1 || h["/src/child.py"] != nil || h["/src/prog.py"] == nil {
		t.Errorf("read %d journals, files %v: want prog.py's only", len(hellos), h.Files())
	}
	start := time.Now()
	if got := WaitWriters(dir, 100*time.Millisecond); len(got) != 1 || got[0] != 8 {
		t.Errorf("WaitWriters = %v, want [8]", got)
	}
	if time.Since(start) < 100*time.Millisecond {
		t.Error("WaitWriters returned before its timeout with a journal still locked")
	}
	f.Close()
	if got := WaitWriters(dir, time.Minute); len(got) != 0 {
		t.Errorf("WaitWriters = %v once the lock is gone", got)
	}
	h, hellos, err = ReadJournalDir(dir)
	if err != nil || len(hellos) != 2 || h["/src/child.py"] == nil {
		t.Errorf("after the writer ended: %d journals, error %v", len(hellos), err)
	}
}

// An X record says the program freed the agent's tool id.
func TestReadJournalDirStopped(t *testing.T) {
	dir := t.TempDir()
	writeJournal(t, dir, "j-7-ab.jnl", sampleJournal+"X free_tool_id\nL 1 9\n")
	_, hellos, err := ReadJournalDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(hellos) != 1 || hellos[0].Stopped != "free_tool_id" {
		t.Errorf("hellos = %+v", hellos)
	}
}

// TestAgentProcessesMatchesTheWholeDirectory: a process whose agent writes to
// another directory with the same base name (t.TempDir's "001") is not one of
// this run's.
func TestAgentProcessesMatchesTheWholeDirectory(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("no /proc here")
	}
	base := t.TempDir()
	mine, other := filepath.Join(base, "a", "001"), filepath.Join(base, "b", "001")
	cfg, err := json.Marshal(Config{JournalDir: other})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sleep", "5")
	cmd.Env = append(os.Environ(), "PYCOV_AGENT="+string(cfg))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if pids := agentProcesses(mine); slices.Contains(pids, cmd.Process.Pid) {
		t.Errorf("agentProcesses(%s) = %v: includes %d, whose agent writes to %s", mine, pids, cmd.Process.Pid, other)
	}
	if pids := agentProcesses(other); !slices.Contains(pids, cmd.Process.Pid) {
		t.Errorf("agentProcesses(%s) = %v: misses %d, whose agent writes there", other, pids, cmd.Process.Pid)
	}
}

// A journal directory from elsewhere may hold anything under a journal's
// name: a FIFO or a link to a device is skipped with an error naming it,
// never opened (opening a FIFO, reading /dev/zero, would hang combine).
func TestReadJournalDirSkipsNonRegular(t *testing.T) {
	dir := t.TempDir()
	writeJournal(t, dir, "j-10-aa.jnl", "pycov-journal 3 {\"pid\": 10}\nC 0 1 [\"/src/p.py\", \"<module>\", 40]\nL 0 1\n")
	if err := syscall.Mkfifo(filepath.Join(dir, "j-11-bb.jnl"), 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "j-12-cc.jnl")); err != nil {
		t.Fatal(err)
	}
	type result struct {
		h      Hits
		hellos []Hello
		err    error
	}
	done := make(chan result, 1)
	go func() {
		h, hellos, err := ReadJournalDir(dir)
		done <- result{h, hellos, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ReadJournalDir hangs on a FIFO or a link to a device named like a journal")
	}
	if len(r.hellos) != 1 || r.h["/src/p.py"] == nil {
		t.Errorf("the regular journal was not read: hellos %+v", r.hellos)
	}
	if r.err == nil || !strings.Contains(r.err.Error(), "j-11-bb.jnl") || !strings.Contains(r.err.Error(), "j-12-cc.jnl") {
		t.Errorf("error = %v; want one naming each file that is not a journal", r.err)
	}
	if live := WaitWriters(dir, 0); len(live) != 0 {
		t.Errorf("WaitWriters = %v, want none", live)
	}
}

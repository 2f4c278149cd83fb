package coverage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Many read-merge-writes at once, each adding one line: with the lock, no
// update is lost; and the lock file is gone once they are done.
func TestLockDataSerialisesUpdates(t *testing.T) {
	dataPath := filepath.Join(t.TempDir(), ".pycov")
	facts := &Facts{Path: "/p/a.py", SHA256: "00"}
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func(line int) {
			defer wg.Done()
			unlock, err := LockData(context.Background(), dataPath)
			if err != nil {
				errs <- err
				return
			}
			defer unlock()
			d, err := ReadData(dataPath, "")
			if err != nil {
				d = &Data{}
			}
			d.Merge(&Data{Files: []*FileData{{Path: facts.Path, Facts: facts, Lines: []int{line}}}})
			if err := WriteData(dataPath, d); err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	d, err := ReadData(dataPath, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(d.Files[0].Lines); got != n {
		t.Errorf("%d lines kept, want %d", got, n)
	}
	if _, err := os.Lstat(dataPath + ".lock"); !os.IsNotExist(err) {
		t.Errorf("the lock file is left behind (%v)", err)
	}
}

func TestLockDataRefusesForeignFile(t *testing.T) {
	dataPath := filepath.Join(t.TempDir(), ".pycov")
	os.WriteFile(dataPath+".lock", []byte("mine"), 0o644)
	if _, err := LockData(context.Background(), dataPath); err == nil || !strings.Contains(err.Error(), "is not pycov's lock file") {
		t.Errorf("error = %v", err)
	}
	if b, _ := os.ReadFile(dataPath + ".lock"); string(b) != "mine" {
		t.Errorf("the file was changed: %q", b)
	}
}

func TestLockDataNeverFollowsALink(t *testing.T) {
	dir := t.TempDir()
	dataPath := filepath.Join(dir, ".pycov")
	target := filepath.Join(dir, "elsewhere")
	os.Symlink(target, dataPath+".lock")
	if _, err := LockData(context.Background(), dataPath); err == nil || !strings.Contains(err.Error(), "is not pycov's lock file") {
		t.Errorf("error = %v", err)
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("a file was made where the link leads (%v)", err)
	}
}

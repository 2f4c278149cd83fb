package monitoring

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testKey(t *testing.T) *OwnerKey {
	t.Helper()
	k, err := LoadOwnerKey(t.TempDir(), true)
	if err != nil || k == nil {
		t.Fatalf("LoadOwnerKey: %v, %v", k, err)
	}
	return k
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOwnerKeyIsKept(t *testing.T) {
	cache := t.TempDir()
	if k, err := LoadOwnerKey(cache, false); k != nil || err != nil {
		t.Fatalf("without create: %v, %v; want no key", k, err)
	}
	k1, err := LoadOwnerKey(cache, true)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadOwnerKey(cache, false)
	if err != nil || string(k1.key) != string(k2.key) {
		t.Fatalf("the key changed: %v", err)
	}
	st, err := os.Stat(filepath.Join(cache, ownerKeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, %v; want mode 0600", st, err)
	}
}

func TestCheckOwner(t *testing.T) {
	key := testKey(t)
	dataPath := filepath.Join(t.TempDir(), ".pycov")
	ours, release, err := NewJournalDir(dataPath, RunInfo{Version: "3.14.6"}, key)
	if err != nil {
		t.Fatal(err)
	}
	release()
	project := t.TempDir() // a project with a run.json of its own
	write(t, filepath.Join(project, runInfoFile), `{"name": "my-app"}`)
	copied := filepath.Join(t.TempDir(), ".pycov.journals-1") // a marker made elsewhere
	os.Mkdir(copied, 0o755)
	b, _ := os.ReadFile(filepath.Join(ours, ownerFile))
	write(t, filepath.Join(copied, ownerFile), string(b))
	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(ours, link)
	// A user's copy of a journal directory under the same name (cp -a
	// .pycov.journals-N backup/): pycov did not make the copy.
	backup := filepath.Join(t.TempDir(), filepath.Base(ours))
	os.Mkdir(backup, 0o700)
	write(t, filepath.Join(backup, ownerFile), string(b))
	for _, tc := range []struct {
		name string
		dir  string
		key  *OwnerKey
		want Ownership
	}{
		{"made here", ours, key, Owned},
		{"made under another key", ours, testKey(t), Foreign},
		{"no key here", ours, nil, Foreign},
		{"a project's run.json", project, key, NotJournalDir},
		{"a marker copied to another directory", copied, key, Foreign},
		{"a copy under the same name", backup, key, Foreign},
		{"a symbolic link to a journal directory", link, key, NotJournalDir},
		{"missing", filepath.Join(project, "nothing"), key, NotJournalDir},
	} {
		if got := CheckOwner(tc.dir, tc.key); got != tc.want {
			t.Errorf("%s: CheckOwner = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestRemoveJournals(t *testing.T) {
	key := testKey(t)
	dataPath := filepath.Join(t.TempDir(), ".pycov")
	newDir := func(files ...string) string {
		dir, release, err := NewJournalDir(dataPath, RunInfo{Version: "3.14.6"}, key)
		if err != nil {
			t.Fatal(err)
		}
		release()
		for _, f := range files {
			write(t, filepath.Join(dir, f), "pycov-journal 2 {}\n")
		}
		return dir
	}

	dir := newDir("j-1-a.jnl", "j-1-a.2.jnl", ".j-2-b.jnl.tmp")
	if err := RemoveJournals(dir, []string{filepath.Join(dir, "j-1-a.jnl")}, key); err != nil {
		t.Errorf("all read: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("all read: the directory is still there (%v)", err)
	}

	dir = newDir("j-1-a.jnl", "j-2-b.jnl")
	if err := RemoveJournals(dir, []string{filepath.Join(dir, "j-1-a.jnl")}, key); err != nil {
		t.Errorf("one unread: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 3 || filepath.Base(left[0]) != "j-2-b.jnl" {
		t.Errorf("one unread: left %v, want j-2-b.jnl, the marker and run.json", left)
	}

	dir = newDir("j-1-a.jnl", "notes.txt")
	err := RemoveJournals(dir, []string{filepath.Join(dir, "j-1-a.jnl")}, key)
	if err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("a file pycov did not make: error = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Errorf("a file pycov did not make was deleted: %v", err)
	}
	if CheckOwner(dir, key) != Owned {
		t.Error("a directory kept for a file pycov did not make lost its marker")
	}

	project := t.TempDir()
	write(t, filepath.Join(project, runInfoFile), "{}")
	write(t, filepath.Join(project, "j-1-a.jnl"), "pycov-journal 2 {}\n")
	err = RemoveJournals(project, []string{filepath.Join(project, "j-1-a.jnl")}, key)
	if err == nil || !strings.Contains(err.Error(), "not a journal directory made by pycov") {
		t.Errorf("a directory pycov did not mark: error = %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(project, "*")); len(left) != 2 {
		t.Errorf("a directory pycov did not mark lost files: left %v", left)
	}

	dir = newDir("j-1-a.jnl")
	elsewhere := testKey(t)
	if err := RemoveJournals(dir, nil, elsewhere); err == nil || !strings.Contains(err.Error(), "not made by pycov on this machine") {
		t.Errorf("another key: error = %v", err)
	}
}

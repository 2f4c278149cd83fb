package monitoring

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

func TestJournalWatchNamesFilesAsTheyAreWritten(t *testing.T) {
	dir := t.TempDir()
	j := filepath.Join(dir, "42.jnl")
	// A journal as the agent leaves it mid-run: records, then the
	// reserved zero tail.
	mapped := make([]byte, 4096)
	at := 0
	write := func(s string) {
		at += copy(mapped[at:], s)
		if err := os.WriteFile(j, mapped, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w := WatchJournals(dir)
	if got := w.NewFiles(); len(got) != 0 {
		t.Errorf("before any record: %v", got)
	}
	write("pycov-journal 2 {\"pid\": 42}\nC 0 1 [\"a.py\", \"<module>\", 10]\nL 0 1\nC 1 3 [\"a.py\", \"f\", 8]\n")
	write("C 2 1 [\"b.py\", \"<mod") // torn: its end not written yet
	if got := w.NewFiles(); !slices.Equal(got, []string{"a.py"}) {
		t.Errorf("first look: %v, want [a.py] (b.py's record is not whole)", got)
	}
	write("ule>\", 10]\nB 2 4 8\nC 3 1 [\"c\\\\d.py\", \"<module>\", 4]\n")
	if got := w.NewFiles(); !slices.Equal(got, []string{"b.py", `c\d.py`}) {
		t.Errorf("second look: %v, want [b.py c\\d.py]", got)
	}
	// A second process's journal, naming a file already seen.
	if err := os.WriteFile(filepath.Join(dir, "43.jnl"), []byte("pycov-journal 2 {}\nC 0 1 [\"a.py\", \"<module>\", 10]\nC 1 1 [\"e.py\", \"<module>\", 2]\n\x00\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := w.NewFiles(); !slices.Equal(got, []string{"e.py"}) {
		t.Errorf("third look: %v, want [e.py]", got)
	}
	if got := w.NewFiles(); len(got) != 0 {
		t.Errorf("nothing new: %v", got)
	}
}

func TestJournalWatchReadsLongJournals(t *testing.T) {
	dir := t.TempDir()
	var b []byte
	var want []string
	for i := range 5000 {
		name := filepath.Join("pkg", string(rune('a'+i%26)), "m"+string(rune('0'+i%10))+"_"+strconv.Itoa(i)+".py")
		want = append(want, name)
		b = append(b, "C "+strconv.Itoa(i)+" 1 [\""+name+"\", \"<module>\", 4]\nL "+strconv.Itoa(i)+" 1\n"...)
	}
	if err := os.WriteFile(filepath.Join(dir, "1.jnl"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := WatchJournals(dir).NewFiles(); !slices.Equal(got, want) {
		t.Errorf("got %d files, want %d", len(got), len(want))
	}
}

func TestJournalWatchSkipsFilesWhoseCodeIsDescribed(t *testing.T) {
	dir := t.TempDir()
	journal := "pycov-journal 4 {}\n" +
		"C 0 1 [\"test_a.py\", \"<module>\", 10]\nD 0 123 AAAA\n" + // rewritten by an import hook
		"C 1 1 [\"lib.py\", \"<module>\", 8]\nL 1 1\n" +
		"C 2 4 [\"test_a.py\", \"test_x\", 6]\nD 2 456 BBBB\n" +
		"C 3 1 [\"other.py\", \"<module>\", 4]\nD 30 7 CCCC\n" // another code's description
	if err := os.WriteFile(filepath.Join(dir, "1.jnl"), []byte(journal), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := WatchJournals(dir).NewFiles(); !slices.Equal(got, []string{"lib.py", "other.py"}) {
		t.Errorf("NewFiles() = %v, want [lib.py other.py]: test_a.py's code is described", got)
	}
}

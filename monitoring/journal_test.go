package monitoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const sampleJournal = `pycov-journal 2 {"pid": 42, "ppid": 1, "python": "3.14.6", "branch": true, "argv": ["prog.py"], "source_dirs": []}
C 0 1 ["/src/prog.py", "<module>", 40]
C 1 3 ["/src/prog.py", "f", 30]
L 0 1
L 0 3
L 1 4
B 1 10 14
`

func TestReadJournal(t *testing.T) {
	h := Hits{}
	hello, err := ReadJournal(strings.NewReader(sampleJournal), "j.jnl", h)
	if err != nil {
		t.Fatal(err)
	}
	if hello.PID != 42 || hello.PPID != 1 || !hello.Branch {
		t.Errorf("hello = %+v", hello)
	}
	f := h["/src/prog.py"]
	if f == nil || len(f.Lines()) != 3 || !f.Lines()[4] {
		t.Fatalf("lines = %+v", f)
	}
	key := CodeKey{Qualname: "f", FirstLine: 3, Size: 30}
	if !slices.Contains(f.Branches[key], [2]int{10, 14}) || !f.Started[key] {
		t.Errorf("branches = %v, started = %v", f.Branches, f.Started)
	}
}

// A D record gives its code object's description to the file's hits,
// decoded from base64; the merge of two journals keeps it.
func TestReadJournalDescribed(t *testing.T) {
	j := strings.Replace(sampleJournal, "pycov-journal 2", "pycov-journal 4", 1) + "D 1 77 bWFnaWMrY29kZQ==\n"
	h := Hits{}
	if _, err := ReadJournal(strings.NewReader(j), "j.jnl", h); err != nil {
		t.Fatal(err)
	}
	key := CodeKey{Qualname: "f", FirstLine: 3, Size: 30}
	if got := h["/src/prog.py"].Described[key]; string(got.Code) != "magic+code" || got.Sum != 77 {
		t.Errorf("described f = %q, sum %d; want %q, 77", got.Code, got.Sum, "magic+code")
	}
	merged := Hits{}
	merged.Merge(h)
	if got := merged["/src/prog.py"].Described[key]; string(got.Code) != "magic+code" {
		t.Errorf("after merge, described f = %q", got.Code)
	}
}

func TestReplay(t *testing.T) {
	var got []string
	_, err := Replay(strings.NewReader(sampleJournal), "j.jnl", func(r Record) error {
		got = append(got, fmt.Sprintf("%c %d %s %d %d %d", r.Kind, r.CID, r.Key.Qualname, r.Line, r.Src, r.Dst))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"C 0 <module> 0 0 0", "C 1 f 0 0 0", "L 0  1 0 0", "L 0  3 0 0", "L 1  4 0 0", "B 1  0 10 14"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Replay records:\n got %q\nwant %q", got, want)
	}
}

// The ways a journal of a killed process ends: all of them keep every
// complete record and drop the torn one.
func TestReadJournalEnds(t *testing.T) {
	zeros := string(make([]byte, 4096))
	tests := []struct{ name, content string }{
		{"torn last line", sampleJournal + "L 1 9"},
		{"zero-filled tail", sampleJournal + zeros},
		{"torn record, then zeros", sampleJournal + "L 1 9" + zeros},
		{"zeros inside a record", sampleJournal + "L 1 \x00\x00 9\n" + "L 1 9\n"},
		{"version 1, appended file", strings.Replace(sampleJournal, "pycov-journal 2", "pycov-journal 1", 1) + "L 1 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Hits{}
			if _, err := ReadJournal(strings.NewReader(tt.content), "j.jnl", h); err != nil {
				t.Fatal(err)
			}
			if f := h["/src/prog.py"]; len(f.Lines()) != 3 || f.Lines()[9] {
				t.Errorf("lines = %v, want 1, 3, 4 (not the torn 9)", f.Lines())
			}
		})
	}
}

func TestReadJournalErrors(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"empty", "", "is empty or truncated"},
		{"zeros only", "\x00\x00\x00\x00", "is empty or truncated"},
		{"torn hello", `pycov-journal 2 {"pid"`, "is empty or truncated"},
		{"foreign", "hello world\n", "is not a pycov journal"},
		{"newer", "pycov-journal 9 {}\n", "protocol version \"9\""},
		{"bad hello", "pycov-journal 2 {nope\n", "line 1: bad hello record"},
		{"unknown code", "pycov-journal 2 {}\nL 7 1\n", "hit for an unknown code object (id 7)"},
		{"garbage", "pycov-journal 2 {}\nZ 1\n", "line 2: bad record"},
		{"bad numbers", "pycov-journal 2 {}\nL x 1\n", "line 2: bad record"},
		{"bad code record", "pycov-journal 2 {}\nC 0 1 [1, 2]\n", "line 2: bad record"},
		{"description not base64", "pycov-journal 4 {}\nC 0 1 [\"a\", \"b\", 1]\nD 0 1 a*b\n", "line 3: bad record"},
		{"empty description", "pycov-journal 4 {}\nC 0 1 [\"a\", \"b\", 1]\nD 0 1 \n", "line 3: bad record"},
		{"description without checksum", "pycov-journal 4 {}\nC 0 1 [\"a\", \"b\", 1]\nD 0 YWJj\n", "line 3: bad record"},
		{"checksum too large", "pycov-journal 4 {}\nC 0 1 [\"a\", \"b\", 1]\nD 0 4294967296 YWJj\n", "line 3: bad record"},
		{"description of an unknown code", "pycov-journal 4 {}\nD 4 1 YWJj\n", "hit for an unknown code object (id 4)"},
	}
	for _, tt := range tests {
		_, err := ReadJournal(strings.NewReader(tt.content), "j.jnl", Hits{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "j.jnl") {
			t.Errorf("%s: error = %v, want one naming j.jnl and saying %q", tt.name, err, tt.want)
		}
	}
}

func TestReadJournalLongRecord(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	j := "pycov-journal 2 {}\nC 0 1 [\"/src/" + long + ".py\", \"f\", 2]\nL 0 1\n"
	h := Hits{}
	if _, err := ReadJournal(strings.NewReader(j), "j.jnl", h); err != nil {
		t.Fatal(err)
	}
	if len(h["/src/"+long+".py"].Lines()) != 1 {
		t.Errorf("the long record was not read: %v", h.Files())
	}
}

// ReadJournalDir reads the good journals and names the bad ones.
func TestReadJournalDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.jnl"), []byte(sampleJournal), 0o600)
	os.WriteFile(filepath.Join(dir, "b.jnl"), []byte("not a journal\n"), 0o600)
	os.WriteFile(filepath.Join(dir, ".c.jnl.tmp"), []byte("being created"), 0o600)
	h, hellos, err := ReadJournalDir(dir)
	if err == nil || !strings.Contains(err.Error(), "b.jnl is not a pycov journal") {
		t.Errorf("error = %v, want one naming b.jnl", err)
	}
	if len(hellos) != 1 || len(h["/src/prog.py"].Lines()) != 3 {
		t.Errorf("hellos = %v, hits = %v: want a.jnl's", hellos, h.Files())
	}
}

func TestHitsMerge(t *testing.T) {
	a, b := Hits{}, Hits{}
	ReadJournal(strings.NewReader(sampleJournal), "a", a)
	ReadJournal(strings.NewReader(strings.Replace(sampleJournal, "L 1 4", "L 1 5", 1)), "b", b)
	a.Merge(b)
	f := a["/src/prog.py"]
	key := CodeKey{Qualname: "f", FirstLine: 3, Size: 30}
	if !f.Lines()[4] || !f.Lines()[5] || !slices.Contains(f.CodeLines[key], 5) || !slices.Contains(f.Branches[key], [2]int{10, 14}) {
		t.Errorf("merged = %+v", f)
	}
}

func FuzzReadJournal(f *testing.F) {
	f.Add([]byte(sampleJournal))
	f.Add([]byte(sampleJournal + "L 1 9" + "\x00\x00\x00"))
	f.Add([]byte("pycov-journal 2 {}\nC 0 1 [\"a\", \"b\", 1]\nB 0 1 2\n"))
	f.Add([]byte("pycov-journal 1 {}\nC 0 1 [\"a\", \"b\", 1]\nL 0 1\n\x00"))
	f.Add([]byte("pycov-journal 3 {\"forked\": true, \"parent\": \"j-1-ab\", \"codes\": 2}\nC 2 1 [\"a\", \"b\", 1]\nL 2 1\nX free_tool_id\n"))
	f.Add([]byte("pycov-journal 4 {}\nC 0 1 [\"a\", \"b\", 1]\nD 0 9 YWJj\nB 0 1 2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h := Hits{}
		_, err := ReadJournal(bytes.NewReader(b), "fuzz", h)
		if err != nil && !strings.Contains(err.Error(), "fuzz") {
			t.Errorf("error does not name the journal: %v", err)
		}
		// Whatever follows a zero byte is never read: appending to a
		// journal's zero-filled tail does not change what it says.
		if i := bytes.IndexByte(b, 0); i >= 0 && err == nil {
			h2 := Hits{}
			if _, err2 := ReadJournal(bytes.NewReader(append(b[:i:i], 0, 'L', ' ', '1')), "fuzz", h2); err2 != nil || !reflect.DeepEqual(h, h2) {
				t.Errorf("bytes after the first zero changed the result: %v", err2)
			}
		}
	})
}

// A journal that filled its file continues in segments that share its code
// ids: a hit in a later segment refers to a code record in an earlier one.
func TestReadJournalDirJoinsSegments(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	hello := `pycov-journal 2 {"pid": 7, "python": "3.14.6", "branch": true}`
	write("j-7-ab.jnl", hello+"\n"+`C 0 1 ["/src/a.py", "<module>", 10]`+"\nL 0 1\n")
	write("j-7-ab.2.jnl", hello[:len(hello)-1]+`, "segment": 2}`+"\nL 0 2\n")
	write("j-7-ab.10.jnl", hello[:len(hello)-1]+`, "segment": 10}`+"\nL 0 3\n")
	h, hellos, err := ReadJournalDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(hellos) != 1 {
		t.Errorf("got %d journals, want one in three segments", len(hellos))
	}
	if got := h["/src/a.py"]; got == nil || !got.Lines()[1] || !got.Lines()[2] || !got.Lines()[3] {
		t.Errorf("lines = %+v, want 1, 2 and 3", got)
	}
	groups := journalGroups([]string{"j-7-ab.10.jnl", "j-7-ab.jnl", "j-8-cd.jnl", "j-7-ab.2.jnl"})
	want := [][]string{{"j-7-ab.jnl", "j-7-ab.2.jnl", "j-7-ab.10.jnl"}, {"j-8-cd.jnl"}}
	if !reflect.DeepEqual(groups, want) {
		t.Errorf("journalGroups = %v, want %v", groups, want)
	}
}

func TestParseCodeInfo(t *testing.T) {
	tests := []struct {
		in         string
		file, qual string
		size       int
	}{
		{`["/src/a.py", "f", 40]`, "/src/a.py", "f", 40},
		{`["/src/a b.py", "C.<lambda>", 7]`, "/src/a b.py", "C.<lambda>", 7},
		{`["/src/\u00e9.py", "f", 2]`, "/src/é.py", "f", 2},
		{`["/src/q\".py", "g", 3]`, `/src/q".py`, "g", 3},
		{`["/src/x", "y", "z"]`, "", "", 0},
		// os.fsdecode(b"caf\xe9.py"): the byte comes back, not U+FFFD.
		{`["/src/caf\udce9.py", "f", 2]`, "/src/caf\xe9.py", "f", 2},
		{`["/src/\ud83d\ude00.py", "f", 2]`, "/src/😀.py", "f", 2},
		{`["/src/a.py", "f", 2`, "", "", 0},
		{`["/src/a\q.py", "f", 2]`, "", "", 0},
	}
	for _, tt := range tests {
		file, qual, size, ok := parseCodeInfo([]byte(tt.in))
		if want := tt.file != ""; ok != want || ok && (file != tt.file || qual != tt.qual || size != tt.size) {
			t.Errorf("parseCodeInfo(%s) = %q, %q, %d, %v", tt.in, file, qual, size, ok)
		}
	}
}

// Paths that are not UTF-8 cross the agent's configuration and hello
// record unchanged, in the agent's escapes.
func TestPathsNotUTF8(t *testing.T) {
	b, err := json.Marshal(Config{JournalDir: "/p\xe9/.j", Cwd: "/p\xe9", SourceDirs: []string{"/p\xe9/src"}, Branch: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"journal":"/p\udce9/.j"`, `"cwd":"/p\udce9"`, `"source_dirs":["/p\udce9/src"]`, `"branch":true`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("config %s lacks %s", b, want)
		}
	}
	hello, err := parseHello([]byte(`pycov-journal 2 {"pid": 7, "cwd": "/p\udce9", "argv": ["a\udcff"], "source_dirs": ["/p\udce9/src"]}`), "j")
	if err != nil || hello.PID != 7 || hello.Cwd != "/p\xe9" || hello.Argv[0] != "a\xff" || hello.SourceDirs[0] != "/p\xe9/src" {
		t.Errorf("hello = %+v, %v", hello, err)
	}
}

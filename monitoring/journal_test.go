package monitoring

import (
	"strings"
	"testing"
)

const sampleJournal = `pycov-journal 1 {"pid": 42, "python": "3.14.6", "branch": true, "argv": ["prog.py"], "source_dirs": []}
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
	if hello.PID != 42 || !hello.Branch {
		t.Errorf("hello = %+v", hello)
	}
	f := h["/src/prog.py"]
	if f == nil || len(f.Lines) != 3 || !f.Lines[4] {
		t.Fatalf("lines = %+v", f)
	}
	key := CodeKey{Qualname: "f", FirstLine: 3, Size: 30}
	if !f.Branches[key][[2]int{10, 14}] || !f.Started[key] {
		t.Errorf("branches = %v, started = %v", f.Branches, f.Started)
	}
}

func TestReadJournalTruncatedLastLine(t *testing.T) {
	// A process killed mid-write leaves a partial last line: ignore it.
	h := Hits{}
	if _, err := ReadJournal(strings.NewReader(sampleJournal+"L 1 9"), "j.jnl", h); err != nil {
		t.Fatal(err)
	}
	if h["/src/prog.py"].Lines[9] {
		t.Error("the partial last record was read")
	}
}

func TestReadJournalErrors(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"empty", "", "is empty or truncated"},
		{"foreign", "hello world\n", "is not a pycov journal"},
		{"newer", "pycov-journal 9 {}\n", "protocol version \"9\""},
		{"unknown code", "pycov-journal 1 {}\nL 7 1\n", "line 2: hit for an unknown code object"},
		{"garbage", "pycov-journal 1 {}\nZ 1\n", "line 2: unknown record"},
	}
	for _, tt := range tests {
		_, err := ReadJournal(strings.NewReader(tt.content), "j.jnl", Hits{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "j.jnl") {
			t.Errorf("%s: error = %v, want one naming j.jnl and saying %q", tt.name, err, tt.want)
		}
	}
}

func FuzzReadJournal(f *testing.F) {
	f.Add([]byte(sampleJournal))
	f.Add([]byte("pycov-journal 1 {}\nC 0 1 [\"a\", \"b\", 1]\nB 0 1 2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadJournal(strings.NewReader(string(b)), "fuzz", Hits{})
	})
}

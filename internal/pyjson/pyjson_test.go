package pyjson

import (
	"encoding/json"
	"testing"
)

// The quoted forms are what Python 3.14 prints for
// json.dumps(os.fsdecode(name)).
var cases = []struct{ name, quoted string }{
	{"pkg/mod.py", `"pkg/mod.py"`},
	{"caf\xe9.py", `"caf\udce9.py"`},
	{"café.py", `"caf\u00e9.py"`},
	{"a\nend_of_record\nSF:b.py", `"a\nend_of_record\nSF:b.py"`},
	{"q\"b\\s\t\x01\x7f", `"q\"b\\s\t\u0001\u007f"`},
	{"😀.py", `"\ud83d\ude00.py"`},
	{"\xff\xfe\xed\xa0\x80", `"\udcff\udcfe\udced\udca0\udc80"`}, // an encoded surrogate is not UTF-8 either
}

func TestQuote(t *testing.T) {
	for _, tc := range cases {
		if got := Quote(tc.name); got != tc.quoted {
			t.Errorf("Quote(%q) = %s, want %s", tc.name, got, tc.quoted)
		}
		got, n, err := Unquote([]byte(tc.quoted + `, "next"`))
		if err != nil || got != tc.name || n != len(tc.quoted) {
			t.Errorf("Unquote(%s) = %q, %d, %v; want %q, %d", tc.quoted, got, n, err, tc.name, len(tc.quoted))
		}
	}
}

func TestUnquoteAsEncodingJSON(t *testing.T) {
	for _, q := range []string{`"a\/b"`, `"\ud800x"`, `"\udc00"`, `"\ud83d\ude00"`, `"\ud83d"`, `"raw é"`, `"\b\f"`} {
		var want string
		if err := json.Unmarshal([]byte(q), &want); err != nil {
			t.Fatal(err)
		}
		got, _, err := Unquote([]byte(q))
		if err != nil || got != want {
			t.Errorf("Unquote(%s) = %q, %v; encoding/json reads %q", q, got, err, want)
		}
	}
	for _, bad := range []string{``, `x`, `"abc`, `"\x"`, `"\u12"`, `"\u12g4"`, "\"a\nb\"", `"\`} {
		if _, _, err := Unquote([]byte(bad)); err == nil {
			t.Errorf("Unquote(%q) accepted", bad)
		}
	}
}

func TestStringField(t *testing.T) {
	type rec struct {
		Files []String `json:"files"`
	}
	in := rec{Files: []String{"caf\xe9.py", "ok.py"}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"files":["caf\udce9.py","ok.py"]}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil || out.Files[0] != in.Files[0] {
		t.Errorf("Unmarshal = %q, %v", out.Files, err)
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		q := AppendQuote(nil, name)
		got, n, err := Unquote(q)
		if err != nil || got != name || n != len(q) {
			t.Fatalf("Unquote(AppendQuote(%q)) = %q, %d, %v", name, got, n, err)
		}
		if !json.Valid(q) {
			t.Fatalf("AppendQuote(%q) = %s is not JSON", name, q)
		}
	})
}

package coverage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFactsCacheServesTheSecondRun(t *testing.T) {
	_, paths := writeSources(t, map[string]string{"a.py": "x = 1\n", "b.py": "y = 2\nz = 3\n"})
	cache := &FactsCache{Dir: t.TempDir(), Interpreter: "python 3.14.6"}
	first := &fakeFacts{}
	want, err := ComputeFacts(context.Background(), first.run, FactsRequest{Files: paths}, cache)
	if err != nil {
		t.Fatal(err)
	}
	second := &fakeFacts{}
	got, err := ComputeFacts(context.Background(), second.run, FactsRequest{Files: paths}, cache)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.batches) != 0 {
		t.Errorf("second run asked the interpreter about %v", second.asked())
	}
	for i := range got {
		if got[i].Path != want[i].Path || got[i].SHA256 != want[i].SHA256 || len(got[i].Statements) != len(want[i].Statements) {
			t.Errorf("cached facts %+v, want %+v", got[i], want[i])
		}
	}
	// A changed file is a new key: analysed again.
	if err := os.WriteFile(paths[0], []byte("x = 1\nx = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	third := &fakeFacts{}
	if _, err := ComputeFacts(context.Background(), third.run, FactsRequest{Files: paths}, cache); err != nil {
		t.Fatal(err)
	}
	if asked := third.asked(); len(asked) != 1 || asked[0] != paths[0] {
		t.Errorf("after a.py changed, analysed %v, want only a.py", asked)
	}
}

func TestFactsCacheDistrustsEntries(t *testing.T) {
	const sum = "5a1c"
	key := strings.Repeat("ab", 32)
	other := strings.Repeat("cd", 32)
	facts := &Facts{SHA256: sum, Statements: []int{1, 2}}
	good := encodeEntry(key, facts)
	if decodeEntry(good, key, sum) == nil {
		t.Fatal("a good entry was refused")
	}
	old := strings.Replace(string(good), factsEntryHeader+"1.1 ", factsEntryHeader+"0.1 ", 1)
	oldCodec := strings.Replace(string(good), factsEntryHeader+"1.1 ", factsEntryHeader+"1.0 ", 1)
	newer := strings.Replace(string(good), factsEntryHeader+"1.1 ", factsEntryHeader+"1.2 ", 1)
	for _, tc := range []struct {
		name  string
		entry []byte
		key   string
		sum   string
	}{
		{"renamed or copied under another key", good, other, sum},
		{"for other content", good, key, "beef"},
		{"truncated", good[:len(good)-1], key, sum},
		{"trailing bytes", append(append([]byte(nil), good...), 0), key, sum},
		{"another cache format", []byte(old), key, sum},
		{"an older facts codec", []byte(oldCodec), key, sum},
		{"a newer facts codec", []byte(newer), key, sum},
		{"garbage after the header", append(entryPrefix(key), "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"...), key, sum},
		{"empty", nil, key, sum},
		{"impossible line numbers", encodeEntry(key, &Facts{SHA256: sum, Statements: []int{0}}), key, sum},
		{"an error kept", encodeEntry(key, &Facts{SHA256: sum, Error: "x.py: SyntaxError"}), key, sum},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if f := decodeEntry(tc.entry, tc.key, tc.sum); f != nil {
				t.Errorf("entry accepted: %+v", f)
			}
		})
	}
}

func TestFactsCacheKeyChangesWithWhatFactsDependOn(t *testing.T) {
	c := &FactsCache{Interpreter: "python 3.14.6"}
	base := c.key(FactsRequest{}, "/p/a.py", "5a1c")
	other := &FactsCache{Interpreter: "python 3.13.1"}
	for name, k := range map[string]string{
		"content's digest":                 c.key(FactsRequest{}, "/p/a.py", "beef"),
		"interpreter":                      other.key(FactsRequest{}, "/p/a.py", "5a1c"),
		"exclusions":                       c.key(FactsRequest{Exclude: []string{"never"}}, "/p/a.py", "5a1c"),
		"no exclusions (not the defaults)": c.key(FactsRequest{Exclude: []string{}}, "/p/a.py", "5a1c"),
		"partial":                          c.key(FactsRequest{Partial: []string{"p"}}, "/p/a.py", "5a1c"),
		"facts codec version":              c.keyIn(fmt.Sprintf("%d.%d", FactsCacheVersion, factsCodecVersion+1), FactsRequest{}, "/p/a.py", "5a1c"),
	} {
		if k == base {
			t.Errorf("the key does not change with the %s", name)
		}
	}
	if c.key(FactsRequest{}, "/p/a.py", "5a1c") != base {
		t.Error("the key is not stable")
	}
}

func TestFactsCacheEntriesAreNamedByKey(t *testing.T) {
	c := &FactsCache{Dir: t.TempDir()}
	key := strings.Repeat("0f", 32)
	c.store(key, &Facts{SHA256: "aa", Statements: []int{3}})
	if _, err := os.Stat(filepath.Join(c.Dir, "0f", key[2:]+".facts")); err != nil {
		t.Fatal(err)
	}
	if f := c.load(key, "aa"); f == nil || f.Statements[0] != 3 {
		t.Errorf("load = %+v", f)
	}
}

func FuzzDecodeEntry(f *testing.F) {
	key := strings.Repeat("ab", 32)
	f.Add(encodeEntry(key, &Facts{SHA256: "s", Statements: []int{1, 2}, Arcs: [][2]int{{1, 2}}, Multiline: LineMap{3: 2}}))
	f.Add([]byte(factsEntryHeader + cacheFormat + " " + key + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeEntry(b, key, "s") // must not panic or hang
	})
}

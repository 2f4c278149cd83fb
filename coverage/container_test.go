package coverage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// written is d as a pycov writing format version, for readers of formats
// minReader and later, would write it (d's Extra parts stand for what
// that pycov knows and this one does not).
func written(version, minReader uint64, d *Data) []byte {
	body := d.encodeContainer()
	_, n := binary.Uvarint(body)
	b := fmt.Appendf(nil, "%s%d\n", dataHeader, version)
	b = binary.AppendUvarint(b, minReader)
	return append(b, body[n:]...)
}

// withExtras is sampleData with an unknown optional section and an
// unknown optional field in its file record, as a newer pycov would add.
func withExtras() *Data {
	d := sampleData()
	d.Extra = []Part{{Tag: 40, Optional: true, Payload: []byte("names: test_a, test_b")}}
	d.Files[0].Extra = []Part{{Tag: 7, Optional: true, Payload: []byte{0, 1, 2, 3}}}
	return d
}

func TestDataFormatReadsWhatItCan(t *testing.T) {
	t.Parallel()
	required := withExtras()
	required.Extra[0].Optional = false
	requiredField := withExtras()
	requiredField.Files[0].Extra[0].Optional = false
	for _, tt := range []struct {
		name string
		file []byte
		want string // "" when it must read, and read as written
		data *Data
	}{
		{"this format", written(DataVersion, 4, sampleData()), "", sampleData()},
		{"this format, parts of a newer pycov", written(DataVersion, 4, withExtras()), "", withExtras()},
		{"a newer format that this pycov may read", written(DataVersion+1, 4, withExtras()), "", withExtras()},
		{"a newer format that needs a newer pycov", written(DataVersion+1, DataVersion+1, sampleData()),
			fmt.Sprintf("was written by a newer pycov (format %d; it needs a pycov that reads format %[1]d); upgrade pycov (this one reads formats 3 to %d)", DataVersion+1, DataVersion), nil},
		{"a required section this pycov does not know", written(DataVersion+1, 4, required),
			fmt.Sprintf("was written by a newer pycov (format %d; it has a required section that this pycov does not know); upgrade pycov", DataVersion+1), nil},
		{"a required section in a format this pycov knows", written(DataVersion, 4, required),
			"is damaged or truncated (it has a required section that this pycov does not know); run `pycov erase`", nil},
		{"a required file field this pycov does not know", written(DataVersion+1, 4, requiredField),
			fmt.Sprintf("was written by a newer pycov (format %d; it has a required file field that this pycov does not know); upgrade pycov", DataVersion+1), nil},
		{"a reader version above the file's own", written(DataVersion, DataVersion+1, sampleData()), "is damaged or truncated (the format version it asks its readers for is impossible)", nil},
		{"no files section", []byte("pycov-data 4\n\x04\x02\x03\x00\x01\x01"), "is damaged or truncated (the list of files is missing)", nil},
		{"a section twice", append(written(DataVersion, 4, sampleData()), "\x02\x03\x00\x01\x01"...), "is damaged or truncated (the settings section appears twice)", nil},
		{"a truncated section", written(DataVersion, 4, sampleData())[:40], "is damaged or truncated", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := DecodeData(bytes.NewReader(tt.file), "x.pycov")
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "data file x.pycov ") {
					t.Errorf("error = %v, want one naming x.pycov and saying %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(d, tt.data) {
				t.Errorf("read %+v (file %+v), want %+v (file %+v)", d, d.Files[0], tt.data, tt.data.Files[0])
			}
			// And written back as it was read.
			if again := written(DataVersion, 4, d); !bytes.Equal(again, written(DataVersion, 4, tt.data)) {
				t.Error("written back differently")
			}
		})
	}
}

// What a newer pycov added survives combine, append and [paths]
// remapping by this one.
func TestUnknownPartsSurviveCombine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	newer := filepath.Join(dir, ".pycov.h.1.aaaaaaaa")
	os.WriteFile(newer, written(DataVersion+1, 4, withExtras()), 0o644)
	other := sampleData()
	other.Files[0].Lines = []int{4}
	other.Files = append(other.Files, &FileData{Path: "/src/b.py", Facts: &Facts{Path: "/src/b.py", SHA256: "b"},
		Extra: []Part{{Tag: 7, Optional: true, Payload: []byte("b's")}}})
	writeData(t, filepath.Join(dir, ".pycov.h.2.bbbbbbbb"), other)
	aliases, err := NewPathAliases([][]string{{"/work/", "/src/"}}, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	aliases.Exists = func(string) bool { return true }
	c := NewCombiner(nil, aliases)
	for _, p := range []string{newer, filepath.Join(dir, ".pycov.h.2.bbbbbbbb")} {
		if err := c.AddFile(p); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, ".pycov")
	writeData(t, out, c.Data())
	// Appending: the combination is the base of another.
	base, err := ReadData(out, "")
	if err != nil {
		t.Fatal(err)
	}
	c = NewCombiner(base, nil)
	c.Add("again", sampleData())
	writeData(t, out, c.Data())
	d, err := ReadData(out, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := withExtras().Extra; !reflect.DeepEqual(d.Extra, want) {
		t.Errorf("sections = %+v, want %+v", d.Extra, want)
	}
	got := map[string][]Part{}
	for _, fd := range d.Files {
		got[fd.Path] = fd.Extra
	}
	want := map[string][]Part{
		"/work/app.py": withExtras().Files[0].Extra,
		"/work/b.py":   {{Tag: 7, Optional: true, Payload: []byte("b's")}},
		"/src/app.py":  nil,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("file fields = %+v, want %+v", got, want)
	}
}

// Merging the same file measured twice keeps each distinct field once;
// a pycov that knows the tag merges the repeats.
func TestMergeKeepsDistinctParts(t *testing.T) {
	t.Parallel()
	a, b := withExtras(), withExtras()
	b.Files[0].Extra = append(b.Files[0].Extra, Part{Tag: 7, Optional: true, Payload: []byte{9}})
	a.Merge(b)
	if got := a.Files[0].Extra; len(got) != 2 || !bytes.Equal(got[1].Payload, []byte{9}) {
		t.Errorf("file fields = %+v, want the first and {9}", got)
	}
	if len(a.Extra) != 1 {
		t.Errorf("sections = %+v, want one", a.Extra)
	}
}

// The layout is pinned: if this fails, the encoding changed, and
// DataVersion (and factsCodecVersion if the facts' encoding changed) must
// change with it, with a fixture of the old format in testdata/datafile.
func TestDataFormatIsPinned(t *testing.T) {
	t.Parallel()
	d := withExtras()
	d.Exclude = []string{"x"}
	var buf bytes.Buffer
	if err := d.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	const want = "pycov-data 5\n\x04" + // format, oldest reader
		"\x02\x05" + "\x00\x02\x02x\x01" + // settings: not branch, exclude ["x"], partial defaults
		"\x04F" + "\x01" + "D" + // files: 1 file, its record 68 bytes long
		"\x16/src/app.py\x16/src/app.py\x00\x06abc\x06\x02\x04\b\x02\f\x02\x06\x04\x04\x04\b\x04\x01\x00\x02\x02f" +
		"\x02\b\x00\x00\x00\x00\x00\x04\x02\x04\x02\x04\x01\x02\x02" + // the record's core fields
		"\x0f\x04\x00\x01\x02\x03" + // its optional field 7
		"Q\x15names: test_a, test_b" // optional section 40
	if got := buf.String(); got != want || factsCodecVersion != 1 {
		t.Errorf("the data file's encoding changed (facts codec %d):\n%q\nwant\n%q", factsCodecVersion, got, want)
	}
}

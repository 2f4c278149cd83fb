package coverage

import (
	"bytes"
	"reflect"
	"slices"
	"testing"
)

// namesField is a record field as contexts will be one: a set of names per
// file record, kept in names (FileData would hold it).
func namesField(names map[*FileData][]string) recordField {
	return recordField{
		tag: 1,
		encode: func(b []byte, fd *FileData) ([]byte, bool) {
			if names[fd] == nil {
				return b, false
			}
			e := &encoder{b: b}
			e.strings(names[fd])
			return e.b, true
		},
		decode: func(fd *FileData, payload []byte) error {
			d := &decoder{b: payload}
			v := d.strings()
			if d.err != nil {
				return d.err
			}
			names[fd] = union(names[fd], v)
			return nil
		},
		merge: func(into, from *FileData) { names[into] = union(names[into], names[from]) },
	}
}

func union(a, b []string) []string {
	v := slices.Concat(a, b)
	slices.Sort(v)
	return slices.Compact(v)
}

// A record field this pycov knows is written, read and merged by its
// entry in recordFields; one an older pycov kept twice is read merged. Not
// parallel: it sets recordFields.
func TestRecordFieldHook(t *testing.T) {
	saved := recordFields
	defer func() { recordFields = saved }()
	names := map[*FileData][]string{}
	field := namesField(names)

	// What an older pycov, knowing no field 1, wrote after merging two
	// records that each had one.
	older := sampleData()
	a, b := &encoder{}, &encoder{}
	a.strings([]string{"test_a"})
	b.strings([]string{"test_b", "test_a"})
	older.Files[0].Extra = []Part{{1, true, a.b}, {1, true, b.b}}
	recordFields = nil
	file := written(DataVersion, 4, older)

	recordFields = []recordField{field}
	d, err := DecodeData(bytes.NewReader(file), "x.pycov")
	if err != nil {
		t.Fatal(err)
	}
	fd := d.Files[0]
	if got := names[fd]; !reflect.DeepEqual(got, []string{"test_a", "test_b"}) || fd.Extra != nil {
		t.Fatalf("names = %q, extra = %v; want test_a and test_b, nothing left over", got, fd.Extra)
	}

	other := sampleData()
	names[other.Files[0]] = []string{"test_c"}
	d.Merge(other)
	var buf bytes.Buffer
	d.Encode(&buf)
	d, err = DecodeData(&buf, "x.pycov")
	if err != nil {
		t.Fatal(err)
	}
	if got := names[d.Files[0]]; !reflect.DeepEqual(got, []string{"test_a", "test_b", "test_c"}) {
		t.Errorf("after merge and a round trip, names = %q", got)
	}

	// Damage in a known field is damage in the file.
	recordFields = nil
	bad := sampleData()
	bad.Files[0].Extra = []Part{{1, true, []byte{0x7f}}}
	file = written(DataVersion, 4, bad)
	recordFields = []recordField{field}
	if _, err := DecodeData(bytes.NewReader(file), "x.pycov"); err == nil {
		t.Error("a damaged field was read")
	}
}

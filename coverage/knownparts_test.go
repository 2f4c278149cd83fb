package coverage

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// namesField is a record field as contexts will be one: a set of names per
// file record, kept in names (FileData would hold it).
func namesField(names map[*FileData][]string) recordField {
	return recordField{
		tag:  1,
		name: "its names",
		encode: func(b []byte, _ *Data, fd *FileData) ([]byte, bool) {
			if names[fd] == nil {
				return b, false
			}
			e := &encoder{b: b}
			e.strings(names[fd])
			return e.b, true
		},
		decode: func(_ *Data, fd *FileData, payload []byte) error {
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
func TestKnownRecordField(t *testing.T) {
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

// A section this pycov knows is written and read by its entry in
// dataSections, repeats merged. Not parallel: it sets dataSections.
func TestKnownSection(t *testing.T) {
	saved := dataSections
	defer func() { dataSections = saved }()
	names := map[*Data][]string{}
	section := dataSection{
		tag:  3,
		name: "the names section",
		encode: func(b []byte, d *Data) ([]byte, bool) {
			e := &encoder{b: b}
			e.strings(names[d])
			return e.b, names[d] != nil
		},
		decode: func(d *Data, payload []byte) error {
			dec := &decoder{b: payload}
			v := dec.strings()
			if dec.err == nil && len(dec.b) != 0 {
				dec.err = errors.New("extra bytes")
			}
			names[d] = union(names[d], v)
			return dec.err
		},
	}
	older := sampleData()
	a, b := &encoder{}, &encoder{}
	a.strings([]string{"x"})
	b.strings([]string{"y"})
	older.Extra = []Part{{3, true, a.b}, {3, true, b.b}}
	dataSections = nil
	file := written(DataVersion, 4, older)

	dataSections = []dataSection{section}
	d, err := DecodeData(bytes.NewReader(file), "x.pycov")
	if err != nil {
		t.Fatal(err)
	}
	if got := names[d]; !reflect.DeepEqual(got, []string{"x", "y"}) || d.Extra != nil {
		t.Fatalf("names = %q, extra = %v; want x and y, nothing left over", got, d.Extra)
	}
	var buf bytes.Buffer
	d.Encode(&buf)
	if d, err = DecodeData(&buf, "x.pycov"); err != nil || !reflect.DeepEqual(names[d], []string{"x", "y"}) {
		t.Errorf("after a round trip, names = %q (%v)", names[d], err)
	}
	d.Extra = []Part{{3, true, []byte{2, 2}}}
	dataSections = nil
	file = written(DataVersion, 4, d)
	dataSections = []dataSection{section}
	if _, err := DecodeData(bytes.NewReader(file), "x.pycov"); err == nil || !strings.Contains(err.Error(), "is damaged or truncated (the names section: a length in it runs past the end of the data)") {
		t.Errorf("a damaged section: error = %v", err)
	}
}

package coverage

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// The tagged parts of the data file (format 4 on; see doc.go): sections
// of the file, and extension fields of a file record, are each a key, a
// length and a payload, so that a reader can skip what it does not know.
// A key is a Tag and whether the part is optional: Tag<<1 | optional.

// Tag names a kind of section or extension field. Section tags and field
// tags are separate spaces. A tag, once given a meaning, keeps it.
type Tag uint64

// The sections this pycov knows. Both are required: a reader that does
// not know them cannot read the file.
const (
	sectionSettings Tag = 1 // branch measured, exclusion and partial-branch regexes
	sectionFiles    Tag = 2 // the file records
)

// Part is a section, or a file record's extension field, kept as it was
// read because this pycov does not know its tag. It is written back as
// it came, so data that a newer pycov added survives combine, append and
// [paths] remapping by an older one.
type Part struct {
	Tag      Tag
	Optional bool // always true for parts that were read: unknown required parts are refused
	Payload  []byte
}

// appendPart appends a key, length and payload.
func appendPart(b []byte, tag Tag, optional bool, payload []byte) []byte {
	key := uint64(tag) << 1
	if optional {
		key |= 1
	}
	b = binary.AppendUvarint(b, key)
	b = binary.AppendUvarint(b, uint64(len(payload)))
	return append(b, payload...)
}

// errNewer says that a part needs a newer reader; DecodeData names the
// file and the remedy.
type errNewer struct{ what string }

func (e errNewer) Error() string { return e.what }

// nextPart reads one key, length and payload from d.
func (d *decoder) nextPart() (tag Tag, optional bool, payload []byte) {
	if d.err != nil {
		return 0, false, nil
	}
	key, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0, false, nil
	}
	d.b = d.b[n:]
	size, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0, false, nil
	}
	if size > uint64(len(d.b)-n) {
		d.err = errPartPastEnd
		return 0, false, nil
	}
	d.b = d.b[n:]
	payload, d.b = d.b[:size:size], d.b[size:]
	return Tag(key >> 1), key&1 == 1, payload
}

// unknownPart keeps an optional part this pycov does not know, and
// refuses a required one.
func unknownPart(what string, tag Tag, optional bool, payload []byte) (Part, error) {
	if !optional {
		return Part{}, errNewer{fmt.Sprintf("it has a required %s that this pycov does not know", what)}
	}
	return Part{Tag: tag, Optional: true, Payload: bytes.Clone(payload)}, nil
}

// mergeParts adds to a the parts of b it does not already hold, byte for
// byte. A reader that knows a tag merges its repeats.
func mergeParts(a, b []Part) []Part {
	for _, p := range b {
		dup := false
		for _, q := range a {
			if q.Tag == p.Tag && q.Optional == p.Optional && bytes.Equal(q.Payload, p.Payload) {
				dup = true
				break
			}
		}
		if !dup {
			a = append(a, p)
		}
	}
	return a
}

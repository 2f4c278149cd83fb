package coverage

// The optional sections and record fields this pycov knows, beyond the
// two required sections (settings, files): each is an entry in a table
// giving its tag and how to write and read it, so that new data (per-test
// contexts next) is one entry and its codec. See doc.go, "Adding data".
//
// What an entry writes must stand alone: an older pycov that does not
// know it keeps it byte for byte, but may merge or drop the records
// around it and rename their paths. So a record field holds no paths and
// no indexes into a section, and a section no file order or indexes into
// records. And a part may repeat (an older pycov that merged two data
// files or two records of one file kept both): read calls decode once per
// occurrence, and decode merges what it reads into what is there.

// A dataSection is an optional section this pycov knows.
type dataSection struct {
	tag  Tag    // a section tag: 3 is the first free
	name string // what it holds, for messages about damage ("the ... section")
	// encode appends d's payload to b; ok is false when d has none.
	encode func(b []byte, d *Data) (out []byte, ok bool)
	// decode adds the payload to d. Payloads are outside input: it must
	// return an error on any damage, never panic.
	decode func(d *Data, payload []byte) error
}

// A recordField is an optional field of file records this pycov knows.
type recordField struct {
	tag  Tag    // a field tag (its own space): 1 is the first free
	name string // what it holds, for messages about damage ("its contexts")
	// encode appends fd's payload to b; ok is false when fd has none.
	encode func(b []byte, d *Data, fd *FileData) (out []byte, ok bool)
	// decode adds the payload to fd (d is the data being read, sections
	// possibly not yet read); as dataSection.decode.
	decode func(d *Data, fd *FileData, payload []byte) error
	// merge adds from's data to into: two records of the same file and
	// content, in Data.Merge. Nil when Data.Merge does it.
	merge func(into, from *FileData)
}

// dataSections and recordFields are the tables. Tags are never reused.
var (
	dataSections = []dataSection{}
	recordFields = []recordField{
		{tag: 1, name: "its contexts", encode: encodeFileContexts, decode: decodeFileContexts}, // contexts_codec.go
	}
)

func dataSectionByTag(tag Tag) *dataSection {
	for i := range dataSections {
		if dataSections[i].tag == tag {
			return &dataSections[i]
		}
	}
	return nil
}

func recordFieldByTag(tag Tag) *recordField {
	for i := range recordFields {
		if recordFields[i].tag == tag {
			return &recordFields[i]
		}
	}
	return nil
}

// Package coverage is pycov's model: the static facts of each measured file,
// what ran in it, the data file that holds both, and the analysis every
// report shares — missing lines, partial branches, totals and percentages
// rounded as coverage.py rounds them.
//
// Facts come from the interpreter (pyfacts/facts.py, run by the same CPython
// that ran the program, since statements and branches depend on its
// compiler); everything after that is Go, so reports need no Python.
//
// # The data file
//
// The data file (.pycov by default, and each parallel file) holds a Data:
// whether branches were measured, the exclusion regexes the facts were
// computed with, and per measured file (FileData) its path as the
// interpreter named it, its Facts (statements, possible arcs, exclusions,
// functions and classes, the SHA-256 of the source) and what ran: executed
// lines (first lines of statements), executed arcs (a negative destination
// is the exit from the code object whose first line it names) and the first
// lines of code objects that started. Everything a report needs is there,
// so reports need no Python; `pycov json` is the way for other tools to
// read it. It is binary rather than JSON because reading a 1,000-file
// project's data is most of what `pycov report` does. Files are replaced
// atomically (a temporary file, then rename).
//
// Numbers are varints: "uvarint" is encoding/binary's unsigned varint,
// "int" its zig-zag signed varint; a string is an int length then bytes; a
// list is an int count then its elements (a regex list of -1 means
// coverage.py's defaults). Format 5 (format 4, written since the format
// could evolve, with the contexts field):
//
//	"pycov-data 5\n"                  header line: the format version N
//	uvarint minReader                 oldest format a reader must know (4)
//	section*                          until the end of the file
//	section = uvarint key, uvarint length, payload
//	key     = tag<<1 | optional
//	tag 1, required: settings: int branch (0/1), exclude list, partial list
//	tag 2, required: files: uvarint count, then count times
//	                 uvarint length, record
//	record  = path, facts, lines, arcs, started (positional, codec.go;
//	          facts in factsCodecVersion's layout), then field* to its end
//	field   = uvarint key, uvarint length, payload (a section's shape)
//	field tag 1, optional: the file's contexts (contexts_codec.go), in data
//	                 measured with contexts
//
// Format 3, written before, is the header line "pycov-data 3\n" followed by
// branch, exclude list, partial list, int file count and the records' core
// fields, with no lengths, sections or fields; it is still read (decodeV3).
// testdata/datafile holds files of each older format, which every pycov
// is tested to read.
//
// # Compatibility
//
// A pycov reads formats 3 to DataVersion. Reading format N ≥ 4 it refuses,
// as written by a newer pycov with the remedy "upgrade pycov", a file whose
// minReader is above its DataVersion, and, in a format above its own, a
// required section or field whose tag it does not know (in a format it
// knows, such a part is damage: adding one bumps the format). It keeps optional sections and fields it does
// not know (Data.Extra, FileData.Extra: Part) byte for byte, and writes them
// back after the ones it knows, so what a newer pycov added survives
// combine, run --append and [paths] remapping by an older one. Merging two
// records of the same file (same content) keeps each distinct unknown
// field once; a record replaced because the file's content changed takes
// its fields with it. Unknown fields therefore must not depend on anything
// outside their record (no indexes into a file-level table, no paths), and a
// pycov that knows a field must accept it repeated, merging the repeats.
// An older pycov gives a format it does not know the header's version in
// its error.
//
// # Changing the format
//
//   - Adding an optional section or record field (data old readers may
//     ignore): see "Adding data"; bump DataVersion, keep dataMinReader.
//     Older readers keep and pass it on.
//   - Adding data old readers must not ignore: a required section or field
//     (old readers refuse the file), or, for any change to the core of a
//     record, the settings or files section, or the facts encoding: bump
//     DataVersion and set dataMinReader to it, keep a decoder for the old
//     layout, and commit files of the old format to testdata/datafile.
//   - Changing encoder.facts also bumps factsCodecVersion, which keys the
//     facts cache (an entry of another version is a miss).
//
// TestDataFormatIsPinned fails when the bytes written change, as a
// reminder of the above.
//
// # Adding data (contexts, say)
//
// New data is an optional section (file-wide) or an optional record field
// (per file): an entry in dataSections or recordFields (knownparts.go)
// with the next free tag and its encode and decode functions; the decoder,
// the encoder and Data.Merge call them, and commands that do not use the
// data ignore it. knownparts.go says what such a part must not hold (paths,
// indexes into other parts), since an older pycov keeps it verbatim while
// it merges and remaps around it, and that decode must merge repeats.
// TestKnownRecordField and TestKnownSection show both shapes.
package coverage

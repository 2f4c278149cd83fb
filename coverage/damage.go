package coverage

import "errors"

// What the decoder finds wrong in a damaged data file, in words a user
// understands: DecodeData puts them between the file's name and the
// remedy ("data file .pycov is damaged or truncated (it ends in the middle
// of an entry); run `pycov erase` and measure again"). They name the
// place (a section, a file's record) where they can, never the decoder's
// numbers (a negative length, a tag).
var (
	errShort        = errors.New("it ends in the middle of an entry")
	errBadNumber    = errors.New("a number in it is malformed")
	errNegative     = errors.New("a length in it is negative")
	errPastEnd      = errors.New("a length in it runs past the end of the data")
	errPartPastEnd  = errors.New("a section's length runs past the end of the file")
	errFieldPastEnd = errors.New("a field's length runs past the end of the record")
	errLeftOver     = errors.New("bytes are left over after the end of the data")
)

// sectionName is how a message names a section of the data file.
func sectionName(tag Tag) string {
	switch tag {
	case sectionSettings:
		return "the settings section"
	case sectionFiles:
		return "the list of files"
	}
	if s := dataSectionByTag(tag); s != nil && s.name != "" {
		return s.name
	}
	return "an optional section"
}

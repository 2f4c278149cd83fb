package coverage

// decodeV3 reads the body of a format 3 data file (pycov before the
// tagged format): branch measured, the exclusion and partial-branch
// regexes, the number of files, then each file's record, all positional.
// Kept so that a newer pycov reads every older data file.
func decodeV3(body []byte) (*Data, error) {
	dec := &decoder{b: body}
	d := &Data{Branch: dec.bool(), Exclude: dec.strings(), Partial: dec.strings()}
	d.Files = make([]*FileData, dec.count(8))
	for i := range d.Files {
		d.Files[i] = dec.fileData()
	}
	if dec.err == nil && len(dec.b) != 0 {
		dec.err = errLeftOver
	}
	return d, dec.err
}

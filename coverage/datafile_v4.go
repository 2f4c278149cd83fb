package coverage

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The body of a data file from format 4 on (doc.go has the layout): the
// oldest format a reader must know, then sections.

// encodeContainer is the body of d's data file.
func (d *Data) encodeContainer() []byte {
	e := &encoder{b: binary.AppendUvarint(nil, dataMinReader)}
	s := &encoder{}
	s.bool(d.Branch)
	s.strings(d.Exclude)
	s.strings(d.Partial)
	e.b = appendPart(e.b, sectionSettings, false, s.b)

	files := &encoder{}
	files.b = binary.AppendUvarint(files.b, uint64(len(d.Files)))
	rec := &encoder{}
	for _, fd := range d.Files {
		rec.b = rec.b[:0]
		rec.fileRecord(d, fd)
		files.b = binary.AppendUvarint(files.b, uint64(len(rec.b)))
		files.b = append(files.b, rec.b...)
	}
	e.b = appendPart(e.b, sectionFiles, false, files.b)

	var payload []byte
	for _, s := range dataSections {
		var ok bool
		if payload, ok = s.encode(payload[:0], d); ok {
			e.b = appendPart(e.b, s.tag, true, payload)
		}
	}
	for _, p := range d.Extra {
		e.b = appendPart(e.b, p.Tag, p.Optional, p.Payload)
	}
	return e.b
}

// fileRecord writes one file's record: its core fields (as format 3
// wrote them), then its extension fields.
func (e *encoder) fileRecord(d *Data, fd *FileData) {
	e.fileData(fd)
	var payload []byte
	for _, f := range recordFields {
		var ok bool
		if payload, ok = f.encode(payload[:0], d, fd); ok {
			e.b = appendPart(e.b, f.tag, true, payload)
		}
	}
	for _, p := range fd.Extra {
		e.b = appendPart(e.b, p.Tag, p.Optional, p.Payload)
	}
}

// decodeContainer reads the body of a data file of the given format (4 or
// later).
func decodeContainer(body []byte, version int) (*Data, error) {
	dec := &decoder{b: body}
	minReader, n := binary.Uvarint(dec.b)
	switch {
	case n <= 0:
		return nil, errShort
	case minReader < 4 || minReader > uint64(version):
		return nil, errors.New("the format version it asks its readers for is impossible")
	case minReader > DataVersion:
		return nil, errNewer{fmt.Sprintf("it needs a pycov that reads format %d", minReader)}
	}
	dec.b = dec.b[n:]
	d := &Data{}
	var seen [3]bool
	for dec.err == nil && len(dec.b) > 0 {
		tag, optional, payload := dec.nextPart()
		if dec.err != nil {
			break
		}
		switch tag {
		case sectionSettings, sectionFiles:
			if seen[tag] {
				return nil, fmt.Errorf("%s appears twice", sectionName(tag))
			}
			seen[tag] = true
			if err := d.decodeSection(tag, payload); err != nil {
				return nil, err
			}
		default:
			if s := dataSectionByTag(tag); s != nil {
				if err := s.decode(d, payload); err != nil {
					return nil, fmt.Errorf("%s: %w", sectionName(tag), err)
				}
				continue
			}
			p, err := unknownPart("section", tag, optional, payload)
			if err != nil {
				return nil, err
			}
			d.Extra = append(d.Extra, p)
		}
	}
	if dec.err != nil {
		return nil, dec.err
	}
	for _, tag := range []Tag{sectionSettings, sectionFiles} {
		if !seen[tag] {
			return nil, fmt.Errorf("%s is missing", sectionName(tag))
		}
	}
	return d, nil
}

// decodeSection reads a section this pycov knows into d.
func (d *Data) decodeSection(tag Tag, payload []byte) error {
	dec := &decoder{b: payload}
	switch tag {
	case sectionSettings:
		d.Branch, d.Exclude, d.Partial = dec.bool(), dec.strings(), dec.strings()
	case sectionFiles:
		n, k := binary.Uvarint(dec.b)
		if k <= 0 || n > uint64(len(dec.b)) {
			return fmt.Errorf("%s: the number of files runs past its end", sectionName(tag))
		}
		dec.b = dec.b[k:]
		d.Files = make([]*FileData, n)
		for i := range d.Files {
			size, k := binary.Uvarint(dec.b)
			if k <= 0 || size > uint64(len(dec.b)-k) {
				return fmt.Errorf("%s: a file's record runs past its end", sectionName(tag))
			}
			rec := &decoder{b: dec.b[k : k+int(size)]}
			dec.b = dec.b[k+int(size):]
			fd, err := rec.fileRecord(d)
			if err != nil {
				return err
			}
			d.Files[i] = fd
		}
	}
	if dec.err == nil && len(dec.b) != 0 {
		return fmt.Errorf("%s: bytes are left over after its contents", sectionName(tag))
	}
	if dec.err != nil {
		return fmt.Errorf("%s: %w", sectionName(tag), dec.err)
	}
	return nil
}

// fileRecord reads what encoder.fileRecord wrote; d holds exactly the
// record.
func (d *decoder) fileRecord(data *Data) (*FileData, error) {
	fd := d.fileData()
	for d.err == nil && len(d.b) > 0 {
		tag, optional, payload := d.nextPart()
		if d.err != nil {
			break
		}
		if f := recordFieldByTag(tag); f != nil {
			if err := f.decode(data, fd, payload); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", recordName(fd), f.name, err)
			}
			continue
		}
		p, err := unknownPart("file field", tag, optional, payload)
		if err != nil {
			return nil, err
		}
		fd.Extra = append(fd.Extra, p)
	}
	if d.err == errPartPastEnd {
		d.err = errFieldPastEnd
	}
	if d.err != nil {
		return nil, fmt.Errorf("%s: %w", recordName(fd), d.err)
	}
	return fd, nil
}

// recordName is how a message names fd's record.
func recordName(fd *FileData) string {
	if fd.Path == "" {
		return "a file's record"
	}
	return "the record of " + fd.Path
}

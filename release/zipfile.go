package main

import (
	"archive/zip"
	"io"
	"io/fs"
	"time"
)

// A member is one file of an artifact.
type member struct {
	Name string // slash-separated path inside the artifact
	Mode uint32 // permission bits: 0o755 for the binary, 0o644 otherwise
	Data []byte
}

// writeZip writes members in the order given, every one stamped with t and
// its permission bits, deflated: the same members
// give the same bytes.
func writeZip(w io.Writer, members []member, t time.Time) error {
	zw := zip.NewWriter(w)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.Name, Method: zip.Deflate, Modified: t}
		h.SetMode(fileMode(m.Mode))
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := f.Write(m.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

func fileMode(perm uint32) fs.FileMode { return fs.FileMode(perm) & fs.ModePerm }

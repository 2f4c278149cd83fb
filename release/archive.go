package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"time"
)

// archiveName is the plain archive for p: pycov_0.1.0_linux_amd64.tar.gz,
// or .zip for Windows.
func archiveName(version string, p platform) string {
	ext := ".tar.gz"
	if p.GOOS == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("%s_%s_%s_%s%s", distName, version, p.GOOS, p.GOARCH, ext)
}

// archive builds the plain archive for p, for people who do not install
// with pip: the binary, README.md and LICENSE (when there is one) at the top
// level, as the archives of most Go tools have them, so that
// `tar xzf pycov_0.1.0_linux_amd64.tar.gz pycov` gives ./pycov.
func archive(src *source, p platform, binary []byte) ([]byte, error) {
	members := []member{{Name: p.exe(), Mode: 0o755, Data: binary}}
	if src.License != nil {
		members = append(members, member{Name: "LICENSE", Mode: 0o644, Data: src.License})
	}
	members = append(members, member{Name: "README.md", Mode: 0o644, Data: src.Readme})
	var buf bytes.Buffer
	var err error
	if p.GOOS == "windows" {
		err = writeZip(&buf, members, src.Time)
	} else {
		err = writeTarGz(&buf, members, src.Time)
	}
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", archiveName(src.Version, p), err)
	}
	return buf.Bytes(), nil
}

// writeTarGz writes members as a gzipped tar with no owner names, ids or
// gzip timestamp, every file stamped with t: the same members give the same
// bytes.
func writeTarGz(buf *bytes.Buffer, members []member, t time.Time) error {
	zw := gzip.NewWriter(buf)
	tw := tar.NewWriter(zw)
	for _, m := range members {
		h := &tar.Header{Typeflag: tar.TypeReg, Name: m.Name, Mode: int64(m.Mode), Size: int64(len(m.Data)), ModTime: t, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(m.Data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

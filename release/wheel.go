package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
)

// wheelName is the file name pip reads the distribution, version and
// platform from: pycov-0.1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl.
func wheelName(version string, p platform) string {
	return fmt.Sprintf("%s-%s-py3-none-%s.whl", distName, version, strings.Join(p.Tags, "."))
}

// wheel builds the wheel for p around binary, pycov for that platform.
//
// The binary is a script (pycov-<v>.data/scripts/pycov), which pip, pipx
// and uv install into the environment's bin directory, executable, as they
// do for ruff and uv. There is no Python package: pycov needs no Python to
// run. Members are sorted, with the .dist-info directory last and RECORD
// last in it, and all carry the source's timestamp.
func wheel(src *source, p platform, binary []byte) ([]byte, error) {
	data := fmt.Sprintf("%s-%s.data", distName, src.Version)
	info := fmt.Sprintf("%s-%s.dist-info", distName, src.Version)
	members := []member{
		{Name: data + "/scripts/" + p.exe(), Mode: 0o755, Data: binary},
		{Name: info + "/METADATA", Mode: 0o644, Data: metadata(src)},
		{Name: info + "/WHEEL", Mode: 0o644, Data: wheelFile(src, p)},
	}
	if src.License != nil {
		members = append(members, member{Name: info + "/licenses/LICENSE", Mode: 0o644, Data: src.License})
	}
	sort.Slice(members, func(i, j int) bool { return members[i].Name < members[j].Name })
	members = append(members, member{Name: info + "/RECORD", Mode: 0o644, Data: record(members, info+"/RECORD")})
	var buf bytes.Buffer
	if err := writeZip(&buf, members, src.Time); err != nil {
		return nil, fmt.Errorf("writing %s: %w", wheelName(src.Version, p), err)
	}
	return buf.Bytes(), nil
}

// record is the RECORD file: each member's path, sha256 (URL-safe base64,
// unpadded) and size, and RECORD itself without either.
func record(members []member, self string) []byte {
	var b strings.Builder
	for _, m := range members {
		sum := sha256.Sum256(m.Data)
		fmt.Fprintf(&b, "%s,sha256=%s,%d\n", m.Name, base64.RawURLEncoding.EncodeToString(sum[:]), len(m.Data))
	}
	b.WriteString(self + ",,\n")
	return []byte(b.String())
}

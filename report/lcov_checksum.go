package report

import (
	"crypto/md5"
	"encoding/base64"
	"strings"
)

// lineChecksum is the checksum LCOV's DA records may carry, as geninfo
// and coverage.py's [lcov] line_checksums write it: the MD5 of the line's
// text (without its end of line) in base64, without the trailing "=".
// MD5 here is a fingerprint, not security.
func lineChecksum(line string) string {
	sum := md5.Sum([]byte(line))
	return strings.TrimRight(base64.StdEncoding.EncodeToString(sum[:]), "=")
}

package report

import "testing"

// The expected values are Python's
// base64.b64encode(hashlib.md5(line.encode()).digest()).rstrip(b"="), what
// coverage.py writes with [lcov] line_checksums.
func TestLineChecksum(t *testing.T) {
	for line, want := range map[string]string{
		"x = 1":          "03/8VLZ86N4fAe+x8uM2iQ",
		`    return "é"`: "8WO78RCmBGHQ+Q8tapZJXg",
		"":               "1B2M2Y8AsgTpgAmY7PhCfg",
	} {
		if got := lineChecksum(line); got != want {
			t.Errorf("lineChecksum(%q) = %q, want %q", line, got, want)
		}
	}
}

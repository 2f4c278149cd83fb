package main

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"
)

// sha256sums is the SHA256SUMS file for artifacts (name → content), in the
// format `sha256sum -c` checks: the hex digest, two spaces, the file name.
func sha256sums(artifacts map[string][]byte) []byte {
	names := make([]string, 0, len(artifacts))
	for name := range artifacts {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(artifacts[name]), name)
	}
	return []byte(b.String())
}

package report

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/pycov/pycov/coverage"
)

// StaleSources are the names of rep's files whose source is no longer the
// text that was measured: changed (edited since) or gone (it can't be
// read). A report's line numbers for them are those of the old text, so
// the CLI warns about them before writing (the HTML report, which shows
// the source, says so on each file's page instead). Files measured
// without a hash of their source are not checked.
func StaleSources(rep *coverage.Report) (changed, gone []string) {
	for _, f := range rep.Files {
		want := measuredSHA256(f)
		if want == "" {
			continue
		}
		raw, err := coverage.ReadSource(f.Path)
		if err != nil {
			gone = append(gone, f.Name)
			continue
		}
		if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != want {
			changed = append(changed, f.Name)
		}
	}
	return changed, gone
}

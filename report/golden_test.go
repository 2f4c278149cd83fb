package report

import "flag"

// update makes golden tests rewrite their files instead of comparing:
// go test ./report -update, then read the diff.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden and html_assets/tokens.css")

func updateGolden() bool { return *update }

package report

import (
	"bytes"
	"testing"
)

func TestTextGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		data   string
		opts   TextOptions
		golden string
	}{
		{"branch", TextOptions{ShowMissing: true, Branches: true}, "text/branch-missing.txt"},
		{"branch", TextOptions{Branches: true, Precision: 2, SkipCovered: true, Sort: "-cover"}, "text/branch-skip-covered.txt"},
		{"lines", TextOptions{SkipEmpty: true, Sort: "stmts"}, "text/lines-skip-empty.txt"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Text(&buf, writerReport(t, tc.data), tc.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.golden, buf.Bytes())
		})
	}
}

func TestTotalGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		data      string
		precision int
		golden    string
	}{
		{"branch", 0, "total/branch.txt"},
		{"lines", 2, "total/lines-precision-2.txt"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Total(&buf, writerReport(t, tc.data), tc.precision); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.golden, buf.Bytes())
		})
	}
}

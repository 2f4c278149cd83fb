package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/pycov/pycov/coverage"
)

func TestMarkdownGolden(t *testing.T) {
	for _, tc := range []struct {
		data   string
		opts   TextOptions
		golden string
	}{
		{"branch", TextOptions{ShowMissing: true, Branches: true}, "markdown/branch-missing.md"},
		{"branch", TextOptions{Branches: true, Precision: 2, SkipCovered: true, Sort: "-cover"}, "markdown/branch-skip-covered.md"},
		{"lines", TextOptions{SkipEmpty: true}, "markdown/lines.md"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Markdown(&buf, writerReport(t, tc.data), tc.opts); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.golden, buf.Bytes())
		})
	}
}

// TestMarkdownIsCoveragePys compares with coverage.py 7's
// `coverage report --format=markdown` for the example of FORMATS.md.
func TestMarkdownIsCoveragePys(t *testing.T) {
	rep := writerReport(t, "branch")
	rep.Files = rep.Files[:1]
	rep.Total = rep.Files[0].Numbers
	var buf bytes.Buffer
	if err := Markdown(&buf, rep, TextOptions{ShowMissing: true, Branches: true}); err != nil {
		t.Fatal(err)
	}
	want := `| Name            |    Stmts |     Miss |   Branch |   BrPart |   Cover |   Missing |
|---------------- | -------: | -------: | -------: | -------: | ------: | --------: |
| example/tiny.py |        6 |        1 |        2 |        1 |     75% |         7 |
| **TOTAL**       |    **6** |    **1** |    **2** |    **1** | **75%** |           |
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestMarkdownEscapesNames(t *testing.T) {
	if got, want := escapeMarkdown("pkg/__init__.py"), `pkg/\_\_init\_\_.py`; got != want {
		t.Errorf("escapeMarkdown = %s, want %s", got, want)
	}
	if got, want := escapeMarkdown("12->14, 3-5"), `12-\>14, 3-5`; got != want {
		t.Errorf("escapeMarkdown = %s, want %s", got, want)
	}
}

func TestTotal(t *testing.T) {
	rep := &coverage.Report{Total: coverage.Numbers{Statements: 42, Missing: 13}}
	for precision, want := range map[int]string{0: "69\n", 2: "69.05\n"} {
		var buf bytes.Buffer
		if err := Total(&buf, rep, precision); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Errorf("precision %d: %q, want %q", precision, buf.String(), want)
		}
	}
	var buf bytes.Buffer
	Total(&buf, &coverage.Report{Total: coverage.Numbers{Statements: 1000, Missing: 1}}, 0)
	if strings.TrimSpace(buf.String()) != "99" {
		t.Errorf("99.9%% shows as %s, want 99 (never 100 unless exact)", buf.String())
	}
}

// fullWriter fails every write, as stdout redirected to /dev/full does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errDiskFull }

var errDiskFull = errors.New("no space left on device")

// A Markdown table that could not be written (a full disk under
// $GITHUB_STEP_SUMMARY) is an error, as the text table's is.
func TestMarkdownReportsWriteErrors(t *testing.T) {
	err := Markdown(fullWriter{}, writerReport(t, "branch"), TextOptions{ShowMissing: true, Branches: true})
	if !errors.Is(err, errDiskFull) {
		t.Errorf("Markdown to a full disk: error %v, want %v", err, errDiskFull)
	}
}

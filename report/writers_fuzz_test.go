package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pycov/pycov/coverage"
)

// FuzzWriters feeds every writer the report of a mutated data file: no
// data file that decodes may make a writer panic. The seeds are the golden
// tests' data (testdata/writers) as data files, and repro 21's file whose
// statement is on line 0.
func FuzzWriters(f *testing.F) {
	dir, err := filepath.Abs(filepath.Join("testdata", "writers"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"branch", "lines"} {
		b, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		var data coverage.Data
		if err := json.Unmarshal(b, &data); err != nil {
			f.Fatal(err)
		}
		for _, fd := range data.Files {
			fd.Path = filepath.Join(dir, filepath.FromSlash(fd.Path))
			fd.Facts.Path = fd.Path
		}
		var buf bytes.Buffer
		data.Encode(&buf)
		f.Add(buf.Bytes())
	}
	line0 := filepath.Join(dir, "src", "main.py")
	var buf bytes.Buffer
	(&coverage.Data{Branch: true, Files: []*coverage.FileData{{
		Path:  line0,
		Facts: &coverage.Facts{Path: line0, SHA256: "ab", Statements: []int{0, 1}},
		Lines: []int{1},
	}}}).Encode(&buf)
	f.Add(buf.Bytes())

	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := coverage.DecodeData(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		rep, err := coverage.BuildReport(d, coverage.Selection{Cwd: filepath.Join(dir, "src")})
		if err != nil {
			return
		}
		to := io.Discard
		Text(to, rep, TextOptions{ShowMissing: true, Branches: rep.Branch, Precision: 1})
		Markdown(to, rep, TextOptions{ShowMissing: true, Branches: rep.Branch})
		LCOV(to, rep)
		Cobertura(to, rep, CoberturaOptions{Source: dir, Now: goldenNow, Version: goldenVersion})
		Cobertura(to, rep, CoberturaOptions{Source: dir, Strict: true, PackageDepth: 1})
		JSON(to, rep, JSONOptions{Pretty: true, Branch: rep.Branch})
		GoProfile(to, rep)
		HTML(t.TempDir(), rep, HTMLOptions{Now: goldenNow, Version: goldenVersion})
	})
}

package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/internal/benchdata"
)

// growthSizes are the project sizes (modules) every writer is measured at,
// so that how its cost grows with the project reads off the output:
//
//	go test ./report -run NONE -bench Writers -benchtime 3x
//
// prints BenchmarkWriters/html/files=1000 beside …/files=5000, each with
// its time, its allocations and peak-MB, the most the heap held (see
// benchdata.Measure).
var growthSizes = []int{1000, 5000}

// BenchmarkWriters writes each report, as the pycov command of its name
// does, from the analysed data of the benchmark project (what `pycov run
// --branch main.py` records; see internal/benchdata) into a file.
func BenchmarkWriters(b *testing.B) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	type project struct {
		dir string
		rep *coverage.Report
	}
	dirs := map[int]string{}
	for _, n := range growthSizes {
		dirs[n] = b.TempDir()
		if err := benchdata.Write(dirs[n], n); err != nil {
			b.Fatal(err)
		}
	}
	toFile := func(write func(w io.Writer, p project) error) func(b *testing.B, p project) {
		return func(b *testing.B, p project) {
			f, err := os.Create(filepath.Join(b.TempDir(), "out"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			for b.Loop() {
				if _, err := f.Seek(0, 0); err != nil {
					b.Fatal(err)
				}
				w := bufio.NewWriterSize(f, 1<<16) // as cmd/pycov's outputFile
				if err := write(w, p); err != nil {
					b.Fatal(err)
				}
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	writers := []struct {
		name string
		run  func(b *testing.B, p project)
	}{
		{"report", toFile(func(w io.Writer, p project) error {
			return Text(w, p.rep, TextOptions{Branches: true})
		})},
		{"html", func(b *testing.B, p project) {
			dir := filepath.Join(b.TempDir(), "htmlcov")
			for b.Loop() {
				if err := HTML(dir, p.rep, HTMLOptions{Now: now, Version: "bench"}); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"xml", toFile(func(w io.Writer, p project) error {
			return Cobertura(w, p.rep, CoberturaOptions{Source: p.dir, Now: now, Version: "bench"})
		})},
		{"lcov", toFile(func(w io.Writer, p project) error { return LCOV(w, p.rep) })},
		{"json", toFile(func(w io.Writer, p project) error {
			return JSON(w, p.rep, JSONOptions{Now: now, Version: "bench", Branch: true})
		})},
		{"goprofile", toFile(func(w io.Writer, p project) error { return GoProfile(w, p.rep) })},
	}
	for _, wr := range writers {
		for _, n := range growthSizes {
			b.Run(fmt.Sprintf("%s/files=%d", wr.name, n), func(b *testing.B) {
				// Each size's report is made afresh, so that the heap
				// holds one project's, as the command's does.
				rep, err := coverage.BuildReport(benchdata.Data(dirs[n], n), coverage.Selection{Cwd: dirs[n]})
				if err != nil {
					b.Fatal(err)
				}
				benchdata.Measure(b, func() { wr.run(b, project{dirs[n], rep}) })
			})
		}
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/measure"
)

// parallelFiles writes n parallel data files of a 50-file project into dir,
// each with a different half of the lines run.
func parallelFiles(tb testing.TB, dir string, n int) {
	for i := 0; i < n; i++ {
		d := &coverage.Data{Branch: true}
		for f := 0; f < 50; f++ {
			facts := &coverage.Facts{Path: fmt.Sprintf("/proj/pkg/mod%03d.py", f), SHA256: fmt.Sprintf("%064x", f)}
			fd := &coverage.FileData{Path: facts.Path, Facts: facts, Started: []int{i + 1}} // no two files alike
			for l := 1; l <= 300; l++ {
				facts.Statements = append(facts.Statements, l)
				if (l*7919+i*104729)%11 < 5 {
					fd.Lines = append(fd.Lines, l)
				}
				if l%5 == 0 {
					facts.Arcs = append(facts.Arcs, [2]int{l, l + 1}, [2]int{l, l + 3})
					fd.Arcs = append(fd.Arcs, [2]int{l, l + 1 + 2*((l+i)%2)})
				}
			}
			d.Files = append(d.Files, fd)
		}
		if err := coverage.WriteData(filepath.Join(dir, fmt.Sprintf(".pycov.host.%d.%08x", i, i)), d); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkCombineCommand200 is `pycov combine --keep` of 200 parallel data
// files, through the command line (configuration, globbing, reading,
// merging, the atomic write). README.md quotes it.
func BenchmarkCombineCommand200(b *testing.B) {
	dir := b.TempDir()
	parallelFiles(b, dir, 200)
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out strings.Builder
		if err := dispatch(context.Background(), []string{"combine", "--keep"}, inProcess(b, stdio{in: strings.NewReader(""), out: &out, err: io.Discard})); err != nil {
			b.Fatal(err)
		}
		if !strings.HasPrefix(out.String(), "combined 200 data files") {
			b.Fatalf("output = %q", out.String())
		}
	}
}

// A parallel data file listed, then combined and deleted by another
// combine (two reports at once) before this one took the lock, is not an
// error: its data is in the data file already.
func TestCombineSkipsFilesTakenMeanwhile(t *testing.T) {
	dir := t.TempDir()
	parallelFiles(t, dir, 2)
	files := coverage.ParallelFiles(filepath.Join(dir, ".pycov"))
	if len(files) != 2 {
		t.Fatalf("ParallelFiles = %v", files)
	}
	os.Remove(files[0]) // combined by another pycov meanwhile
	job := &measure.Combine{Host: testStdio(t, dir).host(), DataFile: filepath.Join(dir, ".pycov"), DataName: ".pycov", Files: files, Append: true}
	sum, err := job.Run(context.Background())
	if err != nil || len(sum.Errs) != 0 || sum.Files != 1 {
		t.Errorf("run = %+v, %v; want 1 file combined and no errors", sum, err)
	}
}

// Two `pycov combine` at once: the second listed the parallel files before
// the first combined and deleted some of them. Those are in the data file
// now, so the second adds to it instead of replacing it with the rest.
func TestCombineAfterAnotherCombineKeepsItsData(t *testing.T) {
	dir := t.TempDir()
	dataPath := filepath.Join(dir, ".pycov")
	parallelFiles(t, dir, 3)
	files := coverage.ParallelFiles(dataPath)
	first := &measure.Combine{Host: testStdio(t, dir).host(), DataFile: dataPath, DataName: ".pycov", Files: files[:2]}
	if _, err := first.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	second := &measure.Combine{Host: testStdio(t, dir).host(), DataFile: dataPath, DataName: ".pycov", Files: files}
	if _, err := second.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	d, err := coverage.ReadData(dataPath, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Files[0].Started; len(got) != 3 {
		t.Errorf("%s: functions started %v, want those of all 3 parallel files", d.Files[0].Path, got)
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pycov/pycov/coverage"
)

// TestFactsStreamMatchesBatch runs the facts script both ways with the
// real interpreter: the facts pycov caches while a program runs (stream
// mode, one file at a time) must be the facts of a batch analysis.
func TestFactsStreamMatchesBatch(t *testing.T) {
	t.Parallel()
	in, _ := sessionInterpreter(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "conformance", "0[0-4]*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance programs: %v", err)
	}
	for i := range files {
		files[i], _ = filepath.Abs(files[i])
	}
	req := coverage.FactsRequest{Files: files}
	ctx := context.Background()
	batch, err := coverage.ComputeFacts(ctx, pythonRunner(in), req, nil)
	if err != nil {
		t.Fatal(err)
	}

	cache := &coverage.FactsCache{Dir: t.TempDir(), Interpreter: in.Path + " " + in.Version.String()}
	given := false
	p := coverage.StartPrefetch(ctx, in.Pipe, cache, coverage.FactsRequest{}, func() []string {
		if given {
			return nil
		}
		given = true
		return files
	})
	// Every file is in the cache once a run served only by it succeeds.
	noPython := func(context.Context, []string, []byte) ([]byte, error) { return nil, errors.New("not cached") }
	var streamed []*coverage.Facts
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if streamed, err = coverage.ComputeFacts(ctx, noPython, req, cache); err == nil {
			break
		}
	}
	p.Stop()
	if err != nil {
		t.Fatalf("the stream did not analyse every file: %v", err)
	}
	for i := range files {
		// %+v shows contents alike whether a list is nil or empty (the
		// cache's encoding keeps no difference between them).
		b, s := fmt.Sprintf("%+v", *batch[i]), fmt.Sprintf("%+v", *streamed[i])
		if b != s {
			t.Errorf("%s: stream facts differ from batch facts:\nbatch  %+v\nstream %+v", files[i], b, s)
		}
	}
}

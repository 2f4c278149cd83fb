package coverage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

func TestPrefetchFillsTheCacheWhileTheProgramRuns(t *testing.T) {
	_, paths := writeSources(t, map[string]string{"a.py": "x = 1\n", "b.py": "y = 2\n", "c.py": "z = 3\n"})
	cache := &FactsCache{Dir: t.TempDir(), Interpreter: "python 3.14.6"}
	var calls atomic.Int32
	newFiles := func() []string {
		// The program imports a.py, then b.py and c.py.
		switch calls.Add(1) {
		case 1:
			return paths[:1]
		case 2:
			return paths[1:]
		}
		return nil
	}
	fake := &fakeFacts{}
	p := StartPrefetch(context.Background(), fake.run, cache, FactsRequest{}, newFiles)
	deadline := time.Now().Add(10 * time.Second)
	for len(cachedOf(t, cache, paths)) < len(paths) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	p.Stop()
	if got := cachedOf(t, cache, paths); len(got) != len(paths) {
		t.Fatalf("cached after the run: %v, want all of %v", got, paths)
	}
	after := &fakeFacts{}
	if _, err := ComputeFacts(context.Background(), after.run, FactsRequest{Files: paths}, cache); err != nil {
		t.Fatal(err)
	}
	if len(after.batches) != 0 {
		t.Errorf("after prefetching, the run analysed %v again", after.asked())
	}
}

// cachedOf lists the paths whose facts cache has.
func cachedOf(t *testing.T, cache *FactsCache, paths []string) []string {
	t.Helper()
	var out []string
	for _, p := range paths {
		content, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(content)
		if cache.load(cache.key(FactsRequest{}, content), hex.EncodeToString(sum[:])) != nil {
			out = append(out, p)
		}
	}
	return out
}

func TestPrefetchStopDoesNotWaitForABatch(t *testing.T) {
	_, paths := writeSources(t, map[string]string{"a.py": "x = 1\n"})
	started := make(chan struct{})
	blocked := func(ctx context.Context, args []string, stdin []byte) ([]byte, error) {
		close(started)
		<-ctx.Done() // an interpreter busy with a large batch
		return nil, ctx.Err()
	}
	p := StartPrefetch(context.Background(), blocked, &FactsCache{Dir: t.TempDir()}, FactsRequest{}, func() []string { return paths })
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("no batch started")
	}
	stopped := make(chan struct{})
	go func() { p.Stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Stop waited for the batch under way")
	}
}

func TestPrefetchWithoutACacheDoesNothing(t *testing.T) {
	p := StartPrefetch(context.Background(), nil, nil, FactsRequest{}, func() []string { t.Error("asked for files"); return nil })
	p.Stop()
}

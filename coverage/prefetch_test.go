package coverage

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pycov/pycov/internal/pyjson"
)

// fakeStream is a PythonStarter that answers like the facts script's
// stream mode, with fakeFacts' facts; block makes it wait before each
// answer until a value arrives.
type fakeStream struct {
	fakeFacts
	starts atomic.Int32
	block  chan struct{}
}

func (s *fakeStream) start(ctx context.Context, args []string) (io.WriteCloser, io.ReadCloser, func() error, error) {
	s.starts.Add(1)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var wg sync.WaitGroup
	wg.Go(func() {
		defer outW.Close()
		br := bufio.NewReader(inR)
		if _, err := br.ReadBytes('\n'); err != nil { // the settings
			return
		}
		for {
			line, err := br.ReadBytes('\n')
			if err != nil {
				return
			}
			var name pyjson.String // as the facts script reads it
			json.Unmarshal(line, &name)
			path := string(name)
			if s.block != nil {
				select {
				case <-s.block:
				case <-ctx.Done(): // killed
					return
				}
			}
			s.mu.Lock()
			s.batches = append(s.batches, []string{path})
			s.mu.Unlock()
			answer, _ := json.Marshal(factsOf(path))
			outW.Write(append(answer, '\n'))
		}
	})
	return inW, outR, func() error { wg.Wait(); return nil }, nil
}

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
	fake := &fakeStream{}
	p := StartPrefetch(context.Background(), fake.start, cache, FactsRequest{}, newFiles)
	deadline := time.Now().Add(10 * time.Second)
	for len(cachedOf(t, cache, paths)) < len(paths) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	p.Stop()
	if got := cachedOf(t, cache, paths); len(got) != len(paths) {
		t.Fatalf("cached after the run: %v, want all of %v", got, paths)
	}
	if n := fake.starts.Load(); n != 1 {
		t.Errorf("%d interpreters started, want 1", n)
	}
	after := &fakeFacts{}
	if _, err := ComputeFacts(context.Background(), after.run, FactsRequest{Files: paths}, cache); err != nil {
		t.Fatal(err)
	}
	if len(after.batches) != 0 {
		t.Errorf("after prefetching, the run analysed %v again", after.asked())
	}
}

func TestPrefetchKeepsNamesThatAreNotUTF8(t *testing.T) {
	_, paths := writeSources(t, map[string]string{"caf\xe9.py": "x = 1\n"})
	cache := &FactsCache{Dir: t.TempDir()}
	fake := &fakeStream{}
	p := StartPrefetch(context.Background(), fake.start, cache, FactsRequest{}, func() []string { return paths })
	deadline := time.Now().Add(10 * time.Second)
	for len(cachedOf(t, cache, paths)) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	p.Stop()
	if got := fake.asked(); len(got) != 1 || got[0] != paths[0] {
		t.Errorf("the analyser was asked for %q, want %q", got, paths[0])
	}
}

func TestPrefetchStopFinishesTheFileUnderWay(t *testing.T) {
	_, paths := writeSources(t, map[string]string{"a.py": "x = 1\n", "b.py": "y = 2\n"})
	cache := &FactsCache{Dir: t.TempDir()}
	fake := &fakeStream{block: make(chan struct{})}
	p := StartPrefetch(context.Background(), fake.start, cache, FactsRequest{}, func() []string { return paths })
	for fake.starts.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	stopped := make(chan struct{})
	go func() { p.Stop(); close(stopped) }()
	time.Sleep(100 * time.Millisecond)
	select {
	case <-stopped:
		t.Fatal("Stop returned before the file under way was answered")
	default:
	}
	fake.block <- struct{}{} // a.py's answer
	<-stopped
	if got := cachedOf(t, cache, paths); len(got) != 1 || got[0] != paths[0] {
		t.Errorf("cached %v, want only a.py (b.py was never asked for)", got)
	}
}

func TestPrefetchStopGivesUpOnAHungAnalyser(t *testing.T) {
	_, paths := writeSources(t, map[string]string{"a.py": "x = 1\n"})
	fake := &fakeStream{block: make(chan struct{})} // never answers
	p := StartPrefetch(context.Background(), fake.start, &FactsCache{Dir: t.TempDir()}, FactsRequest{}, func() []string { return paths })
	for fake.starts.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	stopped := make(chan struct{})
	go func() { p.Stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(prefetchGrace + 10*time.Second):
		t.Fatal("Stop waited for an analyser that never answers")
	}
}

func TestPrefetchAsksOnlyForWhatTheCacheLacks(t *testing.T) {
	_, paths := writeSources(t, map[string]string{"a.py": "x = 1\n"})
	cache := &FactsCache{Dir: t.TempDir()}
	if _, err := ComputeFacts(context.Background(), (&fakeFacts{}).run, FactsRequest{Files: paths}, cache); err != nil {
		t.Fatal(err)
	}
	fake := &fakeStream{}
	p := StartPrefetch(context.Background(), fake.start, cache, FactsRequest{}, func() []string { return paths })
	time.Sleep(prefetchAfter + 3*prefetchEvery)
	p.Stop()
	if n := fake.starts.Load(); n != 0 {
		t.Errorf("an interpreter was started for files the cache has")
	}
}

func TestPrefetchWithoutACacheDoesNothing(t *testing.T) {
	p := StartPrefetch(context.Background(), nil, nil, FactsRequest{}, func() []string { t.Error("asked for files"); return nil })
	p.Stop()
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
		if cache.load(cache.key(FactsRequest{}.resolved(), p, hex.EncodeToString(sum[:])), hex.EncodeToString(sum[:])) != nil {
			out = append(out, p)
		}
	}
	return out
}

package coverage

import (
	"context"
	"os"
	"path/filepath"
	"time"
)

// Prefetch analyses files while the program that imports them runs, so that
// the analysis after the run finds their facts in the cache: a program
// seldom keeps every core busy, and a test suite imports most of what it
// measures early. It runs one interpreter at a time, on batches of the
// files newFiles has named since the last batch began.
type Prefetch struct {
	stop chan struct{}
	done chan struct{}
}

// prefetchBatchBytes bounds a batch: what a batch still running when the
// program ends has done is lost (Stop does not wait for it), and each batch
// pays an interpreter's start.
const prefetchBatchBytes = minBatchBytes

// prefetchEvery is how often newFiles is asked.
const prefetchEvery = 100 * time.Millisecond

// StartPrefetch starts analysing the files newFiles names (relative names
// are taken from the working directory, as Collect does) into cache, with
// the exclusion settings of req. A nil cache prefetches nothing.
func StartPrefetch(ctx context.Context, run PythonRunner, cache *FactsCache, req FactsRequest, newFiles func() []string) *Prefetch {
	p := &Prefetch{stop: make(chan struct{}), done: make(chan struct{})}
	if cache == nil {
		close(p.done)
		return p
	}
	go p.loop(ctx, run, cache, req, newFiles)
	return p
}

// Stop ends prefetching: a batch under way is stopped and what it had
// done is lost; the batches done before are in the cache.
func (p *Prefetch) Stop() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
}

func (p *Prefetch) loop(ctx context.Context, run PythonRunner, cache *FactsCache, req FactsRequest, newFiles func() []string) {
	defer close(p.done)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tick := time.NewTicker(prefetchEvery)
	defer tick.Stop()
	var pending []string
	var busy chan struct{} // closed when the batch under way ends; nil when none
	for {
		select {
		case <-p.stop:
			cancel()
			if busy != nil {
				<-busy
			}
			return
		case <-tick.C:
		}
		for _, f := range newFiles() {
			if abs, err := filepath.Abs(f); err == nil {
				pending = append(pending, abs)
			}
		}
		if busy != nil {
			select {
			case <-busy:
				busy = nil
			default:
				continue
			}
		}
		if len(pending) == 0 {
			continue
		}
		var batch []string
		var size int64
		for len(pending) > 0 && size < prefetchBatchBytes {
			if st, err := os.Stat(pending[0]); err == nil {
				size += st.Size()
			}
			batch, pending = append(batch, pending[0]), pending[1:]
		}
		busy = make(chan struct{})
		go func(files []string, busy chan struct{}) {
			defer close(busy)
			r := req
			r.Files = files
			computeFacts(ctx, run, r, cache, 1) // errors: the run after will meet them
		}(batch, busy)
	}
}

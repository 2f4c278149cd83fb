package coverage

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pycov/pycov/internal/pyjson"
)

// PythonStarter starts the interpreter with args and connects pycov to its
// standard input and output; wait ends it once stdin is closed. It is the
// seam in front of a long-lived interpreter.
type PythonStarter func(ctx context.Context, args []string) (stdin io.WriteCloser, stdout io.ReadCloser, wait func() error, err error)

// Prefetch analyses files while the program that imports them runs, so that
// the analysis after the run finds their facts in the cache: a program
// seldom keeps every core busy, and a test suite imports most of what it
// measures early. One interpreter runs the facts script in its stream mode
// and is given one file at a time, so that when the program ends at most
// one file's analysis is under way, and no work is lost.
type Prefetch struct {
	stop chan struct{}
	done chan struct{}
}

// prefetchEvery is how often the journals are asked for new files, from
// prefetchAfter on: a program that ends sooner gains nothing from it, and
// on a warm run each file's hash would be paid twice.
const (
	prefetchEvery = 50 * time.Millisecond
	prefetchAfter = 500 * time.Millisecond
	prefetchGrace = 2 * time.Second
)

// StartPrefetch starts analysing the files newFiles names (relative names
// are taken from the working directory, as Collect does) into cache, with
// the exclusion settings of req. Files the cache has are skipped; nothing
// starts until a file needs analysing. A nil cache prefetches nothing.
func StartPrefetch(ctx context.Context, start PythonStarter, cache *FactsCache, req FactsRequest, newFiles func() []string) *Prefetch {
	p := &Prefetch{stop: make(chan struct{}), done: make(chan struct{})}
	if cache == nil {
		close(p.done)
		return p
	}
	go p.loop(ctx, start, cache, req.resolved(), newFiles) // keyed as ComputeFacts keys
	return p
}

// Stop ends prefetching once the file under way (if any) is analysed and
// cached, or prefetchGrace has passed: then the interpreter is stopped and
// the file is left to the analysis after the run.
func (p *Prefetch) Stop() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
}

// prefetchItem is a file to analyse, with the key and digest of the
// content it had when it was found.
type prefetchItem struct{ path, key, sum string }

func (p *Prefetch) loop(ctx context.Context, start PythonStarter, cache *FactsCache, req FactsRequest, newFiles func() []string) {
	defer close(p.done)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops an interpreter that did not end by itself
	select {
	case <-p.stop:
		return
	case <-time.After(prefetchAfter):
	}
	tick := time.NewTicker(prefetchEvery)
	defer tick.Stop()
	var (
		seen    = map[string]bool{} // every file is looked at once
		queue   []prefetchItem
		current *prefetchItem // asked, not yet answered
		stdin   io.WriteCloser
		wait    func() error
		answers chan *Facts
		broken  bool
	)
	defer func() {
		if stdin != nil {
			stdin.Close()
			cancel()
			wait()
		}
	}()
	ask := func() {
		if current != nil || len(queue) == 0 || broken {
			return
		}
		if stdin == nil {
			var stdout io.ReadCloser
			var err error
			stdin, stdout, wait, err = start(ctx, cache.scriptArgs("--stream"))
			if err != nil {
				broken, stdin = true, nil
				return
			}
			answers = make(chan *Facts, 1) // an answer after Stop gave up is not waited for
			go readAnswers(stdout, answers)
			settings, _ := json.Marshal(FactsRequest{Exclude: req.Exclude, Partial: req.Partial})
			if _, err := stdin.Write(append(settings, '\n')); err != nil {
				broken = true
				return
			}
		}
		line, _ := json.Marshal(pyjson.String(queue[0].path)) // a name that is not UTF-8 intact
		if _, err := stdin.Write(append(line, '\n')); err != nil {
			broken = true
			return
		}
		current, queue = &queue[0], queue[1:]
	}
	for {
		select {
		case <-p.stop:
			if current != nil && !broken {
				select {
				case f, ok := <-answers:
					if ok {
						keep(cache, *current, f)
					}
				case <-time.After(prefetchGrace):
					cancel()
				}
			}
			return
		case f, ok := <-answers:
			if !ok {
				broken, answers = true, nil
				continue
			}
			keep(cache, *current, f)
			current = nil
			ask()
		case <-tick.C:
			for _, name := range newFiles() {
				if seen[name] {
					continue
				}
				seen[name] = true
				if it, ok := needsFacts(cache, req, name); ok {
					queue = append(queue, it)
				}
			}
			ask()
		}
	}
}

// needsFacts says whether the cache lacks the facts of name's content. An
// entry that is there is not read (the run after reads it, and checks it):
// on a warm run, prefetching costs a hash per file.
func needsFacts(cache *FactsCache, req FactsRequest, name string) (prefetchItem, bool) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return prefetchItem{}, false
	}
	content, err := os.ReadFile(abs)
	if err != nil {
		return prefetchItem{}, false
	}
	sum := sha256.Sum256(content)
	it := prefetchItem{path: abs, sum: hex.EncodeToString(sum[:])}
	it.key = cache.key(req, abs, it.sum)
	_, err = os.Stat(cache.path(it.key))
	return it, err != nil
}

// keep caches f if it describes the content it was asked about.
func keep(cache *FactsCache, it prefetchItem, f *Facts) {
	if f != nil && f.Error == "" && f.SHA256 == it.sum {
		cache.store(it.key, f)
	}
}

// readAnswers passes each line of the stream's answers on, nil for one it
// cannot read, and closes out at the end.
func readAnswers(r io.Reader, out chan<- *Facts) {
	defer close(out)
	br := bufio.NewReaderSize(r, 1<<16)
	for {
		line, err := br.ReadBytes('\n')
		if err != nil {
			return
		}
		var f Facts
		if json.Unmarshal(line, &f) != nil {
			out <- nil
			continue
		}
		out <- &f
	}
}

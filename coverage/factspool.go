package coverage

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
)

// The facts of a cold run come from the interpreter, and analysing a file
// costs it ~10 ms of CPU: a 1,000-file project is seconds of work that one
// process would do on one core. analyseParallel spreads it over several
// interpreters at once, one batch each.

// minBatchBytes is the least source a batch gets before another
// interpreter is started: starting one (and importing ast, dis, tokenize)
// costs about as much as analysing this much source.
const minBatchBytes = 256 << 10

// maxBatchBytes is the most source a batch gets: an interpreter holds a
// batch's answers until it ends, so this bounds its memory on large
// projects.
const maxBatchBytes = 4 << 20

// analyseParallel returns the facts of files (sizes[i] is the size of
// files[i] in bytes, 0 if unknown) from up to workers interpreters run at
// once, given batches of files of about the same total size.
func analyseParallel(ctx context.Context, run PythonRunner, req FactsRequest, files []string, sizes []int64, workers int) ([]*Facts, error) {
	batches := balance(sizes, workers)
	out := make([]*Facts, len(files))
	var first error // the batch that failed first; the others were stopped
	var once sync.Once
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	slots := make(chan struct{}, max(workers, 1))
	for _, idx := range batches {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			if ctx.Err() != nil {
				return
			}
			sub := req
			sub.Files = make([]string, len(idx))
			for j, i := range idx {
				sub.Files[j] = files[i]
			}
			got, err := analyse(ctx, run, sub)
			if err != nil {
				once.Do(func() { first = err })
				cancel() // the others' work would be thrown away
				return
			}
			for j, i := range idx {
				out[i] = got[j]
			}
		})
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return nil, err
	}
	if first != nil {
		return nil, first
	}
	for i, f := range out {
		if f == nil {
			return nil, fmt.Errorf("analysing source files: no answer for %s", files[i])
		}
	}
	return out, nil
}

// balance splits the indexes of sizes into batches of about the same total
// size (largest first, each to the lightest batch): one per worker, fewer
// when there is too little source to be worth another interpreter, more
// when a batch would exceed maxBatchBytes, then as many as fill every
// worker in each round. Each batch keeps its indexes in ascending order.
func balance(sizes []int64, workers int) [][]int {
	if len(sizes) == 0 {
		return nil
	}
	var total int64
	for _, s := range sizes {
		total += s
	}
	n := min(max(workers, 1), int(max(total/minBatchBytes, 1)))
	n = max(n, int((total+maxBatchBytes-1)/maxBatchBytes))
	if w := max(workers, 1); n > w {
		// Whole rounds: with 5 batches on 2 workers the fifth would run
		// alone, one core idle for a batch's time; 6 smaller ones do not.
		n = (n + w - 1) / w * w
	}
	n = min(n, len(sizes))
	order := make([]int, len(sizes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return sizes[order[a]] > sizes[order[b]] })
	batches := make([][]int, n)
	load := make([]int64, n)
	for _, i := range order {
		light := 0
		for b := range n {
			if load[b] < load[light] {
				light = b
			}
		}
		batches[light] = append(batches[light], i)
		load[light] += max(sizes[i], 1)
	}
	for _, b := range batches {
		sort.Ints(b)
	}
	return batches
}

// defaultWorkers is how many interpreters analyse at once: one per core
// pycov may use.
func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

package benchdata

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// GCPercent is the garbage collector setting of the pycov command
// (cmd/pycov's main), under which Measure runs a benchmark so that its
// time and memory are the command's.
const GCPercent = 400

// Measure runs body, a benchmark's loop, with the garbage collector set as
// the pycov command sets it, and reports as peak-MB the most the heap held
// meanwhile (sampled every millisecond): what it held before (the data
// the benchmark prepared, which the command holds too) and what the body
// allocated that the collector had not yet freed. The command's peak
// resident size is this plus the runtime's own few megabytes.
func Measure(b *testing.B, body func()) {
	b.Helper()
	defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	body()
	close(done)
	wg.Wait()
	b.ReportMetric(float64(max(peak, read()))/(1<<20), "peak-MB")
}

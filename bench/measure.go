package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"
)

// bench holds what every measurement shares.
type bench struct {
	pycov      string
	cache      string // PYCOV_CACHE_DIR of every pycov command
	rounds     int
	coveragePy string // PYTHONPATH for coverage.py, or ""
}

// sample is one command's cost: wall and CPU seconds (user+system of the
// process tree) and the peak resident size, in MB, of its largest process.
type sample struct{ wall, cpu, rssMB float64 }

func (s sample) plus(o sample) sample {
	return sample{s.wall + o.wall, s.cpu + o.cpu, max(s.rssMB, o.rssMB)}
}

// time runs pycov with args in dir and measures it; env is added to
// pycov's environment. A failing command ends the bench.
func (b *bench) time(dir string, env []string, args ...string) sample {
	cmd := exec.Command(b.pycov, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "PYCOV_CACHE_DIR="+b.cache), env...)
	before := childCPU()
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "pycov %v in %s: %v\n%s", args, dir, err, out)
		os.Exit(1)
	}
	s := sample{wall: time.Since(start).Seconds()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rssMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
	}
	s.cpu = childCPU() - before
	return s
}

// emptyCache empties the cache directory but for the extracted
// interpreter: what a CI job that keeps no cache has once pycov has
// started for the first time.
func (b *bench) emptyCache() {
	entries, err := os.ReadDir(b.cache)
	must(err)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "python-") {
			must(os.RemoveAll(filepath.Join(b.cache, e.Name())))
		}
	}
}

// childCPU is the CPU time of all waited-for descendants so far.
func childCPU() float64 {
	var ru syscall.Rusage
	must(syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru))
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// series collects samples of one step over rounds.
type series []sample

func (s series) median() sample {
	return sample{
		median(s, func(x sample) float64 { return x.wall }),
		median(s, func(x sample) float64 { return x.cpu }),
		median(s, func(x sample) float64 { return x.rssMB }),
	}
}

func median[T any](v []T, f func(T) float64) float64 {
	s := make([]float64, len(v))
	for i, x := range v {
		s[i] = f(x)
	}
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// describeHost names what the figures depend on: cores and load.
func describeHost() string {
	load := "?"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Fields(string(b))[0]
	}
	return fmt.Sprintf("%d cores, load average %s at the start", runtime.NumCPU(), load)
}

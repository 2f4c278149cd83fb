// Command bench measures pycov's overhead against the plain interpreter,
// in the same run, on the shapes of code users run:
//
//	go run ./bench            # builds pycov, prints a table of medians
//	go run ./bench -n 9       # more rounds
//
// Each workload runs interleaved — plain (`pycov python prog.py`), measured
// (`pycov run --branch prog.py`), plain, measured, … — and the table gives
// the median CPU time (user+system of the whole process tree) of each and
// the median of the per-round ratios. Start-up is reported as the added
// milliseconds of wall time; the report step as its wall time.
// PYTHONDONTWRITEBYTECODE is unset, so the pyc cache works as it does for
// users (otherwise every run measures compiling the standard library).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"
)

func main() {
	rounds := flag.Int("n", 5, "rounds per workload")
	pycov := flag.String("pycov", "", "pycov binary to measure (default: build ./cmd/pycov)")
	only := flag.String("only", "", "run only this workload")
	keep := flag.String("keep", "", "generate the workloads in this directory and keep them")
	flag.Parse()
	os.Unsetenv("PYTHONDONTWRITEBYTECODE")

	root := *keep
	if root == "" {
		var err error
		root, err = os.MkdirTemp("", "pycov-bench-")
		must(err)
		defer os.RemoveAll(root)
	}
	if *pycov == "" {
		*pycov = filepath.Join(root, "pycov")
		build := exec.Command("go", "build", "-o", *pycov, "./cmd/pycov")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		must(build.Run())
	}

	loads := []workload{hotLoops(root), suiteShape(root), startup(root), project(root)}
	fmt.Printf("pycov benchmark: %d rounds, interleaved, medians (CPU = user+sys of the process tree)\n\n", *rounds)
	fmt.Printf("%-12s %12s %12s %10s %12s %12s %14s\n", "workload", "plain CPU", "pycov CPU", "ratio", "added wall", "report wall", "peak RSS")
	for _, w := range loads {
		if *only != "" && w.name != *only {
			continue
		}
		// One unmeasured round of each warms the pyc and facts caches.
		runOnce(*pycov, w, false)
		runOnce(*pycov, w, true)

		var plainCPU, covCPU, ratios, addedWall, reportWall, plainRSS, covRSS []float64
		for i := 0; i < *rounds; i++ {
			pc, pw, pr := runOnce(*pycov, w, false)
			cc, cw, cr := runOnce(*pycov, w, true)
			plainRSS = append(plainRSS, pr)
			covRSS = append(covRSS, cr)
			plainCPU = append(plainCPU, pc)
			covCPU = append(covCPU, cc)
			ratios = append(ratios, cc/pc)
			addedWall = append(addedWall, cw-pw)
			start := time.Now()
			rep := exec.Command(*pycov, "report")
			rep.Dir = w.dir
			must(rep.Run())
			reportWall = append(reportWall, time.Since(start).Seconds())
		}
		fmt.Printf("%-12s %10.3f s %10.3f s %9.3fx %9.1f ms %9.3f s %5.0f>%4.0f MB\n", w.name,
			median(plainCPU), median(covCPU), median(ratios), 1000*median(addedWall), median(reportWall),
			median(plainRSS), median(covRSS))
		if w.name == "project" {
			defer writers(*pycov, w, *rounds)
		}
	}
}

// writers times every report format on the measured project (wall time,
// median), the data the project's last measured run left.
func writers(pycov string, w workload, rounds int) {
	fmt.Printf("\nreport writers on the project (%s), median wall time:\n", describeData(pycov, w))
	for _, args := range [][]string{
		{"report"}, {"html", "-d", "htmlcov"}, {"xml"}, {"lcov"}, {"json"}, {"goprofile"},
	} {
		var times []float64
		for i := 0; i < rounds; i++ {
			cmd := exec.Command(pycov, args...)
			cmd.Dir = w.dir
			start := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				fmt.Fprintf(os.Stderr, "pycov %v: %v\n%s", args, err, out)
				os.Exit(1)
			}
			times = append(times, time.Since(start).Seconds())
		}
		fmt.Printf("  pycov %-10s %6.3f s\n", args[0], median(times))
	}
}

// describeData gives the size of the project's data: files, statements,
// branches (from `pycov report --format=total`'s neighbour, the JSON totals).
func describeData(pycov string, w workload) string {
	cmd := exec.Command(pycov, "json", "-o", "-")
	cmd.Dir = w.dir
	out, err := cmd.Output()
	if err != nil {
		return "?"
	}
	var doc struct {
		Files  map[string]any `json:"files"`
		Totals struct {
			Statements int `json:"num_statements"`
			Branches   int `json:"num_branches"`
		} `json:"totals"`
	}
	if json.Unmarshal(out, &doc) != nil {
		return "?"
	}
	return fmt.Sprintf("%d files, %d statements, %d branches", len(doc.Files), doc.Totals.Statements, doc.Totals.Branches)
}

// runOnce runs the workload plain or measured and returns the CPU seconds
// of the whole process tree, the wall seconds, and the peak resident size
// in MB of the largest process in the tree (pycov itself or the
// interpreter, whichever is larger).
func runOnce(pycov string, w workload, measured bool) (cpu, wall, rssMB float64) {
	args := append([]string{"python"}, w.args...)
	if measured {
		args = append([]string{"run", "--branch"}, w.args...)
	}
	cmd := exec.Command(pycov, args...)
	cmd.Dir = w.dir
	cmd.Stderr = os.Stderr
	before := childCPU()
	start := time.Now()
	if out, err := cmd.Output(); err != nil {
		fmt.Fprintf(os.Stderr, "%s %v: %v\n%s", pycov, args, err, out)
		os.Exit(1)
	}
	wall = time.Since(start).Seconds()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rssMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
	}
	return childCPU() - before, wall, rssMB
}

// childCPU is the CPU time of all waited-for descendants so far.
func childCPU() float64 {
	var ru syscall.Rusage
	must(syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru))
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

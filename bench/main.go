// Command bench measures pycov against the plain interpreter, in the same
// run, on the shapes of code users run, with an empty cache (as on a fresh
// CI machine) and a warm one:
//
//	go run ./bench                 # builds pycov; all tables (several minutes)
//	go run ./bench -quick          # 100-file project, 1 round: under a minute on 2 cores
//	go run ./bench -n 9            # more rounds
//	go run ./bench -coveragepy DIR # also coverage.py (importable from DIR) on the project
//
// Three tables:
//
//   - overhead (warm cache): each workload runs interleaved — plain
//     (`pycov python prog.py`), measured (`pycov run --branch prog.py`),
//     plain, … — with the median CPU time (user+system of the process
//     tree) of each and the median of the per-round ratios;
//   - cold and warm: `pycov run` then `pycov report` on the -files project,
//     first with a cache directory that holds only the extracted
//     interpreter (what a CI job without a kept cache has after its first
//     pycov command), then again with the cache that run left; wall and CPU
//     medians, side by side;
//   - growth: the same project at each of -sizes modules, cold and warm
//     run and every report, wall time, CPU time and peak resident size,
//     and how each grew from the second-largest project to the largest
//     (-gn rounds of runs, -rn of reports). The Go benchmarks show the
//     same growth for the data file and each writer alone:
//     go test ./report -run NONE -bench Writers -benchtime 3x.
//
// All pycov commands use a cache directory of the bench's own
// (PYCOV_CACHE_DIR); the interpreter is extracted into it once, timed
// separately. PYTHONDONTWRITEBYTECODE is unset, so the pyc cache works as it
// does for users.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	rounds := flag.Int("n", 5, "rounds per measurement")
	growthRounds := flag.Int("gn", 1, "rounds of run per size in the growth table")
	reportRounds := flag.Int("rn", 3, "rounds of each report per size in the growth table")
	pycov := flag.String("pycov", "", "pycov binary to measure (default: build ./cmd/pycov)")
	only := flag.String("only", "", "run only this table or workload: overhead, coldwarm, growth, contexts (not run by default), or a workload's name")
	keep := flag.String("keep", "", "generate the workloads in this directory and keep them")
	files := flag.Int("files", 1000, "modules of the project in the cold and warm table")
	sizes := flag.String("sizes", "100,1000,5000", "modules of the projects in the growth table, comma-separated")
	quick := flag.Bool("quick", false, "a small run: -n 1 -files 100 -sizes 100")
	coveragePy := flag.String("coveragepy", "", "a directory from which coverage.py imports (PYTHONPATH): time it on the project too")
	packaging := flag.String("packaging", "", "a pypa/packaging checkout, for the contexts table (-only contexts, with -coveragepy)")
	flag.Parse()
	if *quick {
		*rounds, *growthRounds, *reportRounds, *files, *sizes = 1, 1, 1, 100, "100"
	}
	var growth []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "bench: bad -sizes %q\n", *sizes)
			os.Exit(2)
		}
		growth = append(growth, n)
	}
	os.Unsetenv("PYTHONDONTWRITEBYTECODE")

	root := *keep
	if root == "" {
		var err error
		root, err = os.MkdirTemp("", "pycov-bench-")
		must(err)
		defer os.RemoveAll(root)
	}
	root, err := filepath.Abs(root)
	must(err)
	if *pycov == "" {
		*pycov = filepath.Join(root, "pycov")
		build := exec.Command("go", "build", "-o", *pycov, "./cmd/pycov")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		must(build.Run())
	}
	b := &bench{pycov: *pycov, cache: filepath.Join(root, "cache"), rounds: *rounds, coveragePy: *coveragePy}
	must(os.MkdirAll(b.cache, 0o700))
	first := b.time(root, nil, "python", "-c", "pass")
	fmt.Printf("pycov benchmark (%s): interpreter extracted into an empty cache directory in %.2f s wall, %.2f s CPU, %.0f MB peak\n\n",
		describeHost(), first.wall, first.cpu, first.rssMB)

	want := func(name string) bool { return *only == "" || *only == name }
	if *only == "contexts" {
		b.contexts(root, *packaging)
		return
	}
	if want("overhead") || *only != "" && *only != "coldwarm" && *only != "growth" {
		b.overhead(root, *only)
	}
	if want("coldwarm") {
		b.coldWarm(project(root, *files))
	}
	if want("growth") {
		var ws []workload
		for _, n := range growth {
			ws = append(ws, project(root, n))
		}
		b.growth(ws, *growthRounds, *reportRounds)
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

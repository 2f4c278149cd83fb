package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// coldWarm prints `pycov run` and `pycov report` on w with an empty cache
// and then a warm one, beside the plain interpreter (and coverage.py when
// the bench has it), each round measuring every step in turn.
func (b *bench) coldWarm(w workload) {
	steps := []string{"plain python", "pycov run, cold", "pycov report, cold", "pycov run, warm", "pycov report, warm"}
	if b.coveragePy != "" {
		steps = append(steps, "coverage.py run", "coverage.py report")
	}
	got := map[string]series{}
	var coldVsCov, coldVsWarm []float64
	run := []string{"run", "--branch"}
	covEnv := []string{"PYTHONPATH=" + b.coveragePy}
	for i := 0; i < b.rounds; i++ {
		round := map[string]sample{}
		round["plain python"] = b.time(w.dir, nil, append([]string{"python"}, w.args...)...)
		b.emptyCache()
		round["pycov run, cold"] = b.time(w.dir, nil, append(run, w.args...)...)
		round["pycov report, cold"] = b.time(w.dir, nil, "report")
		round["pycov run, warm"] = b.time(w.dir, nil, append(run, w.args...)...)
		round["pycov report, warm"] = b.time(w.dir, nil, "report")
		if b.coveragePy != "" {
			round["coverage.py run"] = b.time(w.dir, covEnv, append([]string{"python", "-m", "coverage", "run", "--branch"}, w.args...)...)
			round["coverage.py report"] = b.time(w.dir, covEnv, "python", "-m", "coverage", "report")
			cov := round["coverage.py run"].wall + round["coverage.py report"].wall
			coldVsCov = append(coldVsCov, (round["pycov run, cold"].wall+round["pycov report, cold"].wall)/cov)
		}
		coldVsWarm = append(coldVsWarm, (round["pycov run, cold"].wall+round["pycov report, cold"].wall)/
			(round["pycov run, warm"].wall+round["pycov report, warm"].wall))
		for _, s := range steps {
			got[s] = append(got[s], round[s])
		}
	}
	fmt.Printf("cold and warm cache: %s (%s), %d rounds, medians\n\n", w.about, describeData(b, w), b.rounds)
	fmt.Printf("%-30s %10s %10s %10s\n", "", "wall", "CPU", "peak RSS")
	row := func(name string, s sample) {
		fmt.Printf("%-30s %8.2f s %8.2f s %7.0f MB\n", name, s.wall, s.cpu, s.rssMB)
	}
	sums := map[string][2]string{ // a row after the report step: run + report
		"pycov report, cold": {"pycov run, cold", "pycov run + report, cold"},
		"pycov report, warm": {"pycov run, warm", "pycov run + report, warm"},
		"coverage.py report": {"coverage.py run", "coverage.py run + report"},
	}
	for _, s := range steps {
		row(s, got[s].median())
		if sum, ok := sums[s]; ok {
			var both series
			for i := range got[s] {
				both = append(both, got[sum[0]][i].plus(got[s][i]))
			}
			row(sum[1], both.median())
		}
	}
	id := func(x float64) float64 { return x }
	fmt.Printf("\ncold run + report / warm run + report (wall, same round): %.2fx\n", median(coldVsWarm, id))
	if len(coldVsCov) > 0 {
		fmt.Printf("cold run + report / coverage.py run + report (wall, same round): %.2fx\n", median(coldVsCov, id))
	}
	fmt.Println()
}

// describeData gives the size of the project's data: files, statements,
// branches, from the TOTAL line of `pycov report`. (Not from the JSON
// report: a child's peak RSS, as Linux reports it, is at least its
// parent's, so the bench must stay small.)
func describeData(b *bench, w workload) string {
	cmd := exec.Command(b.pycov, "report")
	cmd.Dir = w.dir
	cmd.Env = append(cmd.Environ(), "PYCOV_CACHE_DIR="+b.cache)
	out, err := cmd.Output()
	if err != nil {
		return "?"
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	total := strings.Fields(lines[len(lines)-1])
	if len(total) < 4 || total[0] != "TOTAL" {
		return "?"
	}
	files := 0
	for _, l := range lines {
		if strings.HasSuffix(strings.Fields(l + " x")[0], ".py") {
			files++
		}
	}
	return fmt.Sprintf("%d files, %s statements, %s branches", files, total[1], total[3])
}

// growth prints, for projects of growing size, the cost of a cold and a
// warm run and of every report — wall time, CPU time and peak resident
// size — and how each grew from the second-largest project to the
// largest, beside how the number of files grew: linear growth has the
// same ratio as the files. Runs are measured runRounds times at each size
// (a cold run of 5,000 modules takes minutes), reports reportRounds times.
func (b *bench) growth(ws []workload, runRounds, reportRounds int) {
	reports := [][]string{{"report"}, {"html", "-d", "htmlcov"}, {"xml"}, {"lcov"}, {"json"}, {"goprofile"}}
	steps := []string{"run, cold", "run, warm"}
	for _, r := range reports {
		steps = append(steps, r[0])
	}
	cells := map[string][]sample{}
	var heads []string
	var files []int
	for _, w := range ws {
		got := map[string]series{}
		for i := 0; i < runRounds; i++ {
			b.emptyCache()
			got["run, cold"] = append(got["run, cold"], b.time(w.dir, nil, append([]string{"run", "--branch"}, w.args...)...))
			got["run, warm"] = append(got["run, warm"], b.time(w.dir, nil, append([]string{"run", "--branch"}, w.args...)...))
		}
		for i := 0; i < reportRounds; i++ {
			for _, r := range reports {
				got[r[0]] = append(got[r[0]], b.time(w.dir, nil, r...))
			}
		}
		for _, s := range steps {
			cells[s] = append(cells[s], got[s].median())
		}
		n, _ := strconv.Atoi(strings.Fields(describeData(b, w))[0])
		files = append(files, n)
		heads = append(heads, fmt.Sprintf("%s (%d files)", filepath.Base(w.dir), n))
	}
	fmt.Printf("growth: wall, CPU and peak RSS; medians of %d round(s) for runs, %d for reports\n\n", runRounds, reportRounds)
	fmt.Printf("%-12s", "")
	for _, h := range heads {
		fmt.Printf(" %26s", h)
	}
	last := len(ws) - 1
	if last > 0 {
		fmt.Printf("   growth x%.2f files: wall, CPU, RSS", float64(files[last])/float64(max(files[last-1], 1)))
	}
	fmt.Println()
	for _, s := range steps {
		fmt.Printf("%-12s", s)
		for _, c := range cells[s] {
			fmt.Printf(" %26s", fmt.Sprintf("%.2f s %.2f s %4.0f MB", c.wall, c.cpu, c.rssMB))
		}
		if last > 0 {
			a, z := cells[s][last-1], cells[s][last]
			fmt.Printf("   x%.2f x%.2f x%.2f", z.wall/a.wall, z.cpu/a.cpu, z.rssMB/a.rssMB)
		}
		fmt.Println()
	}
	fmt.Println()
}

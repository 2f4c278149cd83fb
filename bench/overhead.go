package main

import "fmt"

// overhead prints the warm-cache overhead of measuring each workload:
// plain and measured runs interleaved, medians.
func (b *bench) overhead(root, only string) {
	loads := []workload{hotLoops(root), suiteShape(root), startup(root)}
	fmt.Printf("overhead with a warm cache: %d rounds, interleaved, medians (CPU = user+sys of the process tree)\n\n", b.rounds)
	fmt.Printf("%-12s %12s %12s %10s %12s %14s\n", "workload", "plain CPU", "pycov CPU", "ratio", "added wall", "peak RSS")
	for _, w := range loads {
		if only != "" && only != "overhead" && w.name != only {
			continue
		}
		plainArgs := append([]string{"python"}, w.args...)
		covArgs := append([]string{"run", "--branch"}, w.args...)
		// One unmeasured round of each warms the pyc and facts caches.
		b.time(w.dir, nil, plainArgs...)
		b.time(w.dir, nil, covArgs...)
		var plain, cov series
		var ratios []float64
		for i := 0; i < b.rounds; i++ {
			p := b.time(w.dir, nil, plainArgs...)
			c := b.time(w.dir, nil, covArgs...)
			plain, cov = append(plain, p), append(cov, c)
			ratios = append(ratios, c.cpu/p.cpu)
		}
		p, c := plain.median(), cov.median()
		var added []float64
		for i := range plain {
			added = append(added, cov[i].wall-plain[i].wall)
		}
		fmt.Printf("%-12s %10.3f s %10.3f s %9.3fx %9.1f ms %5.0f>%4.0f MB\n", w.name, p.cpu, c.cpu,
			median(ratios, func(x float64) float64 { return x }), 1000*median(added, func(x float64) float64 { return x }), p.rssMB, c.rssMB)
	}
	fmt.Println()
}

package monitoring

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// benchProgram calls 4,000 distinct small functions once (20,000 first-time
// lines and branches) and then again (all disabled), timing each pass
// inside the process: the agent's hot path, without interpreter start-up.
const benchProgram = `import time
import funcs
t0 = time.perf_counter()
for f in funcs.FUNCS:
    f(1)
t1 = time.perf_counter()
for f in funcs.FUNCS:
    f(1)
t2 = time.perf_counter()
print((t1 - t0) * 1e3, (t2 - t1) * 1e3)
`

// benchPython is an interpreter with sys.monitoring: $PYCOV_PYTHON, else
// the embedded CPython pycov extracted into the cache.
func benchPython(b *testing.B) string {
	if p := os.Getenv("PYCOV_PYTHON"); p != "" {
		return p
	}
	cache, _ := os.UserCacheDir()
	found, _ := filepath.Glob(filepath.Join(cache, "pycov", "python-3.1*", "bin", "python3"))
	if len(found) == 0 {
		b.Skip("no interpreter: set $PYCOV_PYTHON or run pycov once to extract the embedded one")
	}
	return found[len(found)-1]
}

// BenchmarkAgentHotPath reports the median first pass with the agent
// (ms/measured) and without (ms/plain), and the second pass with it
// (ms/steady): go test ./monitoring -run NONE -bench AgentHotPath
func BenchmarkAgentHotPath(b *testing.B) {
	py := benchPython(b)
	dir := b.TempDir()
	var src strings.Builder
	for i := 0; i < 4000; i++ {
		fmt.Fprintf(&src, "def f%d(x):\n    if x > 0:\n        x += %d\n    else:\n        x -= 1\n    return x\n\n", i, i)
	}
	src.WriteString("FUNCS = [")
	for i := 0; i < 4000; i++ {
		fmt.Fprintf(&src, "f%d, ", i)
	}
	src.WriteString("]\n")
	os.WriteFile(filepath.Join(dir, "funcs.py"), []byte(src.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "bench.py"), []byte(benchProgram), 0o644)
	agentDir, err := Install(filepath.Join(dir, "cache"))
	if err != nil {
		b.Fatal(err)
	}
	run := func(measured bool) (first, second float64) {
		journal, _ := os.MkdirTemp(dir, "j")
		defer os.RemoveAll(journal)
		env := append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
		if measured {
			env, _ = Env(env, agentDir, Config{JournalDir: journal, Branch: true, Cwd: dir, Subprocess: true})
		}
		cmd := exec.Command(py, "bench.py")
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%s: %v", out, err)
		}
		f := strings.Fields(string(out))
		first, _ = strconv.ParseFloat(f[0], 64)
		second, _ = strconv.ParseFloat(f[1], 64)
		return first, second
	}
	var plain, measured, steady []float64
	for i := 0; i < b.N; i++ {
		p, _ := run(false)
		m, s := run(true)
		plain, measured, steady = append(plain, p), append(measured, m), append(steady, s)
	}
	b.ReportMetric(median(plain), "ms/plain")
	b.ReportMetric(median(measured), "ms/measured")
	b.ReportMetric(median(steady), "ms/steady")
}

func median(v []float64) float64 {
	sort.Float64s(v)
	return v[len(v)/2]
}

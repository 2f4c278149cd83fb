package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pycov/pycov/internal/benchdata"
)

// A workload is a Python program (possibly a project) to run with and
// without pycov.
type workload struct {
	name  string
	about string
	dir   string   // where to run
	args  []string // the program and its arguments
}

// hotLoops: a few small functions called millions of times (~1 s plain).
// Measurement cost must vanish here: every location is disabled after its
// first event.
func hotLoops(root string) workload {
	src := `def step(x):
    if x % 3 == 0:
        return x // 3
    elif x % 2:
        return 3 * x + 1
    return x // 2


def collatz(n):
    count = 0
    while n != 1:
        n = step(n)
        count += 1
    return count


def main():
    total = 0
    for i in range(1, 110000):
        total += collatz(i)
    print(total)


main()
`
	return writeOne(root, "hot_loops", "a few functions run millions of times", "hot.py", src)
}

// suiteShape: 4,000 generated functions, each with if/elif/else, a loop and
// a try, each called 3 times — the shape of a test suite, where most code
// runs a few times and per-location costs dominate.
func suiteShape(root string) workload {
	var b strings.Builder
	for i := 0; i < 4000; i++ {
		fmt.Fprintf(&b, `def f%d(x):
    total = 0
    if x > 2:
        total += 1
    elif x == 1:
        total += 2
    else:
        total -= 1
    for k in range(x):
        total += k
    try:
        total = total // (x - 1)
    except ZeroDivisionError:
        total = -1
    return total


`, i)
	}
	b.WriteString("fs = [v for k, v in sorted(globals().items()) if k.startswith('f') and k[1:].isdigit()]\n")
	b.WriteString("s = 0\nfor f in fs:\n    for x in (0, 1, 3):\n        s += f(x)\nprint(s)\n")
	return writeOne(root, "suite_shape", "4,000 functions with if/elif/else, a loop and a try, each called 3 times", "suite.py", b.String())
}

// startup: an empty script.
func startup(root string) workload {
	return writeOne(root, "startup", "an empty script", "empty.py", "")
}

// project: the benchmark project of internal/benchdata — modules in
// packages of 50 (~180 statements each), imported and exercised once by
// main.py; project(root, 1000) is the 1,000-file project of the README's
// tables. The Go benchmarks of the data file and the writers use the same
// project's data.
func project(root string, modules int) workload {
	dir := filepath.Join(root, fmt.Sprintf("project%d", modules))
	must(benchdata.Write(dir, modules))
	return workload{name: "project", about: fmt.Sprintf("a %d-module project imported and exercised once", modules), dir: dir, args: []string{"main.py"}}
}

func writeOne(root, name, about, file, src string) workload {
	dir := filepath.Join(root, name)
	must(os.MkdirAll(dir, 0o755))
	must(os.WriteFile(filepath.Join(dir, file), []byte(src), 0o644))
	return workload{name: name, about: about, dir: dir, args: []string{file}}
}

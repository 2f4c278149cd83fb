// Package benchdata makes the project pycov's benchmarks measure: modules
// in packages of 50, each with 12 functions of ~14 statements (branches,
// loops) and a run function, imported and exercised once by main.py.
// `go run ./bench` runs it under pycov; the Go benchmarks of the data file
// and of the report writers take the data such a run records from Data,
// without running Python, so that they can be run at any size.
//
// Every module differs from the others (its constants do), as the files of
// a real project do: pycov analyses identical files once, which would
// flatter it.
package benchdata

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pycov/pycov/coverage"
)

// Layout of a module: functions g0..g11 start on line funcStart, one every
// funcLines lines; run follows them.
const (
	funcs     = 12
	funcStart = 7
	funcLines = 18
)

// ModulePath is module n's path in the project, with forward slashes:
// "pkg000/mod00.py".
func ModulePath(n int) string {
	return fmt.Sprintf("pkg%03d/mod%02d.py", n/50, n%50)
}

// Module is the source of module n: 12 functions of ~14 statements, plus
// module code.
func Module(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\"\"\"Generated module %d.\"\"\"\nimport math\n\nLIMIT = %d\n\n\n", n, 10+n%7)
	for i := 0; i < funcs; i++ {
		fmt.Fprintf(&b, `def g%d(x):
    y = x * %d
    if y > LIMIT:
        y -= LIMIT
    elif y < 0:
        y = -y
    else:
        y += %d
    for k in range(x):
        if k %% 2:
            y += k
        else:
            y -= 1
    while y > 100:
        y //= 2
    return math.floor(y)


`, i, i+1, 1+n%5)
	}
	b.WriteString("def run(x):\n    total = 0\n")
	for i := 0; i < funcs; i += 2 {
		fmt.Fprintf(&b, "    total += g%d(x)\n", i)
	}
	b.WriteString("    return total\n")
	return b.String()
}

// Main is main.py of a project of the given number of modules: it imports
// each module and calls its run once.
func Main(modules int) string {
	var b strings.Builder
	for n := 0; n < modules; n++ {
		p, m := n/50, n%50
		fmt.Fprintf(&b, "import pkg%03d.mod%02d as m%03d_%02d\nm%03d_%02d.run(%d)\n", p, m, p, m, p, m, m%4)
	}
	return b.String()
}

// Write writes a project of the given number of modules into dir: main.py,
// the packages with an empty __init__.py each, and the modules.
func Write(dir string, modules int) error {
	for n := 0; n < modules; n++ {
		path := filepath.Join(dir, filepath.FromSlash(ModulePath(n)))
		if n%50 == 0 {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(filepath.Dir(path), "__init__.py"), nil, 0o644); err != nil {
				return err
			}
		}
		if err := os.WriteFile(path, []byte(Module(n)), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "main.py"), []byte(Main(modules)), 0o644)
}

// Data is what `pycov run --branch main.py` records for the project Write
// wrote into dir (an absolute path): the facts of every file and the lines,
// arcs and code objects that ran, as pycov's analysis finds them (run(x)
// calls the even-numbered functions, which take one path through their
// branches). Files are in no particular order, as in a data file.
func Data(dir string, modules int) *coverage.Data {
	d := &coverage.Data{Branch: true}
	add := func(rel, src string, facts coverage.Facts, fd coverage.FileData) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		sum := sha256.Sum256([]byte(src))
		facts.Path, facts.SHA256 = path, hex.EncodeToString(sum[:])
		fd.Path, fd.Facts = path, &facts
		d.Files = append(d.Files, &fd)
	}
	var mainFacts coverage.Facts
	var mainData coverage.FileData
	for l := 1; l <= 2*modules; l++ {
		mainFacts.Statements = append(mainFacts.Statements, l)
		mainData.Lines = append(mainData.Lines, l)
	}
	mainData.Started = []int{1}
	add("main.py", Main(modules), mainFacts, mainData)
	for n := 0; n < modules; n++ {
		if n%50 == 0 {
			add(fmt.Sprintf("pkg%03d/__init__.py", n/50), "", coverage.Facts{}, coverage.FileData{Lines: []int{0}, Started: []int{1}})
		}
		facts, fd := moduleData()
		add(ModulePath(n), Module(n), facts, fd)
	}
	return d
}

// moduleData is the facts of a module and what a run of it records.
func moduleData() (coverage.Facts, coverage.FileData) {
	f := coverage.Facts{Statements: []int{2, 4}}
	fd := coverage.FileData{Lines: []int{1, 2, 4}, Started: []int{1}}
	for i := 0; i < funcs; i++ {
		s := funcStart + i*funcLines
		// def; y =; if; y -=; elif; y = -y; (else); y +=; for; if; y +=; (else); y -=; while; y //=; return
		for _, o := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 14, 15} {
			f.Statements = append(f.Statements, s+o)
		}
		for _, br := range []struct {
			kind           string
			at, into, skip int
		}{{"if", 2, 3, 4}, {"if", 4, 5, 7}, {"for", 8, 9, 13}, {"if", 9, 10, 12}, {"while", 13, 14, 15}} {
			f.Arcs = append(f.Arcs, [2]int{s + br.at, s + br.into}, [2]int{s + br.at, s + br.skip})
			f.BranchKinds = append(f.BranchKinds, coverage.LineKind{Line: s + br.at, BranchKind: coverage.BranchKind{Kind: br.kind, Into: s + br.into}})
		}
		f.Functions = append(f.Functions, coverage.Region{Name: fmt.Sprintf("g%d", i), Start: s, End: s + 15, Def: s, Body: s + 1})
		fd.Lines = append(fd.Lines, s)
		if i%2 == 0 {
			for _, o := range []int{1, 2, 4, 7, 8, 9, 12, 13, 15} {
				fd.Lines = append(fd.Lines, s+o)
			}
			for _, a := range [][2]int{{2, 4}, {4, 7}, {8, 9}, {8, 13}, {9, 12}, {13, 15}} {
				fd.Arcs = append(fd.Arcs, [2]int{s + a[0], s + a[1]})
			}
			fd.Started = append(fd.Started, s)
		}
	}
	run := funcStart + funcs*funcLines
	for l := run; l <= run+2+funcs/2; l++ {
		f.Statements = append(f.Statements, l)
		fd.Lines = append(fd.Lines, l)
	}
	f.Functions = append(f.Functions, coverage.Region{Name: "run", Start: run, End: run + 2 + funcs/2, Def: run, Body: run + 1})
	fd.Started = append(fd.Started, run)
	return f, fd
}

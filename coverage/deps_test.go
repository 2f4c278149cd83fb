package coverage

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The model, the report writers and the diff report link no measurement
// code: no agent, no journal reader, no interpreter (issue 12). Measuring
// is the measure package's, which joins vm, monitoring and coverage.
func TestModelLinksNoMeasurementCode(t *testing.T) {
	forbidden := []string{"monitoring", "vm", "measure"}
	for _, pkg := range []string{"coverage", "report", "diffcover"} {
		deps := moduleDeps(t, pkg)
		for _, f := range forbidden {
			if path, ok := deps[f]; ok {
				t.Errorf("%s imports %s (%s)", pkg, f, strings.Join(path, " -> "))
			}
		}
	}
}

// moduleDeps is every package of this module that pkg (a directory of the
// module, relative to its root) imports, directly or not, without tests,
// each with the import path that reaches it.
func moduleDeps(t *testing.T, pkg string) map[string][]string {
	t.Helper()
	const module = "github.com/pycov/pycov/"
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	deps := map[string][]string{}
	var walk func(dir string, path []string)
	walk = func(dir string, path []string) {
		p, err := build.ImportDir(filepath.Join(root, dir), 0)
		if err != nil {
			t.Fatalf("reading package %s: %v", dir, err)
		}
		for _, imp := range p.Imports {
			rel, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			if _, seen := deps[rel]; seen {
				continue
			}
			deps[rel] = append(slices.Clone(path), rel)
			walk(rel, deps[rel])
		}
	}
	walk(pkg, []string{pkg})
	return deps
}

// The libraries take the working directory, the environment and the
// standard streams from their callers (cmd/pycov's stdio, made once in
// main), never from the process, so that tests run them side by side in
// directories of their own (issue 12).
func TestLibrariesReadNoProcessState(t *testing.T) {
	hidden := []string{"Getwd", "Chdir", "Environ", "Stdin", "Stdout", "Stderr"}
	for _, pkg := range []string{"config", "coverage", "report", "measure", "monitoring", "diffcover"} {
		dir := filepath.Join("..", pkg)
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "os" && slices.Contains(hidden, sel.Sel.Name) {
					t.Errorf("%s uses os.%s: take it from the caller", name, sel.Sel.Name)
				}
				return true
			})
		}
	}
}

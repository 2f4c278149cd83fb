package coverage

import (
	"go/build"
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

package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pycov/pycov/coverage"
)

// TestFactsTakeCachedBytecodeOnlyWhenWrittenAfterTheSource: the facts
// script reads the code object an import cached in __pycache__ instead
// of compiling again, but only when the cache is this content's: a source
// rewritten (same size, same second) after the bytecode was written is
// compiled afresh.
func TestFactsTakeCachedBytecodeOnlyWhenWrittenAfterTheSource(t *testing.T) {
	t.Setenv("PYCOV_CACHE_DIR", sharedCache(t))
	in, _, err := chooseInterpreter("")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "mod.py")
	v1, v2 := "a = 1\n\n\nb = 2\n", "a = 1\nb = 2\n\n\n" // same size; statements 1, 4 and 1, 2
	second := time.Now().Add(time.Hour).Truncate(time.Second)
	write := func(content string, mtime time.Time) {
		t.Helper()
		if err := os.WriteFile(src, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(src, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	statements := func() []int {
		t.Helper()
		facts, err := coverage.ComputeFacts(ctx, pythonRunner(in), coverage.FactsRequest{Files: []string{src}}, nil)
		if err != nil || facts[0].Error != "" {
			t.Fatalf("facts: %v %v", err, facts)
		}
		return facts[0].Statements
	}

	write(v1, second.Add(100*time.Millisecond))
	out, err := in.Output(ctx, []string{"-c", "import py_compile, sys; print(py_compile.compile(sys.argv[1], doraise=True))", src}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pyc := string(out[:len(out)-1])
	// v2 has the size and modification second the bytecode records, so an
	// import would take v1's bytecode for it; it was written after it.
	write(v2, second.Add(500*time.Millisecond))
	if got := statements(); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("source rewritten after its bytecode: statements %v, want v2's [1 2]", got)
	}
	// Bytecode written after the source is taken as the source's.
	late := second.Add(900 * time.Millisecond)
	if err := os.Chtimes(pyc, late, late); err != nil {
		t.Fatal(err)
	}
	if got := statements(); !slices.Equal(got, []int{1, 4}) {
		t.Errorf("bytecode written after the source: statements %v, want those of the bytecode's [1 4]", got)
	}
}

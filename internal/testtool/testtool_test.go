package testtool

import (
	"runtime"
	"testing"
)

// outcome records how Require ended a test, without ending this one.
type outcome struct {
	testing.TB
	failed, skipped bool
}

func (o *outcome) Helper()                      {}
func (o *outcome) Fatalf(string, ...any)        { o.failed = true; runtime.Goexit() }
func (o *outcome) Skipf(string, ...any)         { o.skipped = true; runtime.Goexit() }
func (o *outcome) require(name string) *outcome { Require(o, name, "no such package"); return o }

func run(name string) *outcome {
	o := &outcome{}
	done := make(chan struct{})
	go func() { defer close(done); o.require(name) }()
	<-done
	return o
}

func TestMissingToolFailsUnderCI(t *testing.T) {
	const missing = "pycov-no-such-tool"
	t.Setenv("PYCOV_CI", "")
	t.Setenv("CI", "")
	if o := run(missing); !o.skipped || o.failed {
		t.Errorf("outside CI: skipped %v, failed %v; want a skip", o.skipped, o.failed)
	}
	for _, env := range []string{"CI", "PYCOV_CI"} {
		t.Setenv(env, "true")
		if o := run(missing); !o.failed || o.skipped {
			t.Errorf("with $%s set: skipped %v, failed %v; want a failure", env, o.skipped, o.failed)
		}
		t.Setenv(env, "")
	}
	t.Setenv("CI", "true")
	if o := run("sh"); o.failed || o.skipped {
		t.Errorf("an installed tool under CI: skipped %v, failed %v; want neither", o.skipped, o.failed)
	}
}

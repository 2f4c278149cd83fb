// Package testtool finds the outside programs some tests hand pycov's
// output to (lcov, genhtml, xmllint, chromium). Where one is missing the
// test is skipped on a developer's machine, and fails under CI ($CI set,
// as CI services set it, or $PYCOV_CI, as .ci/run sets it), where a skip
// would let the checks pass without running.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Require is the path of the program name; when it is not installed, t is
// skipped, or fails under CI. install says how to install it ("apt-get
// install -y lcov").
func Require(t testing.TB, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if UnderCI() {
		t.Fatalf("%s is not installed, and CI must run the checks that need it (%s)", name, install)
	}
	t.Skipf("%s is not installed, so the checks that need it are skipped (%s)", name, install)
	return ""
}

// UnderCI reports whether the tests run under CI: $CI or $PYCOV_CI is set
// to something.
func UnderCI() bool {
	return os.Getenv("CI") != "" || os.Getenv("PYCOV_CI") != ""
}

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// allEnv makes TestRelease build every platform, as `go run ./release`
// does; .ci/run sets it. Without it only linux/amd64 is built, since each
// cross-build compiles and links a binary with a 30 MB CPython inside.
const allEnv = "PYCOV_RELEASE_ALL"

// TestRelease builds the release as `go run ./release` does, checks every
// artifact's file list and SHA256SUMS, builds the linux/amd64 wheel a
// second time to see the same bytes, installs that wheel offline with the
// machine's pip (python3 -m pip install --no-index --target) and runs the
// installed pycov on a program; then installs it into a virtualenv and runs
// it from there unactivated.
func TestRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pycov; not in -short")
	}
	pip := exec.Command("python3", "-m", "pip", "--version")
	if out, err := pip.CombinedOutput(); err != nil {
		t.Fatalf("python3 -m pip --version: %v\n%s\nthis test installs the wheel with pip: install python3-pip (Debian) or set up pip for python3", err, out)
	}
	src, err := readSource(".")
	if err != nil {
		t.Fatal(err)
	}
	list := "linux/amd64"
	if os.Getenv(allEnv) != "" {
		list = "all"
	}
	plats, err := selectPlatforms(list)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	defer func() { t.Logf("release log:\n%s", log.String()) }()
	dist := t.TempDir()
	written, err := release(context.Background(), src, options{Out: dist, Platforms: plats, Wheels: true, Archives: true, Log: &log})
	if err != nil {
		t.Fatal(err)
	}

	var want []string
	for _, p := range plats {
		want = append(want, wheelName(src.Version, p), archiveName(src.Version, p))
	}
	want = append(want, "SHA256SUMS")
	if !slices.Equal(written, want) {
		t.Fatalf("release wrote %q, want %q", written, want)
	}
	checkSums(t, dist)
	for _, p := range plats {
		w := readFile(t, filepath.Join(dist, wheelName(src.Version, p)))
		files := unzip(t, w)
		if got, want := names(files), wantWheelMembers(src.Version, p.exe(), src.License != nil); !slices.Equal(got, want) {
			t.Errorf("%s: members = %q, want %q", wheelName(src.Version, p), got, want)
		}
		checkRecord(t, files)
		if len(readMember(t, files[0])) < 20<<20 {
			t.Errorf("%s: the binary is under 20 MB, too small to carry CPython", wheelName(src.Version, p))
		}
		got := tarMembers(t, readFile(t, filepath.Join(dist, archiveName(src.Version, p))), src.Time)
		wantTar := []string{p.exe() + " 755", "README.md 644"}
		if src.License != nil {
			wantTar = slices.Insert(wantTar, 1, "LICENSE 644")
		}
		if !slices.Equal(got, wantTar) {
			t.Errorf("%s: members = %q, want %q", archiveName(src.Version, p), got, wantTar)
		}
	}

	linux, _ := findPlatform("linux/amd64")
	whl := filepath.Join(dist, wheelName(src.Version, linux))
	again := t.TempDir()
	if _, err := release(context.Background(), src, options{Out: again, Platforms: []platform{linux}, Wheels: true, Log: &log}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, whl), readFile(t, filepath.Join(again, wheelName(src.Version, linux)))) {
		t.Errorf("two builds of the same checkout gave different linux/amd64 wheels")
	}

	// pip install --target puts the wheel's scripts in DIR/bin.
	target := t.TempDir()
	runCmd(t, "", "python3", "-m", "pip", "install", "--no-index", "--no-deps", "--target", target, whl)
	pycov := filepath.Join(target, "bin", "pycov")
	version := runCmd(t, "", pycov, "--version")
	if !strings.HasPrefix(version, "pycov "+src.Version+" (") || src.Commit != "" && !strings.Contains(version, "commit "+src.Commit[:12]) {
		t.Errorf("installed pycov --version = %q, want version %s and commit %.12s", version, src.Version, src.Commit)
	}
	project := t.TempDir()
	if err := os.WriteFile(filepath.Join(project, "prog.py"), []byte("def f(x):\n    if x:\n        return 1\n    return 2\n\nprint(f(1))\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := runCmd(t, project, pycov, "run", "prog.py"); out != "1\n" {
		t.Errorf("pycov run prog.py printed %q, want the program's 1", out)
	}
	table := runCmd(t, project, pycov, "report", "-m")
	if !strings.Contains(table, "Name ") || !regexp.MustCompile(`(?m)^prog\.py +5 +1 +2 +1 +71% +4$`).MatchString(table) {
		t.Errorf("pycov report -m from the installed wheel:\n%s\nwant prog.py with 5 statements, line 4 missing", table)
	}

	// Installed into a virtualenv and run as venv/bin/pycov without
	// activating it, pycov runs programs with that virtualenv's python. The
	// virtualenv is the embedded CPython's, which has no pip: the machine's
	// pip installs into its prefix, where its own pip would put bin/pycov.
	venv := filepath.Join(t.TempDir(), "venv")
	runCmd(t, "", pycov, "python", "-m", "venv", "--without-pip", venv)
	runCmd(t, "", "python3", "-m", "pip", "install", "--no-index", "--no-deps", "--prefix", venv, whl)
	sys := runCmd(t, project, filepath.Join(venv, "bin", "pycov"), "debug", "sys")
	if !strings.Contains(sys, "chosen because: virtualenv "+venv+" that pycov is installed in") {
		t.Errorf("pycov installed in %s chose:\n%s", venv, sys)
	}
}

// runCmd runs a command in dir (the test's own when "") with a clean
// environment for pip and no active virtualenv, and returns its stdout.
func runCmd(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "VIRTUAL_ENV=") && !strings.HasPrefix(kv, "PYTHON") && !strings.HasPrefix(kv, "PIP_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PIP_DISABLE_PIP_VERSION_CHECK=1", "PIP_NO_INPUT=1", "PIP_ROOT_USER_ACTION=ignore")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

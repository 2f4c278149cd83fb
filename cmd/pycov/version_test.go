package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// pycov --version names the release in the VERSION file, the one `go run
// ./release` puts in the wheels' names.
func TestVersionLineNamesTheRelease(t *testing.T) {
	file, err := os.ReadFile("VERSION")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := dispatch(context.Background(), []string{"--version"}, inProcess(t, stdio{in: nil, out: &out, err: &out})); err != nil {
		t.Fatal(err)
	}
	want := "pycov " + strings.TrimSpace(string(file)) + " ("
	if !strings.HasPrefix(out.String(), want) || !strings.Contains(out.String(), "embedded CPython ") {
		t.Errorf("pycov --version = %q, want it to start with %q and name the embedded CPython", out.String(), want)
	}
}

// A commit stamped by the release tool wins over build info, shortened,
// and a dirty tree shows.
func TestVersionLineNamesTheStampedCommit(t *testing.T) {
	defer func(old string) { releaseCommit = old }(releaseCommit)
	releaseCommit = "00d306ff773560b960feba23044cab60aa69f20d+modified"
	if got, want := versionLine(), "(commit 00d306ff7735+modified, embedded CPython "; !strings.Contains(got, want) {
		t.Errorf("versionLine() = %q, want it to contain %q", got, want)
	}
	releaseCommit = "00d306ff773560b960feba23044cab60aa69f20d"
	if got, want := versionLine(), "(commit 00d306ff7735, embedded CPython "; !strings.Contains(got, want) {
		t.Errorf("versionLine() = %q, want it to contain %q", got, want)
	}
}

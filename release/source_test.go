package main

import (
	"strings"
	"testing"
	"time"
)

func TestVersionsPipAccepts(t *testing.T) {
	for v, ok := range map[string]bool{
		"0.1.0": true, "1.2.0rc1": true, "1.0.0.post1": true, "2.0.0.dev3": true, "1": true, "1.2.0a0": true,
		"v0.1.0": false, "0.1.0-rc1": false, "01.2": false, "0.1.0 ": false, "": false, "1.0.0+local": false,
	} {
		if got := pep440.MatchString(v); got != ok {
			t.Errorf("pep440(%q) = %v, want %v", v, got, ok)
		}
	}
}

func TestSelectPlatforms(t *testing.T) {
	all, err := selectPlatforms("all")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range all {
		names = append(names, p.String())
	}
	if got, want := strings.Join(names, ","), "linux/amd64,linux/arm64,darwin/amd64,darwin/arm64"; got != want {
		t.Errorf("all = %s, want %s", got, want)
	}
	if _, err := selectPlatforms("windows/amd64"); err == nil || !strings.Contains(err.Error(), "not built: pycov does not build for Windows") {
		t.Errorf("windows/amd64: err = %v, want the reason it is skipped", err)
	}
	if _, err := selectPlatforms("linux/riscv64"); err == nil || !strings.Contains(err.Error(), "the platforms are linux/amd64, ") {
		t.Errorf("linux/riscv64: err = %v, want the list of platforms", err)
	}
}

func TestTimesZipCanHold(t *testing.T) {
	if got := clampToZip(time.Unix(0, 0).UTC()); got.Year() != 1980 {
		t.Errorf("clampToZip(1970) = %v, want 1980", got)
	}
	if got := clampToZip(time.Date(2026, 1, 1, 0, 0, 3, 0, time.UTC)); got.Second() != 2 {
		t.Errorf("clampToZip(…:03) = %v, want even seconds", got)
	}
}

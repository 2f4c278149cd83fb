package main

import (
	"fmt"
	"strings"
)

// A platform is one GOOS/GOARCH pycov is released for, with the wheel
// platform tags pip matches against the machine it installs on.
type platform struct {
	GOOS, GOARCH string
	// Tags are the wheel platform tags, joined with "." in the wheel's name
	// (a compressed tag set) and listed one per Tag line in its WHEEL file.
	Tags []string
	// Skip says why the platform is not built; "" means it is.
	Skip string
}

// platforms is every platform go-embed-python ships a CPython for
// (python/internal/data/<os>-<arch> in its module).
//
// Linux: the embedded CPython (python-build-standalone, gnu) needs glibc 2.17
// and pycov itself is static (CGO_ENABLED=0), hence manylinux_2_17 alias
// manylinux2014; musl (Alpine) has no CPython in go-embed-python.
// macOS: Go 1.26 needs macOS 12 Monterey.
var platforms = []platform{
	{GOOS: "linux", GOARCH: "amd64", Tags: []string{"manylinux_2_17_x86_64", "manylinux2014_x86_64"}},
	{GOOS: "linux", GOARCH: "arm64", Tags: []string{"manylinux_2_17_aarch64", "manylinux2014_aarch64"}},
	{GOOS: "darwin", GOARCH: "amd64", Tags: []string{"macosx_12_0_x86_64"}},
	{GOOS: "darwin", GOARCH: "arm64", Tags: []string{"macosx_12_0_arm64"}},
	{GOOS: "windows", GOARCH: "amd64", Tags: []string{"win_amd64"},
		Skip: "pycov does not build for Windows yet (vm/launch.go forwards SIGUSR1/SIGUSR2, and the embedded " +
			"interpreter and virtualenv paths are POSIX: bin/python3, bin/python); go-embed-python does ship " +
			"windows-amd64, so the wheel waits only for that port"},
}

func (p platform) String() string { return p.GOOS + "/" + p.GOARCH }

// exe is the binary's file name on the platform.
func (p platform) exe() string {
	if p.GOOS == "windows" {
		return "pycov.exe"
	}
	return "pycov"
}

// selectPlatforms picks platforms by "os/arch" names, comma-separated;
// "all" (or "") is every platform that is built. Naming a skipped platform
// is an error that says why it is skipped.
func selectPlatforms(list string) ([]platform, error) {
	if list == "" || list == "all" {
		var out []platform
		for _, p := range platforms {
			if p.Skip == "" {
				out = append(out, p)
			}
		}
		return out, nil
	}
	var out []platform
	for _, name := range strings.Split(list, ",") {
		p, ok := findPlatform(strings.TrimSpace(name))
		if !ok {
			return nil, fmt.Errorf("unknown platform %q: the platforms are %s", name, platformNames())
		}
		if p.Skip != "" {
			return nil, fmt.Errorf("platform %s is not built: %s", p, p.Skip)
		}
		out = append(out, p)
	}
	return out, nil
}

func findPlatform(name string) (platform, bool) {
	for _, p := range platforms {
		if p.String() == name {
			return p, true
		}
	}
	return platform{}, false
}

func platformNames() string {
	var names []string
	for _, p := range platforms {
		names = append(names, p.String())
	}
	return strings.Join(names, ", ")
}

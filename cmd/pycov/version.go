package main

import (
	_ "embed"
	"runtime/debug"
	"strings"

	"github.com/pycov/pycov/vm"
)

// versionFile is the release version. It is the one place a release bumps;
// `go run ./release` reads the same file to name the wheels and archives.
//
//go:embed VERSION
var versionFile string

// version is pycov's version, shown by --version and in reports' metadata.
var version = strings.TrimSpace(versionFile)

// releaseCommit is set by `go run ./release` with -ldflags -X to the commit
// it built (git's full hash, "+modified" for a dirty tree), so that release
// binaries name their commit even where the go command records none (a git
// worktree, -buildvcs=false).
var releaseCommit string

// versionLine is what `pycov --version` prints: the release version, the
// commit it was built from (when the build recorded one) and the embedded
// CPython, for example
//
//	pycov 0.1.0 (commit 00d306f1a2b3, embedded CPython 3.14.6-20260610-1)
func versionLine() string {
	var b strings.Builder
	b.WriteString("pycov " + version + " (")
	if c := commit(); c != "" {
		b.WriteString("commit " + c + ", ")
	}
	b.WriteString("embedded CPython " + vm.EmbeddedTag + ")")
	return b.String()
}

// commit is the first twelve hex digits of the git commit the binary was
// built from, with "+modified" when the work tree had uncommitted changes,
// or "" when nothing recorded it (go test, -buildvcs=false).
func commit() string {
	if rev, mod, _ := strings.Cut(releaseCommit, "+"); rev != "" {
		return commitName(rev, mod != "")
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	return commitName(rev, modified == "true")
}

func commitName(rev string, modified bool) string {
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && modified {
		rev += "+modified"
	}
	return rev
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// buildBinary cross-compiles pycov for p into out.
//
// The build is reproducible: no cgo (a static binary, and no C toolchain
// for the target), -trimpath (no local paths), the baseline instruction set
// of each architecture, -buildvcs=false (the go command's VCS stamp differs
// between a clone and a git worktree of the same commit; the commit is
// stamped with -X instead, which `pycov --version` prints), and GOFLAGS
// cleared so that a user's settings do not leak in. The same commit built
// by the same Go toolchain gives the same bytes.
func buildBinary(ctx context.Context, src *source, p platform, out string) error {
	ldflags := "-s -w"
	if src.Commit != "" {
		ldflags += " -X main.releaseCommit=" + src.Commit
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-ldflags", ldflags, "-o", out, "./cmd/pycov")
	cmd.Dir = src.Root
	cmd.Env = append(os.Environ(),
		"GOOS="+p.GOOS, "GOARCH="+p.GOARCH, "CGO_ENABLED=0",
		"GOAMD64=v1", "GOARM64=v8.0", "GOFLAGS=-mod=readonly")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building pycov for %s: %w\n%s", p, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// Command release builds pycov's release artifacts from the checkout it is
// run in: a wheel per platform, which pip, pipx and uv install as they
// install ruff or uv, and plain archives for everyone else, with a
// SHA256SUMS file.
//
//	go run ./release -o dist                           # wheels and archives, every platform
//	go run ./release wheel -o dist                     # wheels only
//	go run ./release archive -o dist                   # archives only
//	go run ./release wheel -platforms linux/amd64 -o dist
//
// The version is cmd/pycov/VERSION; the commit and its time come from git
// ($SOURCE_DATE_EPOCH overrides the time). The same commit built with the
// same Go toolchain gives byte-identical artifacts.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	opts := options{Wheels: true, Archives: true, Log: os.Stdout}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "wheel":
			opts.Archives = false
		case "archive":
			opts.Wheels = false
		default:
			return fmt.Errorf("unknown command %q: give wheel, archive or nothing (both)", args[0])
		}
		args = args[1:]
	}
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.StringVar(&opts.Out, "o", "dist", "directory for the artifacts")
	list := fs.String("platforms", "all", "comma-separated os/arch list, or all: "+platformNames())
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if opts.Platforms, err = selectPlatforms(*list); err != nil {
		return err
	}
	src, err := readSource(".")
	if err != nil {
		return err
	}
	commit := src.Commit
	if commit == "" {
		commit = "no git commit"
	}
	fmt.Fprintf(opts.Log, "pycov %s (%s), dated %s\n", src.Version, commit, src.Time.Format("2006-01-02T15:04:05Z"))
	for _, p := range platforms {
		if p.Skip != "" && *list == "all" {
			fmt.Fprintf(opts.Log, "%-13s skipped: %s\n", p, p.Skip)
		}
	}
	_, err = release(ctx, src, opts)
	return err
}

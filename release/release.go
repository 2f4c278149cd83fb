package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// options says what one run of the release builds.
type options struct {
	Out       string // directory for the artifacts, made if missing
	Platforms []platform
	Wheels    bool
	Archives  bool
	Log       io.Writer // progress: what was built, how big, how long
}

// release builds src for every platform in opts and writes its wheels
// and/or archives and a SHA256SUMS file covering them into opts.Out. It
// returns the names of the files written, SHA256SUMS last.
func release(ctx context.Context, src *source, opts options) ([]string, error) {
	if src.License == nil {
		fmt.Fprintf(opts.Log, "warning: no LICENSE in %s: the wheels name no license; add one (and its SPDX expression in release/metadata.go) before publishing\n", src.Root)
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, fmt.Errorf("making the output directory: %w", err)
	}
	tmp, err := os.MkdirTemp("", "pycov-release-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	written := map[string][]byte{}
	var names []string
	for _, p := range opts.Platforms {
		start := time.Now()
		bin := filepath.Join(tmp, p.GOOS+"-"+p.GOARCH+"-"+p.exe())
		if err := buildBinary(ctx, src, p, bin); err != nil {
			return nil, err
		}
		binary, err := os.ReadFile(bin)
		if err != nil {
			return nil, err
		}
		os.Remove(bin) // each binary is 40 MB or more
		fmt.Fprintf(opts.Log, "%-13s built in %.1fs, binary %s\n", p, time.Since(start).Seconds(), megabytes(len(binary)))
		type artifact struct {
			name string
			make func(*source, platform, []byte) ([]byte, error)
		}
		var todo []artifact
		if opts.Wheels {
			todo = append(todo, artifact{wheelName(src.Version, p), wheel})
		}
		if opts.Archives {
			todo = append(todo, artifact{archiveName(src.Version, p), archive})
		}
		for _, a := range todo {
			data, err := a.make(src, p, binary)
			if err != nil {
				return nil, err
			}
			if err := writeFile(filepath.Join(opts.Out, a.name), data); err != nil {
				return nil, err
			}
			written[a.name] = data
			names = append(names, a.name)
			fmt.Fprintf(opts.Log, "  %s  %s\n", a.name, megabytes(len(data)))
		}
	}
	if err := writeFile(filepath.Join(opts.Out, "SHA256SUMS"), sha256sums(written)); err != nil {
		return nil, err
	}
	return append(names, "SHA256SUMS"), nil
}

// writeFile writes data to path through a temporary file in the same
// directory, so that a failed run never leaves half an artifact.
func writeFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".release-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

func megabytes(n int) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

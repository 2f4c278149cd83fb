package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pycov/pycov/coverage"
)

// outputFile opens path for a report ("-" is stdout) and returns a
// function that finishes the write. Files are written to a temporary name
// and renamed, so a failed report never leaves half a file; the mode is
// what Python's open() would give (the replaced file's, else 0666 less the
// umask). A relative path is taken from std's working directory.
func outputFile(std stdio, path string) (io.Writer, func() error, error) {
	if path == "-" {
		return std.out, func() error { return nil }, nil
	}
	file := std.abs(path)
	// As coverage.py does, the file's directory is made if it is missing.
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		return nil, nil, fmt.Errorf("writing %s: %w", path, err)
	}
	tmp, err := coverage.CreateReplacement(file)
	if err != nil {
		return nil, nil, fmt.Errorf("writing %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(tmp, 1<<16)
	return bw, func() error {
		defer os.Remove(tmp.Name())
		if err := bw.Flush(); err != nil {
			tmp.Close()
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if err := os.Rename(tmp.Name(), file); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	}, nil
}

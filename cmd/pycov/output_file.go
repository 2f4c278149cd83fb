package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/pycov/pycov/coverage"
)

// outputFile opens path for a report ("-" is stdout) and returns a
// function that finishes the write. Files are written to a temporary name
// and renamed, so a failed report never leaves half a file; the mode is
// what Python's open() would give (the replaced file's, else 0666 less the
// umask).
func outputFile(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "-" {
		return stdout, func() error { return nil }, nil
	}
	tmp, err := coverage.CreateReplacement(path)
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
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	}, nil
}

package main

import "github.com/pycov/pycov/internal/firsterr"

// checkedOut runs fn with io's stdout replaced by one that remembers its
// first write error, and returns fn's error or else that one.
func checkedOut(io stdio, fn func(stdio) error) error {
	w := &firsterr.Writer{W: io.out}
	io.out = w
	if err := fn(io); err != nil {
		return err
	}
	return w.Err
}

package main

import "io"

// firstErrWriter keeps the first error of its writes, for commands that
// print line by line with fmt.Fprint* and are checked once at the end
// (dispatch): stdout on a full disk is then an error with exit status 1,
// not a silent truncated listing with status 0. After an error it writes
// nothing more.
type firstErrWriter struct {
	w   io.Writer
	err error
}

func (e *firstErrWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// checkedOut runs fn with io's stdout replaced by one that remembers its
// first write error, and returns fn's error or else that one.
func checkedOut(io stdio, fn func(stdio) error) error {
	w := &firstErrWriter{w: io.out}
	io.out = w
	if err := fn(io); err != nil {
		return err
	}
	return w.err
}

// Package firsterr is a writer that keeps the first error of its writes,
// for code that prints line by line with fmt.Fprint* and checks once at
// the end (a report to a full disk, stdout closed by a pipe).
package firsterr

import "io"

// Writer writes to W until a write fails; it keeps that error in Err and
// writes nothing more.
type Writer struct {
	W   io.Writer
	Err error
}

func (e *Writer) Write(p []byte) (int, error) {
	if e.Err != nil {
		return 0, e.Err
	}
	n, err := e.W.Write(p)
	e.Err = err
	return n, err
}

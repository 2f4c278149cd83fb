package report

import "io"

// errWriter is a writer that keeps the first error of its writes, for
// writers that print line by line with fmt.Fprint* and check once at the
// end: after an error it writes nothing more.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

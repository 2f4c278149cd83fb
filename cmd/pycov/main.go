// Command pycov measures the coverage of Python programs and writes the
// reports CI services read. See README.md for usage.
package main

import (
	"context"
	"os"
	"runtime/debug"
)

func main() {
	// pycov is short-lived and allocates what it keeps: collect garbage
	// less often (a 1,000-file run spent a fifth of its time in the GC).
	debug.SetGCPercent(400)
	exit(dispatch(context.Background(), os.Args[1:], processStdio()))
}

// Command pycov measures the coverage of Python programs and writes the
// reports CI services read. See README.md for usage.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	err := dispatch(context.Background(), os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr})
	code := exitCode(err)
	if err != nil && !isSilent(err) {
		fmt.Fprintln(os.Stderr, "pycov:", err)
	}
	os.Exit(code)
}

//go:build !linux

package main

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

// dieBySignal kills pycov with sig where Go's own handling ends the
// process by that signal (SIGHUP, SIGINT, SIGTERM, SIGKILL); for other
// signals it returns and pycov exits with 128+N.
func dieBySignal(sig syscall.Signal) {
	switch sig {
	case syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL:
		signal.Reset(sig)
		syscall.Kill(os.Getpid(), sig)
		time.Sleep(100 * time.Millisecond)
	}
}

//go:build unix

package monitoring

import (
	"errors"
	"os"
	"syscall"
)

// Locks say who is still at work in a journal directory. They are flocks,
// which the kernel releases when the holder ends however it ends, so a
// killed process never leaves a stale lock, and a process id that the
// system gives to another process later means nothing here.
//
// A journal's writer locks it (agent.py, through its mapping: forked
// children hold it too); pycov run locks its journal directory.

// fileLocked reports whether another holder has an exclusive flock on path
// (a file or a directory).
func fileLocked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	return errors.Is(err, syscall.EWOULDBLOCK)
}

// lockDir takes an exclusive flock on the directory dir, held until
// release is called or the process ends.
func lockDir(dir string) (release func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

package main

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// dieBySignal kills pycov with sig, with the default action restored, so
// that its parent sees death by that signal. It sets the action with
// rt_sigaction directly, since Go's os/signal can only restore Go's own
// handler (which exits with a status for SIGQUIT, SIGABRT, SIGUSR1 and
// others). pycov dumps no core of its own for the core-dumping signals.
func dieBySignal(sig syscall.Signal) {
	unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{})
	// A zeroed kernel struct sigaction is SIG_DFL with no flags and an
	// empty mask, whatever the architecture lays its fields out as.
	var dfl [8]uint64
	for _, setsize := range []uintptr{8, 16} { // 16 where _NSIG is 128 (mips)
		_, _, errno := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&dfl)), 0, setsize, 0, 0)
		if errno != unix.EINVAL {
			break
		}
	}
	var set unix.Sigset_t
	w := uint(unsafe.Sizeof(set.Val[0]) * 8)
	set.Val[uint(sig-1)/w] |= 1 << (uint(sig-1) % w)
	runtime.LockOSThread() // unblocked in this thread, sent to this thread
	unix.PthreadSigmask(unix.SIG_UNBLOCK, &set, nil)
	unix.Tgkill(unix.Getpid(), unix.Gettid(), sig)
	time.Sleep(100 * time.Millisecond) // the signal is delivered before this ends
}

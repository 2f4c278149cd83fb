package vm

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// How a signal sent to pycov reaches the program, so that it arrives once,
// as it would at `python prog.py`.
//
// Go's os/signal does not say who sent a signal, or whether it went to pycov
// alone or to its whole process group, so pycov arranges the process groups
// so that the question does not arise:
//
//   - Without a controlling terminal (CI jobs, services, `setsid`, a test
//     harness's subprocess), the program runs in a process group of its own
//     and pycov passes on every signal in relayedSignals it receives, to
//     that group. A signal sent to pycov's group (`kill -TERM -PGID`,
//     `timeout`, a CI runner cancelling a job) reaches pycov, not the
//     program's group directly, so the program gets it once, from pycov; so
//     does a signal sent to pycov's PID alone. The program's own children
//     share its group and get the signal with it, as they would under
//     python when the whole group is signalled.
//   - With a controlling terminal, the program stays in pycov's process
//     group, so that the terminal treats it as it treats python: Ctrl-C and
//     Ctrl-\ reach it directly, Ctrl-Z and `fg` stop and continue it, it can
//     read the terminal, and pipelines (`pycov run t.py | less`) keep
//     working. SIGINT and SIGQUIT are then passed on only when pycov's group
//     is not the terminal's foreground group, since the terminal only
//     signals the foreground group; the other signals are always passed on.
//
// What this cannot tell apart: with a terminal, `kill -INT PYCOV_PID` while
// pycov is in the foreground does not reach the program, and `kill -TERM
// -PGID` of a foreground pycov reaches it twice; a signal sent to every
// process separately (`kill -TERM -1`, systemd's KillMode=control-group)
// reaches the program from its sender and again from pycov.
//
// SIGHUP or SIGINT that pycov inherited as ignored (nohup, `cmd &` in a
// shell script) is left alone: the program inherits it ignored, as python
// would. (Go installs its own handler for the others whatever pycov
// inherited, so the program starts with them at their default.)
var relayedSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2}

// relay passes signals that pycov receives on to the running program.
type relay struct {
	tty  *os.File // the controlling terminal; nil without one
	sigs chan os.Signal
	done chan struct{}
}

// newRelay starts catching the relayed signals that pycov did not inherit
// as ignored; pycov must outlive the program to save its data.
func newRelay() *relay {
	r := &relay{sigs: make(chan os.Signal, 8), done: make(chan struct{})}
	if f, err := os.OpenFile("/dev/tty", os.O_RDONLY, 0); err == nil {
		r.tty = f
	}
	for _, s := range relayedSignals {
		if !signal.Ignored(s) {
			signal.Notify(r.sigs, s)
		}
	}
	return r
}

// procAttr is how the program is started: in its own process group unless
// pycov has a controlling terminal.
func (r *relay) procAttr() *syscall.SysProcAttr {
	if r.tty != nil {
		return nil
	}
	return &syscall.SysProcAttr{Setpgid: true}
}

// start passes signals on to p until stop is called.
func (r *relay) start(p *os.Process) {
	go func() {
		for {
			select {
			case s := <-r.sigs:
				r.forward(p, s.(syscall.Signal))
			case <-r.done:
				return
			}
		}
	}()
}

func (r *relay) forward(p *os.Process, s syscall.Signal) {
	if r.tty == nil {
		// The program's process group, or the program alone if it has
		// moved to another group.
		if syscall.Kill(-p.Pid, s) == syscall.ESRCH {
			p.Signal(s)
		}
		return
	}
	if (s == syscall.SIGINT || s == syscall.SIGQUIT) && r.foreground() {
		return // from the terminal, which signalled the program too
	}
	p.Signal(s)
}

// foreground reports whether pycov's process group is the foreground group
// of its controlling terminal.
func (r *relay) foreground() bool {
	pgrp, err := unix.IoctlGetInt(int(r.tty.Fd()), unix.TIOCGPGRP)
	return err == nil && pgrp == syscall.Getpgrp()
}

// stop ends the relaying; signals that arrive from now on are pycov's.
func (r *relay) stop() {
	signal.Stop(r.sigs)
	close(r.done)
	if r.tty != nil {
		r.tty.Close()
	}
}

package measure

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pycov/pycov/monitoring"
)

// splitLive separates the journals still being written from the other
// errors of monitoring.ReadJournalDir.
func splitLive(err error) (live []*monitoring.LiveError, rest error) {
	if err == nil {
		return nil, nil
	}
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	var others []error
	for _, e := range errs {
		var l *monitoring.LiveError
		if errors.As(e, &l) {
			live = append(live, l)
		} else {
			others = append(others, e)
		}
	}
	return live, errors.Join(others...)
}

// leaveLate removes the journals that are in the data file and leaves
// those of processes still running in dir, for `pycov combine`, which adds
// them to the data file (or, with parallel data files, combines them with
// the rest).
func (p *Plan) leaveLate(dir string, owner *monitoring.OwnerKey, read []monitoring.Hello, live []*monitoring.LiveError) {
	var files []string
	for _, h := range read {
		files = append(files, h.Files...)
	}
	if err := monitoring.RemoveJournals(dir, files, owner); err != nil {
		p.logf("%v", err)
	}
	if !p.Parallel {
		if err := monitoring.MarkLate(dir); err != nil {
			p.logf("%v", err)
		}
	}
	var pids []string
	for _, l := range live {
		pids = append(pids, fmt.Sprint(l.PID))
	}
	who, verb, pron := "process "+pids[0]+" is", "runs", "it"
	if len(pids) > 1 {
		who, pron = "processes "+strings.Join(pids, ", ")+" are", "they"
		verb = "run"
	}
	p.warn("children-running", "%s still running %v after the program ended; what %s %s is kept in %s for `pycov combine`",
		who, childWait, pron, verb, dir)
}

// warnToolFreed says, once, that the program freed pycov's sys.monitoring
// tool id in some processes, which ends their measurement.
func (p *Plan) warnToolFreed(hellos []monitoring.Hello) {
	var pids []string
	call := ""
	for _, h := range hellos {
		if h.Stopped != "" {
			pids = append(pids, fmt.Sprint(h.PID))
			call = h.Stopped
		}
	}
	if len(pids) == 0 {
		return
	}
	who := "process " + pids[0]
	if len(pids) > 1 {
		who = "processes " + strings.Join(pids, ", ")
	}
	p.warn("tool-id-freed", "the program called sys.monitoring.%s on pycov's tool id in %s: what ran after that is not measured",
		call, who)
}

// warnUnimported names the source packages no process found, as
// coverage.py does.
func (p *Plan) warnUnimported(pkgs []string, hellos []monitoring.Hello) {
	found := map[string]bool{}
	for _, h := range hellos {
		for _, pkg := range h.ResolvedPkgs {
			found[pkg] = true
		}
	}
	for _, pkg := range pkgs {
		if !found[pkg] {
			p.warn("module-not-imported", "module %s was never imported", pkg)
		}
	}
}

// joinPIDs lists process ids for a message: "12, 15".
func joinPIDs(pids []int) string {
	s := make([]string, len(pids))
	for i, pid := range pids {
		s[i] = strconv.Itoa(pid)
	}
	return strings.Join(s, ", ")
}

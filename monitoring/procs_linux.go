package monitoring

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"

	"github.com/pycov/pycov/internal/pyjson"
)

// agentProcesses lists the processes (other than this one) whose
// environment carries the agent for the journal directory dir: children of
// the program that may still write a journal there, including one that has
// not yet got as far as opening it (a Python still starting, a shell about
// to start one). It reads /proc; processes of other users are not seen.
func agentProcesses(dir string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	// The agent's configuration names the directory exactly as Config's
	// MarshalJSON writes it; a part of a name (t.TempDir's "001") is not
	// enough, or other runs' processes would count.
	needle := pyjson.AppendQuote([]byte(`"journal":`), dir)
	self := os.Getpid()
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if bytes.HasPrefix(kv, []byte("PYCOV_AGENT=")) && bytes.Contains(kv, needle) {
				pids = append(pids, pid)
				break
			}
		}
	}
	return pids
}

package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// brokenOut fails every write, as stdout redirected to /dev/full does.
type brokenOut struct{}

func (brokenOut) Write([]byte) (int, error) { return 0, errNoSpace }

var errNoSpace = errors.New("write /dev/stdout: no space left on device")

// What a command could not write to stdout (a full disk) is an error with
// exit status 1, as a report's text table is, not status 0: debug's
// topics, the version, the help.
func TestStdoutWriteErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := append(os.Environ(), "PYCOV_CACHE_DIR="+sharedCache(t), "PYCOV_PYTHON=embedded")
	for _, topic := range [][]string{{"debug", "data"}, {"debug", "sys"}, {"debug", "config"}, {"--version"}, {"help"}, {"help", "report"}, {"combine", "--help"}} {
		std := stdio{in: strings.NewReader(""), out: brokenOut{}, err: &strings.Builder{}, dir: dir, env: env}
		err := dispatch(context.Background(), topic, std)
		if !errors.Is(err, errNoSpace) || exitCode(err) != 1 {
			t.Errorf("pycov %s to a full disk: error %v (exit %d), want %v with exit 1", strings.Join(topic, " "), err, exitCode(err), errNoSpace)
		}
	}
}

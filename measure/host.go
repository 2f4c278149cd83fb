package measure

import (
	"io"
	"path/filepath"
	"strings"
)

// Host is the process's outside world as measuring sees it: the working
// directory, the environment and the standard streams. It is passed down
// from main, never read from the process, so that a test can measure in a
// directory of its own while others run.
type Host struct {
	Dir     string   // the working directory, a real absolute path
	Environ []string // "KEY=value", as os.Environ
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
}

// LookupEnv is the value of the environment variable key, and whether it
// is set.
func (h Host) LookupEnv(key string) (string, bool) {
	for i := len(h.Environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(h.Environ[i], "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// Getenv is the value of the environment variable key, "" if it is unset.
func (h Host) Getenv(key string) string {
	v, _ := h.LookupEnv(key)
	return v
}

// Abs is path taken from the working directory.
func (h Host) Abs(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	return filepath.Join(h.Dir, path)
}

// Shown is path, found from a name the user gave (given), as messages
// name it: relative to the working directory when given was relative, so
// that a session sees the names it typed, whatever the process's directory.
func (h Host) Shown(given, path string) string {
	if filepath.IsAbs(given) || h.Dir == "" {
		return path
	}
	if rel, err := filepath.Rel(h.Dir, path); err == nil {
		return rel
	}
	return path
}

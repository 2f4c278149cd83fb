package monitoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/pycov/pycov/internal/globquote"
)

// A journal directory holds the journals of one `pycov run`, one per
// process, beside the data file: <data file>.journals-<random>. pycov run
// creates it (with run.json, describing the run) before the program starts
// and removes it once the data file holds what it recorded. A directory
// left behind (pycov was killed, or could not write the data) is turned
// into data by `pycov combine`, here or on another machine.

// RunInfo is run.json: what `pycov combine` needs to turn the journals of a
// run into data after the fact.
type RunInfo struct {
	Host       string   `json:"host"`    // where pycov ran
	PID        int      `json:"pid"`     // the pycov process (for people: Running uses a lock)
	Python     string   `json:"python"`  // the interpreter that ran the program
	Version    string   `json:"version"` // its version, "3.14.6"
	Branch     bool     `json:"branch"`
	Cwd        string   `json:"cwd"`
	SourceDirs []string `json:"source_dirs,omitempty"`
	// Late: the run wrote its data file, and these journals are of
	// processes that outlived it; combine adds them to the data file.
	Late bool `json:"late,omitempty"`
	// Settings are the settings that turn the journals into data (the
	// measure package's: which files, which exclusions), a JSON object
	// whose fields are kept at the top level of run.json beside the
	// fields above. monitoring stores them and does not read them: on
	// reading, Settings is the whole of run.json.
	Settings json.RawMessage `json:"-"`

	dir string // where ReadRunInfo found it
}

const runInfoFile = "run.json"

// JournalDirPrefix is what the journal directories of the data file
// dataPath are named: the prefix followed by a random suffix.
func JournalDirPrefix(dataPath string) string {
	return filepath.Base(dataPath) + ".journals-"
}

// NewJournalDir creates a fresh journal directory beside dataPath, marks it
// as pycov's with owner (owner.go) and writes info into it. Concurrent runs
// each get their own directory. The caller holds the directory's lock
// (Running) until it calls release, or ends.
func NewJournalDir(dataPath string, info RunInfo, owner *OwnerKey) (dir string, release func(), err error) {
	dir, err = os.MkdirTemp(filepath.Dir(dataPath), JournalDirPrefix(dataPath)+"*")
	if err != nil {
		return "", nil, fmt.Errorf("creating a journal directory beside %s: %w", dataPath, err)
	}
	release, err = lockDir(dir)
	if err != nil {
		release = func() {} // a file system without locks: Running is false
	}
	if info.Host == "" {
		info.Host, _ = os.Hostname()
	}
	if info.PID == 0 {
		info.PID = os.Getpid()
	}
	b, err := info.marshal()
	if err == nil {
		err = owner.mark(dir)
	}
	if err == nil {
		err = writeFileAtomic(filepath.Join(dir, runInfoFile), append(b, '\n'))
	}
	if err != nil {
		release()
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("creating a journal directory beside %s: %w", dataPath, err)
	}
	return dir, release, nil
}

// marshal is run.json's content: info's fields, and those of its
// Settings beside them (info's own win).
func (info RunInfo) marshal() ([]byte, error) {
	b, err := json.Marshal(info)
	if err != nil || len(info.Settings) == 0 {
		return indentJSON(b, err)
	}
	var fields, settings map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(info.Settings, &settings); err != nil {
		return nil, fmt.Errorf("run settings: %w", err)
	}
	for k, v := range fields {
		settings[k] = v
	}
	return indentJSON(json.Marshal(settings))
}

func indentJSON(b []byte, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// MarkLate rewrites dir's run.json to say that the run's data file is
// written and the journals left are of processes that outlived it.
func MarkLate(dir string) error {
	info, err := ReadRunInfo(dir)
	if err != nil {
		return err
	}
	info.Late = true
	b, err := info.marshal()
	if err == nil {
		err = writeFileAtomic(filepath.Join(dir, runInfoFile), append(b, '\n'))
	}
	return err
}

func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ReadRunInfo reads dir's run.json.
func ReadRunInfo(dir string) (RunInfo, error) {
	var info RunInfo
	b, err := os.ReadFile(filepath.Join(dir, runInfoFile))
	if errors.Is(err, os.ErrNotExist) {
		return info, fmt.Errorf("%s is not a pycov journal directory (it has no %s)", dir, runInfoFile)
	}
	if err != nil {
		return info, fmt.Errorf("reading journal directory %s: %w", dir, err)
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("journal directory %s: %s is damaged: %v", dir, runInfoFile, err)
	}
	info.Settings = b
	info.dir = dir
	return info, nil
}

// Running reports whether the pycov run that wrote info (read by
// ReadRunInfo) is still running, so that its journals are not taken from
// under it: whether a process holds the directory's lock. (Not its process
// id: a killed pycov's id may belong to another process by now.) The
// journals of processes that outlive the run have locks of their own.
func (info RunInfo) Running() bool {
	if info.dir == "" {
		return false
	}
	return fileLocked(info.dir)
}

// JournalDirs lists the journal directories of the data file dataPath.
func JournalDirs(dataPath string) []string {
	names, _ := filepath.Glob(filepath.Join(globquote.Quote(filepath.Dir(dataPath)), globquote.Quote(JournalDirPrefix(dataPath))+"*"))
	var dirs []string
	for _, n := range names {
		if st, err := os.Stat(n); err == nil && st.IsDir() {
			dirs = append(dirs, n)
		}
	}
	sort.Strings(dirs)
	return dirs
}

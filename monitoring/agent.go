package monitoring

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

//go:embed agent.py
var agentSource []byte

// Config is what the agent needs to know about a run; it travels to every
// measured process as JSON in $PYCOV_AGENT. Paths are absolute, so a child
// that runs in another directory measures the same files.
type Config struct {
	JournalDir string `json:"journal"`
	Branch     bool   `json:"branch"`
	Cwd        string `json:"cwd"`
	// Subprocess: child Python processes are measured too (pycov run's
	// default; --no-subprocess turns it off). When false, the agent removes
	// itself from the environment so that children do not inherit it.
	Subprocess bool     `json:"subprocess"`
	SourceDirs []string `json:"source_dirs,omitempty"` // absolute directories
	SourcePkgs []string `json:"source_pkgs,omitempty"` // importable package names
	// Include and Omit are [run] include and omit, each compiled into one
	// Python regular expression (pathglob.Set.Python) that the agent
	// matches against real paths; "" when there are none.
	Include string `json:"include_re,omitempty"`
	Omit    string `json:"omit_re,omitempty"`
	// Context is [run] context, a static label; DynamicContext is [run]
	// dynamic_context ("test_function" switches context at each test).
	Context        string `json:"context,omitempty"`
	DynamicContext string `json:"dynamic_context,omitempty"`
}

// Install writes the agent into cacheDir (once per agent version) and
// returns the directory to put on PYTHONPATH.
func Install(cacheDir string) (string, error) {
	sum := sha256.Sum256(agentSource)
	dir := filepath.Join(cacheDir, "agent-"+hex.EncodeToString(sum[:6]))
	target := filepath.Join(dir, "sitecustomize.py")
	if b, err := os.ReadFile(target); err == nil && string(b) == string(agentSource) {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("installing the pycov agent: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".agent-*")
	if err != nil {
		return "", fmt.Errorf("installing the pycov agent: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(agentSource); err != nil {
		tmp.Close()
		return "", fmt.Errorf("installing the pycov agent: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("installing the pycov agent: %w", err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return "", fmt.Errorf("installing the pycov agent: %w", err)
	}
	return dir, nil
}

// Env returns environ with the agent enabled: agentDir first on PYTHONPATH
// and the run's configuration in PYCOV_AGENT.
func Env(environ []string, agentDir string, cfg Config) ([]string, error) {
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(environ)+2)
	pythonPath := agentDir
	for _, kv := range environ {
		switch {
		case strings.HasPrefix(kv, "PYTHONPATH="):
			if old := strings.TrimPrefix(kv, "PYTHONPATH="); old != "" {
				pythonPath += string(os.PathListSeparator) + old
			}
		case strings.HasPrefix(kv, "PYCOV_AGENT="):
		default:
			out = append(out, kv)
		}
	}
	return append(out, "PYTHONPATH="+pythonPath, "PYCOV_AGENT="+string(b)), nil
}

// Precompile writes the agent's bytecode for a CPython major.minor into the
// agent directory, once, so that no measured process compiles it: that is
// ~5 ms of every start when PYTHONDONTWRITEBYTECODE is set, which stops
// Python from caching it by itself. run runs the interpreter with args.
// Failing to precompile is not an error: the agent then compiles as usual.
func Precompile(agentDir string, major, minor int, run func(args ...string) error) {
	pyc := filepath.Join(agentDir, "__pycache__", fmt.Sprintf("sitecustomize.cpython-%d%d.pyc", major, minor))
	if _, err := os.Stat(pyc); err == nil {
		return
	}
	run("-I", "-S", "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True)",
		filepath.Join(agentDir, "sitecustomize.py"))
}

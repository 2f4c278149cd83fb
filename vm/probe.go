package vm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// probeCached returns the Python version of the executable at path.
//
// Running an interpreter to ask costs 10 ms or more on every pycov start,
// so the answer is remembered in cacheDir/probes/, keyed by the resolved
// executable and its size and modification time. Only native executables
// are remembered: a script (a pyenv shim, say) may pick a different Python
// each time, so it is asked every time.
func probeCached(cacheDir, path string) (Version, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return Version{}, err
	}
	st, err := os.Stat(real)
	if err != nil {
		return Version{}, err
	}
	var entry string
	if cacheDir != "" && isNative(real) {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%d", real, st.Size(), st.ModTime().UnixNano())))
		entry = filepath.Join(cacheDir, "probes", hex.EncodeToString(sum[:12]))
		if b, err := os.ReadFile(entry); err == nil {
			if v, err := ParseVersion(string(b)); err == nil {
				return v, nil
			}
		}
	}
	out, err := exec.Command(path, "-I", "-S", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])").Output()
	if err != nil {
		return Version{}, err
	}
	v, err := ParseVersion(string(out))
	if err != nil {
		return Version{}, err
	}
	if entry != "" {
		if os.MkdirAll(filepath.Dir(entry), 0o700) == nil {
			tmp := fmt.Sprintf("%s.%d.tmp", entry, os.Getpid())
			if os.WriteFile(tmp, []byte(strings.TrimSpace(string(out))), 0o600) == nil {
				os.Rename(tmp, entry)
			}
		}
	}
	return v, nil
}

// isNative reports whether path is an ELF or Mach-O executable rather than
// a script.
func isNative(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	if n, _ := f.Read(head); n < 4 {
		return false
	}
	return bytes.Equal(head, []byte("\x7fELF")) ||
		bytes.Equal(head, []byte{0xcf, 0xfa, 0xed, 0xfe}) || bytes.Equal(head, []byte{0xca, 0xfe, 0xba, 0xbe})
}

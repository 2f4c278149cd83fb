package vm

import (
	"fmt"
	"strconv"
	"strings"
)

// Interpreter is a chosen Python interpreter and what it can measure.
type Interpreter struct {
	Path     string // executable
	Reason   string // why it was chosen, for `pycov debug sys`
	Embedded bool   // the CPython embedded in pycov
	Version  Version
	// Home is PYTHONHOME for the embedded interpreter, empty otherwise.
	Home string
}

// Version is a Python version such as 3.14.6.
type Version struct{ Major, Minor, Micro int }

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Micro) }

// AtLeast reports whether v is major.minor or newer.
func (v Version) AtLeast(major, minor int) bool {
	return v.Major > major || v.Major == major && v.Minor >= minor
}

// HasMonitoring reports whether the interpreter has sys.monitoring (3.12+).
func (i *Interpreter) HasMonitoring() bool { return i.Version.AtLeast(3, 12) }

// HasBranchEvents reports whether sys.monitoring has BRANCH_LEFT and
// BRANCH_RIGHT (3.14+), which branch coverage needs.
func (i *Interpreter) HasBranchEvents() bool { return i.Version.AtLeast(3, 14) }

// ParseVersion reads "3.14.6" (extra fields and suffixes are ignored).
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) < 2 {
		return Version{}, fmt.Errorf("bad Python version %q", s)
	}
	var nums [3]int
	for i := 0; i < 3 && i < len(parts); i++ {
		digits := parts[i]
		end := 0
		for end < len(digits) && digits[end] >= '0' && digits[end] <= '9' {
			end++
		}
		n, err := strconv.Atoi(digits[:end])
		if err != nil {
			return Version{}, fmt.Errorf("bad Python version %q", s)
		}
		nums[i] = n
	}
	return Version{nums[0], nums[1], nums[2]}, nil
}

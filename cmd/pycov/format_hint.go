package main

import (
	"fmt"

	"github.com/pycov/pycov/config"
)

// formatHint is what follows `--format "name" is not a format` for a
// command whose formats are known: the nearest of them when name looks
// like a typo (` (did you mean "markdown"?)`), else the command that
// writes name when it is another of pycov's formats
// (" (it is written by `pycov json`)"), else "".
func formatHint(name string, known []string) string {
	if s := config.Suggest(name, known); s != "" {
		return s
	}
	for _, f := range formats() {
		if f.name != name {
			continue
		}
		if f.commandName() == name {
			return fmt.Sprintf(" (it is written by `pycov %s`)", name)
		}
		return fmt.Sprintf(" (it is written by `pycov %s --format=%s`)", f.commandName(), name)
	}
	return ""
}

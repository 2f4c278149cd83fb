package config

import (
	"fmt"
	"regexp"
)

// dollar matches what coverage.py substitutes in configuration values:
// $$, $WORD, ${WORD}, ${WORD?} (an error when WORD is not set) and
// ${WORD-default}.
var dollar = regexp.MustCompile(`\$(?:(\$)|(\w+)|\{(\w+)(?:(\?)|-([^}]*))?\})`)

// substitute replaces environment variables in text as coverage.py does:
// an unset variable is empty, or its default, or an error if marked "?".
func substitute(text string, lookup func(string) (string, bool)) (string, error) {
	var err error
	out := dollar.ReplaceAllStringFunc(text, func(m string) string {
		g := dollar.FindStringSubmatch(m)
		switch {
		case g[1] == "$":
			return "$"
		case g[2] != "":
			v, _ := lookup(g[2])
			return v
		}
		if v, ok := lookup(g[3]); ok {
			return v
		}
		if g[4] == "?" && err == nil {
			err = fmt.Errorf("variable %s is undefined: %q", g[3], text)
		}
		return g[5]
	})
	return out, err
}

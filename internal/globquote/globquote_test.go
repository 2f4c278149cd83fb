package globquote

import (
	"path/filepath"
	"testing"
)

func TestQuoteMatchesTheLiteralName(t *testing.T) {
	for _, name := range []string{"plain", "proj[1]", "a*b?c", `back\slash`, "caf\xe9[x]", ""} {
		ok, err := filepath.Match(Quote(name), name)
		if err != nil || !ok {
			t.Errorf("Match(Quote(%q), %q) = %v, %v; want true", name, name, ok, err)
		}
	}
	if ok, _ := filepath.Match(Quote("proj[1]"), "proj1"); ok {
		t.Error(`Quote("proj[1]") still matches "proj1" as a class`)
	}
}

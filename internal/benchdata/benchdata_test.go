package benchdata

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDataDescribesWrite checks that the data describes the files Write
// writes, as a run of pycov would: each file's hash, statements on lines
// that hold code, arcs from statements, every line that ran a statement
// (or a module's docstring, line 1), regions within the file.
func TestDataDescribesWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := Write(dir, 60); err != nil {
		t.Fatal(err)
	}
	d := Data(dir, 60)
	if len(d.Files) != 60+2+1 { // the modules, two __init__.py, main.py
		t.Fatalf("%d files", len(d.Files))
	}
	for _, fd := range d.Files {
		src, err := os.ReadFile(fd.Path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(src)
		if hex.EncodeToString(sum[:]) != fd.Facts.SHA256 {
			t.Errorf("%s: hash is not the file's", fd.Path)
		}
		lines := strings.Split(string(src), "\n")
		code := func(l int) bool {
			t := strings.TrimSpace(lines[l-1])
			return t != "" && t != "else:" && !strings.HasPrefix(t, `"""`)
		}
		for _, l := range fd.Facts.Statements {
			if l < 1 || l > len(lines) || !code(l) {
				t.Errorf("%s: statement on line %d, which holds no code", filepath.Base(fd.Path), l)
			}
		}
		for _, a := range fd.Facts.Arcs {
			if !slices.Contains(fd.Facts.Statements, a[0]) || !slices.Contains(fd.Facts.Statements, a[1]) {
				t.Errorf("%s: arc %v is not between statements", filepath.Base(fd.Path), a)
			}
		}
		for _, l := range fd.Lines {
			if !slices.Contains(fd.Facts.Statements, l) && l > 1 {
				t.Errorf("%s: line %d ran but is no statement", filepath.Base(fd.Path), l)
			}
		}
		for _, r := range fd.Facts.Functions {
			if !strings.HasPrefix(strings.TrimSpace(lines[r.Def-1]), "def "+r.Name+"(") || r.End > len(lines) {
				t.Errorf("%s: function %s is not at line %d..%d", filepath.Base(fd.Path), r.Name, r.Def, r.End)
			}
		}
	}
}

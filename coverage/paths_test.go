package coverage

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
)

func TestShouldBePython(t *testing.T) {
	for path, want := range map[string]bool{
		"/p/app.py":              true,
		"/p/app.pyw":             true,
		"/p/stubs.pyi":           true,
		"/p/script":              true, // no extension: a script
		"/p/templates/page.html": false,
		"/p/mail.txt":            false,
		"/p/a.b/noext":           true,
	} {
		if got := ShouldBePython(path); got != want {
			t.Errorf("ShouldBePython(%s) = %v, want %v", path, got, want)
		}
	}
}

func TestRealPath(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	os.MkdirAll(filepath.Join(real, "proj"), 0o755)
	if err := os.Symlink(real, filepath.Join(dir, "link")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	base, _ := filepath.EvalSymlinks(dir) // the temporary directory may itself be a link
	for in, want := range map[string]string{
		filepath.Join(dir, "link", "proj"):                   filepath.Join(base, "real", "proj"),
		filepath.Join(dir, "link", "proj", "gone.py"):        filepath.Join(base, "real", "proj", "gone.py"),
		filepath.Join(dir, "link", "gone", "deeper", "x.py"): filepath.Join(base, "real", "gone", "deeper", "x.py"),
		"relative/x.py": "relative/x.py",
	} {
		if got := RealPath(in); got != want {
			t.Errorf("RealPath(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestReadSourceFromZip(t *testing.T) {
	dir := t.TempDir()
	archive := filepath.Join(dir, "lib.zip")
	f, _ := os.Create(archive)
	zw := zip.NewWriter(f)
	w, _ := zw.Create("pkg/mod.py")
	w.Write([]byte("x = 1\n"))
	zw.Close()
	f.Close()
	os.WriteFile(filepath.Join(dir, "plain.py"), []byte("y = 2\n"), 0o644)
	for path, want := range map[string]string{
		filepath.Join(dir, "plain.py"):                 "y = 2\n",
		filepath.Join(dir, "lib.zip", "pkg", "mod.py"): "x = 1\n",
		filepath.Join(dir, "lib.zip", "pkg", "no.py"):  "",
		filepath.Join(dir, "no.zip", "mod.py"):         "",
	} {
		got, err := ReadSource(path)
		if string(got) != want || (err != nil) != (want == "") {
			t.Errorf("ReadSource(%s) = %q, %v; want %q", path, got, err, want)
		}
	}
}

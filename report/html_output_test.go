package report

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pycov/pycov/coverage"
)

func TestHTMLNewDirectoryGetsGitignore(t *testing.T) {
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	got := readPage(t, dir, ".gitignore")
	if !strings.Contains("\n"+got, "\n*\n") {
		t.Errorf(".gitignore = %q, want a line \"*\"", got)
	}
	for _, name := range []string{"index.html", "pycov.css", "pycov.js", pageOf("app.py"), pageOf("pkg/util.py")} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".pycov-tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestHTMLLeavesOtherFilesAlone(t *testing.T) {
	dir := t.TempDir()
	theirs := map[string]string{
		"notes.txt":                        "mine",
		"d_0123456789abcdef_other_py.html": "not pycov's: never listed in its manifest",
	}
	for name, content := range theirs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join("testdata", "html", "src")
	if err := HTML(dir, buildTestReport(t, src, htmlTestFiles()), htmlTestOptions()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gitignore")); err == nil {
		t.Errorf("a .gitignore was written into a directory pycov did not create")
	}
	// A second report without pkg/ removes the pages of the first that
	// went stale, and nothing else.
	if err := HTML(dir, buildTestReport(t, src, htmlTestFiles()[:1]), htmlTestOptions()); err != nil {
		t.Fatal(err)
	}
	for name, content := range theirs {
		if got := readPage(t, dir, name); got != content {
			t.Errorf("%s was changed to %q", name, got)
		}
	}
	for _, stale := range []string{pageOf("pkg/util.py"), pageOf("pkg/__init__.py")} {
		if _, err := os.Stat(filepath.Join(dir, stale)); err == nil {
			t.Errorf("stale page %s was not removed", stale)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, pageOf("app.py"))); err != nil {
		t.Error(err)
	}
}

func TestHTMLDirectoryIsAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "htmlcov")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := HTML(path, buildTestReport(t, filepath.Join("testdata", "html", "src"), htmlTestFiles()), htmlTestOptions())
	if err == nil || !strings.Contains(err.Error(), "is not a directory") {
		t.Errorf("err = %v, want one saying it is not a directory", err)
	}
}

func TestPageNames(t *testing.T) {
	names := []string{"app.py", "pkg/a.b.py", "pkg/a_b.py", "pkg/A_b.py", "/abs/x.py", "deep/er/mod.py"}
	var files []*coverage.FileResult
	for _, n := range names {
		files = append(files, &coverage.FileResult{Name: n})
	}
	got := pageNames(files)
	seen := map[string]string{}
	for _, f := range files {
		p := got[f]
		if !pageNameRE.MatchString(p) {
			t.Errorf("%s: page %q is not a page name", f.Name, p)
		}
		if other, dup := seen[strings.ToLower(p)]; dup {
			t.Errorf("%s and %s share the page %s", other, f.Name, p)
		}
		seen[strings.ToLower(p)] = f.Name
	}
	// A name's page does not depend on the other files, unless they collide.
	if p := got[files[0]]; p != "d_e3b0c44298fc1c14_app_py.html" || pageOf("app.py") != p {
		t.Errorf("app.py's page is %s", p)
	}
	if got[files[1]] != pageOf("pkg/a.b.py") {
		t.Errorf("pkg/a.b.py's page changed with the other files")
	}
}

// TestHTMLNeverWritesThroughALink: a symbolic link or FIFO planted in the
// report directory under a page's name is refused, and what it points to
// is left as it was.
func TestHTMLNeverWritesThroughALink(t *testing.T) {
	src := filepath.Join("testdata", "html", "src")
	for _, name := range []string{"index.html", pageOf("app.py"), "pycov.css"} {
		t.Run(name, func(t *testing.T) {
			dir, outside := t.TempDir(), filepath.Join(t.TempDir(), "bashrc")
			if err := os.WriteFile(outside, []byte("precious"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
			err := HTML(dir, buildTestReport(t, src, htmlTestFiles()), htmlTestOptions())
			if err == nil || !strings.Contains(err.Error(), name+": it is a symbolic link") {
				t.Errorf("error = %v, want one saying %s is a symbolic link", err, name)
			}
			if got := readPage(t, filepath.Dir(outside), "bashrc"); got != "precious" {
				t.Errorf("the link's target was overwritten (%d bytes)", len(got))
			}
		})
	}
	t.Run("fifo", func(t *testing.T) {
		dir := t.TempDir()
		if err := syscall.Mkfifo(filepath.Join(dir, "index.html"), 0o644); err != nil {
			t.Skip(err)
		}
		err := HTML(dir, buildTestReport(t, src, htmlTestFiles()), htmlTestOptions())
		if err == nil || !strings.Contains(err.Error(), "index.html: it is a named pipe") {
			t.Errorf("error = %v, want one saying index.html is a named pipe", err)
		}
	})
}

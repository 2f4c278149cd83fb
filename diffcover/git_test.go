package diffcover

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseUnifiedDiff(t *testing.T) {
	// A git diff --unified=0 -M of a modified, an added, a deleted, a
	// renamed-and-changed, a purely renamed and an oddly named file. Old
	// lines: those changed or removed, and both sides of an insertion.
	diff := `diff --git a/app/core.py b/app/core.py
index 1111111..2222222 100644
--- a/app/core.py
+++ b/app/core.py
@@ -3 +3,2 @@ def f(x):
-    return 1
+    if x:
+        return 1
@@ -10,0 +12 @@ def g():
+--- not a header
@@ -20,2 +22,0 @@ class A:
-    a = 1
-+++ gone
diff --git a/app/new.py b/app/new.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/app/new.py
@@ -0,0 +1,2 @@
+X = 1
+Y = 2
\ No newline at end of file
diff --git a/app/old.py b/app/old.py
deleted file mode 100644
index 4444444..0000000
--- a/app/old.py
+++ /dev/null
@@ -1 +0,0 @@
-Z = 1
diff --git a/lib/a.py b/lib/b.py
similarity index 80%
rename from lib/a.py
rename to lib/b.py
index 5555555..6666666 100644
--- a/lib/a.py
+++ b/lib/b.py
@@ -2 +2 @@
-a = 1
+a = 2
diff --git a/lib/c.py b/lib/d.py
similarity index 100%
rename from lib/c.py
rename to lib/d.py
diff --git "a/sp\303\251cial \"q\".py" "b/sp\303\251cial \"q\".py"
index 7777777..8888888 100644
--- "a/sp\303\251cial \"q\".py"
+++ "b/sp\303\251cial \"q\".py"
@@ -1 +1 @@
-x
+y
diff --git a/has space.py b/has space.py
index 7777777..8888888 100644
--- a/has space.py	
+++ b/has space.py	
@@ -1 +1 @@
-x
+y
`
	got, err := ParseUnifiedDiff(diff)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{Path: "app/core.py", Lines: []int{3, 4, 12}, OldLines: []int{3, 10, 11, 20, 21}},
		{Path: "app/new.py", New: true, Lines: []int{1, 2}, OldLines: []int{1}},
		{Path: "app/old.py", Deleted: true, OldLines: []int{1}},
		{Path: "lib/b.py", OldPath: "lib/a.py", Lines: []int{2}, OldLines: []int{2}},
		{Path: "lib/d.py", OldPath: "lib/c.py"},
		{Path: `spécial "q".py`, Lines: []int{1}, OldLines: []int{1}},
		{Path: "has space.py", Lines: []int{1}, OldLines: []int{1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseUnifiedDiff:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseUnifiedDiffErrors(t *testing.T) {
	for _, bad := range []string{
		"diff --git a/x b/x\n@@ -1 +1,x @@\n",
		"diff --git a/x b/x\n@@ -1 +1,2 @@\n+a\n",
		"diff --git a/x b/x\n@@ broken\n",
	} {
		if _, err := ParseUnifiedDiff(bad); err == nil || !strings.Contains(err.Error(), "reading git diff") {
			t.Errorf("ParseUnifiedDiff(%q) error = %v", bad, err)
		}
	}
}

// FuzzParseUnifiedDiff checks that no diff text makes the parser panic and
// that changed lines are never below 1 unless the range is empty.
func FuzzParseUnifiedDiff(f *testing.F) {
	f.Add("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-a\n+b\n+c\n")
	f.Add("diff --git a/x b/y\nrename from x\nrename to y\n")
	f.Add("diff --git a/x b/x\n@@ -0,0 +1 @@\n+\\\n\\ No newline at end of file\n")
	f.Fuzz(func(t *testing.T, text string) {
		changes, err := ParseUnifiedDiff(text)
		if err != nil {
			return
		}
		for _, c := range changes {
			for _, l := range c.Lines {
				if l < 0 {
					t.Fatalf("line %d from %q", l, text)
				}
			}
		}
	})
}

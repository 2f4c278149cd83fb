package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pycov/pycov/coverage"

	"github.com/pycov/pycov/internal/testtool"
)

// The browser tests open the report in headless Chromium from file://, as
// a person would, and use it with the mouse and the keyboard. This file is
// the only one that knows about chromedp.

// browser is one headless Chromium tab that records what should never
// happen on a report's pages: console errors, uncaught exceptions, and
// requests for anything that is not a local file.
type browser struct {
	t        *testing.T
	ctx      context.Context
	mu       sync.Mutex
	problems []string
}

// newBrowser starts Chromium. When it is not installed the test is skipped
// on a developer's machine, and fails under CI (testtool.Require), where a
// skip would hide that the pages went untested.
func newBrowser(t *testing.T) *browser {
	path := testtool.Require(t, "chromium", "apt-get install chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting chromium: %v", err)
	}
	b := &browser{t: t, ctx: ctx}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tgt, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tgt, runtime.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tgt, cdplog.Enable, cdp.Empty{})
		return err
	}))
	return b
}

// record notes an event that shows a broken page. It runs on chromedp's
// reading goroutine, so it only appends.
func (b *browser) record(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		p = "uncaught exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			p += " " + ev.ExceptionDetails.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError {
			p = "log error: " + ev.Entry.Text + " " + ev.Entry.URL
		}
	case *network.EventRequestWillBeSent:
		if !strings.HasPrefix(ev.Request.URL, "file://") {
			p = "request leaves the page: " + ev.Request.URL
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// checkClean fails the test for each problem seen so far.
func (b *browser) checkClean() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Error(p)
	}
	b.problems = nil
}

// do runs actions with a time limit, failing the test on an error.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression into a T.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// open loads a page of the report and waits until its script has run.
func (b *browser) open(dir, page string) {
	b.t.Helper()
	b.do(chromedp.Navigate("file://"+filepath.ToSlash(filepath.Join(dir, page))),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`typeof window.pycovInitMs === "number"`)(ctx, t)
			return err
		}))
}

// waitFor waits until a JavaScript expression is true, across the
// navigation that a key press may start.
func (b *browser) waitFor(expr string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %s: %v", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// visibleRows are the file names of the index's table, as shown.
func visibleRows(b *browser) []string {
	b.t.Helper()
	return eval[[]string](b, `Array.from(document.querySelectorAll("#files tbody tr")).filter(r => !r.hidden).map(r => r.cells[0].textContent)`)
}

func (b *browser) wantRows(what string, want ...string) {
	b.t.Helper()
	if got := visibleRows(b); !reflect.DeepEqual(got, want) {
		b.t.Errorf("%s: rows %q, want %q", what, got, want)
	}
}

func TestHTMLInBrowser(t *testing.T) {
	b := newBrowser(t)
	files := append(htmlTestFiles(), testFile{name: "low.py", lines: []int{1, 5}, facts: coverage.Facts{Statements: []int{1, 2, 5, 6}}})
	dir := writeTestHTML(t, files, htmlTestOptions())

	b.open(dir, "index.html")
	if bg := eval[string](b, `getComputedStyle(document.querySelector("header.top")).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
		t.Errorf("pycov.css is not applied to the index")
	}
	b.wantRows("as written", "app.py", "low.py", "pkg/__init__.py", "pkg/util.py")
	b.do(chromedp.Click(chromedp.CSS("th.bp button")), chromedp.Click(chromedp.CSS("th.bp button")))
	b.wantRows("sorted by branch coverage, reversed", "low.py", "pkg/__init__.py", "pkg/util.py", "app.py")
	b.do(chromedp.Click(chromedp.CSS("th.pct button")))
	b.wantRows("sorted by coverage", "low.py", "app.py", "pkg/__init__.py", "pkg/util.py")
	b.do(chromedp.Click(chromedp.CSS("th.pct button")))
	b.wantRows("sorted by coverage, reversed", "pkg/__init__.py", "pkg/util.py", "app.py", "low.py")

	b.do(chromedp.SendKeys(chromedp.CSS("#filter"), "pkg"))
	b.wantRows("filtered", "pkg/__init__.py", "pkg/util.py")
	if got := eval[string](b, `document.getElementById("shown").textContent`); got != "2 of 4 files" {
		t.Errorf("count of shown files = %q", got)
	}
	b.do(chromedp.KeyEvent(kb.Escape)) // in the filter: clears it
	b.wantRows("filter cleared", "pkg/__init__.py", "pkg/util.py", "app.py", "low.py")

	b.do(chromedp.Click(chromedp.CSS("#hide-covered")))
	b.wantRows("hiding covered files", "app.py", "low.py")

	// The sort order and "hide covered" are kept across a reload.
	b.open(dir, "index.html")
	b.wantRows("reloaded", "app.py", "low.py")
	b.do(chromedp.Click(chromedp.CSS("#hide-covered")))
	b.do(chromedp.Click(chromedp.CSS(`button.dirf[data-filter="pkg/"]`)))
	b.wantRows("a directory chosen in the picture", "pkg/__init__.py", "pkg/util.py")

	// A file page: j and k move between missed and partial lines; u goes
	// back to the index.
	b.open(dir, pageOf("app.py"))
	current := func() string { return eval[string](b, `(document.querySelector(".row.cur") || {id: ""}).id`) }
	for _, step := range []struct{ key, want string }{
		{"j", "t8"}, {"j", "t9"}, {"j", "t10"}, {"k", "t9"}, {"n", "t10"}, {"j", "t11"}, {"j", "t26"}, {"j", "t26"}, {"p", "t11"},
	} {
		b.do(chromedp.KeyEvent(step.key))
		if got := current(); got != step.want {
			t.Fatalf("after %q the current line is %q, want %q", step.key, got, step.want)
		}
	}
	before := eval[string](b, `document.documentElement.getAttribute("data-theme") || "system"`)
	b.do(chromedp.KeyEvent("t"))
	if after := eval[string](b, `document.documentElement.getAttribute("data-theme")`); after == before || after == "" {
		t.Errorf("t did not change the theme (%s, then %s)", before, after)
	}
	b.do(chromedp.KeyEvent("u"))
	b.waitFor(`location.pathname.endsWith("/index.html") && typeof window.pycovInitMs === "number"`)
	b.checkClean()
}

// TestHTMLLargeFileInBrowser opens the page of a 10,000-line file. Setting
// up the page looks at each line once; moving is a binary search. The time
// it takes is logged, not tested (timings are for benchmarks).
func TestHTMLLargeFileInBrowser(t *testing.T) {
	b := newBrowser(t)
	src := t.TempDir()
	const n = 10000
	var text strings.Builder
	tf := testFile{name: "big.py"}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&text, "x_%d = %d  # </script> %d\n", i, i, i)
		tf.facts.Statements = append(tf.facts.Statements, i)
		if i%7 != 0 {
			tf.lines = append(tf.lines, i)
		}
	}
	if err := os.WriteFile(filepath.Join(src, "big.py"), []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := buildTestReport(t, src, []testFile{tf})
	dir := filepath.Join(t.TempDir(), "htmlcov")
	start := time.Now()
	if err := HTML(dir, rep, htmlTestOptions()); err != nil {
		t.Fatal(err)
	}
	t.Logf("writing the report of a %d-line file took %v", n, time.Since(start))

	start = time.Now()
	b.open(dir, pageOf("big.py")+"#t5000")
	t.Logf("opening its page took %v, of which the page's script %.1f ms", time.Since(start), eval[float64](b, "window.pycovInitMs"))
	if got := eval[int](b, `document.querySelectorAll(".row").length`); got != n {
		t.Fatalf("the page shows %d lines, want %d", got, n)
	}
	// Every seventh line is missed: a marker each.
	b.waitFor(`document.querySelector(".marks") !== null`)
	if got := eval[int](b, `document.querySelectorAll(".marks .mark.mis").length`); got != n/7 {
		t.Errorf("%d markers beside the scrollbar, want %d", got, n/7)
	}
	b.do(chromedp.KeyEvent("j"))
	if got := eval[string](b, `document.querySelector(".row.cur").id`); got != "t5005" {
		t.Errorf("j from line 5000 went to %s, want t5005", got)
	}
	b.do(chromedp.KeyEvent("k"), chromedp.KeyEvent("k"))
	if got := eval[string](b, `document.querySelector(".row.cur").id`); got != "t4991" {
		t.Errorf("k k from line 5005 went to %s, want t4991", got)
	}
	b.checkClean()
}

// TestHTMLLineTogglesInBrowser uses the legend's buttons of a file page:
// each hides its kind of line, the keys skip hidden lines, and the choice
// is kept across pages.
func TestHTMLLineTogglesInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	b.open(dir, pageOf("app.py"))
	visible := func(id string) bool {
		return eval[bool](b, `document.getElementById("`+id+`").offsetParent !== null`)
	}
	notes := func() int {
		return eval[int](b, `Array.from(document.querySelectorAll(".note")).filter(n => n.offsetParent !== null).length`)
	}
	if !visible("t9") || !visible("t22") || !visible("t12") || notes() != 3 {
		t.Fatalf("before any click, some lines or notes are hidden")
	}
	b.do(chromedp.Click(chromedp.CSS(`button.lg[data-kind="mis"]`)))
	if visible("t9") || visible("t11") || !visible("t8") || !visible("t12") {
		t.Errorf("hiding missing lines: t9 %v, t11 %v, t8 %v, t12 %v", visible("t9"), visible("t11"), visible("t8"), visible("t12"))
	}
	if got := eval[string](b, `document.querySelector('button.lg[data-kind="mis"]').getAttribute("aria-pressed")`); got != "false" {
		t.Errorf("the missing button's aria-pressed = %q after hiding", got)
	}
	// j goes from partial line 8 to partial line 10, over hidden line 9.
	b.do(chromedp.KeyEvent("j"), chromedp.KeyEvent("j"))
	if got := eval[string](b, `document.querySelector(".row.cur").id`); got != "t10" {
		t.Errorf("j j with missing lines hidden went to %s, want t10", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`button.lg[data-kind="par"]`)),
		chromedp.Click(chromedp.CSS(`button.lg[data-kind="run"]`)),
		chromedp.Click(chromedp.CSS(`button.lg[data-kind="exc"]`)))
	if visible("t8") || visible("t12") || visible("t22") || notes() != 0 {
		t.Errorf("hiding partial, run and excluded lines left some shown")
	}
	if !visible("t3") {
		t.Errorf("a line that is not a statement was hidden")
	}

	// Kept on the next page opened, until shown again.
	b.open(dir, pageOf("app.py"))
	if visible("t9") || visible("t22") {
		t.Errorf("the hidden kinds were not kept across a reload")
	}
	b.do(chromedp.Click(chromedp.CSS(`button.lg[data-kind="mis"]`)))
	if !visible("t9") || visible("t22") {
		t.Errorf("showing missing lines again: t9 %v, t22 %v", visible("t9"), visible("t22"))
	}
	b.checkClean()
}

// TestHTMLNarrowWindowInBrowser opens the pages 600 px wide: nothing may
// stick out of the window (the index's table used to be cut off), and the
// table still sorts.
func TestHTMLNarrowWindowInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	b.do(chromedp.EmulateViewport(600, 900))
	// The elements that end past the window's right edge.
	const outside = `Array.from(document.querySelectorAll("body *")).filter(e => e.closest(".src") === null && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map(e => e.tagName + "." + e.className + " " + (e.textContent || "").slice(0, 20))`
	for _, page := range []string{"index.html", pageOf("app.py"), "function_index.html", "class_index.html"} {
		b.open(dir, page)
		if w := eval[int](b, "window.innerWidth"); w != 600 {
			t.Fatalf("the window is %d px wide, want 600", w)
		}
		if sw, cw := eval[int](b, "document.documentElement.scrollWidth"), eval[int](b, "document.documentElement.clientWidth"); sw > cw {
			t.Errorf("%s at 600 px: the page is %d px wide, the window %d", page, sw, cw)
		}
		if out := eval[[]string](b, outside); len(out) > 0 {
			t.Errorf("%s at 600 px: outside the window: %q", page, out)
		}
	}
	b.open(dir, pageOf("app.py"))
	if got := eval[string](b, `getComputedStyle(document.querySelector(".src")).overflowX`); got != "auto" {
		t.Errorf("the source box does not scroll sideways (overflow-x %s)", got)
	}
	b.open(dir, "index.html")
	b.do(chromedp.Click(chromedp.CSS("th.pct button")))
	b.wantRows("sorted by coverage at 600 px", "app.py", "pkg/__init__.py", "pkg/util.py")
	b.checkClean()
}

// TestHTMLThemeButtonInBrowser: the theme button's label names what a
// click does ("Dark theme" while the page is light), on every page.
func TestHTMLThemeButtonInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	label := func() string { return eval[string](b, `document.getElementById("theme").textContent.trim()`) }
	dark := func() bool {
		return eval[bool](b, `(document.documentElement.getAttribute("data-theme") || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")) === "dark"`)
	}
	for _, page := range []string{"index.html", pageOf("app.py")} {
		b.open(dir, page)
		for range 2 {
			want := "◐ Dark theme"
			if dark() {
				want = "◐ Light theme"
			}
			if got := label(); got != want {
				t.Errorf("%s: the theme button says %q, want %q", page, got, want)
			}
			was := dark()
			b.do(chromedp.Click(chromedp.CSS("#theme")))
			if dark() == was {
				t.Errorf("%s: clicking %q did not change the theme", page, want)
			}
		}
	}
	b.checkClean()
}

// TestHTMLScrollMarksInBrowser checks the markers beside the scrollbar of
// a file page: one per run of missed or partial lines, in page order, at
// the height of their lines; a click goes to the line.
func TestHTMLScrollMarksInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	b.open(dir, pageOf("app.py"))
	b.waitFor(`document.querySelector(".marks") !== null`)
	marks := func() []string {
		return eval[[]string](b, `Array.from(document.querySelectorAll(".marks .mark")).map(m => m.className + " " + m.title)`)
	}
	want := []string{"mark par line 8", "mark mis line 9", "mark par line 10", "mark mis line 11", "mark par line 26"}
	if got := marks(); !reflect.DeepEqual(got, want) {
		t.Errorf("markers %q, want %q", got, want)
	}
	// Each marker is as far down the window as its line is down the page.
	offsets := eval[[]float64](b, `Array.from(document.querySelectorAll(".marks .mark")).map(m => {
		const line = document.getElementById("t" + m.title.slice(5));
		const page = (line.getBoundingClientRect().top + scrollY) / document.documentElement.scrollHeight;
		const mark = m.getBoundingClientRect().top / innerHeight;
		return Math.abs(page - mark);
	})`)
	for i, d := range offsets {
		if d > 0.01 {
			t.Errorf("marker %d is %.3f of the window away from its line", i, d)
		}
	}
	if right := eval[float64](b, `document.querySelector(".marks").getBoundingClientRect().right - document.documentElement.clientWidth`); right != 0 {
		t.Errorf("the markers are %v px from the scrollbar", right)
	}
	b.do(chromedp.Click(chromedp.CSS(`.marks .mark:last-child`)))
	if got := eval[string](b, `document.querySelector(".row.cur").id`); got != "t26" {
		t.Errorf("clicking the last marker went to %s, want t26", got)
	}
	// Hidden kinds lose their markers.
	b.do(chromedp.Click(chromedp.CSS(`button.lg[data-kind="mis"]`)))
	if got := marks(); !reflect.DeepEqual(got, []string{"mark par line 8", "mark par line 10", "mark par line 26"}) {
		t.Errorf("with missed lines hidden, markers %q", got)
	}
	b.checkClean()
}

// TestHTMLRegionIndexesInBrowser uses the function index: filtering by a
// function's name, hiding covered functions, sorting (kept apart from the
// file index's order), and the menu between the three tables.
func TestHTMLRegionIndexesInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := writeTestHTML(t, htmlTestFiles(), htmlTestOptions())
	regions := func() []string {
		return eval[[]string](b, `Array.from(document.querySelectorAll("#files tbody tr")).filter(r => !r.hidden).map(r => r.cells[0].textContent + ":" + r.cells[1].textContent)`)
	}
	want := func(what string, rows ...string) {
		t.Helper()
		if got := regions(); !reflect.DeepEqual(got, rows) {
			t.Errorf("%s: rows %q, want %q", what, got, rows)
		}
	}
	b.open(dir, "index.html")
	b.do(chromedp.Click(chromedp.CSS(`nav.views a[href="function_index.html"]`)))
	b.waitFor(`location.pathname.endsWith("/function_index.html") && typeof window.pycovInitMs === "number"`)
	want("as written", "app.py:classify", "app.py:total", "app.py:(no function)", "pkg/__init__.py:(no function)", "pkg/util.py:(no function)")
	b.do(chromedp.SendKeys(chromedp.CSS("#filter"), "classi"))
	want("filtered by function name", "app.py:classify")
	if got := eval[string](b, `document.getElementById("shown").textContent`); got != "1 of 5 functions" {
		t.Errorf("count of shown functions = %q", got)
	}
	b.do(chromedp.KeyEvent(kb.Escape), chromedp.Click(chromedp.CSS("#hide-covered")))
	want("hiding covered functions", "app.py:classify", "app.py:(no function)")
	b.do(chromedp.Click(chromedp.CSS("#hide-covered")), chromedp.Click(chromedp.CSS("th.pct button")))
	want("sorted by coverage", "app.py:classify", "app.py:(no function)", "app.py:total", "pkg/__init__.py:(no function)", "pkg/util.py:(no function)")
	// The row's link opens the file at the function.
	b.do(chromedp.Click(chromedp.CSS(`td.region a[href$="#t7"]`)))
	b.waitFor(`location.hash === "#t7" && typeof window.pycovInitMs === "number"`)
	// The file index keeps its own order.
	b.open(dir, "index.html")
	b.wantRows("the file index after sorting functions", "app.py", "pkg/__init__.py", "pkg/util.py")
	b.do(chromedp.Click(chromedp.CSS(`nav.views a[href="class_index.html"]`)))
	b.waitFor(`location.pathname.endsWith("/class_index.html") && typeof window.pycovInitMs === "number"`)
	want("classes", "app.py:(no class)", "pkg/__init__.py:(no class)", "pkg/util.py:(no class)")
	b.checkClean()
}

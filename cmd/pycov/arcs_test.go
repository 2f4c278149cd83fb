package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// arcCase is what coverage.py reports for one program (its settrace core,
// the truth where its cores differ): the statements, the missing lines,
// and the executed and missed arcs of branch lines.
type arcCase struct {
	statements, missing []int
	executed, missed    [][2]int
}

// checkArcs measures src as a one-file program with branch coverage and
// compares pycov's JSON report with want: a table test for the arc
// analysis and the mapping of events to arcs, source in, lines and arcs
// out, with no conformance case needed.
func checkArcs(t *testing.T, src string, want arcCase) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.py"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newSession(t, dir, conformanceEnv(t)...)
	s.pycov("run", "--branch", "t.py")
	got := s.jsonFiles()["t.py"]
	statements := slices.Sorted(slices.Values(append(append([]int{}, got.ExecutedLines...), got.MissingLines...)))
	for _, c := range []struct {
		what      string
		want, got any
	}{
		{"statements", want.statements, statements},
		{"missing lines", want.missing, got.MissingLines},
		{"executed arcs", want.executed, got.ExecutedBranches},
		{"missed arcs", want.missed, got.MissingBranches},
	} {
		if !sameJSON(c.want, c.got) {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}
}

// sameJSON compares two lists as their JSON (nil and empty alike).
func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	norm := func(s []byte) string {
		if string(s) == "null" {
			return "[]"
		}
		return string(s)
	}
	return norm(ja) == norm(jb)
}

func TestArcs(t *testing.T) {
	in, _ := sessionInterpreter(t)
	if !in.HasBranchEvents() {
		t.Skipf("%s is Python %s: these results are 3.14's", in.Path, in.Version)
	}
	for _, tc := range arcCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkArcs(t, tc.src, tc.want)
		})
	}
}

// arcCases hold coverage.py 7.16's results (COVERAGE_CORE=pytrace) for
// shapes where pycov once differed, one per defect, and pycov's own where
// it differs on purpose (the name says why; the conformance suite's
// knownDivergences hold the same shapes).
var arcCases = []struct {
	name string
	src  string
	want arcCase
}{
	{"issue 11's snippet: the loop's exhaustion leaves the with for the return",
		`def h(path):
    n = 0
    with open(path) as f:
        for line in f:
            n += 1
    return n
h(__file__)
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6, 7}, missing: []int{},
			executed: [][2]int{{4, 5}, {4, 6}}, missed: [][2]int{}}},
	{"an if that ends a with body: its false branch leaves the with",
		`def f(x):
    with open(__file__) as fh:
        if x:
            y = 1
    return 2
f(0)
f(1)
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6, 7}, missing: []int{},
			executed: [][2]int{{3, 4}, {3, 5}}, missed: [][2]int{}}},
	{"a while that ends a with that ends the function: arc to the exit",
		`def f(n):
    with open(__file__):
        while n:
            n -= 1
f(2)
`,
		arcCase{statements: []int{1, 2, 3, 4, 5}, missing: []int{},
			executed: [][2]int{{3, -1}, {3, 4}}, missed: [][2]int{}}},
	{"nested withs, the outer one over several lines",
		`def f(x):
    with (
        open(__file__) as a,
        open(__file__) as b,
    ):
        with open(__file__):
            if x:
                y = 1
    z = 2
f(0)
f(1)
`,
		arcCase{statements: []int{1, 2, 6, 7, 8, 9, 10, 11}, missing: []int{},
			executed: [][2]int{{7, 8}, {7, 9}}, missed: [][2]int{}}},
	{"async with: the exit awaits __aexit__",
		`import asyncio
async def f(x):
    async with asyncio.TaskGroup() as tg:
        if x:
            tg.create_task(asyncio.sleep(0))
    return 1
asyncio.run(f(0))
asyncio.run(f(1))
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6, 7, 8}, missing: []int{},
			executed: [][2]int{{4, 5}, {4, 6}}, missed: [][2]int{}}},
	{"break and continue leave a with inside a loop",
		`from contextlib import nullcontext
def f(xs):
    for x in xs:
        with nullcontext():
            if x == 1:
                continue
            if x == 3:
                break
    return 0
f([1, 2, 3])
f([])
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, missing: []int{},
			executed: [][2]int{{3, 4}, {3, 9}, {5, 6}, {5, 7}, {7, 3}, {7, 8}}, missed: [][2]int{}}},
	{"a one-line if/break that ends a with: coverage.py maps both ways to the with's continuation",
		`from contextlib import nullcontext
for a in (0, 1):
    with nullcontext():
        v = a
        if a: break
`,
		arcCase{statements: []int{1, 2, 3, 4, 5}, missing: []int{},
			executed: [][2]int{{2, 3}, {5, 2}}, missed: [][2]int{{2, -1}, {5, -1}}}},
	{"a with that nothing follows (its finally is reached only by a return) keeps arcs to its line",
		`from contextlib import nullcontext
def f(x):
    try:
        return 1
    finally:
        with nullcontext():
            if x:
                y = 2
f(0)
f(1)
`,
		arcCase{statements: []int{1, 2, 3, 4, 6, 7, 8, 9, 10}, missing: []int{},
			executed: [][2]int{{7, 6}, {7, 8}}, missed: [][2]int{}}},
	{"an exception re-raised after a finally's loop is caught by suppress",
		`from contextlib import suppress
def f(n):
    with suppress(ValueError):
        try:
            raise ValueError
        finally:
            for i in range(n):
                break
    return n
f(0)
f(1)
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 7, 8, 9, 10, 11}, missing: []int{},
			executed: [][2]int{}, missed: [][2]int{}}},
	{"a one-line def on line 1: its exit and the module's are both -1",
		`def f(): return 1
f()
`,
		arcCase{statements: []int{1, 2}, missing: []int{},
			executed: [][2]int{{1, -1}, {1, 2}}, missed: [][2]int{}}},
	{"a one-line class on line 1",
		`class K: pass
x = 2
`,
		arcCase{statements: []int{1, 2}, missing: []int{},
			executed: [][2]int{{1, -1}, {1, 2}}, missed: [][2]int{}}},
	{"an async for whose CLEANUP_THROW precedes its END_SEND (co_branches names the wrong source)",
		`import asyncio
from contextlib import nullcontext
async def agen(n):
    for i in range(n):
        yield i
async def f(a):
    try:
        async with nullcontext():
            v = 1
        try:
            raise ValueError(a)
        finally:
            await asyncio.sleep(0)
    except ValueError:
        async for i in agen(2):
            if a:
                v = 2
    return a
asyncio.run(f(0))
asyncio.run(f(1))
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20}, missing: []int{},
			executed: [][2]int{{4, -3}, {4, 5}, {15, 16}, {15, 18}, {16, 15}, {16, 17}}, missed: [][2]int{}}},
	{"while True with an else only a break skips: the line goes on to its body",
		`def f(a):
    k = 0
    while True:
        k += 1
        if k > a:
            break
    else:
        k = 5
    return k
f(1)
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6, 9, 10}, missing: []int{},
			executed: [][2]int{{3, 4}, {5, 3}, {5, 6}}, missed: [][2]int{}}},
	{"CPython 3.14 fires no LINE event for the return a for loop's exhaustion runs into; the branch event shows it ran (coverage.py's sys.monitoring core agrees; its settrace core misses line 5 and 2->5)",
		`def f(a):
    for i in range(a):
        if i > 5:
            break
    return a
f(2)
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6}, missing: []int{4},
			executed: [][2]int{{2, 3}, {2, 5}, {3, 2}}, missed: [][2]int{{3, 4}}}},
	{"a one-line if whose body awaits",
		`import asyncio
async def f(b):
    if b > 1: await asyncio.sleep(0)
    else: pass
asyncio.run(f(0))
asyncio.run(f(2))
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6}, missing: []int{},
			executed: [][2]int{{3, -2}, {3, 4}}, missed: [][2]int{}}},
	{"a case guard that fails falls off the match to the exit",
		`def f(a, b):
    match a:
        case 0:
            v = 1
        case n if a > b:
            v = 2
f(0, 0)
f(1, 2)
`,
		arcCase{statements: []int{1, 2, 3, 4, 5, 6, 7, 8}, missing: []int{6},
			executed: [][2]int{{3, 4}, {3, 5}, {5, -1}}, missed: [][2]int{{5, 6}}}},
	{"three nested withs: coverage.py's settrace core also reports 7->8 and 7->10 (fix_with_jumps leaves the third with line a branch); pycov does not make a with line a branch",
		`from contextlib import nullcontext


def deep(x):
    with nullcontext():
        with nullcontext():
            with nullcontext():
                if x:
                    y = 1
    return 2


deep(0)
`,
		arcCase{statements: []int{1, 4, 5, 6, 7, 8, 9, 10, 13}, missing: []int{9},
			executed: [][2]int{{8, 10}}, missed: [][2]int{{8, 9}}}},
	{"a branch line whose test raises takes no branch: coverage.py's settrace core credits 2->exit, its sys.monitoring core does not",
		`def check(x):
    if x.upper():
        return 1


try:
    check(None)
except AttributeError:
    pass
check("a")
`,
		arcCase{statements: []int{1, 2, 3, 6, 7, 8, 9, 10}, missing: []int{},
			executed: [][2]int{{2, 3}}, missed: [][2]int{{2, -1}}}},
}

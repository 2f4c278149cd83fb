package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// progen writes small random Python programs for the differential test:
// nested compound statements (if/elif/else, for and while with
// break/continue/else, with and async with, try/except/else/finally,
// match, async for), return/raise/yield in every position,
// comprehensions, lambdas, decorators and async functions. Every program
// terminates: loops are bounded and every exception is caught by the
// program's own driver code.
type progen struct {
	r     *rand.Rand
	b     strings.Builder
	names int // counter for fresh variable names
}

// scope says which statements may appear where.
type scope struct {
	depth   int
	indent  string
	inLoop  bool // break and continue allowed
	inFunc  bool // return allowed
	gen     bool // yield allowed
	async   bool // await, async with, async for allowed
	loopVar string
}

const progPrelude = `import asyncio
from contextlib import nullcontext, suppress


def deco(f):
    return f


async def agen(n):
    for i in range(n):
        yield i

`

// program returns one program; seed makes it reproducible.
func genProgram(seed uint64) string {
	g := &progen{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
	g.b.WriteString(progPrelude)
	var calls []string
	for i := range 1 + g.r.IntN(3) {
		calls = append(calls, g.function(fmt.Sprintf("f%d", i)))
	}
	g.line("", "")
	g.line("", "for args in "+g.argSets()+":")
	for _, c := range calls {
		g.line("    ", "try:")
		g.line("        ", c)
		g.line("    ", "except Exception:")
		g.line("        ", "pass")
	}
	if g.r.IntN(3) == 0 {
		// Module-level flow inside a loop over argument pairs.
		g.line("", "for a, b in ((0, 1), (2, 2), (1, 0)):")
		g.body(scope{depth: 1, indent: "    ", inLoop: true})
	}
	return g.b.String()
}

func (g *progen) line(indent, s string) {
	g.b.WriteString(indent)
	g.b.WriteString(s)
	g.b.WriteString("\n")
}

func (g *progen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *progen) fresh(prefix string) string {
	g.names++
	return fmt.Sprintf("%s%d", prefix, g.names)
}

func (g *progen) argSets() string {
	all := []string{"(0, 0)", "(1, 2)", "(2, 1)", "(3, 3)", "(0, 2)", "(2, 0)"}
	g.r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return "(" + strings.Join(all[:1+g.r.IntN(4)], ", ") + ",)"
}

// function writes a def (maybe decorated, async or a generator, maybe a
// method of a class) and returns the statement that calls it.
func (g *progen) function(name string) string {
	kind := g.r.IntN(10)
	sc := scope{depth: 1, indent: "    ", inFunc: true}
	call := name + "(*args)"
	switch {
	case kind < 2:
		sc.gen = true
		call = "list(" + call + ")"
	case kind < 4:
		sc.async = true
		call = "asyncio.run(" + call + ")"
	}
	if kind == 9 {
		// A method of a class.
		g.line("", "class C"+name+":")
		g.line("    ", "k = 1")
		sc.indent = "        "
		sc.depth = 2
		g.def("    ", name, sc)
		g.line("", "")
		return "C" + name + "()." + name + "(*args)"
	}
	g.def("", name, sc)
	g.line("", "")
	return call
}

func (g *progen) def(indent, name string, sc scope) {
	if g.r.IntN(4) == 0 {
		g.line(indent, "@deco")
	}
	params := "a, b"
	if strings.HasPrefix(indent, "    ") {
		params = "self, a, b"
	}
	prefix := "def "
	if sc.async {
		prefix = "async def "
	}
	if g.r.IntN(8) == 0 {
		// A signature over several lines.
		g.line(indent, prefix+name+"(")
		g.line(indent, "    "+params+",")
		g.line(indent, "):")
	} else {
		g.line(indent, prefix+name+"("+params+"):")
	}
	g.body(sc)
}

// body writes 1-3 statements at sc.indent.
func (g *progen) body(sc scope) {
	n := 1 + g.r.IntN(3)
	for range n {
		g.stmt(sc)
	}
}

func (g *progen) cond(sc scope) string {
	c := []string{"a > 1", "b", "a == b", "not a", "a and b", "a or b > 2", "b < 2", "(a >\n" + sc.indent + "        1)"}
	if sc.loopVar != "" {
		c = append(c, sc.loopVar+" % 2", sc.loopVar+" > a")
	}
	return g.pick(c...)
}

func (g *progen) simple(sc scope) string {
	v := g.fresh("v")
	opts := []string{
		v + " = a + b",
		"pass",
		v + " = [i for i in range(a) if i % 2]",
		v + " = {i: i for i in range(b)}",
		v + " = (lambda x: x + 1 if x else 0)(a)",
		v + " = a if b else 2",
		v + " = sum(i for i in range(b))",
		v + " = (a,\n" + sc.indent + "    b)",
	}
	if sc.async {
		opts = append(opts, "await asyncio.sleep(0)")
	}
	return g.pick(opts...)
}

// stmt writes one statement; deeper levels favour simple statements.
func (g *progen) stmt(sc scope) {
	in := sc.indent
	deeper := sc
	deeper.depth++
	deeper.indent = in + "    "
	if sc.depth >= 4 || g.r.IntN(10) < 3 {
		g.jumpOrSimple(sc)
		return
	}
	switch g.r.IntN(13) {
	case 0, 1:
		g.line(in, "if "+g.cond(sc)+":")
		g.body(deeper)
		for range g.r.IntN(2) {
			g.line(in, "elif "+g.cond(sc)+":")
			g.body(deeper)
		}
		if g.r.IntN(2) == 0 {
			g.line(in, "else:")
			g.body(deeper)
		}
	case 2:
		// One-line compound statements.
		switch g.r.IntN(4) {
		case 0:
			g.line(in, "if "+g.pick("a", "b > 1")+": "+g.simple(sc))
		case 1:
			g.line(in, "if "+g.pick("a", "b > 1")+": "+g.simple(sc))
			g.line(in, "else: pass")
		case 2:
			g.line(in, "for i in range(a): pass")
		default:
			if sc.inLoop && g.r.IntN(2) == 0 {
				g.line(in, "if "+g.pick("a", "b > 1")+": "+g.pick("break", "continue"))
			} else {
				g.line(in, "while "+g.pick("False", "0")+": pass")
			}
		}
	case 3, 4:
		v := g.fresh("i")
		lv := deeper
		lv.inLoop, lv.loopVar = true, v
		if sc.async && g.r.IntN(2) == 0 {
			g.line(in, "async for "+v+" in agen("+g.pick("a", "b", "2")+"):")
		} else {
			g.line(in, "for "+v+" in "+g.pick("range(a)", "range(b)", "[1, 2]", "()")+":")
		}
		g.body(lv)
		if g.r.IntN(3) == 0 {
			g.line(in, "else:")
			g.body(deeper)
		}
	case 5:
		k := g.fresh("k")
		lv := deeper
		lv.inLoop, lv.loopVar = true, k
		g.line(in, k+" = 0")
		if g.r.IntN(3) == 0 {
			g.line(in, "while True:")
			g.line(lv.indent, k+" += 1")
			g.line(lv.indent, "if "+k+" > a:")
			g.line(lv.indent+"    ", "break")
		} else {
			g.line(in, "while "+k+" < "+g.pick("a", "b", "2")+":")
			g.line(lv.indent, k+" += 1")
		}
		g.body(lv)
		if g.r.IntN(3) == 0 {
			g.line(in, "else:")
			g.body(deeper)
		}
	case 6, 7:
		with := "with "
		if sc.async && g.r.IntN(2) == 0 {
			with = "async with "
		}
		switch g.r.IntN(5) {
		case 0:
			g.line(in, with+"nullcontext() as c1, nullcontext():")
		case 1:
			g.line(in, with+"(")
			g.line(in, "    nullcontext() as c1,")
			g.line(in, "    nullcontext(),")
			g.line(in, "):")
		case 2:
			g.line(in, with+"suppress(ValueError):")
		default:
			g.line(in, with+"nullcontext():")
		}
		g.body(deeper)
	case 8, 9:
		g.line(in, "try:")
		g.body(deeper)
		handlers := g.r.IntN(3)
		for h := range handlers {
			if h == handlers-1 && g.r.IntN(2) == 0 {
				g.line(in, "except Exception:")
			} else {
				g.line(in, "except "+g.pick("ValueError", "KeyError", "(TypeError, ValueError) as e")+":")
			}
			g.body(deeper)
		}
		if handlers > 0 && g.r.IntN(3) == 0 {
			g.line(in, "else:")
			g.body(deeper)
		}
		if handlers == 0 || g.r.IntN(2) == 0 {
			g.line(in, "finally:")
			fin := deeper
			if g.r.IntN(4) != 0 {
				// Jumps out of finally are legal but warned about (PEP 765).
				fin.inLoop, fin.inFunc, fin.gen = false, false, false
			}
			g.body(fin)
		}
	case 10, 11:
		g.line(in, "match "+g.pick("a", "a % 3", "(a, b)", "[a, b]")+":")
		cases := [][]string{
			{"case 0:", "case 1 | 2:", "case n if a > b:"},
			{"case (0, _):", "case (x, y) if x > y:", "case [1, *rest]:"},
		}[g.r.IntN(2)]
		for _, c := range cases[:1+g.r.IntN(len(cases))] {
			g.line(deeper.indent, c)
			inner := deeper
			inner.indent += "    "
			inner.depth++
			g.body(inner)
		}
		if g.r.IntN(2) == 0 {
			g.line(deeper.indent, "case _:")
			inner := deeper
			inner.indent += "    "
			inner.depth++
			g.body(inner)
		}
	default:
		// A nested function or a decorated one, called at once.
		name := g.fresh("g")
		if g.r.IntN(2) == 0 {
			g.line(in, "@deco")
		}
		g.line(in, "def "+name+"(a, b):")
		g.body(scope{depth: sc.depth + 1, indent: in + "    ", inFunc: true})
		g.line(in, name+"(b, a)")
	}
}

// jumpOrSimple writes a simple statement or, where legal, a jump.
func (g *progen) jumpOrSimple(sc scope) {
	var opts []string
	if sc.inLoop {
		opts = append(opts, "break", "continue")
	}
	if sc.inFunc {
		opts = append(opts, "return", "return a")
	}
	if sc.gen {
		opts = append(opts, "yield a", "yield")
	}
	opts = append(opts, "raise ValueError(a)")
	if g.r.IntN(3) == 0 {
		g.line(sc.indent, g.pick(opts...))
		return
	}
	g.line(sc.indent, g.simple(sc))
}

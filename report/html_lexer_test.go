package report

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// tricky is Python source that has tripped lexers up: every kind of
// string, numbers, soft keywords, and text that is not Python at all.
var tricky = []string{
	"",
	"x",
	"x = 1\n",
	"\n\n\n",
	`s = "unterminated` + "\nx = 1\n",
	`s = '''unterminated` + "\nstill string\n",
	`f"{x!r:>{width}} {y=} {z = !s} {{literal}} {d['k']} {d["k"]}"` + "\n",
	`f'{a["b"]:{c}}' rf"\{x}" Rb'\x00' bR"""\""""` + "\n",
	`f"{x` + "\n" + `y = 2` + "\n",
	`f"""{` + "\n" + `x  # comment` + "\n" + `}"""` + "\n",
	`f"{f"{f"{1}"}"}"` + "\n",
	strings.Repeat(`f"{`, 100) + "\n",
	"0x_ff 0o17 0b1_0 1_000 1.5e-3j 10j .5 1. 1e5 0777 1__0 1e\n",
	"@functools.wraps(f)\ndef __init__(self): pass\nclass C(Base): ...\n",
	"match = 1\nmatch x:\n    case [a, *_]:\n        pass\n    case _:\n        pass\nre.match(p, s)\n",
	"type X = int\ntype(x)\nx.type\n",
	"from . import (a,\n    b)\nimport os.path as p, sys\nraise E from e\nyield from g()\n",
	"x = 1 + \\\n    2\n\tif\tx:\n\t\tpass\n",
	"café = naïve + 名前 + e\u0301\n",
	"#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n",
	"$ ? ` ! \x00 \xff \u00a0 \u2603\n",
	"'%s %(name)-8.3f %%' \"{0} {name.attr[key]!r:*^10,.2f} {\"\n",
	"s = 'a\\\nb'\n",
	"\\",
	"'",
	"f'{",
	"f'{x!",
	"\"\"\"",
	"b'\\N{DASH}\\u12\\777'",
	"0X0\xdb0", // found by fuzzing: a byte of a multi-byte rune where a hex digit may be
}

func TestLexPythonKeepsEveryByte(t *testing.T) {
	srcs := append([]string{}, tricky...)
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.py"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(b))
	}
	for _, src := range srcs {
		checkLexPython(t, src)
	}
}

// checkLexPython checks that the tokens of src are exactly src, none
// empty, and that its highlighted lines show exactly its lines.
func checkLexPython(t *testing.T, src string) {
	t.Helper()
	var b strings.Builder
	for _, tok := range lexPython(src) {
		if tok.Value == "" {
			t.Errorf("lexing %q: an empty %s token", src, tok.Type)
		}
		b.WriteString(tok.Value)
	}
	if b.String() != src {
		t.Errorf("lexing %q gives back %q", src, b.String())
	}
	lines := highlightPython(src)
	want := strings.SplitAfter(src, "\n")
	if want[len(want)-1] == "" {
		want = want[:len(want)-1]
	}
	if len(lines) != len(want) {
		t.Fatalf("highlighting %q gives %d lines, want %d", src, len(lines), len(want))
	}
	for i, l := range lines {
		text := html.UnescapeString(spanTag.ReplaceAllString(string(l), ""))
		if w := strings.TrimSuffix(want[i], "\n"); text != w {
			t.Errorf("highlighting %q: line %d shows %q, want %q", src, i+1, text, w)
		}
	}
}

// spanTag matches the tags highlightPython writes.
var spanTag = regexp.MustCompile(`<span class="[a-z0-9]+">|</span>`)

func FuzzPythonLexer(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkLexPython(t, src)
	})
}

// lexes is how a test names the tokens of a piece of source: "type:text"
// for each token that is not plain text.
func lexes(src string) string {
	var s []string
	for _, tok := range lexPython(src) {
		if tok.Type != chroma.Text {
			s = append(s, fmt.Sprintf("%s:%s", tokenClass(tok.Type), tok.Value))
		}
	}
	return strings.Join(s, " ")
}

func TestLexPythonTokens(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"keywords, names and builtins", "if x is not None: print(len(self))",
			"k:if n:x ow:is ow:not kc:None p:: nb:print p:( nb:len p:( bp:self p:))"},
		{"a builtin after a dot is a name", "os.open(x)", "n:os o:. n:open p:( n:x p:)"},
		{"def and class name what they define", "class C(B):\n def __init__(s): pass\n def f(): pass",
			"k:class nc:C p:( n:B p:): k:def fm:__init__ p:( n:s p:): k:pass k:def nf:f p:(): k:pass"},
		{"decorators take their dotted name", "@functools . wraps(f)\ndef g(): a @b",
			"nd:@functools . wraps p:( n:f p:) k:def nf:g p:(): n:a o:@ n:b"},
		{"imports name namespaces", "from .a import b as c\nimport x.y as z, w",
			"kn:from nn:.a kn:import n:b k:as n:c kn:import nn:x.y k:as nn:z o:, nn:w"},
		{"from after raise is a keyword", "raise E from e", "k:raise n:E k:from n:e"},
		{"yield from is one keyword", "yield from g", "k:yield from n:g"},
		{"string prefixes are affixes in any case", `Rb'a' F"b" u'c'`,
			"sa:Rb s1:'a' sa:F s2:\"b\" sa:u s1:'c'"},
		{"escapes", `"a\n\x41\N{DASH}\q\""`, `s2:"a se:\n\x41\N{DASH} s2:\q se:\" s2:"`},
		{"a raw string's escaped quote does not end it", `r"\"" + r"""\""""`,
			`sa:r s2:" se:\" s2:" o:+ sa:r s2:""" se:\" s2:"""`},
		{"old-style and format fields", `"%-5d {0!r:>8} {} %"`, `s2:" si:%-5d s2:  si:{0!r:>8} s2:  si:{} s2: %"`},
		{"f-string fields are code", `f"a{x + 1!r:>{w}}b{{c}}"`,
			`sa:f s2:"a si:{ n:x o:+ mi:1 si:!r: s2:> si:{ n:w si:}} s2:b se:{{ s2:c se:}} s2:"`},
		{"f-strings nest quotes of either kind", `f"{d["k"] + d['j']}"`,
			`sa:f s2:" si:{ n:d p:[ s2:"k" p:] o:+ n:d p:[ s1:'j' p:] si:} s2:"`},
		{"self-documenting fields", `f"{x = }"`, `sa:f s2:" si:{ n:x si:= } s2:"`},
		{"an unterminated string ends with its line", "s = 'abc\nx", "n:s o:= s1:'abc n:x"},
		{"a replacement field may span lines", "f'{\nx\n}' y", "sa:f s1:' si:{ n:x si:} s1:' n:y"},
		{"triple-quoted strings span lines", "'''a\nb''' c", "s1:'''a\nb''' n:c"},
		{"numbers", "0x_ff 0o17 0b1 1_000 1.5e-3j 10j .5 1. 1e5",
			"mh:0x_ff mo:0o17 mb:0b1 mi:1_000 mf:1.5e-3j mf:10j mf:.5 mf:1. mf:1e5"},
		{"a number stops where the digits do", "1__0 1e", "mi:1 n:__0 mi:1 n:e"},
		{"match and case are keywords in a match statement", "match p:\n case [a, _]:\n  pass\n case _:\n  pass",
			"k:match n:p p:: k:case p:[ n:a p:, n:_ p:]: k:pass k:case k:_ p:: k:pass"},
		{"match and case are names elsewhere", "match = re.match(x)\ncase.x = 1",
			"n:match o:= n:re o:. n:match p:( n:x p:) n:case o:. n:x o:= mi:1"},
		{"type is a keyword in a type alias", "type X = int\ntype(x)",
			"k:type n:X o:= nb:int nb:type p:( n:x p:)"},
		{"non-ASCII identifiers", "café = naïve + 名前", "n:café o:= n:naïve o:+ n:名前"},
		{"comments and the hashbang", "#!/bin/py\nx  # note", "ch:#!/bin/py n:x c1:# note"},
		{"line continuations are text", "x = 1 + \\\n 2", "n:x o:= mi:1 o:+ mi:2"},
		{"what is not Python is an error", "a $ ?", "n:a err:$ err:?"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := lexes(tt.src); got != tt.want {
				t.Errorf("lexing %q\n got: %s\nwant: %s", tt.src, got, tt.want)
			}
		})
	}
}

// category is the broad kind of a token type, for comparing two lexers.
func category(t chroma.TokenType) string {
	switch {
	case t.InCategory(chroma.Keyword):
		return "keyword"
	case t.InCategory(chroma.Name):
		return "name"
	case t.InSubCategory(chroma.LiteralString):
		return "string"
	case t.InSubCategory(chroma.LiteralNumber):
		return "number"
	case t.InCategory(chroma.Comment):
		return "comment"
	case t.InCategory(chroma.Operator), t.InCategory(chroma.Punctuation):
		return "operator"
	}
	return "other"
}

// runeCategories is the category of each rune of the tokens.
func runeCategories(toks []chroma.Token) []string {
	var cats []string
	for _, tok := range toks {
		c := category(tok.Type)
		for range utf8.RuneCountInString(tok.Value) {
			cats = append(cats, c)
		}
	}
	return cats
}

// TestLexPythonAgreesWithChroma compares the broad category of each
// character of the conformance programs, outside whitespace, with
// chroma's lexer's. They differ where this lexer follows Python rather
// than chroma; run with -v to see where.
func TestLexPythonAgreesWithChroma(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.py"))
	if len(files) == 0 {
		t.Skip("no conformance programs")
	}
	chromaLexer := lexers.Get("python")
	var same, total int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := decodeSource(b)
		theirs, err := chroma.Tokenise(chromaLexer, nil, src)
		if err != nil {
			t.Fatal(err)
		}
		ours := runeCategories(lexPython(src))
		want := runeCategories(theirs)
		runes := []rune(src)
		for i, r := range runes {
			if r == ' ' || r == '\t' || r == '\n' {
				continue
			}
			total++
			if ours[i] == want[i] {
				same++
				continue
			}
			j := i
			for j < len(runes) && ours[j] != want[j] {
				j++
			}
			if i == 0 || ours[i-1] == want[i-1] {
				line := strings.Count(string(runes[:i]), "\n") + 1
				t.Logf("%s:%d: %q is %s here, %s in chroma", filepath.Base(f), line, string(runes[i:j]), ours[i], want[i])
			}
		}
	}
	pct := 100 * float64(same) / float64(total)
	t.Logf("%d of %d characters (%.2f%%) agree with chroma", same, total, pct)
	if pct < 97 {
		t.Errorf("only %.2f%% of characters agree with chroma, want 97%% or more", pct)
	}
}

func BenchmarkLexPython(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.py"))
	var src strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		src.Write(data)
	}
	b.SetBytes(int64(src.Len()))
	for b.Loop() {
		highlightPython(src.String())
	}
}

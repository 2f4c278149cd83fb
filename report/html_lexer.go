package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// This file is a Python lexer for the HTML report. It gives the token
// types chroma's own Python lexer gives, so chroma's styles colour the
// report as before, in one pass over the source instead of chroma's
// backtracking regular expressions (about 60 µs a line). It follows
// chroma where chroma is close enough to Python and Python where chroma
// is not: soft keywords (match, case, type, _) are keywords only where
// they start a statement, "x.match" is a name, decorators are only at
// the start of a statement, a raw string's \" does not end it, and
// 1.5j is one number. A docstring is coloured as any other string, as
// chroma's lexer does.
//
// The lexer never fails: text it does not understand becomes an Error
// token, an unterminated string ends at its line's end (or the file's),
// and the values of the tokens, in order, are always exactly the source.

// lexPython splits Python source into chroma tokens. Adjacent tokens of
// the same type are merged, as chroma.Coalesce does.
func lexPython(src string) []chroma.Token {
	l := &pyLexer{src: src, stmt: true, toks: make([]chroma.Token, 0, len(src)/3)}
	l.code(nil)
	return l.toks
}

// maxFStringNesting bounds how deep f-strings may nest in one another's
// replacement fields (Python's own parser stops well before); deeper, a
// "{" is plain text of the string.
const maxFStringNesting = 32

type pyLexer struct {
	src  string
	pos  int // start of the text not yet in a token
	toks []chroma.Token

	depth int  // brackets open outside f-strings
	stmt  bool // the next token starts a statement
	nest  int  // f-strings open
	// afterCase: the last token was the soft keyword "case", so a "_"
	// now is the wildcard pattern.
	afterCase bool
}

// emit makes src[l.pos:end] a token of type t.
func (l *pyLexer) emit(t chroma.TokenType, end int) {
	if end <= l.pos {
		return
	}
	if n := len(l.toks); n > 0 && l.toks[n-1].Type == t {
		last := &l.toks[n-1]
		last.Value = l.src[l.pos-len(last.Value) : end]
	} else {
		l.toks = append(l.toks, chroma.Token{Type: t, Value: l.src[l.pos:end]})
	}
	l.pos = end
}

// pyString is the kind of a string literal being lexed.
type pyString struct {
	quote  byte // ' or "
	triple bool
	raw    bool
	fmt    bool             // an f-string (or a 3.14 t-string): {...} are replacement fields
	typ    chroma.TokenType // StringDouble or StringSingle
}

// code lexes code: the whole source when field is nil, else one
// replacement field of the f-string field, up to and including its "}",
// or its ":" that starts a format spec. A field may span lines, as in
// Python 3.12, even in an f-string that is not triple-quoted.
func (l *pyLexer) code(field *pyString) {
	src := l.src
	depth := &l.depth
	var fieldDepth int
	if field != nil {
		depth = &fieldDepth
	}
	for l.pos < len(src) {
		c := src[l.pos]
		stmt := l.stmt && field == nil
		afterCase := l.afterCase
		l.stmt, l.afterCase = false, false
		switch {
		case c == '\n':
			l.emit(chroma.Text, l.pos+1)
			l.stmt = *depth == 0
		case c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\v':
			l.emit(chroma.Text, l.spaceEnd(l.pos))
			l.stmt, l.afterCase = stmt, afterCase
		case c == '#':
			end := lineEnd(src, l.pos)
			if l.pos == 0 && end > 2 && src[1] == '!' {
				l.emit(chroma.CommentHashbang, end)
			} else {
				l.emit(chroma.CommentSingle, end)
			}
			l.stmt = stmt
		case c == '\\':
			if l.pos+1 < len(src) && src[l.pos+1] == '\n' {
				l.emit(chroma.Text, l.pos+2)
			} else {
				l.emit(chroma.Text, l.pos+1)
			}
			l.stmt = stmt
		case c == '"' || c == '\'':
			l.str(l.pos, "")
		case isDigit(c) || c == '.' && l.pos+1 < len(src) && isDigit(src[l.pos+1]):
			end, t := numberEnd(src, l.pos)
			l.emit(t, end)
		case c < utf8.RuneSelf && asciiClass[c]&identStart != 0:
			l.word(identEnd(src, l.pos), stmt, afterCase)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(src[l.pos:])
			switch {
			case isIdentStartRune(r):
				l.word(identEnd(src, l.pos), stmt, afterCase)
			case unicode.IsSpace(r):
				l.emit(chroma.Text, l.pos+size)
				l.stmt = stmt
			default:
				l.emit(chroma.Error, l.pos+size)
			}
		case field != nil && *depth == 0 && l.fieldEnd():
			return
		case c == '@':
			l.at(stmt)
		case c == '(' || c == '[' || c == '{':
			*depth++
			l.emit(chroma.Punctuation, l.pos+1)
		case c == ')' || c == ']' || c == '}':
			if *depth > 0 {
				*depth--
			}
			l.emit(chroma.Punctuation, l.pos+1)
		case c == ';':
			l.emit(chroma.Punctuation, l.pos+1)
			l.stmt = *depth == 0 && field == nil
		case c == ':' || c == ',':
			if c == ':' && l.pos+1 < len(src) && src[l.pos+1] == '=' {
				l.emit(chroma.Operator, l.pos+2)
			} else {
				l.emit(chroma.Punctuation, l.pos+1)
			}
		case c == '!':
			if l.pos+1 < len(src) && src[l.pos+1] == '=' {
				l.emit(chroma.Operator, l.pos+2)
			} else {
				l.emit(chroma.Error, l.pos+1)
			}
		case strings.IndexByte("-~+/*%=<>&^|.", c) >= 0:
			l.emit(chroma.Operator, l.pos+1)
		default:
			l.emit(chroma.Error, l.pos+1)
		}
	}
}

// fieldEnd lexes the end of a replacement field if one is at l.pos: "}"
// or ":", perhaps after "=" (with spaces) and a conversion "!r", "!s",
// "!a".
func (l *pyLexer) fieldEnd() bool {
	src, i := l.src, l.pos
	if src[i] == '=' {
		i++
		if i < len(src) && src[i] == '=' {
			return false
		}
		i = l.spaceEnd(i)
	}
	if i+1 < len(src) && src[i] == '!' && strings.IndexByte("sraf", src[i+1]) >= 0 {
		i += 2
	}
	if i < len(src) && (src[i] == '}' || src[i] == ':') {
		l.emit(chroma.StringInterpol, i+1)
		return true
	}
	return false
}

// word lexes the identifier src[l.pos:end], or the string it prefixes.
// stmt says it starts a statement.
func (l *pyLexer) word(end int, stmt, afterCase bool) {
	src := l.src
	w := src[l.pos:end]
	if end < len(src) && (src[end] == '"' || src[end] == '\'') && len(w) <= 2 {
		if p := strings.ToLower(w); stringPrefixes[p] {
			l.str(end, p)
			return
		}
	}
	afterDot := l.pos > 0 && src[l.pos-1] == '.'
	switch w {
	case "def", "class":
		l.emit(chroma.Keyword, end)
		if ws := l.gapEnd(l.pos); ws > l.pos {
			l.emit(chroma.Text, ws)
			if n := identEnd(src, l.pos); n > l.pos {
				switch {
				case w == "class":
					l.emit(chroma.NameClass, n)
				case magicNames[src[l.pos:n]] == chroma.NameFunctionMagic:
					l.emit(chroma.NameFunctionMagic, n)
				default:
					l.emit(chroma.NameFunction, n)
				}
			}
		}
		return
	case "import":
		l.emit(chroma.KeywordNamespace, end)
		if ws := l.gapEnd(l.pos); ws > l.pos {
			l.emit(chroma.Text, ws)
			l.importNames()
		}
		return
	case "from":
		if !stmt {
			l.emit(chroma.Keyword, end)
			return
		}
		l.emit(chroma.KeywordNamespace, end)
		if ws := l.gapEnd(l.pos); ws > l.pos {
			l.emit(chroma.Text, ws)
			l.fromModule()
		}
		return
	case "yield":
		if strings.HasPrefix(src[end:], " from") && identEnd(src, end+5) == end+5 {
			end += 5
		}
		l.emit(chroma.Keyword, end)
		return
	case "match", "case":
		if stmt && !afterDot && l.softKeywordStatement(end) {
			l.emit(chroma.Keyword, end)
			l.afterCase = w == "case"
			return
		}
		l.emit(chroma.Name, end)
		return
	case "type":
		if stmt && l.typeStatement(end) {
			l.emit(chroma.Keyword, end)
			return
		}
	case "_":
		if afterCase {
			l.emit(chroma.Keyword, end)
			return
		}
	}
	t, ok := keywordTypes[w]
	if !ok {
		t, ok = magicNames[w]
	}
	if !ok && !afterDot {
		t, ok = builtinNames[w]
	}
	if !ok {
		t = chroma.Name
	}
	l.emit(t, end)
}

// importNames lexes the dotted names, "as" and commas after "import".
func (l *pyLexer) importNames() {
	src := l.src
	for l.pos < len(src) {
		ws := l.spaceEnd(l.pos)
		switch {
		case ws > l.pos && strings.HasPrefix(src[ws:], "as") && ws+2 < len(src) && isSpace(src[ws+2]):
			l.emit(chroma.Text, ws)
			l.emit(chroma.Keyword, ws+2)
			l.emit(chroma.Text, l.spaceEnd(l.pos))
		case src[l.pos] == '.':
			l.emit(chroma.NameNamespace, l.pos+1)
		case identEnd(src, l.pos) > l.pos:
			l.emit(chroma.NameNamespace, identEnd(src, l.pos))
		case ws < len(src) && src[ws] == ',':
			l.emit(chroma.Text, ws)
			l.emit(chroma.Operator, ws+1)
			l.emit(chroma.Text, l.spaceEnd(l.pos))
		default:
			return
		}
	}
}

// fromModule lexes the module after "from" and then "import", if there.
func (l *pyLexer) fromModule() {
	src := l.src
	for l.pos < len(src) {
		ws := l.spaceEnd(l.pos)
		switch {
		case ws > l.pos && strings.HasPrefix(src[ws:], "import") && identEnd(src, ws) == ws+6:
			l.emit(chroma.Text, ws)
			l.emit(chroma.KeywordNamespace, ws+6)
			return
		case src[l.pos] == '.':
			l.emit(chroma.NameNamespace, l.pos+1)
		case identEnd(src, l.pos) > l.pos:
			l.emit(chroma.NameNamespace, identEnd(src, l.pos))
		default:
			return
		}
	}
}

// softKeywordStatement says whether the "match" or "case" ending at end
// starts a match statement or case clause: something that can begin an
// expression or pattern follows, and the line ends with ":".
func (l *pyLexer) softKeywordStatement(end int) bool {
	src := l.src
	i := l.spaceEnd(end)
	if i >= len(src) || i == end && src[i] != '(' && src[i] != '[' && src[i] != '{' {
		return false
	}
	if c := src[i]; c < utf8.RuneSelf && strings.IndexByte("=.,:;)]}!%&|^<>/#\n", c) >= 0 {
		return false
	}
	return lastCodeByte(src, i) == ':'
}

// typeStatement says whether the "type" ending at end starts a type
// alias statement ("type Point = tuple[float, float]").
func (l *pyLexer) typeStatement(end int) bool {
	src := l.src
	i := l.spaceEnd(end)
	if i == end {
		return false
	}
	j := identEnd(src, i)
	if j == i {
		return false
	}
	j = l.spaceEnd(j)
	return j < len(src) && (src[j] == '[' || src[j] == '=' && (j+1 == len(src) || src[j+1] != '='))
}

// lastCodeByte is the last byte of the line from i that is neither space
// nor in a comment, skipping over strings (roughly); 0 if there is none.
func lastCodeByte(src string, i int) byte {
	var last byte
	var quote byte
	for ; i < len(src) && src[i] != '\n'; i++ {
		c := src[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return last
		case isSpace(c):
			continue
		}
		last = c
	}
	return last
}

// at lexes "@": a decorator's "@name.name" at the start of a statement,
// otherwise the operator.
func (l *pyLexer) at(stmt bool) {
	src := l.src
	end := identEnd(src, l.pos+1)
	if !stmt || end == l.pos+1 {
		l.emit(chroma.Operator, l.pos+1)
		return
	}
	for {
		i := l.spaceEnd(end)
		if i >= len(src) || src[i] != '.' {
			break
		}
		i = l.spaceEnd(i + 1)
		j := identEnd(src, i)
		if j == i {
			break
		}
		end = j
	}
	l.emit(chroma.NameDecorator, end)
}

// str lexes a string literal whose quote is at q, after the prefix
// src[l.pos:q] (prefix is it in lower case).
func (l *pyLexer) str(q int, prefix string) {
	src := l.src
	s := pyString{quote: src[q], typ: chroma.StringDouble}
	if s.quote == '\'' {
		s.typ = chroma.StringSingle
	}
	s.raw = strings.IndexByte(prefix, 'r') >= 0
	s.fmt = strings.IndexByte(prefix, 'f') >= 0 || strings.IndexByte(prefix, 't') >= 0
	l.emit(chroma.StringAffix, q)
	if q+2 < len(src) && src[q+1] == s.quote && src[q+2] == s.quote {
		s.triple = true
		l.emit(s.typ, q+3)
	} else {
		l.emit(s.typ, q+1)
	}
	l.strBody(&s)
}

// strBody lexes the rest of a string literal, up to and including its
// closing quote, or up to the end of its line if it is not triple-quoted
// and has none (the newline is left for the code).
func (l *pyLexer) strBody(s *pyString) {
	src := l.src
	stop := &plainStop
	if s.fmt {
		stop = &fmtStop
	}
	for l.pos < len(src) {
		c := src[l.pos]
		switch {
		case c == s.quote:
			if !s.triple {
				l.emit(s.typ, l.pos+1)
				return
			}
			if l.pos+2 < len(src) && src[l.pos+1] == c && src[l.pos+2] == c {
				l.emit(s.typ, l.pos+3)
				return
			}
			l.emit(s.typ, l.pos+1)
		case c == '\\':
			if n := escapeLen(src, l.pos, s); n > 0 {
				l.emit(chroma.StringEscape, l.pos+n)
			} else {
				l.emit(s.typ, l.pos+1)
			}
		case c == '\n':
			if !s.triple {
				return
			}
			l.emit(s.typ, l.pos+1)
		case s.fmt && (c == '{' || c == '}'):
			switch {
			case l.pos+1 < len(src) && src[l.pos+1] == c:
				l.emit(chroma.StringEscape, l.pos+2)
			case c == '{' && l.nest < maxFStringNesting:
				l.emit(chroma.StringInterpol, l.pos+1)
				l.nest++
				l.code(s)
				l.nest--
			default:
				l.emit(chroma.StringInterpol, l.pos+1)
			}
		case !s.fmt && c == '%':
			if n := percentFormatLen(src, l.pos); n > 0 {
				l.emit(chroma.StringInterpol, l.pos+n)
			} else {
				l.emit(s.typ, l.pos+1)
			}
		case !s.fmt && c == '{':
			if n := braceFormatLen(src, l.pos); n > 0 {
				l.emit(chroma.StringInterpol, l.pos+n)
			} else {
				l.emit(s.typ, l.pos+1)
			}
		default:
			i := l.pos + 1
			for i < len(src) && !stop[src[i]] && src[i] != s.quote {
				i++
			}
			l.emit(s.typ, i)
		}
	}
}

// plainStop and fmtStop are the bytes that end a run of plain text in a
// string and an f-string (besides the string's quote).
var plainStop, fmtStop = stopBytes(`\` + "\n%{"), stopBytes(`\` + "\n{}")

func stopBytes(s string) (t [256]bool) {
	for i := range len(s) {
		t[s[i]] = true
	}
	return t
}

// escapeLen is the length of the escape sequence at src[i] (a
// backslash), or 0 if the backslash is plain text. In a raw string, only
// \\, \ and the quote, and \ and a newline are escapes (they are what
// keep the string going); otherwise those of Python's that chroma
// colours are.
func escapeLen(src string, i int, s *pyString) int {
	if i+1 >= len(src) {
		return 0
	}
	c := src[i+1]
	if c == '\\' || c == s.quote || c == '\n' {
		return 2
	}
	if s.raw {
		return 0
	}
	switch c {
	case 'a', 'b', 'f', 'n', 'r', 't', 'v', '"', '\'':
		return 2
	case 'N':
		if i+2 < len(src) && src[i+2] == '{' {
			for j := i + 3; j < len(src) && src[j] != '\n'; j++ {
				if src[j] == '}' {
					return j + 1 - i
				}
			}
		}
	case 'x':
		return hexEscapeLen(src, i, 2)
	case 'u':
		return hexEscapeLen(src, i, 4)
	case 'U':
		return hexEscapeLen(src, i, 8)
	case '0', '1', '2', '3', '4', '5', '6', '7':
		n := 2
		for n < 4 && i+n < len(src) && src[i+n] >= '0' && src[i+n] <= '7' {
			n++
		}
		return n
	}
	return 0
}

// hexEscapeLen is the length of "\x" and n hex digits at src[i], or 0.
func hexEscapeLen(src string, i, n int) int {
	if i+2+n > len(src) {
		return 0
	}
	for _, c := range []byte(src[i+2 : i+2+n]) {
		if asciiClass[c]&hexDigit == 0 {
			return 0
		}
	}
	return 2 + n
}

// percentFormatLen is the length of the %-format directive at src[i]
// ("%s", "%(name)-8.3f"), or 0.
func percentFormatLen(src string, i int) int {
	j := i + 1
	if j < len(src) && src[j] == '(' {
		if k := wordEnd(src, j+1); k > j+1 && k < len(src) && src[k] == ')' {
			j = k + 1
		}
	}
	for j < len(src) && strings.IndexByte("-#0 +", src[j]) >= 0 {
		j++
	}
	j = countOrStar(src, j)
	if j+1 < len(src) && src[j] == '.' && (src[j+1] == '*' || isDigit(src[j+1])) {
		j = countOrStar(src, j+1)
	}
	if j < len(src) && strings.IndexByte("hlL", src[j]) >= 0 {
		j++
	}
	if j < len(src) && strings.IndexByte("EFGXcdefgiorsaux%", src[j]) >= 0 {
		return j + 1 - i
	}
	return 0
}

// countOrStar skips the digits, or the "*", at src[j].
func countOrStar(src string, j int) int {
	if j < len(src) && src[j] == '*' {
		return j + 1
	}
	for j < len(src) && isDigit(src[j]) {
		j++
	}
	return j
}

// braceFormatLen is the length of the str.format field at src[i]
// ("{}", "{0}", "{name.attr[key]!r:>10}"), or 0.
func braceFormatLen(src string, i int) int {
	j := i + 1
	if k := wordEnd(src, j); k > j {
		j = k
		for j < len(src) {
			if src[j] == '.' {
				if k := wordEnd(src, j+1); k > j+1 {
					j = k
					continue
				}
			}
			if src[j] == '[' {
				k := j + 1
				for k < len(src) && src[k] != ']' && src[k] != '\n' {
					k++
				}
				if k < len(src) && src[k] == ']' && k > j+1 {
					j = k + 1
					continue
				}
			}
			break
		}
	}
	if j+1 < len(src) && src[j] == '!' && strings.IndexByte("sra", src[j+1]) >= 0 {
		j += 2
	}
	if j < len(src) && src[j] == '}' {
		return j + 1 - i
	}
	if j >= len(src) || src[j] != ':' {
		return 0
	}
	j++
	// [[fill]align]: try fill and align, then align alone, then neither.
	if j < len(src) && src[j] != '\n' {
		_, size := utf8.DecodeRuneInString(src[j:])
		if k := j + size; k < len(src) && strings.IndexByte("<>=^", src[k]) >= 0 {
			if n := formatSpecEnd(src, k+1); n > 0 {
				return n - i
			}
		}
	}
	if j < len(src) && strings.IndexByte("<>=^", src[j]) >= 0 {
		if n := formatSpecEnd(src, j+1); n > 0 {
			return n - i
		}
	}
	if n := formatSpecEnd(src, j); n > 0 {
		return n - i
	}
	return 0
}

// formatSpecEnd matches the rest of a format spec after its alignment,
// [sign][#][0][width][,][.precision][type], and the closing "}" at src[j];
// it returns the end of the match or 0.
func formatSpecEnd(src string, j int) int {
	opt := func(set string) {
		if j < len(src) && strings.IndexByte(set, src[j]) >= 0 {
			j++
		}
	}
	opt("-+ ")
	opt("#")
	opt("0")
	for j < len(src) && isDigit(src[j]) {
		j++
	}
	opt(",")
	if j+1 < len(src) && src[j] == '.' && isDigit(src[j+1]) {
		j += 2
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	opt("EFGXbcdefgnosx%")
	if j < len(src) && src[j] == '}' {
		return j + 1
	}
	return 0
}

// numberEnd is the end of the number literal at src[i], and its type.
func numberEnd(src string, i int) (int, chroma.TokenType) {
	digits := func(j int) int { // \d(?:_?\d)*, or j if none
		if j >= len(src) || !isDigit(src[j]) {
			return j
		}
		j++
		for {
			if j < len(src) && isDigit(src[j]) {
				j++
			} else if j+1 < len(src) && src[j] == '_' && isDigit(src[j+1]) {
				j += 2
			} else {
				return j
			}
		}
	}
	exponent := func(j int) int { // [eE][+-]?\d(?:_?\d)*, or j if none
		if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
			k := j + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if e := digits(k); e > k {
				return e
			}
		}
		return j
	}
	imaginary := func(j int) int {
		if j < len(src) && (src[j] == 'j' || src[j] == 'J') {
			return j + 1
		}
		return j
	}
	if src[i] == '0' && i+1 < len(src) {
		var ok func(byte) bool
		var t chroma.TokenType
		switch src[i+1] {
		case 'x', 'X':
			ok, t = func(c byte) bool { return asciiClass[c]&hexDigit != 0 }, chroma.NumberHex
		case 'o', 'O':
			ok, t = func(c byte) bool { return c >= '0' && c <= '7' }, chroma.NumberOct
		case 'b', 'B':
			ok, t = func(c byte) bool { return c == '0' || c == '1' }, chroma.NumberBin
		}
		if ok != nil {
			j := i + 2
			for {
				if j < len(src) && ok(src[j]) {
					j++
				} else if j+1 < len(src) && src[j] == '_' && ok(src[j+1]) {
					j += 2
				} else {
					break
				}
			}
			if j > i+2 {
				return j, t
			}
		}
	}
	whole := digits(i)
	if whole < len(src) && src[whole] == '.' {
		return imaginary(exponent(digits(whole + 1))), chroma.NumberFloat
	}
	if e := exponent(whole); e > whole {
		return imaginary(e), chroma.NumberFloat
	}
	if j := imaginary(whole); j > whole {
		return j, chroma.NumberFloat
	}
	return whole, chroma.NumberInteger
}

// spaceEnd is the end of the spaces and tabs at src[i].
func (l *pyLexer) spaceEnd(i int) int {
	for i < len(l.src) && isSpace(l.src[i]) {
		i++
	}
	return i
}

// gapEnd is the end of the spaces, tabs and backslash-newlines at src[i].
func (l *pyLexer) gapEnd(i int) int {
	for {
		i = l.spaceEnd(i)
		if i+1 < len(l.src) && l.src[i] == '\\' && l.src[i+1] == '\n' {
			i += 2
			continue
		}
		return i
	}
}

// lineEnd is the index of the newline that ends the line of src[i], or
// len(src).
func lineEnd(src string, i int) int {
	if n := strings.IndexByte(src[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(src)
}

// identEnd is the end of the identifier at src[i] (i if there is none).
func identEnd(src string, i int) int {
	if i >= len(src) {
		return i
	}
	if c := src[i]; c < utf8.RuneSelf {
		if asciiClass[c]&identStart == 0 {
			return i
		}
		i++
	} else if r, size := utf8.DecodeRuneInString(src[i:]); isIdentStartRune(r) {
		i += size
	} else {
		return i
	}
	return wordEnd(src, i)
}

// wordEnd is the end of the run of word characters (regexp's \w) at
// src[i].
func wordEnd(src string, i int) int {
	for i < len(src) {
		if c := src[i]; c < utf8.RuneSelf {
			if asciiClass[c]&identPart == 0 {
				return i
			}
			i++
		} else if r, size := utf8.DecodeRuneInString(src[i:]); isIdentPartRune(r) {
			i += size
		} else {
			return i
		}
	}
	return i
}

// Python identifiers (roughly PEP 3131, without normalisation).
func isIdentStartRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.In(r, unicode.Nl, unicode.Other_ID_Start)
}

func isIdentPartRune(r rune) bool {
	return isIdentStartRune(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\v' }

// Classes of ASCII bytes (a byte of a multi-byte rune has none).
const (
	identStart = 1 << iota
	identPart
	hexDigit
)

var asciiClass = func() (t [256]uint8) {
	for c := range utf8.RuneSelf {
		b := byte(c)
		letter := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
		if letter {
			t[c] |= identStart | identPart
		}
		if isDigit(b) {
			t[c] |= identPart
		}
		if isDigit(b) || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F' {
			t[c] |= hexDigit
		}
	}
	return t
}()

// stringPrefixes are the prefixes of string literals, in lower case
// ("t" is Python 3.14's template strings, lexed as f-strings).
var stringPrefixes = map[string]bool{
	"r": true, "u": true, "b": true, "f": true, "t": true,
	"br": true, "rb": true, "fr": true, "rf": true, "tr": true, "rt": true,
}

// keywordTypes are the token types of Python's keywords, as chroma gives
// them ("def", "class", "import", "from", "yield" and the soft keywords
// are lexed on their own).
var keywordTypes = wordTypes(map[chroma.TokenType]string{
	chroma.Keyword:         "as assert async await break continue del elif else except finally for global if lambda nonlocal pass raise return try while with",
	chroma.KeywordConstant: "False None True",
	chroma.OperatorWord:    "and in is not or",
})

// magicNames are the special method and attribute names chroma colours,
// even after a dot.
var magicNames = wordTypes(map[chroma.TokenType]string{
	chroma.NameFunctionMagic: "__abs__ __add__ __aenter__ __aexit__ __aiter__ __and__ __anext__ __await__ __bool__ __bytes__ " +
		"__call__ __complex__ __contains__ __del__ __delattr__ __delete__ __delitem__ __dir__ __divmod__ __enter__ __eq__ __exit__ " +
		"__float__ __floordiv__ __format__ __ge__ __get__ __getattr__ __getattribute__ __getitem__ __gt__ __hash__ __iadd__ __iand__ " +
		"__ifloordiv__ __ilshift__ __imatmul__ __imod__ __imul__ __index__ __init__ __instancecheck__ __int__ __invert__ __ior__ " +
		"__ipow__ __irshift__ __isub__ __iter__ __itruediv__ __ixor__ __le__ __len__ __length_hint__ __lshift__ __lt__ __matmul__ " +
		"__missing__ __mod__ __mul__ __ne__ __neg__ __new__ __next__ __or__ __pos__ __pow__ __prepare__ __radd__ __rand__ __rdivmod__ " +
		"__repr__ __reversed__ __rfloordiv__ __rlshift__ __rmatmul__ __rmod__ __rmul__ __ror__ __round__ __rpow__ __rrshift__ " +
		"__rshift__ __rsub__ __rtruediv__ __rxor__ __set__ __setattr__ __setitem__ __str__ __sub__ __subclasscheck__ __truediv__ __xor__",
	chroma.NameVariableMagic: "__annotations__ __bases__ __class__ __closure__ __code__ __defaults__ __dict__ __doc__ __file__ " +
		"__func__ __globals__ __kwdefaults__ __module__ __mro__ __name__ __objclass__ __qualname__ __self__ __slots__ __weakref__",
})

// builtinNames are the builtins, coloured unless after a dot: chroma's
// list, and the few it lacks.
var builtinNames = wordTypes(map[chroma.TokenType]string{
	chroma.NameBuiltin: "__import__ abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod " +
		"compile complex delattr dict dir divmod enumerate eval exec filter float format frozenset getattr globals hasattr hash hex id " +
		"input int isinstance issubclass iter len list locals map max memoryview min next object oct open ord pow print property " +
		"range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip",
	chroma.NameBuiltinPseudo: "Ellipsis NotImplemented cls self",
	chroma.NameException: "ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError " +
		"BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError " +
		"ConnectionResetError DeprecationWarning EOFError EncodingWarning EnvironmentError Exception ExceptionGroup FileExistsError " +
		"FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError " +
		"IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError " +
		"NameError NotADirectoryError NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError " +
		"ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration " +
		"StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError " +
		"UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning " +
		"ZeroDivisionError",
})

func wordTypes(m map[chroma.TokenType]string) map[string]chroma.TokenType {
	out := map[string]chroma.TokenType{}
	for t, words := range m {
		for _, w := range strings.Fields(words) {
			out[w] = t
		}
	}
	return out
}

// Package pyjson reads and writes JSON strings as Python's json module does
// for file names, so that a name that is not UTF-8 crosses between Go and
// Python unchanged.
//
// A POSIX file name is bytes. Python decodes it with surrogateescape
// (os.fsdecode): each byte that is not part of valid UTF-8 becomes a lone
// surrogate U+DC80..U+DCFF, which json.dumps writes as "\udce9". Go's
// encoding/json turns such an escape, and any invalid UTF-8 it is given to
// write, into U+FFFD: the name is lost. Here, in both directions, byte
// 0xE9 that is not UTF-8 and the escape "\udce9" are the same thing.
package pyjson

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendQuote appends s to dst as a JSON string in ASCII, as Python's
// json.dumps writes os.fsdecode(s): non-ASCII characters as \uXXXX (a
// surrogate pair beyond the BMP), bytes that are not UTF-8 as \udcXX.
func AppendQuote(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, `\n`...)
			case c == '\r':
				dst = append(dst, `\r`...)
			case c == '\t':
				dst = append(dst, `\t`...)
			case c < 0x20 || c == 0x7f:
				dst = appendU(dst, rune(c))
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = appendU(dst, 0xDC00+rune(c)) // surrogateescape
		case r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			dst = appendU(appendU(dst, hi), lo)
		default:
			dst = appendU(dst, r)
		}
		i += size
	}
	return append(dst, '"')
}

// Quote is AppendQuote as a string.
func Quote(s string) string { return string(AppendQuote(nil, s)) }

func appendU(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}

var errBadString = errors.New("bad JSON string")

// Unquote reads the JSON string at the start of b (its opening quote
// first) and returns its value and the number of bytes it took. Escapes
// of lone surrogates U+DC80..U+DCFF are the bytes 0x80..0xFF they stand
// for; other lone surrogates are U+FFFD, as encoding/json reads them.
func Unquote(b []byte) (string, int, error) {
	if len(b) == 0 || b[0] != '"' {
		return "", 0, errBadString
	}
	var out []byte
	for i := 1; i < len(b); {
		c := b[i]
		switch {
		case c == '"':
			return string(out), i + 1, nil
		case c < 0x20:
			return "", 0, errBadString
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return "", 0, errBadString
		}
		e := b[i+1]
		i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(b[i:])
			if !ok {
				return "", 0, errBadString
			}
			i += 4
			switch {
			case 0xD800 <= r && r < 0xDC00: // a high surrogate: a pair?
				if lo, ok := hex4(b[min(i+2, len(b)):]); ok && i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' && 0xDC00 <= lo && lo < 0xE000 {
					out = utf8.AppendRune(out, utf16.DecodeRune(r, lo))
					i += 6
				} else {
					out = utf8.AppendRune(out, utf8.RuneError)
				}
			case 0xDC80 <= r && r < 0xDD00:
				out = append(out, byte(r-0xDC00)) // surrogateescape
			case 0xDC00 <= r && r < 0xE000:
				out = utf8.AppendRune(out, utf8.RuneError)
			default:
				out = utf8.AppendRune(out, r)
			}
		default:
			return "", 0, errBadString
		}
	}
	return "", 0, errBadString
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[:4]), 16, 16)
	return rune(n), err == nil
}

// String is a string that JSON carries as Python does (AppendQuote,
// Unquote): a struct field of this type keeps a name that is not UTF-8.
type String string

// MarshalJSON implements json.Marshaler.
func (s String) MarshalJSON() ([]byte, error) { return AppendQuote(nil, string(s)), nil }

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	v, n, err := Unquote(b)
	if err != nil || n != len(b) {
		return errBadString
	}
	*s = String(v)
	return nil
}

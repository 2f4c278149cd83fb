// Package globquote quotes file names for filepath.Glob and filepath.Match,
// so that a directory or data file whose name holds *, ?, [ or \ is
// matched as the literal name it is.
package globquote

// Quote puts a backslash before every byte filepath.Match treats
// specially. It works on bytes, so that a name that is not UTF-8 stays the
// name it is.
func Quote(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}

package coveragedb

import "strings"

// uriEscaper quotes what SQLite's URI file names give a meaning to: a
// file name holding '?', '#' or '%' names that file, not another one with
// a query or fragment after it.
var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// fileURI is the SQLite URI of the file at path, with query (mode=ro, ...;
// empty for none).
func fileURI(path, query string) string {
	u := "file:" + uriEscaper.Replace(path)
	if query != "" {
		u += "?" + query
	}
	return u
}

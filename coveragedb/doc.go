// Package coveragedb reads and writes coverage.py's data file, the SQLite
// database ".coverage" (schema version 7, coverage.py 5.x to 7.x), so that
// tools that read only that file (python-coverage-comment-action,
// coverage-badge, PyCharm, pytest-cov) can read pycov's measurements, and
// pycov can take in coverage.py's. It is the one place pycov uses SQLite
// (modernc.org/sqlite, pure Go, so the binary stays static).
//
// The schema (coverage/sqldata.py):
//
//	coverage_schema(version)             one row: 7
//	meta(key, value)                     has_arcs "1"/"0", version, when, sys_argv
//	file(id, path)                       a row per measured file, its absolute path
//	context(id, context)                 a row per context; data without contexts: "" alone
//	line_bits(file_id, context_id, numbits)   lines mode: the lines a context ran, as numbits
//	arc(file_id, context_id, fromno, tono)    arcs mode: the transitions a context ran
//	tracer(file_id, tracer)              empty: Python files
//
// numbits are a set of line numbers as a little bitmap: bit n%8 of byte
// n/8. In arcs mode the lines run are the positive numbers of the arcs; a
// negative "from" is the entry to the code object starting at that line,
// a negative "to" the exit from it.
package coveragedb

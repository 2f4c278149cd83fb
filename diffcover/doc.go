// Package diffcover is the coverage of a change: which lines git says
// were added or changed since a base revision (git.go, which runs git and
// parses its unified diff), and each measured file's analysis restricted
// to them (Restrict), written as the terminal table or a Markdown
// pull-request comment. `pycov diff` is its command line.
package diffcover

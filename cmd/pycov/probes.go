package main

import _ "embed"

// The short Python programs pycov runs in an interpreter to ask it
// something, each in its own file under py/. They run once per command
// that needs them and are a few lines each, so they are given with -c:
// compiling them costs less than importing them from a cached copy would.

// capsProbe asks an interpreter what sys.monitoring offers.
//
//go:embed py/caps_probe.py
var capsProbe string

// libProbe prints the interpreter's library directories, as the agent
// finds them.
//
//go:embed py/lib_probe.py
var libProbe string

// regexCheck compiles each [option, regex] pair read from stdin with
// Python's re, and prints the first that fails with the reason.
//
//go:embed py/regex_check.py
var regexCheck string

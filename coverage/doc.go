// Package coverage is pycov's model: the static facts of each measured file,
// what ran in it, the data file that holds both, and the analysis every
// report shares — missing lines, partial branches, totals and percentages
// rounded as coverage.py rounds them.
//
// Facts come from the interpreter (pyfacts/facts.py, run by the same CPython
// that ran the program, since statements and branches depend on its
// compiler); everything after that is Go, so reports need no Python.
package coverage

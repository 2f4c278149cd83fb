// Package vm finds and starts the Python interpreter that runs the measured
// program.
//
// The choice, in order: an explicit path (--python), $PYCOV_PYTHON, an active
// virtualenv ($VIRTUAL_ENV), ./.venv in the working directory, python3 on PATH
// when it is 3.12 or newer, and finally the CPython 3.14 embedded in the pycov
// binary (github.com/kluctl/go-embed-python), extracted once into the user's
// cache directory. Interpreters older than 3.12 have no sys.monitoring and
// are refused; 3.12 and 3.13 measure lines only.
package vm

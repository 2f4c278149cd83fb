// Package measure is measuring as a library: a Plan in, coverage data
// out. It joins the packages that know how a program is measured — vm
// (which interpreter, and launching it), monitoring (the agent inside the
// interpreter and the journals it writes) — with the model in coverage,
// which knows none of them: measure turns the agent's journals into the
// model's own hits (coverage.Hits) and the hits into coverage.Data.
//
// Run measures a program (pycov run); Journals turns a journal directory
// that a run left behind into data (pycov combine, and the combine before
// every report). cmd/pycov only maps flags and configuration to a Plan and
// prints what comes back.
//
// Per-test contexts cross this boundary as hits per context
// (coverage.FileHits.Contexts): the conversion in hits.go is the one place
// that maps the journal reader's hits to the model's.
package measure

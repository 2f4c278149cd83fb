package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/coveragedb"
)

// exportCmd is `pycov export --format=coverage-db -o FILE`: the data file
// as coverage.py's SQLite data, for the tools that read only that.
func exportCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("export", "--format=coverage-db -o FILE [options]", io.err)
	cf := addConfigFlags(fs)
	format := fs.String("format", "coverage-db", "the format: coverage-db (coverage.py's .coverage SQLite file, schema 7)")
	out := fs.StringP("output", "o", "", "the file to write; an existing file is replaced only if pycov exported it")
	quiet := fs.BoolP("quiet", "q", false, "do not say where the data was written")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if *format != "coverage-db" {
		return usageError("export: --format %q is not a format; the one format is coverage-db", *format)
	}
	if *out == "" {
		return usageError("export: give the file to write with -o FILE (coverage.py reads it with `coverage report --data-file=FILE`)")
	}
	if *out == "-" {
		return usageError("export: coverage.py's data is an SQLite file, which cannot be written to standard output: give a file name with -o FILE")
	}
	if fs.NArg() > 0 {
		return usageError("export: unexpected argument %q", fs.Arg(0))
	}
	cfg, err := cf.load(io)
	if err != nil {
		return err
	}
	if err := combinePending(ctx, io, cfg, false); err != nil {
		return err
	}
	data, err := coverage.ReadData(cfg.Run.DataFile, io.dir)
	if err != nil {
		return err
	}
	meta := map[string]string{
		"version":  "pycov " + version,
		"when":     time.Now().Format("2006-01-02 15:04:05"),
		"sys_argv": fmt.Sprint(append([]string{"pycov", "export"}, args...)),
	}
	if err := coveragedb.Write(*out, io.dir, toCoverageDB(data), meta); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(io.out, "Wrote coverage.py data (%d files) to %s\n", len(data.Files), *out)
	}
	return nil
}

// toCoverageDB maps pycov's data to coverage.py's. In arcs mode coverage.py
// takes the lines run from the arcs, so a line no recorded arc touches is
// written as the arc (-line, line): an entry arc, which no report counts
// as a branch. Data with contexts is written per context, each context's
// lines and arcs as they ran in it.
func toCoverageDB(d *coverage.Data) *coveragedb.Data {
	out := &coveragedb.Data{HasArcs: d.Branch, Contexts: d.Contexts}
	for _, f := range d.Files {
		cf := coveragedb.File{Path: f.Path, Lines: f.Lines}
		if d.Branch {
			cf.Arcs, cf.Lines = withLineArcs(f.Arcs, f.Lines), nil
		}
		if d.HasContexts() {
			cf.ByContext = byContext(f, d.Branch)
		}
		out.Files = append(out.Files, cf)
	}
	return out
}

// withLineArcs is arcs plus the arc (-l, l) for each line of lines that
// none of them touches.
func withLineArcs(arcs [][2]int, lines []int) [][2]int {
	out := slices.Clone(arcs)
	touched := map[int]bool{}
	for _, a := range arcs {
		touched[a[0]], touched[a[1]] = true, true
	}
	for _, l := range lines {
		if !touched[l] {
			out = append(out, [2]int{-l, l})
		}
	}
	return out
}

// byContext splits f's lines and arcs by the context that ran them.
func byContext(f *coverage.FileData, arcs bool) map[int]coveragedb.Ran {
	lines := map[int][]int{}
	for l, s := range f.LineContexts {
		for _, c := range s {
			lines[c] = append(lines[c], l)
		}
	}
	arcsIn := map[int][][2]int{}
	for a, s := range f.ArcContexts {
		for _, c := range s {
			arcsIn[c] = append(arcsIn[c], a)
		}
	}
	out := map[int]coveragedb.Ran{}
	for c, ls := range lines {
		slices.Sort(ls)
		out[c] = coveragedb.Ran{Lines: ls}
	}
	if !arcs {
		return out
	}
	for c := range arcsIn {
		out[c] = coveragedb.Ran{Lines: out[c].Lines}
	}
	for c, r := range out {
		as := arcsIn[c]
		slices.SortFunc(as, compareArcs)
		out[c] = coveragedb.Ran{Arcs: withLineArcs(as, r.Lines)}
	}
	return out
}

func compareArcs(x, y [2]int) int {
	if x[0] != y[0] {
		return x[0] - y[0]
	}
	return x[1] - y[1]
}

// importCmd is `pycov import FILE...`: coverage.py's data files added to
// pycov's data file (as `pycov combine --append` adds pycov's), so that a
// pipeline that measured some jobs with coverage.py can combine them.
// The files' facts come from the interpreter pycov would use, with the
// configured exclusions.
func importCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("import", "[options] COVERAGE_DATA_FILE...", io.err)
	cf := addConfigFlags(fs)
	quiet := fs.BoolP("quiet", "q", false, "do not say what was imported")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("import: give coverage.py's data file (.coverage) to import")
	}
	cfg, err := cf.load(io)
	if err != nil {
		return err
	}
	in, cache, err := chooseInterpreterIn(io, "", cfg.Run.CacheDir)
	if err != nil {
		return err
	}
	dataPath := io.abs(cfg.Run.DataFile)
	// As coverage.py does, the data file's directory is made if it is missing.
	if err := os.MkdirAll(filepath.Dir(dataPath), 0o777); err != nil {
		return fmt.Errorf("creating the directory of data file %s: %w", cfg.Run.DataFile, err)
	}
	for _, name := range fs.Args() {
		src, err := coveragedb.Read(name, io.dir)
		if err != nil {
			return err
		}
		data, skipped, err := fromCoverageDB(ctx, src, pythonRunner(in), factsCache(cache, in), cfg.Report.Exclude(), cfg.Report.Partial())
		if err != nil {
			return fmt.Errorf("importing %s: %w", name, err)
		}
		for _, s := range skipped {
			warn(io, cfg, "import-skipped", "%s: %s is not here, so it is left out (map its path with [paths] and `pycov combine`)", name, s)
		}
		if err := coverage.SaveData(ctx, dataPath, io.dir, data, true, nil); err != nil {
			return err
		}
		if !*quiet {
			fmt.Fprintf(io.out, "Imported %d files from %s into %s\n", len(data.Files), name, cfg.Run.DataFile)
		}
	}
	return nil
}

// fromCoverageDB turns coverage.py's data into pycov's, with the facts of
// each file that exists here; the others are returned as skipped.
func fromCoverageDB(ctx context.Context, src *coveragedb.Data, run coverage.PythonRunner, cache *coverage.FactsCache, exclude, partial []string) (*coverage.Data, []string, error) {
	d := &coverage.Data{Branch: src.HasArcs, Exclude: exclude, Partial: partial, Contexts: src.Contexts}
	req := coverage.FactsRequest{Exclude: exclude, Partial: partial}
	var files []coveragedb.File
	var skipped []string
	for _, f := range src.Files {
		if _, err := os.Stat(f.Path); err != nil {
			skipped = append(skipped, f.Path)
			continue
		}
		files = append(files, f)
		req.Files = append(req.Files, f.Path)
	}
	if len(files) == 0 {
		return nil, skipped, errors.New("none of its files is here")
	}
	facts, err := coverage.ComputeFacts(ctx, run, req, cache)
	if err != nil {
		return nil, nil, err
	}
	for i, f := range files {
		fd := &coverage.FileData{Path: f.Path, Facts: facts[i], Lines: []int{}, Arcs: [][2]int{}, Started: []int{}}
		facts[i].Code = nil
		lines := f.Lines
		for _, a := range f.Arcs {
			for _, l := range a {
				if l > 0 {
					lines = append(lines, l)
				}
			}
			switch {
			case a[0] < 0:
				fd.Started = append(fd.Started, -a[0])
			default:
				fd.Arcs = append(fd.Arcs, a)
			}
		}
		for _, l := range lines {
			if first, ok := facts[i].Multiline[l]; ok {
				l = first
			}
			fd.Lines = append(fd.Lines, l)
		}
		slices.Sort(fd.Lines)
		fd.Lines = slices.Compact(fd.Lines)
		slices.Sort(fd.Started)
		fd.Started = slices.Compact(fd.Started)
		slices.SortFunc(fd.Arcs, compareArcs)
		fd.Arcs = slices.Compact(fd.Arcs)
		if src.Contexts != nil {
			setContexts(fd, f)
		}
		d.Files = append(d.Files, fd)
	}
	return d, skipped, nil
}

// setContexts sets fd's contexts from what ran in each of f's: the lines
// as coverage.py lists them for a context (in arcs mode, the ends of its
// arcs), and the arcs fd keeps (not the entries).
func setContexts(fd *coverage.FileData, f coveragedb.File) {
	fd.LineContexts = map[int]coverage.ContextSet{}
	fd.ArcContexts = map[[2]int]coverage.ContextSet{}
	for _, c := range slices.Sorted(maps.Keys(f.ByContext)) {
		ran := f.ByContext[c]
		lines := slices.Clone(ran.Lines)
		for _, a := range ran.Arcs {
			for _, l := range a {
				if l > 0 {
					lines = append(lines, l)
				}
			}
			if a[0] >= 0 {
				fd.ArcContexts[a] = append(fd.ArcContexts[a], c)
			}
		}
		slices.Sort(lines)
		for _, l := range slices.Compact(lines) {
			fd.LineContexts[l] = append(fd.LineContexts[l], c)
		}
	}
}

package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/monitoring"
	"github.com/pycov/pycov/vm"
)

// debugCmd is `pycov debug TOPIC`: how pycov is set up (sys), the
// configuration it reads and where each setting comes from (config), what
// a data file holds (data), and why a file was or was not measured (why).
func debugCmd(ctx context.Context, args []string, io stdio) error {
	fs := newFlags("debug", "sys | config | data [DATAFILE...] | why PATH...", io.err)
	cf := addConfigFlags(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	args = fs.Args()
	if len(args) == 0 {
		return usageError("debug: give a topic: sys, config, data or why (`pycov help debug`)")
	}
	cfg, err := cf.load(io)
	if err != nil {
		return err
	}
	if fs.Changed("data-file") {
		if cfg.Sources == nil {
			cfg.Sources = map[string]string{}
		}
		cfg.Sources["run.data_file"] = "--data-file"
	}
	topic, rest := args[0], args[1:]
	switch topic {
	case "sys":
		return debugSys(ctx, io, cfg)
	case "config":
		return debugConfig(io, cfg)
	case "data":
		return debugData(io, cfg, rest)
	case "why":
		if len(rest) == 0 {
			return usageError("debug why: give the path of a Python file")
		}
		return debugWhy(ctx, io, cfg, rest)
	}
	return usageError("debug: unknown topic %q%s; topics are sys, config, data and why", topic,
		config.Suggest(topic, []string{"sys", "config", "data", "why"}))
}

// debugSys is `pycov debug sys`: the interpreter and where things are.
func debugSys(ctx context.Context, io stdio, cfg *config.Config) error {
	in, cache, err := chooseInterpreterIn(io, "", cfg.Run.CacheDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.out, "pycov interpreter: %s\n", in.Path)
	fmt.Fprintf(io.out, "chosen because: %s\n", in.Reason)
	fmt.Fprintf(io.out, "python version: %s\n", in.Version)
	fmt.Fprintf(io.out, "embedded: %v (CPython %s)\n", in.Embedded, vm.EmbeddedTag)
	fmt.Fprintf(io.out, "cache directory: %s\n", cache)
	data := io.abs(cfg.Run.DataFile)
	fmt.Fprintf(io.out, "data file: %s\n", data)
	if cfg.File != "" {
		fmt.Fprintf(io.out, "configuration: %s\n", cfg.File)
	}
	out, err := in.Output(ctx, []string{"-c", capsProbe}, nil)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fmt.Fprintf(io.out, "%s\n", line)
	}
	return nil
}

// debugConfig is `pycov debug config`: the files looked at, in order,
// then every effective setting and where it came from.
//
//	-- configuration files, in the order pycov looks --
//	.coveragerc        not found
//	setup.cfg          no coverage or pycov settings
//	pyproject.toml     used
//	-- settings --
//	[run] branch       pyproject.toml [tool.coverage.run]  true
//	[run] data_file    default                             .pycov
func debugConfig(io stdio, cfg *config.Config) error {
	fmt.Fprintln(io.out, "-- configuration files, in the order pycov looks (the first used wins) --")
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	for _, t := range cfg.Tried {
		fmt.Fprintf(tw, "%s\t%s\n", t.Name, t.Status)
	}
	tw.Flush()
	if cfg.File == "" {
		fmt.Fprintln(io.out, "(none used: every setting is pycov's default)")
	}
	fmt.Fprintln(io.out, "-- settings (defaults < configuration file < environment < flags) --")
	tw = tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	for _, s := range cfg.Settings() {
		v := s.Value
		if v == "" {
			v = `""`
		}
		fmt.Fprintf(tw, "[%s] %s\t%s\t%s\n", s.Section, s.Key, s.Source, v)
	}
	return tw.Flush()
}

// debugData is `pycov debug data [DATAFILE...]`: what each data file
// holds, file by file, and what is waiting to be combined into it.
func debugData(io stdio, cfg *config.Config, files []string) error {
	if len(files) == 0 {
		files = []string{cfg.Run.DataFile}
	}
	for i, name := range files {
		if i > 0 {
			fmt.Fprintln(io.out)
		}
		abs := io.abs(name)
		fmt.Fprintf(io.out, "-- data file %s --\n", abs)
		d, err := coverage.ReadData(name, io.dir)
		if err != nil {
			fmt.Fprintf(io.out, "cannot be read: %v\n", err)
		} else {
			format, err := coverage.DataFileFormat(name)
			if err != nil {
				format = coverage.DataVersion
			}
			writeDataSummary(io, d, format)
		}
		var pending []string
		for _, p := range coverage.ParallelFiles(abs) {
			pending = append(pending, filepath.Base(p))
		}
		for _, d := range monitoring.JournalDirs(abs) {
			pending = append(pending, filepath.Base(d)+"/")
		}
		if len(pending) > 0 {
			fmt.Fprintf(io.out, "waiting to be combined (the next report or `pycov combine` takes them): %s\n", strings.Join(pending, ", "))
		}
	}
	return nil
}

func writeDataSummary(io stdio, d *coverage.Data, format int) {
	kind := "lines only"
	if d.Branch {
		kind = "lines and branches (arcs)"
	}
	fmt.Fprintf(io.out, "format: pycov-data %d\n", format)
	fmt.Fprintf(io.out, "measured: %s\n", kind)
	fmt.Fprintf(io.out, "exclusions: %s\n", regexSummary(d.Exclude))
	fmt.Fprintf(io.out, "partial branches: %s\n", regexSummary(d.Partial))
	if d.HasContexts() {
		fmt.Fprintf(io.out, "contexts: %d (`pycov json --show-contexts` lists them by line)\n", len(d.Contexts))
	}
	wd := io.dir
	fmt.Fprintf(io.out, "%d files:\n", len(d.Files))
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "file\tstatements\tlines run\tarcs run\tfunctions started\n")
	for _, f := range d.Files {
		stmts := "?"
		if f.Facts != nil {
			if f.Facts.Error != "" {
				stmts = "error: " + f.Facts.Error
			} else {
				stmts = fmt.Sprint(len(f.Facts.Statements))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", coverage.DisplayName(f.Path, wd), stmts, len(f.Lines), len(f.Arcs), len(f.Started))
	}
	tw.Flush()
}

func regexSummary(rx []string) string {
	if rx == nil {
		return "coverage.py's defaults"
	}
	if len(rx) == 0 {
		return "none"
	}
	return strings.Join(rx, ", ")
}

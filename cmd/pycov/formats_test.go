package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/report"
)

// TestFormatTable walks the format table: every format must be written by
// the command line, described in `pycov --help` or its command's help and
// in the README, and have golden files in report/testdata/golden, so that
// a format added to the table without those fails here.
func TestFormatTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	dataFile := writersData(t, dir)
	rc := filepath.Join(dir, "pycov.toml")
	if err := os.WriteFile(rc, []byte("[tool.coverage.run]\ndisable_warnings = [\"exclusions-changed\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var usageText bytes.Buffer
	usage(&usageText)
	seen := map[string]bool{}
	for _, f := range formats() {
		t.Run(f.name, func(t *testing.T) {
			if seen[f.name] {
				t.Fatalf("two formats are called %s", f.name)
			}
			seen[f.name] = true
			cmd := f.commandName()
			rows := formatsOf(cmd)
			if rows[0].summary == "" {
				t.Errorf("the command %s has no summary for the command list", cmd)
			}

			// Reachable: the command writes the format, where it says.
			args := []string{cmd, "--rcfile", rc, "--data-file", dataFile}
			choice := len(rows) > 1
			if choice {
				args = append(args, "--format="+f.name)
			}
			out := filepath.Join(dir, f.name+".out")
			switch {
			case f.dir:
				args = append(args, "-d", out)
			case f.output != "":
				args = append(args, "-o", out)
			}
			var stdout, stderr bytes.Buffer
			if err := dispatch(context.Background(), args, inProcess(t, stdio{in: strings.NewReader(""), out: &stdout, err: &stderr})); err != nil {
				t.Fatalf("pycov %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
			}
			written := stdout.Bytes()
			switch {
			case f.dir:
				written, err = os.ReadFile(filepath.Join(out, "index.html"))
			case f.output != "":
				written, err = os.ReadFile(out)
			}
			if err != nil || len(written) == 0 {
				t.Errorf("pycov %s wrote %.200q (%v), want the report of the data", strings.Join(args, " "), written, err)
			}
			if f.output != "" && f.out != nil {
				cfg, err := config.Load(config.Options{Dir: t.TempDir()})
				if err != nil {
					t.Fatal(err)
				}
				if got := *f.out(cfg); got != f.output {
					t.Errorf("[%s] output defaults to %q, the table says %q", f.section, got, f.output)
				}
			}

			// Documented: in the help, and in the README.
			var help bytes.Buffer
			if err := dispatch(context.Background(), []string{"help", cmd}, inProcess(t, stdio{out: &help, err: &help})); err != nil {
				t.Fatal(err)
			}
			inHelp, inREADME := "  "+cmd+" ", regexp.MustCompile(`pycov `+cmd+`\b`)
			helpText := usageText.String()
			if choice {
				inHelp, inREADME, helpText = f.name+" (", regexp.MustCompile("--format[= ][^\n]*\\b"+f.name+"\\b"), help.String()
			}
			if !strings.Contains(helpText, inHelp) {
				t.Errorf("the help does not mention %q:\n%s", inHelp, helpText)
			}
			if !inREADME.Match(readme) {
				t.Errorf("README.md does not mention %s (%s)", f.name, inREADME)
			}
			if f.out != nil && !bytes.Contains(readme, []byte("["+f.section+"]")) {
				t.Errorf("README.md does not describe the [%s] section", f.section)
			}

			// Tested: golden files, and a test in report that reads them.
			golden := filepath.Join("..", "..", "report", "testdata", "golden", f.golden)
			if entries, err := os.ReadDir(golden); f.golden == "" || err != nil || len(entries) == 0 {
				t.Errorf("no golden files in %s (%v): add a golden test of the writer", golden, err)
			}
			tests, _ := filepath.Glob(filepath.Join("..", "..", "report", "*_test.go"))
			found := false
			for _, name := range tests {
				b, _ := os.ReadFile(name)
				found = found || bytes.Contains(b, []byte(`"`+f.golden+`/`)) || bytes.Contains(b, []byte(`"golden", "`+f.golden+`"`))
			}
			if !found {
				t.Errorf("no test in report/ reads the golden files of %s", f.name)
			}
		})
	}
}

// TestReportFormatSetting checks that [report] format and sort, which the
// config package checks, take exactly the formats of `pycov report` and
// the columns its writers sort by.
func TestReportFormatSetting(t *testing.T) {
	t.Parallel()
	if !slices.Equal(config.SortKeys, report.SortKeys) {
		t.Errorf("[report] sort takes %v, the writers sort by %v", config.SortKeys, report.SortKeys)
	}
	dir := t.TempDir()
	rc := filepath.Join(dir, "pycov.toml")
	for _, name := range append(formatNames(formatsOf("report")), "nope") {
		if err := os.WriteFile(rc, []byte("[tool.coverage.report]\nformat = \""+name+"\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := config.Load(config.Options{Dir: dir, RCFile: rc})
		if ok := err == nil; ok != (name != "nope") {
			t.Errorf("[report] format = %q: error %v", name, err)
		}
	}
}

// writersData writes the data of report/testdata/writers/branch.json
// (see its README.md) as a data file in dir, and returns its path.
func writersData(t *testing.T, dir string) string {
	t.Helper()
	src, err := filepath.Abs(filepath.Join("..", "..", "report", "testdata", "writers"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(src, "branch.json"))
	if err != nil {
		t.Fatal(err)
	}
	var data coverage.Data
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	for _, fd := range data.Files {
		fd.Path = filepath.Join(src, filepath.FromSlash(fd.Path))
		fd.Facts.Path = fd.Path
	}
	path := filepath.Join(dir, ".pycov")
	if err := coverage.WriteData(path, &data); err != nil {
		t.Fatal(err)
	}
	return path
}

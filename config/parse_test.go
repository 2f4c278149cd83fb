package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitCommandLineIsShlexSplit(t *testing.T) {
	// Expected values are Python's shlex.split.
	for in, want := range map[string][]string{
		"-m pytest -q":    {"-m", "pytest", "-q"},
		`a "b c" d`:       {"a", "b c", "d"},
		`x\ y`:            {"x y"},
		`"a\"b\\c\d"`:     {`a"b\c\d`},
		`'a\b'`:           {`a\b`},
		`a"b"c`:           {"abc"},
		`""`:              {""},
		"  ":              nil,
		"a#b c":           {"a#b", "c"},
		"tests.py\t--x=1": {"tests.py", "--x=1"},
	} {
		got, err := SplitCommandLine(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("SplitCommandLine(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`"open`, `'open`, `end\`} {
		if _, err := SplitCommandLine(bad); err == nil {
			t.Errorf("SplitCommandLine(%q): no error", bad)
		}
	}
}

func TestSubstituteIsCoveragePys(t *testing.T) {
	env := map[string]string{"A": "1", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	for in, want := range map[string]string{
		"$A/${A}/$$A":      "1/1/$A",
		"$NOPE-x":          "-x",
		"${NOPE-dflt}":     "dflt",
		"${A-dflt}":        "1",
		"${EMPTY-dflt}":    "",
		"${NOPE}":          "",
		"$":                "$",
		"${A":              "${A",
		"cost: $5 or $$5":  "cost:  or $5",
		"${A?}":            "1",
		"x${NOPE-a}y${A}z": "xay1z",
	} {
		got, err := substitute(in, lookup)
		if err != nil || got != want {
			t.Errorf("substitute(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := substitute("${NOPE?}", lookup); err == nil {
		t.Error(`substitute("${NOPE?}"): no error for an undefined strict variable`)
	}
}

// FuzzReadINI checks that no INI text makes the reader panic, and that
// every list it reads has no blank entries.
func FuzzReadINI(f *testing.F) {
	for _, seed := range []string{
		"[run]\nbranch = True\nsource = a, b\n  c\n",
		"[report]\nexclude_also =\n    # c\n    def __repr__\n\n    raise X\n",
		"[coverage:run]\nomit = $HOME/*\n[pycov:gate x]\npaths = a/**\nline = 1\n",
		"key = outside\n[run]\n",
		"[run\n",
		"\ufeff[run]\r\ndata_file: x\r\n",
		"[run]\nk = \"\"\"a\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := readINI("fuzz.cfg", []byte(text), true)
		if err != nil {
			return
		}
		l := &loader{file: "fuzz.cfg", env: func(string) (string, bool) { return "", false }}
		c := defaults()
		l.apply(c, p)
		for _, list := range [][]string{c.Run.Source, c.Run.Omit, c.Report.ExcludeAlso} {
			for _, v := range list {
				if v == "" {
					t.Fatalf("blank list entry from %q", text)
				}
			}
		}
	})
}

// FuzzReadTOML checks that no TOML text makes the reader panic.
func FuzzReadTOML(f *testing.F) {
	for _, seed := range []string{
		"[tool.coverage.run]\nbranch = true\nsource = [\"src\"]\n",
		"[tool.coverage.report]\nfail_under = \"90\"\nprecision = 2\n",
		"[[tool.pycov.gate]]\npaths = [\"a/**\"]\nline = 95\n",
		"tool.pycov.gate = 1\n",
		"[tool]\ncoverage = 3\n",
		"[tool.coverage]\nrun = [1, 2]\n",
		"[run]\nbranch = 1\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, ours := range []bool{false, true} {
			p, err := readTOML("fuzz.toml", []byte(text), ours)
			if err != nil {
				continue
			}
			l := &loader{file: "fuzz.toml", toml: true, env: func(string) (string, bool) { return "", false }}
			l.apply(defaults(), p)
		}
	})
}

// FuzzSplitCommandLine checks that splitting never panics and that
// arguments joined back with quoting split the same way.
func FuzzSplitCommandLine(f *testing.F) {
	for _, seed := range []string{"-m pytest -q", `a "b c" 'd e' f\ g`, `"\\"`, "", `'`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args, err := SplitCommandLine(s)
		if err != nil {
			return
		}
		var quoted string
		for i, a := range args {
			if i > 0 {
				quoted += " "
			}
			quoted += "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		again, err := SplitCommandLine(quoted)
		if err != nil || !reflect.DeepEqual(again, args) && len(args) > 0 {
			t.Fatalf("%q split to %q; requoted %q split to %q, %v", s, args, quoted, again, err)
		}
	})
}

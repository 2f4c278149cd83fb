package config

import (
	"fmt"
	"strings"
	"testing"
)

// render shows parsed sections as the test table writes what Python's
// configparser read (values in Python's repr, which %q matches for these).
func render(secs []*iniSection) string {
	var b strings.Builder
	for _, s := range secs {
		fmt.Fprintf(&b, "[%s]\n", s.name)
		for _, k := range s.keys {
			fmt.Fprintf(&b, "%s='%s'\n", k, strings.ReplaceAll(s.vals[k], "\n", `\n`))
		}
	}
	return b.String()
}

func TestINIIsReadAsConfigParserReadsIt(t *testing.T) {
	// Each want is what configparser.ConfigParser(interpolation=None) of
	// Python 3.14 read from the text saved as a UTF-8 file ("" = an error).
	for _, tc := range []struct{ text, want string }{} {
		secs, err := parseConfigParser(tc.text)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q: no error, configparser refuses it", tc.text)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.text, err)
		} else if got := render(secs); got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

func TestINIValuesHaveNoLengthLimit(t *testing.T) {
	// Repro 18: a 140-line omit list (~4.5 KiB) was refused.
	var b strings.Builder
	b.WriteString("[run]\nomit =\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "    generated/module_%05d/*.py\n", i)
	}
	b.WriteString("long = " + strings.Repeat("x", 1<<20) + "\n")
	p, err := readINI(".coveragerc", []byte(b.String()), true)
	if err != nil {
		t.Fatal(err)
	}
	omit := iniList(p.sections["run"].vals["omit"].(string))
	if len(omit) != 5000 || omit[4999] != "generated/module_04999/*.py" {
		t.Errorf("omit has %d entries, the last %q", len(omit), omit[len(omit)-1])
	}
	if long := p.sections["run"].vals["long"].(string); len(long) != 1<<20 {
		t.Errorf("long value has %d bytes", len(long))
	}
}

package main

import (
	"fmt"
	"strings"
)

// The project as the Python Package Index shows it.
const (
	distName = "pycov"
	summary  = "Coverage for Python programs, measured with sys.monitoring: one binary that brings its own CPython"
	homepage = "https://github.com/pycov/pycov"
	// licenseExpression is the SPDX expression of LICENSE at the repository
	// root. Both are for the project's owners to choose; until there is a
	// LICENSE, the wheels name no license and the release says so.
	licenseExpression = ""
)

var projectURLs = [][2]string{
	{"Homepage", homepage},
	{"Source", homepage},
	{"Issues", homepage + "/issues"},
	{"Changelog", homepage + "/releases"},
}

var classifiers = []string{
	"Development Status :: 3 - Alpha",
	"Environment :: Console",
	"Intended Audience :: Developers",
	"Operating System :: MacOS",
	"Operating System :: POSIX :: Linux",
	"Programming Language :: Python :: 3",
	"Topic :: Software Development :: Quality Assurance",
	"Topic :: Software Development :: Testing",
}

// metadata is the wheel's METADATA file (core metadata, an email-style
// header block and the README as the body). With a license it is version
// 2.4, which has License-Expression and License-File; without, 2.1.
func metadata(src *source) []byte {
	var b strings.Builder
	field := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, v) }
	withLicense := src.License != nil
	if withLicense {
		field("Metadata-Version", "2.4")
	} else {
		field("Metadata-Version", "2.1")
	}
	field("Name", distName)
	field("Version", src.Version)
	field("Summary", summary)
	field("Keywords", "coverage,testing,sys.monitoring,lcov,cobertura")
	for _, u := range projectURLs {
		field("Project-URL", u[0]+", "+u[1])
	}
	if withLicense {
		field("License-Expression", src.LicenseExpression)
		field("License-File", "LICENSE")
	}
	for _, c := range classifiers {
		field("Classifier", c)
	}
	field("Description-Content-Type", "text/markdown; charset=UTF-8; variant=GFM")
	b.WriteString("\n")
	b.Write(src.Readme)
	return []byte(b.String())
}

// wheelFile is the wheel's WHEEL file: a binary wheel (not purelib) with
// one Tag line per tag of its compressed tag set.
func wheelFile(src *source, p platform) []byte {
	var b strings.Builder
	b.WriteString("Wheel-Version: 1.0\n")
	b.WriteString("Generator: pycov-release (" + src.Version + ")\n")
	b.WriteString("Root-Is-Purelib: false\n")
	for _, t := range p.Tags {
		b.WriteString("Tag: py3-none-" + t + "\n")
	}
	return []byte(b.String())
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// source is what a release is built from: the checkout and what it says
// about itself.
type source struct {
	Root    string // the module root, where go.mod is
	Version string // cmd/pycov/VERSION
	// Commit is git's full hash of HEAD, with "+modified" when the work tree
	// has uncommitted changes; "" outside a git checkout.
	Commit string
	// Time is the timestamp every file in every artifact gets: the commit's
	// time, or $SOURCE_DATE_EPOCH when set, so that the same commit gives
	// byte-identical artifacts.
	Time    time.Time
	Readme  []byte // README.md, the wheels' long description
	License []byte // LICENSE, nil when the checkout has none
	// LicenseExpression is LICENSE's SPDX expression (licenseExpression).
	LicenseExpression string
}

// versionFile is where the release version lives; cmd/pycov embeds it.
const versionFile = "cmd/pycov/VERSION"

// pep440 matches the public versions pip accepts, in their normal form
// (0.1.0, 1.2.0rc1, 1.0.0.post1, 2.0.0.dev3).
var pep440 = regexp.MustCompile(`^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$`)

// readSource reads the checkout that holds dir.
func readSource(dir string) (*source, error) {
	root, err := moduleRoot(dir)
	if err != nil {
		return nil, err
	}
	s := &source{Root: root, LicenseExpression: licenseExpression}
	v, err := os.ReadFile(filepath.Join(root, versionFile))
	if err != nil {
		return nil, fmt.Errorf("reading the release version: %w", err)
	}
	s.Version = strings.TrimSpace(string(v))
	if !pep440.MatchString(s.Version) {
		return nil, fmt.Errorf("%s: version %q is not a normalised PEP 440 version such as 1.2.0 or 1.2.0rc1, which wheel names need", filepath.Join(root, versionFile), s.Version)
	}
	if s.Readme, err = os.ReadFile(filepath.Join(root, "README.md")); err != nil {
		return nil, fmt.Errorf("reading the long description: %w", err)
	}
	if s.License, err = os.ReadFile(filepath.Join(root, "LICENSE")); err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("reading the license: %w", err)
	}
	if (s.License != nil) != (s.LicenseExpression != "") {
		return nil, fmt.Errorf("%s and licenseExpression in release/metadata.go go together: give both (the file and its SPDX expression) or neither", filepath.Join(root, "LICENSE"))
	}
	s.Commit, s.Time = gitState(root)
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("$SOURCE_DATE_EPOCH=%q is not a number of seconds", epoch)
		}
		s.Time = time.Unix(sec, 0)
	}
	s.Time = clampToZip(s.Time.UTC())
	return s, nil
}

// moduleRoot finds the directory of go.mod at or above dir.
func moduleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod at or above %s: run the release from a checkout of pycov", dir)
		}
	}
}

// gitState is HEAD's hash (with "+modified" for a dirty tree) and commit
// time, or "" and the zero time outside git.
func gitState(root string) (string, time.Time) {
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		out, err := cmd.Output()
		return string(bytes.TrimSpace(out)), err
	}
	out, err := git("log", "-1", "--format=%H %ct")
	if err != nil {
		return "", time.Time{}
	}
	hash, ct, _ := strings.Cut(out, " ")
	sec, _ := strconv.ParseInt(ct, 10, 64)
	if status, err := git("status", "--porcelain"); err != nil || status != "" {
		hash += "+modified"
	}
	return hash, time.Unix(sec, 0)
}

// clampToZip moves t into the range a zip file's MS-DOS time can hold.
func clampToZip(t time.Time) time.Time {
	if lo := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC); t.Before(lo) {
		return lo
	}
	return t.Truncate(2 * time.Second)
}

package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testSource is a checkout with a fixed version, time and README, and a
// license when licensed.
func testSource(licensed bool) *source {
	s := &source{Version: "1.2.0rc1", Time: time.Date(2026, 5, 4, 3, 2, 0, 0, time.UTC), Readme: []byte("# pycov\n\nMeasures coverage.\n")}
	if licensed {
		s.License, s.LicenseExpression = []byte("Permission is granted.\n"), "MIT"
	}
	return s
}

// unzip reads a zip's members in order.
func unzip(t *testing.T, data []byte) []*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr.File
}

func readMember(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func names(files []*zip.File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

// wantWheelMembers is the file list of a pycov wheel, in order.
func wantWheelMembers(version, exe string, licensed bool) []string {
	data, info := "pycov-"+version+".data", "pycov-"+version+".dist-info"
	out := []string{data + "/scripts/" + exe, info + "/METADATA", info + "/WHEEL"}
	if licensed {
		out = append(out, info+"/licenses/LICENSE")
	}
	return append(out, info+"/RECORD")
}

// checkRecord checks that RECORD lists every other member with its true
// sha256 and size, and itself without them, as pip verifies on install.
func checkRecord(t *testing.T, files []*zip.File) {
	t.Helper()
	last := files[len(files)-1]
	lines := strings.Split(strings.TrimSuffix(string(readMember(t, last)), "\n"), "\n")
	if len(lines) != len(files) {
		t.Fatalf("RECORD has %d lines for %d members:\n%s", len(lines), len(files), strings.Join(lines, "\n"))
	}
	for i, f := range files[:len(files)-1] {
		data := readMember(t, f)
		sum := sha256.Sum256(data)
		want := fmt.Sprintf("%s,sha256=%s,%d", f.Name, base64.RawURLEncoding.EncodeToString(sum[:]), len(data))
		if lines[i] != want {
			t.Errorf("RECORD line %d = %q, want %q", i+1, lines[i], want)
		}
	}
	if want := last.Name + ",,"; lines[len(lines)-1] != want {
		t.Errorf("RECORD's own line = %q, want %q", lines[len(lines)-1], want)
	}
}

func TestWheelForEveryPlatform(t *testing.T) {
	for _, licensed := range []bool{false, true} {
		for _, p := range platforms {
			t.Run(fmt.Sprintf("%s/licensed=%v", p, licensed), func(t *testing.T) {
				src := testSource(licensed)
				binary := []byte("\x7fELF pretend binary for " + p.String())
				data, err := wheel(src, p, binary)
				if err != nil {
					t.Fatal(err)
				}
				files := unzip(t, data)
				if got, want := names(files), wantWheelMembers(src.Version, p.exe(), licensed); !slices.Equal(got, want) {
					t.Fatalf("members = %q, want %q", got, want)
				}
				for _, f := range files {
					wantMode := os.FileMode(0o644)
					if strings.Contains(f.Name, "/scripts/") {
						wantMode = 0o755
					}
					if f.Mode() != wantMode {
						t.Errorf("%s has mode %v, want %v", f.Name, f.Mode(), wantMode)
					}
					if !f.Modified.Equal(src.Time) {
						t.Errorf("%s is dated %v, want the source's %v", f.Name, f.Modified, src.Time)
					}
				}
				if got := readMember(t, files[0]); !bytes.Equal(got, binary) {
					t.Errorf("the script is not the binary")
				}
				checkRecord(t, files)

				wheelText := string(readMember(t, files[2]))
				for _, tag := range p.Tags {
					if !strings.Contains(wheelText, "\nTag: py3-none-"+tag+"\n") {
						t.Errorf("WHEEL has no Tag py3-none-%s:\n%s", tag, wheelText)
					}
				}
				if !strings.Contains(wheelText, "Root-Is-Purelib: false\n") {
					t.Errorf("WHEEL does not say it is platform-specific:\n%s", wheelText)
				}

				meta := string(readMember(t, files[1]))
				head, body, _ := strings.Cut(meta, "\n\n")
				if body != string(src.Readme) {
					t.Errorf("METADATA's body is not the README: %q", body)
				}
				want := []string{"Name: pycov", "Version: 1.2.0rc1", "Summary: " + summary,
					"Project-URL: Homepage, https://github.com/pycov/pycov", "Project-URL: Issues, https://github.com/pycov/pycov/issues",
					"Description-Content-Type: text/markdown; charset=UTF-8; variant=GFM"}
				if licensed {
					want = append(want, "Metadata-Version: 2.4", "License-Expression: MIT", "License-File: LICENSE")
				} else {
					want = append(want, "Metadata-Version: 2.1")
				}
				for _, line := range want {
					if !slices.Contains(strings.Split(head, "\n"), line) {
						t.Errorf("METADATA has no line %q:\n%s", line, head)
					}
				}
				if !licensed && strings.Contains(head, "License") {
					t.Errorf("METADATA names a license the checkout does not have:\n%s", head)
				}
			})
		}
	}
}

func TestWheelName(t *testing.T) {
	for p, want := range map[string]string{
		"linux/amd64":   "pycov-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		"linux/arm64":   "pycov-0.3.0-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
		"darwin/amd64":  "pycov-0.3.0-py3-none-macosx_12_0_x86_64.whl",
		"darwin/arm64":  "pycov-0.3.0-py3-none-macosx_12_0_arm64.whl",
		"windows/amd64": "pycov-0.3.0-py3-none-win_amd64.whl",
	} {
		pl, ok := findPlatform(p)
		if !ok {
			t.Fatalf("no platform %s", p)
		}
		if got := wheelName("0.3.0", pl); got != want {
			t.Errorf("wheelName(%s) = %s, want %s", p, got, want)
		}
	}
}

// The same source gives the same bytes; only the source's time dates the
// members, never the clock.
func TestArtifactsAreReproducible(t *testing.T) {
	p, _ := findPlatform("linux/amd64")
	kinds := map[string]func(*source, platform, []byte) ([]byte, error){"wheel": wheel, "archive": archive}
	first := map[string][]byte{}
	for name, build := range kinds {
		first[name], _ = build(testSource(true), p, []byte("binary"))
	}
	time.Sleep(2100 * time.Millisecond) // past a zip timestamp's resolution
	for name, build := range kinds {
		if again, _ := build(testSource(true), p, []byte("binary")); !bytes.Equal(first[name], again) {
			t.Errorf("%s: two builds of the same source differ", name)
		}
		later := testSource(true)
		later.Time = later.Time.Add(time.Hour)
		if moved, _ := build(later, p, []byte("binary")); bytes.Equal(first[name], moved) {
			t.Errorf("%s: the source's time does not date the members", name)
		}
	}
}

func TestArchiveForEveryPlatform(t *testing.T) {
	for _, p := range platforms {
		t.Run(p.String(), func(t *testing.T) {
			src := testSource(true)
			data, err := archive(src, p, []byte("binary"))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{p.exe() + " 755", "LICENSE 644", "README.md 644"}
			var got []string
			if p.GOOS == "windows" {
				if !strings.HasSuffix(archiveName(src.Version, p), ".zip") {
					t.Errorf("the Windows archive is %s, want a .zip", archiveName(src.Version, p))
				}
				for _, f := range unzip(t, data) {
					got = append(got, fmt.Sprintf("%s %o", f.Name, f.Mode().Perm()))
				}
			} else {
				if want := "pycov_1.2.0rc1_" + p.GOOS + "_" + p.GOARCH + ".tar.gz"; archiveName(src.Version, p) != want {
					t.Errorf("archive name = %s, want %s", archiveName(src.Version, p), want)
				}
				got = tarMembers(t, data, src.Time)
			}
			if !slices.Equal(got, want) {
				t.Errorf("members = %q, want %q", got, want)
			}
		})
	}
}

// tarMembers lists a .tar.gz as "name mode", checking each is dated t and
// owned by no one in particular.
func tarMembers(t *testing.T, data []byte, at time.Time) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !zr.ModTime.IsZero() || zr.Name != "" {
		t.Errorf("gzip header carries a time %v or name %q", zr.ModTime, zr.Name)
	}
	tr := tar.NewReader(zr)
	var out []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if !h.ModTime.Equal(at) || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: time %v uid %d gid %d %q %q; want %v and no owner", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname, at)
		}
		out = append(out, fmt.Sprintf("%s %o", h.Name, h.Mode))
	}
}

// SHA256SUMS is what sha256sum -c checks.
func TestSHA256SUMSChecks(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"pycov_0.1.0_linux_amd64.tar.gz": []byte("a"), "pycov-0.1.0-py3-none-win_amd64.whl": []byte("bb")}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sums := sha256sums(files)
	if err := os.WriteFile(filepath.Join(dir, "SHA256SUMS"), sums, 0o644); err != nil {
		t.Fatal(err)
	}
	checkSums(t, dir)
	if lines := strings.Count(string(sums), "\n"); lines != 2 {
		t.Errorf("SHA256SUMS has %d lines, want 2:\n%s", lines, sums)
	}
}

// checkSums runs sha256sum -c on dir's SHA256SUMS.
func checkSums(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("sha256sum", "--strict", "-c", "SHA256SUMS")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c SHA256SUMS: %v\n%s", err, out)
	}
}

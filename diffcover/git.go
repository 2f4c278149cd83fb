package diffcover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sort"
	"strconv"
	"strings"
)

// This file asks the git CLI what changed since a revision, for `pycov
// diff`, and parses its answer.

// Change is what changed in one file since the base revision.
type Change struct {
	Path    string // relative to the top of the repository; the old path when deleted
	OldPath string // set when renamed
	Deleted bool
	New     bool  // added since the base, or untracked
	All     bool  // untracked: every line is new
	Lines   []int // added or changed lines, in the new file, ascending
	// OldLines are the lines of the base's version that were changed or
	// removed, and for a pure insertion the lines on either side of it.
	OldLines []int
}

// runGit runs git in dir and returns its standard output; an error carries
// git's own message.
func runGit(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("git %s: %s", args[0], strings.TrimSpace(errb.String()))
		}
		return "", fmt.Errorf("running git (pycov diff needs the git command): %w", err)
	}
	return out.String(), nil
}

// GitTop is the top directory of the repository dir is in.
func GitTop(ctx context.Context, dir string) (string, error) {
	out, err := runGit(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		if strings.Contains(err.Error(), "not a git repository") {
			return "", errors.New("not a git repository: pycov diff compares the working tree with a git revision, so run it inside the repository")
		}
		return "", err
	}
	return strings.TrimSpace(out), nil
}

// defaultBases are tried in order for the base revision: the merge base
// of HEAD and the first that exists.
var defaultBases = []string{"origin/HEAD", "origin/main", "origin/master", "main", "master"}

// GitBase resolves the base revision to a commit: rev itself, or else
// the merge base of HEAD and the default branch. what says which, for
// the report's heading.
func GitBase(ctx context.Context, top, rev string) (commit, what string, err error) {
	verify := func(r string) (string, bool) {
		out, err := runGit(ctx, top, "rev-parse", "--verify", "--quiet", "--end-of-options", r+"^{commit}")
		return strings.TrimSpace(out), err == nil
	}
	if _, ok := verify("HEAD"); !ok {
		return "", "", errors.New("the repository has no commit yet: there is nothing to compare with")
	}
	if rev != "" {
		c, ok := verify(rev)
		if !ok {
			return "", "", fmt.Errorf("revision %q is not in this repository: fetch it (git fetch origin %s; a shallow CI checkout needs more history) or give --base another revision", rev, strings.TrimPrefix(rev, "origin/"))
		}
		return c, rev, nil
	}
	for _, b := range defaultBases {
		if _, ok := verify(b); !ok {
			continue
		}
		out, err := runGit(ctx, top, "merge-base", "HEAD", b)
		if err != nil {
			return "", "", fmt.Errorf("HEAD and %s have no common history (a shallow checkout?): fetch more history or give --base REV", b)
		}
		return strings.TrimSpace(out), "the merge base of HEAD and " + b, nil
	}
	return "", "", fmt.Errorf("no base revision: none of %s exists here; give --base REV", strings.Join(defaultBases, ", "))
}

// GitChanges is what changed between base and the working tree: changed
// lines of tracked files (staged or not) and every line of untracked
// Python files. dirty says whether tracked files differ from HEAD;
// untracked counts the untracked Python files.
func GitChanges(ctx context.Context, top, base string) (changes []Change, dirty bool, untracked int, err error) {
	out, err := runGit(ctx, top, "-c", "core.quotePath=false", "diff", "--unified=0", "--no-color", "--no-ext-diff",
		"--no-textconv", "--no-relative", "-M", "--src-prefix=a/", "--dst-prefix=b/", base, "--")
	if err != nil {
		return nil, false, 0, err
	}
	if changes, err = ParseUnifiedDiff(out); err != nil {
		return nil, false, 0, err
	}
	status, err := runGit(ctx, top, "-c", "core.quotePath=false", "status", "--porcelain", "-z", "--untracked-files=all")
	if err != nil {
		return nil, false, 0, err
	}
	// Entries are "XY PATH"; a rename's old path follows as its own entry.
	entries := strings.Split(status, "\x00")
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		switch {
		case len(e) < 4:
		case strings.HasPrefix(e, "?? "):
			if IsPython(e[3:]) {
				changes = append(changes, Change{Path: e[3:], New: true, All: true})
				untracked++
			}
		default:
			dirty = true
			if e[0] == 'R' || e[0] == 'C' {
				i++
			}
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, dirty, untracked, nil
}

// ParseUnifiedDiff reads `git diff --unified=0` output: for each file, its
// path (and old path when renamed) and the lines added or changed in the
// new version. Paths git C-quotes (unusual characters) are unquoted.
func ParseUnifiedDiff(text string) ([]Change, error) {
	var out []Change
	var cur *Change
	oldLeft, newLeft := 0, 0 // lines left in the current hunk
	lines := strings.Split(text, "\n")
	for n, line := range lines {
		if oldLeft > 0 || newLeft > 0 {
			switch {
			case strings.HasPrefix(line, "-") && oldLeft > 0:
				oldLeft--
				continue
			case strings.HasPrefix(line, "+") && newLeft > 0:
				newLeft--
				continue
			case strings.HasPrefix(line, `\`):
				continue
			}
			return nil, fmt.Errorf("reading git diff, line %d: the hunk ends early", n+1)
		}
		switch {
		case strings.HasPrefix(line, "diff --git "):
			out = append(out, Change{})
			cur = &out[len(out)-1]
			cur.Path = samePath(strings.TrimPrefix(line, "diff --git "))
		case cur == nil:
			continue
		case strings.HasPrefix(line, `\`):
			continue // "\ No newline at end of file"
		case strings.HasPrefix(line, "rename from "):
			cur.OldPath = unquotePath(strings.TrimPrefix(line, "rename from "))
		case strings.HasPrefix(line, "rename to "):
			cur.Path = unquotePath(strings.TrimPrefix(line, "rename to "))
		case strings.HasPrefix(line, "new file mode"):
			cur.New = true
		case strings.HasPrefix(line, "--- "):
			if p := strings.TrimPrefix(line, "--- "); p != "/dev/null" {
				cur.Path = strings.TrimPrefix(unquotePath(p), "a/")
			}
		case strings.HasPrefix(line, "+++ "):
			if p := strings.TrimPrefix(line, "+++ "); p == "/dev/null" {
				cur.Deleted = true
			} else {
				cur.Path = strings.TrimPrefix(unquotePath(p), "b/")
			}
		case strings.HasPrefix(line, "@@ "):
			start, count, oldCount, err := parseHunk(line)
			if err != nil {
				return nil, fmt.Errorf("reading git diff, line %d: %w", n+1, err)
			}
			for l := start; l < start+count; l++ {
				cur.Lines = append(cur.Lines, l)
			}
			oldStart, _, _ := rangeOf(strings.Fields(line)[1][1:]) // (parseHunk checked it)
			if oldCount == 0 {
				// Inserted after oldStart: the lines on either side.
				if oldStart > 0 {
					cur.OldLines = append(cur.OldLines, oldStart)
				}
				cur.OldLines = append(cur.OldLines, oldStart+1)
			}
			for l := oldStart; l < oldStart+oldCount; l++ {
				cur.OldLines = append(cur.OldLines, l)
			}
			oldLeft, newLeft = oldCount, count
		}
	}
	return out, nil
}

// parseHunk reads "@@ -a[,b] +c[,d] @@": the new lines c..c+d-1 (d is 1
// when left out) and the number of old lines b.
func parseHunk(line string) (start, count, oldCount int, err error) {
	f := strings.Fields(line)
	if len(f) < 4 || f[3] != "@@" || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", line)
	}
	_, oldCount, err = rangeOf(f[1][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", line)
	}
	start, count, err = rangeOf(f[2][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", line)
	}
	return start, count, oldCount, nil
}

func rangeOf(s string) (start, count int, err error) {
	a, b, comma := strings.Cut(s, ",")
	count = 1
	if start, err = strconv.Atoi(a); err != nil || start < 0 {
		return 0, 0, errors.New("bad range")
	}
	if comma {
		if count, err = strconv.Atoi(b); err != nil || count < 0 || count > 1<<24 {
			return 0, 0, errors.New("bad range")
		}
	}
	return start, count, nil
}

// unquotePath undoes git's C quoting of unusual paths and drops the tab
// git puts after a path holding a blank.
func unquotePath(p string) string {
	p = strings.TrimSuffix(p, "\t")
	if strings.HasPrefix(p, `"`) {
		if u, err := strconv.Unquote(p); err == nil {
			return u
		}
	}
	return p
}

// samePath is the path of "a/P b/P" (a diff --git line with no rename),
// or "" when the two halves differ or are quoted.
func samePath(s string) string {
	if len(s) < 5 || (len(s)-5)%2 != 0 {
		return ""
	}
	n := (len(s) - 5) / 2
	if s[:2] == "a/" && s[2+n:2+n+3] == " b/" && s[2:2+n] == s[2+n+3:] {
		return s[2 : 2+n]
	}
	return ""
}

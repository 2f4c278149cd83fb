package coverage

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pycov/pycov/config"
	"github.com/pycov/pycov/internal/pyjson"
)

//go:embed pyfacts/facts.py
var factsScript []byte

// FactsScript is the Python program that computes Facts; it reads a JSON
// request on stdin and writes a JSON response on stdout.
func FactsScript() []byte { return factsScript }

// Facts are the static facts of one source file, computed by the
// interpreter's compiler. They depend only on the file's content (SHA256),
// the interpreter version and the exclusion settings.
type Facts struct {
	Path       string      `json:"path"`
	Error      string      `json:"error,omitempty"`
	SHA256     string      `json:"sha256"`
	Statements []int       `json:"statements"`
	Excluded   []int       `json:"excluded"`
	Multiline  LineMap     `json:"multiline,omitempty"` // line -> first line of its statement
	Arcs       [][2]int    `json:"arcs"`                // possible arcs from branch lines
	NoBranch   []int       `json:"no_branch,omitempty"` // branch lines whose missed arcs are not reported
	Functions  []Region    `json:"functions,omitempty"`
	Classes    []Region    `json:"classes,omitempty"`
	Code       []CodeFacts `json:"code,omitempty"`
	// BranchKinds says what decides each branch line ("if", "while", "for",
	// "case") and which destination is taken when the condition holds (the
	// loop runs, the pattern matches), for the human text of missed arcs.
	BranchKinds BranchKinds `json:"branch_kinds,omitempty"`
}

// BranchKind is the kind of a branch line and its "condition true"
// destination.
type BranchKind struct {
	Kind string `json:"kind"`
	Into int    `json:"into"`
}

// Region is a function or class: its dotted name, its line span (Start is
// the first decorator line, as co_firstlineno), its def or class line and
// the first line of its body.
type Region struct {
	Name  string `json:"name"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Def   int    `json:"def,omitempty"`
	Body  int    `json:"body,omitempty"`
}

// CodeFacts maps one code object's events to line arcs. Branches holds
// (source offset, destination offset, from line, to line) for BRANCH
// events, to line 0 when a later branch on the same line decides; from
// line 0 says the event ran line `to` (a for loop's exhaustion into code
// CPython fires no LINE event for). Implied holds (line, from line, to
// line): the arc that ran when the line ran in this code object, for
// branch lines without a bytecode branch of their own here.
type CodeFacts struct {
	Qualname  string   `json:"qualname"`
	FirstLine int      `json:"firstlineno"`
	Size      int      `json:"size"`
	Branches  [][4]int `json:"branches"`
	Implied   [][3]int `json:"implied,omitempty"`
}

// LineMap is a map of line numbers; JSON object keys are strings.
type LineMap map[int]int

func (m LineMap) MarshalJSON() ([]byte, error) {
	s := make(map[string]int, len(m))
	for k, v := range m {
		s[strconv.Itoa(k)] = v
	}
	return json.Marshal(s)
}

func (m *LineMap) UnmarshalJSON(b []byte) error {
	var s map[string]int
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*m = make(LineMap, len(s))
	for k, v := range s {
		n, err := strconv.Atoi(k)
		if err != nil {
			return fmt.Errorf("bad line number %q", k)
		}
		(*m)[n] = v
	}
	return nil
}

// FactsRequest is the input of the facts script.
type FactsRequest struct {
	Files   []string `json:"files"`
	Exclude []string `json:"exclude"` // nil: coverage.py's defaults
	Partial []string `json:"partial"` // nil: coverage.py's defaults
	// Described holds, per file, the code objects the agent described
	// (FileHits.Described): their runtime maps are added to
	// the file's Code, after those of its own compile, so they win.
	Described map[string][]DescribedCode `json:"described,omitempty"`
	// script is how the interpreter runs the facts script
	// (FactsCache.scriptArgs); nil: its source with -c.
	script []string
}

// DescribedCode is one code object the agent described: its marshalled
// form for the facts script, and for the facts cache its key and the
// checksum of what its map depends on (marshal's bytes vary from run to
// run with reference counts).
type DescribedCode struct {
	Key  CodeKey `json:"-"`
	Sum  uint32  `json:"-"`
	Code []byte  `json:"code"`
}

// MarshalJSON writes file names as Python's json writes os.fsdecode'd
// names, so that a name that is not UTF-8 reaches the facts script intact.
func (r FactsRequest) MarshalJSON() ([]byte, error) {
	files := make([]pyjson.String, len(r.Files))
	for i, f := range r.Files {
		files[i] = pyjson.String(f)
	}
	type describedFile struct {
		Path pyjson.String   `json:"path"`
		Code []DescribedCode `json:"code"`
	}
	var described []describedFile
	for _, f := range r.Files {
		if d := r.Described[f]; len(d) > 0 {
			described = append(described, describedFile{pyjson.String(f), d})
		}
	}
	return json.Marshal(struct {
		Files     []pyjson.String `json:"files"`
		Exclude   []string        `json:"exclude"`
		Partial   []string        `json:"partial"`
		Described []describedFile `json:"described,omitempty"`
	}{files, r.Exclude, r.Partial, described})
}

// factsWire is Facts as the facts script writes it: its path and error as
// Python's json writes them (a byte of a name that is not UTF-8 is
// "\udcXX").
type factsWire struct {
	plainFacts
	Path  pyjson.String `json:"path"`
	Error pyjson.String `json:"error,omitempty"`
}

// plainFacts is Facts without its UnmarshalJSON method.
type plainFacts Facts

func (w *factsWire) facts() *Facts {
	f := Facts(w.plainFacts)
	f.Path, f.Error = string(w.Path), string(w.Error)
	return &f
}

// UnmarshalJSON reads Facts as the facts script writes them (factsWire).
func (f *Facts) UnmarshalJSON(b []byte) error {
	var w factsWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = *w.facts()
	return nil
}

// resolved is the request as the facts script receives it: the default
// regexes (config's, their one definition) in place of nil, and the
// always-on partial-branch regexes added.
func (req FactsRequest) resolved() FactsRequest {
	if req.Exclude == nil {
		req.Exclude = config.DefaultExclude
	}
	partial := req.Partial
	if partial == nil {
		partial = config.DefaultPartial
	}
	req.Partial = append(append([]string{}, partial...), config.DefaultPartialAlways...)
	return req
}

// PythonRunner runs the interpreter with args and stdin and returns stdout.
// It is the seam in front of the real interpreter.
type PythonRunner func(ctx context.Context, args []string, stdin []byte) ([]byte, error)

// ComputeFacts returns the facts of req.Files, in order: from the cache
// when it has them, else from the interpreter. Files with the same content
// are analysed once; the rest are analysed by several interpreters at once
// (analyseParallel).
func ComputeFacts(ctx context.Context, run PythonRunner, req FactsRequest, cache *FactsCache) ([]*Facts, error) {
	req = req.resolved()
	out := make([]*Facts, len(req.Files))
	sums := make([]string, len(req.Files)) // content digest; "" if unreadable
	sizes := make([]int64, len(req.Files))
	keys := make([]string, len(req.Files))
	// Read, hash and load on every core: with a warm cache this is most
	// of a 1,000-file project's post-run time.
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(req.Files); i = int(next.Add(1) - 1) {
				content, err := ReadSource(req.Files[i])
				if err != nil {
					continue // the interpreter will say why
				}
				sum := sha256.Sum256(content)
				sums[i] = hex.EncodeToString(sum[:])
				sizes[i] = int64(len(content))
				if cache != nil {
					keys[i] = cache.key(req, req.Files[i], sums[i])
					if f := cache.load(keys[i], sums[i]); f != nil {
						f.Path = req.Files[i]
						out[i] = f
					}
				}
			}
		})
	}
	wg.Wait()

	// One analysis per content: a project's empty __init__.py files, or
	// vendored copies, are one file to the compiler.
	var todo []int            // indexes analysed
	same := map[string]int{}  // content digest -> index analysed
	copies := map[int][]int{} // index analysed -> indexes with its content
	for i := range req.Files {
		if out[i] != nil {
			continue
		}
		if len(req.Described[req.Files[i]]) > 0 {
			todo = append(todo, i) // its facts depend on more than its content
			continue
		}
		if j, ok := same[sums[i]]; ok && sums[i] != "" {
			copies[j] = append(copies[j], i)
			continue
		}
		same[sums[i]] = i
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return out, nil
	}
	files := make([]string, len(todo))
	todoSizes := make([]int64, len(todo))
	for j, i := range todo {
		files[j], todoSizes[j] = req.Files[i], sizes[i]
	}
	req.script = cache.scriptArgs()
	got, err := analyseParallel(ctx, run, req, files, todoSizes, defaultWorkers())
	if err != nil {
		return nil, err
	}
	var fresh []cacheEntry
	for j, i := range todo {
		f := got[j]
		f.Path = req.Files[i]
		out[i] = f
		if cache != nil && keys[i] != "" && f.Error == "" && f.SHA256 == sums[i] {
			fresh = append(fresh, cacheEntry{keys[i], f})
		}
		for _, k := range copies[i] {
			c := *f // Path is set per file later (Record, combine)
			c.Path = req.Files[k]
			c.Error = strings.Replace(f.Error, req.Files[i], req.Files[k], 1)
			out[k] = &c
		}
	}
	cache.storeAll(fresh)
	return out, nil
}

// analyse runs the facts script over req.Files.
func analyse(ctx context.Context, run PythonRunner, req FactsRequest) ([]*Facts, error) {
	if len(req.Files) == 0 {
		return nil, nil
	}
	in, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	args := req.script
	if args == nil {
		args = (*FactsCache)(nil).scriptArgs()
	}
	out, err := run(ctx, args, in)
	if err != nil {
		return nil, fmt.Errorf("analysing source files: %w", err)
	}
	// Decoded in one pass as factsWire: decoding []*Facts would decode
	// each file twice (once to find its end, once in Facts.UnmarshalJSON).
	var resp struct {
		Files []factsWire `json:"files"`
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		return nil, fmt.Errorf("analysing source files: bad answer from the interpreter: %w", err)
	}
	if len(resp.Files) != len(req.Files) {
		return nil, fmt.Errorf("analysing source files: asked for %d files, got %d", len(req.Files), len(resp.Files))
	}
	facts := make([]*Facts, len(resp.Files))
	for i := range resp.Files {
		facts[i] = resp.Files[i].facts()
	}
	return facts, nil
}

package coverage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// fakeFacts is a PythonRunner that answers like the facts script: each
// file's facts have one statement per line of the file. It records the
// batches it was asked for.
type fakeFacts struct {
	mu      sync.Mutex
	batches [][]string
	running atomic.Int32
	most    atomic.Int32 // most batches running at once
	fail    string       // a file whose batch fails
}

func (f *fakeFacts) run(ctx context.Context, args []string, stdin []byte) ([]byte, error) {
	n := f.running.Add(1)
	defer f.running.Add(-1)
	for {
		m := f.most.Load()
		if n <= m || f.most.CompareAndSwap(m, n) {
			break
		}
	}
	var req FactsRequest
	if err := json.Unmarshal(stdin, &req); err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.batches = append(f.batches, req.Files)
	f.mu.Unlock()
	var resp struct {
		Files []*Facts `json:"files"`
	}
	for _, p := range req.Files {
		if p == f.fail {
			return nil, errors.New("interpreter crashed")
		}
		resp.Files = append(resp.Files, factsOf(p))
	}
	return json.Marshal(resp)
}

// factsOf is the fakes' facts of the file p: one statement per line.
func factsOf(p string) *Facts {
	b, err := os.ReadFile(p)
	if err != nil {
		return &Facts{Path: p, Error: p + ": no such file"}
	}
	sum := sha256.Sum256(b)
	facts := &Facts{Path: p, SHA256: hex.EncodeToString(sum[:])}
	for i := range strings.Count(string(b), "\n") {
		facts.Statements = append(facts.Statements, i+1)
	}
	return facts
}

func (f *fakeFacts) asked() []string {
	var all []string
	for _, b := range f.batches {
		all = append(all, b...)
	}
	slices.Sort(all)
	return all
}

func writeSources(t *testing.T, files map[string]string) (dir string, paths []string) {
	dir = t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return dir, paths
}

func TestBalanceSplitsBySizeAndKeepsSmallWorkTogether(t *testing.T) {
	big := int64(minBatchBytes)
	for _, tc := range []struct {
		name    string
		sizes   []int64
		workers int
		want    [][]int
	}{
		{"too little source for a second interpreter", []int64{10, 20, 30}, 4, [][]int{{0, 1, 2}}},
		{"largest first, each to the lightest", []int64{big, 3 * big, big, big}, 2, [][]int{{0, 2, 3}, {1}}},
		{"no more batches than files", []int64{4 * big, 4 * big}, 8, [][]int{{0}, {1}}},
		{"nothing to do", nil, 2, nil},
		{"no batch beyond the largest size", []int64{maxBatchBytes / 2, maxBatchBytes / 2, maxBatchBytes / 2, maxBatchBytes / 2, maxBatchBytes / 2}, 1, [][]int{{0, 3}, {1, 4}, {2}}},
		{"whole rounds: no batch left to run alone", slices.Repeat([]int64{maxBatchBytes / 8}, 36), 2, [][]int{
			{0, 6, 12, 18, 24, 30}, {1, 7, 13, 19, 25, 31}, {2, 8, 14, 20, 26, 32},
			{3, 9, 15, 21, 27, 33}, {4, 10, 16, 22, 28, 34}, {5, 11, 17, 23, 29, 35}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := balance(tc.sizes, tc.workers)
			slices.SortFunc(got, func(a, b []int) int { return a[0] - b[0] })
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("balance(%v, %d) = %v, want %v", tc.sizes, tc.workers, got, tc.want)
			}
		})
	}
}

func TestComputeFactsAnalysesOnEveryCoreInOrder(t *testing.T) {
	files := map[string]string{}
	for i := range 8 {
		// Distinct contents, each large enough for a batch of its own.
		files[string(rune('a'+i))+".py"] = strings.Repeat("x = 1\n", minBatchBytes/6+i)
	}
	_, paths := writeSources(t, files)
	fake := &fakeFacts{}
	got, err := analyseParallel(context.Background(), fake.run, FactsRequest{}, paths, sizesOf(t, paths), 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.batches) != 4 {
		t.Errorf("%d batches, want 4 (one per worker)", len(fake.batches))
	}
	if n := fake.most.Load(); n > 4 {
		t.Errorf("%d interpreters at once, want at most 4", n)
	}
	for i, f := range got {
		if f.Path != paths[i] {
			t.Errorf("facts %d are for %s, want %s", i, f.Path, paths[i])
		}
	}
}

func TestAnalyseParallelRunsAtMostWorkersAtOnce(t *testing.T) {
	files := map[string]string{}
	for i := range 5 {
		files[string(rune('a'+i))+".py"] = strings.Repeat("x = 1\n", maxBatchBytes/12+i)
	}
	_, paths := writeSources(t, files)
	fake := &fakeFacts{}
	if _, err := analyseParallel(context.Background(), fake.run, FactsRequest{}, paths, sizesOf(t, paths), 2); err != nil {
		t.Fatal(err)
	}
	if len(fake.batches) != 4 {
		t.Errorf("%d batches, want 4 (none over maxBatchBytes, in whole rounds of 2)", len(fake.batches))
	}
	if n := fake.most.Load(); n > 2 {
		t.Errorf("%d interpreters at once, want at most 2", n)
	}
}

func sizesOf(t *testing.T, paths []string) []int64 {
	var out []int64
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st.Size())
	}
	return out
}

func TestComputeFactsAnalysesIdenticalFilesOnce(t *testing.T) {
	_, paths := writeSources(t, map[string]string{"a.py": "x = 1\n", "b.py": "x = 1\n", "c.py": "x = 1\ny = 2\n"})
	paths = append(paths, filepath.Join(filepath.Dir(paths[0]), "missing.py"), filepath.Join(filepath.Dir(paths[0]), "gone.py"))
	fake := &fakeFacts{}
	got, err := ComputeFacts(context.Background(), fake.run, FactsRequest{Files: paths}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{paths[0], paths[2], paths[4], paths[3]}
	slices.Sort(want)
	if !slices.Equal(fake.asked(), want) {
		t.Errorf("analysed %v, want %v (b.py has a.py's content; unreadable files are each asked about)", fake.asked(), want)
	}
	for i, f := range got {
		if f.Path != paths[i] {
			t.Errorf("facts %d are for %s, want %s", i, f.Path, paths[i])
		}
	}
	if got[0] == got[1] || !slices.Equal(got[0].Statements, got[1].Statements) {
		t.Errorf("a copy shares or differs from the facts it copies: %+v, %+v", got[0], got[1])
	}
	if !strings.HasPrefix(got[4].Error, paths[4]) {
		t.Errorf("error of gone.py = %q, want it to name gone.py", got[4].Error)
	}
}

func TestComputeFactsReportsTheBatchThatFailed(t *testing.T) {
	files := map[string]string{}
	for i := range 4 {
		files[string(rune('a'+i))+".py"] = strings.Repeat("x = 1\n", minBatchBytes/6+i)
	}
	_, paths := writeSources(t, files)
	fake := &fakeFacts{fail: paths[1]}
	_, err := ComputeFacts(context.Background(), fake.run, FactsRequest{Files: paths}, nil)
	if err == nil || !strings.Contains(err.Error(), "interpreter crashed") {
		t.Errorf("err = %v, want the failing batch's error", err)
	}
}

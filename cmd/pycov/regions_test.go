package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// TestRegionsFollowCoveragePy checks the functions and classes of
// conformance case 108 against coverage.py 7.16's JSON report of it: only
// statement bodies are searched (the defs in else, except, finally and
// case blocks belong to the region around them), a name defined twice
// keeps its first place and its last definition, and the regions come in
// source order with "" last.
func TestRegionsFollowCoveragePy(t *testing.T) {
	t.Parallel()
	suite, _ := conformanceCases(t)
	dir, args := prepareCase(t, suite, "108_regions")
	s := newSession(t, dir, conformanceEnv(t)...)
	s.pycov(args...)
	out := s.pycov("json", "-o", "-")
	type region struct {
		name              string
		start             int
		executed, missing []int
	}
	// coverage.py's "functions" and "classes" of 108_regions.py.
	want := map[string][]region{
		"functions": {
			{"loads", 6, []int{7}, nil},
			{"pick", 20, []int{21}, nil},
			{"Box.size", 42, []int{43}, nil},
			{"Box.run", 45, []int{46, 48}, nil},
			{"Box.run.inner", 46, []int{47}, nil},
			{"", 1, []int{1, 3, 4, 6, 12, 13, 15, 16, 19, 20, 27, 28, 29, 30, 36, 37, 38, 41, 42, 45, 51, 52, 53},
				[]int{8, 9, 10, 23, 24, 31, 32, 33}},
		},
		"classes": {
			{"Box", 36, []int{43, 46, 47, 48}, []int{39}},
			{"", 1, []int{1, 3, 4, 6, 7, 12, 13, 15, 16, 19, 20, 21, 27, 28, 29, 30, 36, 37, 38, 41, 42, 45, 51, 52, 53},
				[]int{8, 9, 10, 23, 24, 31, 32, 33}},
		},
	}
	for kind, regions := range want {
		got, err := orderedRegions(out, "108_regions.py", kind)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(regions) {
			t.Errorf("%s: got %d regions %v, want %d", kind, len(got), got, len(regions))
			continue
		}
		for i, w := range regions {
			g := got[i]
			if g.Name != w.name || g.Start != w.start || !reflect.DeepEqual(g.Executed, nonNil(w.executed)) || !reflect.DeepEqual(g.Missing, nonNil(w.missing)) {
				t.Errorf("%s[%d]: got %q start %d executed %v missing %v, want %q start %d executed %v missing %v",
					kind, i, g.Name, g.Start, g.Executed, g.Missing, w.name, w.start, w.executed, w.missing)
			}
		}
	}
}

type jsonRegionLines struct {
	Name     string
	Start    int   `json:"start_line"`
	Executed []int `json:"executed_lines"`
	Missing  []int `json:"missing_lines"`
}

// orderedRegions reads files[file][kind] of a JSON report in its order.
func orderedRegions(report, file, kind string) ([]jsonRegionLines, error) {
	var doc struct {
		Files map[string]map[string]json.RawMessage `json:"files"`
	}
	if err := json.Unmarshal([]byte(report), &doc); err != nil {
		return nil, err
	}
	raw, ok := doc.Files[file][kind]
	if !ok {
		return nil, fmt.Errorf("no %s for %s", kind, file)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	var out []jsonRegionLines
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var r jsonRegionLines
		if err := dec.Decode(&r); err != nil {
			return nil, err
		}
		r.Name = tok.(string)
		out = append(out, r)
	}
	return out, nil
}

func nonNil(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}

package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

func jsonTestOptions(branch bool) JSONOptions {
	return JSONOptions{Pretty: true, Now: goldenNow, Version: goldenVersion, Branch: branch}
}

func TestJSONGolden(t *testing.T) {
	for _, name := range []string{"branch", "lines"} {
		t.Run(name, func(t *testing.T) {
			rep := writerReport(t, name)
			var buf bytes.Buffer
			if err := JSON(&buf, rep, jsonTestOptions(rep.Branch)); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "json/"+name+".json", buf.Bytes())
		})
	}
}

// TestJSONRegions checks the functions and classes of pkg/shapes.py
// against coverage.py's rules (FORMATS.md §22).
func TestJSONRegions(t *testing.T) {
	rep := writerReport(t, "branch")
	var buf bytes.Buffer
	if err := JSON(&buf, rep, jsonTestOptions(true)); err != nil {
		t.Fatal(err)
	}
	type region struct {
		Executed  []int `json:"executed_lines"`
		Missing   []int `json:"missing_lines"`
		StartLine int   `json:"start_line"`
	}
	var doc struct {
		Files map[string]struct {
			Functions map[string]region `json:"functions"`
			Classes   map[string]region `json:"classes"`
		} `json:"files"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	shapes := doc.Files["pkg/shapes.py"]
	lines := func(r region) []int { return append(append([]int{}, r.Executed...), r.Missing...) }
	for _, tc := range []struct {
		why   string
		got   region
		lines []int
		start int
	}{
		{"the body only: not the def line", shapes.Functions["risky"], []int{6, 7, 8}, 5},
		{"a decorated method starts at its def line; the nested function's body is not its own",
			shapes.Functions["Square.area"], []int{27, 29}, 25},
		{"a nested function", shapes.Functions["Square.area.squared"], []int{28}, 27},
		{"a name defined twice keeps the last definition", shapes.Functions["Square.side"], []int{21, 22}, 20},
		{"a class is its methods' bodies, nested functions included",
			shapes.Classes["Square"], []int{13, 17, 21, 22, 27, 28, 29, 32}, 11},
	} {
		got := lines(tc.got)
		slices.Sort(got)
		if !reflect.DeepEqual(got, tc.lines) || tc.got.StartLine != tc.start {
			t.Errorf("%s: lines %v start %d, want %v start %d", tc.why, got, tc.got.StartLine, tc.lines, tc.start)
		}
	}
	module := lines(shapes.Functions[""])
	for _, l := range []int{2, 5, 11, 12, 15, 16, 19, 20, 24, 25, 31, 50} {
		if !slices.Contains(module, l) {
			t.Errorf("line %d (a def, decorator or module statement) is not in the \"\" function region %v", l, module)
		}
	}
	if s := shapes.Functions[""].StartLine; s != 1 {
		t.Errorf("\"\" region start_line %d, want 1", s)
	}
}

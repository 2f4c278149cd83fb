package main

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// TestShowContextsEmptyModule: as coverage.py 7.16 does, json
// --show-contexts lists an empty module's line 0 with its contexts when
// lines were measured, and gives it an empty "contexts" (not none) when
// arcs were.
func TestShowContextsEmptyModule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mode string
		want map[string][]string
	}{
		{"--no-branch", map[string][]string{"0": {"x"}}},
		{"--branch", map[string][]string{}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			s := newSession(t, t.TempDir(), conformanceEnv(t)...)
			if err := os.Mkdir(s.path("pkg"), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, text := range map[string]string{"pkg/__init__.py": "", "prog.py": "import pkg\nx = 1\n"} {
				if err := os.WriteFile(s.path(name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s.pycov("run", tc.mode, "--context=x", "prog.py")
			var report struct {
				Files map[string]map[string]json.RawMessage `json:"files"`
			}
			if err := json.Unmarshal([]byte(s.pycov("json", "--show-contexts", "-o", "-")), &report); err != nil {
				t.Fatal(err)
			}
			raw, ok := report.Files["pkg/__init__.py"]["contexts"]
			if !ok {
				t.Fatalf("pkg/__init__.py has no \"contexts\"; coverage.py gives %v", tc.want)
			}
			var got map[string][]string
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("contexts of pkg/__init__.py: %s, want %v (coverage.py's)", raw, tc.want)
			}
		})
	}
}

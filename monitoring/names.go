package monitoring

import (
	"encoding/json"

	"github.com/pycov/pycov/internal/pyjson"
)

// Paths cross between pycov and the agent in JSON, written and read as
// Python's json writes os.fsdecode'd names, so that a directory or file
// name that is not UTF-8 arrives unchanged (encoding/json alone would
// make its bytes U+FFFD).

func pyStrings(v []string) []pyjson.String {
	if v == nil {
		return nil
	}
	out := make([]pyjson.String, len(v))
	for i, s := range v {
		out[i] = pyjson.String(s)
	}
	return out
}

func goStrings(v []pyjson.String) []string {
	if v == nil {
		return nil
	}
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = string(s)
	}
	return out
}

// MarshalJSON writes the configuration with its paths as the agent reads
// them.
func (c Config) MarshalJSON() ([]byte, error) {
	type plain Config // without this method
	return json.Marshal(struct {
		plain
		JournalDir pyjson.String   `json:"journal"`
		Cwd        pyjson.String   `json:"cwd"`
		SourceDirs []pyjson.String `json:"source_dirs,omitempty"`
	}{plain(c), pyjson.String(c.JournalDir), pyjson.String(c.Cwd), pyStrings(c.SourceDirs)})
}

// UnmarshalJSON reads a hello record's paths as the agent writes them.
func (h *Hello) UnmarshalJSON(b []byte) error {
	type plain Hello // without this method
	var v struct {
		*plain
		Cwd        pyjson.String   `json:"cwd"`
		Executable pyjson.String   `json:"executable"`
		Argv       []pyjson.String `json:"argv"`
		SourceDirs []pyjson.String `json:"source_dirs"`
	}
	v.plain = (*plain)(h)
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	h.Cwd, h.Executable = string(v.Cwd), string(v.Executable)
	h.Argv, h.SourceDirs = goStrings(v.Argv), goStrings(v.SourceDirs)
	return nil
}

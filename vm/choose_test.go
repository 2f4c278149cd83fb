package vm

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// fakeHost is a machine with the given environment, PATH and interpreters.
type fakeHost struct {
	env      map[string]string
	path     map[string]string  // name on PATH -> full path
	versions map[string]Version // interpreter path -> version
	files    []string           // other files that exist
	exe      string             // the running pycov; "" means unknown
}

func (h fakeHost) Getenv(k string) string { return h.env[k] }
func (h fakeHost) LookPath(name string) (string, error) {
	if p, ok := h.path[name]; ok {
		return p, nil
	}
	return "", errors.New("not found")
}
func (h fakeHost) IsFile(p string) bool {
	_, ok := h.versions[p]
	return ok || slices.Contains(h.files, p)
}
func (h fakeHost) Executable() (string, error) {
	if h.exe == "" {
		return "", errors.New("unknown")
	}
	return h.exe, nil
}
func (h fakeHost) Probe(p string) (Version, error) {
	if v, ok := h.versions[p]; ok {
		return v, nil
	}
	return Version{}, errors.New("no such interpreter")
}
func (h fakeHost) Embedded() (*Interpreter, error) {
	return &Interpreter{Path: "/cache/pycov/python/bin/python3", Embedded: true, Version: Version{3, 14, 6}}, nil
}

func TestChoose(t *testing.T) {
	v314, v313, v311 := Version{3, 14, 6}, Version{3, 13, 1}, Version{3, 11, 7}
	tests := []struct {
		name       string
		host       fakeHost
		explicit   string
		want       string // chosen path
		wantReason string // part of the reason, when set
		wantErr    string
	}{
		{name: "flag wins over everything",
			host:     fakeHost{env: map[string]string{"PYCOV_PYTHON": "/env/python", "VIRTUAL_ENV": "/venv"}, versions: map[string]Version{"/flag/python": v314, "/env/python": v314, "/venv/bin/python": v314}},
			explicit: "/flag/python", want: "/flag/python"},
		{name: "PYCOV_PYTHON before a virtualenv",
			host: fakeHost{env: map[string]string{"PYCOV_PYTHON": "/env/python", "VIRTUAL_ENV": "/venv"}, versions: map[string]Version{"/env/python": v314, "/venv/bin/python": v314}},
			want: "/env/python"},
		{name: "active virtualenv before ./.venv",
			host: fakeHost{env: map[string]string{"VIRTUAL_ENV": "/venv"}, versions: map[string]Version{"/venv/bin/python": v313, "/work/.venv/bin/python": v314}},
			want: "/venv/bin/python"},
		{name: "the virtualenv pycov is installed in, not activated, before ./.venv",
			host: fakeHost{exe: "/proj/venv/bin/pycov", files: []string{"/proj/venv/pyvenv.cfg"}, versions: map[string]Version{"/proj/venv/bin/python": v313, "/work/.venv/bin/python": v314}},
			want: "/proj/venv/bin/python"},
		{name: "an active virtualenv before the one pycov is installed in",
			host: fakeHost{env: map[string]string{"VIRTUAL_ENV": "/venv"}, exe: "/proj/venv/bin/pycov", files: []string{"/proj/venv/pyvenv.cfg"}, versions: map[string]Version{"/venv/bin/python": v314, "/proj/venv/bin/python": v314}},
			want: "/venv/bin/python"},
		{name: "a bin directory without pyvenv.cfg is no virtualenv",
			host: fakeHost{exe: "/usr/local/bin/pycov", versions: map[string]Version{"/usr/local/bin/python": v314, "/work/.venv/bin/python": v314}},
			want: "/work/.venv/bin/python"},
		{name: "pipx's private virtualenv is passed over",
			host: fakeHost{exe: "/home/u/.local/share/pipx/venvs/pycov/bin/pycov", files: []string{"/home/u/.local/share/pipx/venvs/pycov/pyvenv.cfg", "/home/u/.local/share/pipx/venvs/pycov/pipx_metadata.json"}, versions: map[string]Version{"/home/u/.local/share/pipx/venvs/pycov/bin/python": v311}},
			want: "/cache/pycov/python/bin/python3"},
		{name: "uv's tool virtualenv is passed over",
			host: fakeHost{exe: "/home/u/.local/share/uv/tools/pycov/bin/pycov", files: []string{"/home/u/.local/share/uv/tools/pycov/pyvenv.cfg", "/home/u/.local/share/uv/tools/pycov/uv-receipt.toml"}, path: map[string]string{"python3": "/usr/bin/python3"}, versions: map[string]Version{"/home/u/.local/share/uv/tools/pycov/bin/python": v314, "/usr/bin/python3": v313}},
			want: "/usr/bin/python3"},
		{name: "uvx's cached virtualenv is passed over",
			host: fakeHost{exe: "/home/u/.cache/uv/archive-v0/X1/bin/pycov", files: []string{"/home/u/.cache/uv/archive-v0/X1/pyvenv.cfg", "/home/u/.cache/uv/CACHEDIR.TAG"}, versions: map[string]Version{"/home/u/.cache/uv/archive-v0/X1/bin/python": v314, "/work/.venv/bin/python": v313}},
			want: "/work/.venv/bin/python"},
		{name: "an old virtualenv pycov is installed in is refused, not skipped",
			host:    fakeHost{exe: "/proj/venv/bin/pycov", files: []string{"/proj/venv/pyvenv.cfg"}, versions: map[string]Version{"/proj/venv/bin/python": v311}},
			wantErr: "/proj/venv/bin/python is Python 3.11.7 (chosen by virtualenv /proj/venv that pycov is installed in)"},
		{name: "./.venv before PATH",
			host: fakeHost{path: map[string]string{"python3": "/usr/bin/python3"}, versions: map[string]Version{"/work/.venv/bin/python": v314, "/usr/bin/python3": v314}},
			want: "/work/.venv/bin/python"},
		{name: "python3 on PATH when new enough",
			host: fakeHost{path: map[string]string{"python3": "/usr/bin/python3"}, versions: map[string]Version{"/usr/bin/python3": v313}},
			want: "/usr/bin/python3"},
		{name: "old python3 on PATH falls back to the embedded one",
			host: fakeHost{path: map[string]string{"python3": "/usr/bin/python3"}, versions: map[string]Version{"/usr/bin/python3": v311}},
			want: "/cache/pycov/python/bin/python3"},
		{name: "--python embedded, even in an old virtualenv",
			host:     fakeHost{env: map[string]string{"VIRTUAL_ENV": "/venv"}, versions: map[string]Version{"/venv/bin/python": v311}},
			explicit: "embedded", want: "/cache/pycov/python/bin/python3", wantReason: "chosen by --python embedded"},
		{name: "PYCOV_PYTHON=embedded before the virtualenv pycov is installed in",
			host: fakeHost{env: map[string]string{"PYCOV_PYTHON": "embedded"}, exe: "/proj/venv/bin/pycov", files: []string{"/proj/venv/pyvenv.cfg"}, versions: map[string]Version{"/proj/venv/bin/python": v311}},
			want: "/cache/pycov/python/bin/python3", wantReason: "$PYCOV_PYTHON=embedded"},
		{name: "the reason names the old python3 that was passed over",
			host: fakeHost{path: map[string]string{"python3": "/usr/bin/python3"}, versions: map[string]Version{"/usr/bin/python3": v311}},
			want: "/cache/pycov/python/bin/python3", wantReason: "python3 on PATH, /usr/bin/python3, is Python 3.11.7, which has no sys.monitoring"},
		{name: "an old interpreter's error names the way to the embedded one",
			host:    fakeHost{env: map[string]string{"VIRTUAL_ENV": "/venv"}, versions: map[string]Version{"/venv/bin/python": v311}},
			wantErr: "or --python embedded for the embedded CPython 3.14"},
		{name: "nothing at all: embedded",
			host: fakeHost{},
			want: "/cache/pycov/python/bin/python3"},
		{name: "an old interpreter named explicitly is refused",
			host:     fakeHost{versions: map[string]Version{"/old/python": v311}},
			explicit: "/old/python", wantErr: "/old/python is Python 3.11.7 (chosen by --python /old/python), which has no sys.monitoring"},
		{name: "an old virtualenv is refused, not skipped",
			host:    fakeHost{env: map[string]string{"VIRTUAL_ENV": "/venv"}, versions: map[string]Version{"/venv/bin/python": v311}},
			wantErr: "which has no sys.monitoring"},
		{name: "a missing interpreter is named",
			host:    fakeHost{env: map[string]string{"PYCOV_PYTHON": "/nope/python"}},
			wantErr: "python interpreter /nope/python not found (chosen by $PYCOV_PYTHON=/nope/python)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Choose(tt.host, tt.explicit, "/work")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Choose() error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Path != tt.want {
				t.Errorf("Choose() = %s, want %s", got.Path, tt.want)
			}
			if got.Reason == "" {
				t.Errorf("Choose() gave no reason")
			}
			if !strings.Contains(got.Reason, tt.wantReason) {
				t.Errorf("Choose() reason = %q, want it to contain %q", got.Reason, tt.wantReason)
			}
		})
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]Version{"3.14.6": {3, 14, 6}, "3.12.0rc1\n": {3, 12, 0}, "3.13": {3, 13, 0}} {
		got, err := ParseVersion(in)
		if err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseVersion("python"); err == nil {
		t.Error("ParseVersion(python) succeeded")
	}
}

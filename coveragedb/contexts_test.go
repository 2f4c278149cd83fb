package coveragedb

import (
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
)

// Contexts go into coverage.py's context table, and each file's lines and
// arcs into rows of the context that ran them; they read back as written.
func TestContextsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []*Data{
		{HasArcs: true, Contexts: []string{"", "t.test_a", "t.test_b"}, Files: []File{
			{Path: "/p/a.py", Arcs: [][2]int{{-1, 1}, {1, 2}, {1, 3}, {2, -1}},
				ByContext: map[int]Ran{0: {Arcs: [][2]int{{-1, 1}}}, 1: {Arcs: [][2]int{{1, 2}, {2, -1}}}, 2: {Arcs: [][2]int{{1, 2}, {1, 3}}}}},
		}},
		{HasArcs: false, Contexts: []string{"t.test_a", "t.test_b"}, Files: []File{
			{Path: "/p/a.py", Lines: []int{1, 2, 30}, ByContext: map[int]Ran{0: {Lines: []int{1, 2}}, 1: {Lines: []int{2, 30}}}},
			{Path: "/p/b.py", Lines: []int{4}, ByContext: map[int]Ran{1: {Lines: []int{4}}}},
		}},
	} {
		path := filepath.Join(dir, "exported")
		if err := Write(path, "", d, nil); err != nil {
			t.Fatal(err)
		}
		got, err := Read(path, "")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("read back %+v, want %+v", got, d)
		}
		db, err := sql.Open("sqlite", fileURI(path, "mode=ro"))
		if err != nil {
			t.Fatal(err)
		}
		var table, rows int
		db.QueryRow("SELECT count(*) FROM context").Scan(&table)
		q := "SELECT count(*) FROM (SELECT DISTINCT file_id, context_id FROM line_bits)"
		if d.HasArcs {
			q = "SELECT count(*) FROM (SELECT DISTINCT file_id, context_id FROM arc)"
		}
		db.QueryRow(q).Scan(&rows)
		db.Close()
		want := 0
		for _, f := range d.Files {
			want += len(f.ByContext)
		}
		if table != len(d.Contexts) || rows != want {
			t.Errorf("%d contexts and %d (file, context) rows, want %d and %d", table, rows, len(d.Contexts), want)
		}
	}
}

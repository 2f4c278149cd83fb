package coveragedb

import (
	"cmp"
	"database/sql"
	"maps"
	"slices"
)

// Contexts in coverage.py's data: the context table names each context
// once (id from 1); line_bits and arc rows carry the context_id of the
// context that ran them, a line_bits row per file and context, an arc row
// per file, context and arc. Data without contexts is all in the empty
// context, id 1.

// writeRan writes d's contexts, files and what ran in them.
func writeRan(tx *sql.Tx, d *Data) error {
	names := d.Contexts
	if names == nil {
		names = []string{""}
	}
	for i, n := range names {
		if _, err := tx.Exec("INSERT INTO context (id, context) VALUES (?, ?)", i+1, n); err != nil {
			return err
		}
	}
	for i, f := range d.Files {
		id := i + 1
		if _, err := tx.Exec("INSERT INTO file (id, path) VALUES (?, ?)", id, f.Path); err != nil {
			return err
		}
		byContext := f.ByContext
		if d.Contexts == nil {
			byContext = map[int]Ran{0: {Lines: f.Lines, Arcs: f.Arcs}}
		}
		for _, c := range slices.Sorted(maps.Keys(byContext)) {
			ran := byContext[c]
			if !d.HasArcs {
				if _, err := tx.Exec("INSERT INTO line_bits (file_id, context_id, numbits) VALUES (?, ?, ?)", id, c+1, Numbits(ran.Lines)); err != nil {
					return err
				}
				continue
			}
			for _, a := range ran.Arcs {
				if _, err := tx.Exec("INSERT OR IGNORE INTO arc (file_id, context_id, fromno, tono) VALUES (?, ?, ?, ?)", id, c+1, a[0], a[1]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// readRan reads the contexts into d and what ran in the files named by
// paths (file id -> path).
func readRan(db *sql.DB, d *Data, paths map[int64]string) (map[int64]*File, error) {
	index := map[int64]int{} // context id -> index into d.Contexts
	rows, err := db.Query("SELECT id, context FROM context ORDER BY id")
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		index[id] = len(names)
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(names) > 1 || len(names) == 1 && names[0] != "" {
		d.Contexts = names
	}
	files := make(map[int64]*File, len(paths))
	for id, p := range paths {
		files[id] = &File{Path: p}
	}
	add := func(fileID, contextID int64, lines []int, arc *[2]int) {
		f := files[fileID]
		if f == nil { // a row for a file the file table does not name
			return
		}
		if arc != nil {
			f.Arcs = append(f.Arcs, *arc)
		}
		f.Lines = append(f.Lines, lines...)
		c, ok := index[contextID]
		if d.Contexts == nil || !ok {
			return
		}
		if f.ByContext == nil {
			f.ByContext = map[int]Ran{}
		}
		r := f.ByContext[c]
		if arc != nil {
			r.Arcs = append(r.Arcs, *arc)
		}
		r.Lines = append(r.Lines, lines...)
		f.ByContext[c] = r
	}
	if d.HasArcs {
		rows, err = db.Query("SELECT file_id, context_id, fromno, tono FROM arc")
	} else {
		rows, err = db.Query("SELECT file_id, context_id, numbits FROM line_bits")
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var fileID, contextID int64
		if d.HasArcs {
			var a [2]int
			if err := rows.Scan(&fileID, &contextID, &a[0], &a[1]); err != nil {
				return nil, err
			}
			add(fileID, contextID, nil, &a)
			continue
		}
		var bits []byte
		if err := rows.Scan(&fileID, &contextID, &bits); err != nil {
			return nil, err
		}
		add(fileID, contextID, NumbitsToNums(bits), nil)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, f := range files {
		f.Lines, f.Arcs = sortedRan(f.Lines, f.Arcs)
		for c, r := range f.ByContext {
			r.Lines, r.Arcs = sortedRan(r.Lines, r.Arcs)
			f.ByContext[c] = r
		}
	}
	return files, nil
}

// sortedRan sorts lines and arcs and drops repeats (the same line run in
// two contexts).
func sortedRan(lines []int, arcs [][2]int) ([]int, [][2]int) {
	slices.Sort(lines)
	slices.SortFunc(arcs, func(x, y [2]int) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	})
	return slices.Compact(lines), slices.Compact(arcs)
}

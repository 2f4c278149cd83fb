package coverage

import (
	"sort"
	"strconv"
	"strings"
)

// MissingText is the "Missing" column of the text report, as coverage.py
// writes it: runs of missing statements as ranges ("5-9"; a run is broken
// only by a statement that ran, not by blank lines), then each missed arc
// from a line that ran to a line that ran ("12->14", "3->exit").
func (r *FileResult) MissingText() string {
	missing := r.MissingSet()
	type item struct {
		line int
		text string
	}
	var items []item
	start, end := -1, -1
	flush := func() {
		if start < 0 {
			return
		}
		t := strconv.Itoa(start)
		if end != start {
			t += "-" + strconv.Itoa(end)
		}
		items = append(items, item{start, t})
		start = -1
	}
	for _, s := range r.Statements {
		if missing[s] {
			if start < 0 {
				start = s
			}
			end = s
		} else {
			flush()
		}
	}
	flush()
	for _, a := range r.MissingArcs {
		if missing[a[0]] || missing[a[1]] {
			continue
		}
		dest := "exit"
		if a[1] > 0 {
			dest = strconv.Itoa(a[1])
		}
		items = append(items, item{a[0], strconv.Itoa(a[0]) + "->" + dest})
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].line != items[j].line {
			return items[i].line < items[j].line
		}
		return items[i].text < items[j].text
	})
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.text
	}
	return strings.Join(texts, ", ")
}

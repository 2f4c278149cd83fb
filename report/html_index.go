package report

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pycov/pycov/coverage"
)

// indexPage is what the index shows: the directory picture, then the
// table of files and its total.
type indexPage struct {
	pageMeta
	Branch  bool
	Rows    []indexRow
	Total   indexRow
	Tree    *treeNode
	Skipped Skipped
	// NameCh and NameDepth size the name column of the picture: the
	// longest name and the deepest indentation, so the bars line up just
	// after the names.
	NameCh, NameDepth int
}

// indexRow is one file of the table, or the total.
type indexRow struct {
	Name    string
	Href    string // the file's page
	N       coverage.Numbers
	Pct     string // shown, rounded as coverage.py rounds
	SortPct string // the unrounded percentage, to sort by
	// StmtPct and BranchPct are the statements and the branches apart,
	// each with its unrounded value to sort by.
	StmtPct, SortStmtPct     string
	BranchPct, SortBranchPct string
	Covered                  bool // nothing missing: what "hide covered" hides
	Branch                   bool // the report measured branches: their columns are shown
}

// newIndexRow is the row of a file (or a function, a class, the total)
// called name, whose page is href, with the numbers n.
func newIndexRow(name, href string, n coverage.Numbers, branch bool, o HTMLOptions) indexRow {
	return indexRow{
		Name: name, Href: href, N: n,
		Pct:           coverage.DisplayPercent(n.PercentCovered(), o.Precision),
		SortPct:       strconv.FormatFloat(n.PercentCovered(), 'f', -1, 64),
		StmtPct:       coverage.DisplayPercent(n.PercentStatements(), o.Precision),
		SortStmtPct:   strconv.FormatFloat(n.PercentStatements(), 'f', -1, 64),
		BranchPct:     coverage.DisplayPercent(n.PercentBranches(), o.Precision),
		SortBranchPct: strconv.FormatFloat(n.PercentBranches(), 'f', -1, 64),
		Covered:       n.Missing == 0 && n.MissingBranches == 0,
		Branch:        branch,
	}
}

// treeNode is a directory (with its totals over every file under it) or a
// file, drawn as a bar: its length is the node's share of all statements
// and branches, and its green and red parts what ran and what did not.
type treeNode struct {
	Name     string // shown: one path segment, or a chain of them ("src/app")
	Path     string // directories: the prefix that filters the table ("src/app/")
	Href     string // files: the page
	N        coverage.Numbers
	Pct      string
	Size     string // bar length: its share of the whole report, a CSS percentage
	Ran      string // the part of the bar that ran, a CSS percentage of the bar
	Open     bool   // directories: shown unfolded
	Depth    int    // how far the name is indented
	Children []*treeNode
}

// treeOpenLimit is the number of files up to which every directory of the
// picture starts unfolded; above it only the top level does.
const treeOpenLimit = 60

// buildIndexPage lays out the index: a row for each shown file (names
// gives their pages), the total of the whole report, and the picture.
func buildIndexPage(rep *coverage.Report, files []*coverage.FileResult, names map[*coverage.FileResult]string,
	skipped Skipped, o HTMLOptions, meta pageMeta) *indexPage {
	p := &indexPage{pageMeta: meta, Branch: rep.Branch, Skipped: skipped}
	for _, f := range files {
		p.Rows = append(p.Rows, newIndexRow(f.Name, names[f], f.Numbers, rep.Branch, o))
	}
	p.Total = newIndexRow("Total", "", rep.Total, rep.Branch, o)
	p.Tree = buildTree(rep, names, o.Precision)
	var measure func(n *treeNode)
	measure = func(n *treeNode) {
		p.NameCh = max(p.NameCh, utf8.RuneCountInString(n.Name)+1)
		p.NameDepth = max(p.NameDepth, n.Depth)
		for _, c := range n.Children {
			measure(c)
		}
	}
	measure(p.Tree)
	return p
}

// buildTree makes the directory picture. Directory totals count every
// file of the report, shown or skipped, as the overall total does; only
// shown files appear as leaves, and directories with none are left out.
// A directory whose only child is a directory is drawn as one node.
func buildTree(rep *coverage.Report, names map[*coverage.FileResult]string, precision int) *treeNode {
	root := &treeNode{Name: "All files", N: rep.Total}
	shown := map[*treeNode]bool{}
	dirs := map[string]*treeNode{"": root}
	for _, f := range rep.Files {
		segs := strings.Split(f.Name, "/")
		parent, prefix := root, ""
		var chain []*treeNode
		for _, seg := range segs[:len(segs)-1] {
			if seg == "" {
				seg = "/" // an absolute name, outside the working directory
			}
			prefix += strings.TrimSuffix(seg, "/") + "/"
			d := dirs[prefix]
			if d == nil {
				d = &treeNode{Name: seg, Path: prefix}
				dirs[prefix] = d
				parent.Children = append(parent.Children, d)
			}
			d.N.Add(f.Numbers)
			chain = append(chain, d)
			parent = d
		}
		if href, ok := names[f]; ok {
			parent.Children = append(parent.Children, &treeNode{Name: segs[len(segs)-1], Href: href, N: f.Numbers})
			for _, d := range chain {
				shown[d] = true
			}
		}
	}
	whole := rep.Total.Statements + rep.Total.Branches
	open := len(names) <= treeOpenLimit
	var finish func(n *treeNode, depth int)
	finish = func(n *treeNode, depth int) {
		for {
			kids := n.Children[:0]
			for _, c := range n.Children {
				if c.Href != "" || shown[c] {
					kids = append(kids, c)
				}
			}
			n.Children = kids
			if depth == 0 || len(kids) != 1 || kids[0].Href != "" {
				break
			}
			// Fold a lone child directory into this one.
			c := kids[0]
			n.Name, n.Path, n.N, n.Children = strings.TrimSuffix(n.Name, "/")+"/"+c.Name, c.Path, c.N, c.Children
		}
		sort.SliceStable(n.Children, func(i, j int) bool {
			a, b := n.Children[i], n.Children[j]
			if (a.Href == "") != (b.Href == "") {
				return a.Href == "" // directories first
			}
			return a.Name < b.Name
		})
		n.Pct = coverage.DisplayPercent(n.N.PercentCovered(), precision)
		n.Size, n.Ran = cssPercent(n.N.Statements+n.N.Branches, whole), cssPercent(n.N.Covered()+n.N.CoveredBranches(), n.N.Statements+n.N.Branches)
		n.Open = n.Href == "" && (open || depth == 0)
		n.Depth = depth
		for _, c := range n.Children {
			finish(c, depth+1)
		}
	}
	finish(root, 0)
	return root
}

// cssPercent is part/whole as a CSS percentage ("37.5%"); 100% when whole
// is zero, like a percentage of coverage.
func cssPercent(part, whole int) string {
	if whole == 0 {
		return "100%"
	}
	return strconv.FormatFloat(100*float64(part)/float64(whole), 'f', 2, 64) + "%"
}

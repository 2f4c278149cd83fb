package coverage

import "fmt"

// MissingArcText describes a missed branch arc for people, as coverage.py
// does: "line 5 didn't jump to line 7", "line 9 didn't return from
// function 'f'", "line 3 didn't exit the module", followed by the reason
// when the branch's kind is known ("because the condition on line 5 was
// never true").
func (r *FileResult) MissingArcText(arc [2]int) string {
	from, to := arc[0], arc[1]
	var what string
	if to > 0 {
		what = fmt.Sprintf("line %d didn't jump to line %d", from, to)
	} else {
		what = fmt.Sprintf("line %d didn't %s", from, r.exitText(-to))
	}
	if why := r.arcReason(arc); why != "" {
		what += " because " + why
	}
	return what
}

// exitText names what an exit arc leaves: the code object whose first
// line is first.
func (r *FileResult) exitText(first int) string {
	f := r.Data.Facts
	for _, fn := range f.Functions {
		if fn.Start == first {
			return fmt.Sprintf("return from function '%s'", fn.Name)
		}
	}
	for _, c := range f.Classes {
		if c.Start == first {
			return fmt.Sprintf("exit the body of class '%s'", c.Name)
		}
	}
	return "exit the module"
}

// arcReason is the "because ..." part, from the kind of the branch line.
func (r *FileResult) arcReason(arc [2]int) string {
	k, ok := r.Data.Facts.BranchKinds.Of(arc[0])
	if !ok {
		return ""
	}
	taken := arc[1] == k.Into
	switch k.Kind {
	case "if", "while":
		if taken {
			return fmt.Sprintf("the condition on line %d was never true", arc[0])
		}
		return fmt.Sprintf("the condition on line %d was never false", arc[0])
	case "for":
		if taken {
			return fmt.Sprintf("the loop on line %d never started", arc[0])
		}
		return fmt.Sprintf("the loop on line %d didn't complete", arc[0])
	case "case":
		if taken {
			return fmt.Sprintf("the pattern on line %d never matched", arc[0])
		}
		return fmt.Sprintf("the pattern on line %d always matched", arc[0])
	}
	return ""
}

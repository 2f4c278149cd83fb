package main

import "regexp"

// contextMatcher compiles [report] contexts (--contexts): a context is
// reported when any of the regular expressions matches part of its name,
// as coverage.py's re.search. (Go's syntax: Python's look-arounds and
// backreferences are not supported.)
func contextMatcher(patterns []string) (func(string) bool, error) {
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, usageError("invalid context regex %q: %v (--contexts, [report] contexts)", p, err)
		}
		res[i] = re
	}
	return func(name string) bool {
		for _, re := range res {
			if re.MatchString(name) {
				return true
			}
		}
		return false
	}, nil
}

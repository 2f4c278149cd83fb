package coverage

import (
	"testing"
)

// The facts cache keys a file with described code by what the code's map
// depends on (its key and checksum), not by the marshalled bytes, which
// vary from run to run with reference counts.
func TestFactsCacheKeyDescribed(t *testing.T) {
	c := &FactsCache{Dir: t.TempDir(), Interpreter: "python 3.14.6"}
	content := "the digest of test_x.py"
	described := func(sum uint32, code string) FactsRequest {
		return FactsRequest{Files: []string{"/t/test_x.py"}, Described: map[string][]DescribedCode{
			"/t/test_x.py": {{Key: CodeKey{Qualname: "test_x", FirstLine: 1, Size: 40}, Sum: sum, Code: []byte(code)}},
		}}
	}
	plain := c.key(FactsRequest{Files: []string{"/t/test_x.py"}}, "/t/test_x.py", content)
	a := c.key(described(7, "marshal, one run"), "/t/test_x.py", content)
	b := c.key(described(7, "marshal, another run"), "/t/test_x.py", content)
	other := c.key(described(8, "marshal, one run"), "/t/test_x.py", content)
	if a != b {
		t.Error("the same described code (same checksum) gets another cache key when its marshalled bytes differ")
	}
	if a == plain || a == other {
		t.Error("described code with another checksum, or none, shares a cache key")
	}
}

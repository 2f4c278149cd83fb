package coverage

import (
	"bytes"
	"regexp"
	"testing"
)

// A damaged data file's message says what is wrong in words a user
// understands ("it ends in the middle of a record"), not the decoder's
// ("bad length -58"), and still names the file and the remedy: every
// truncation of a data file with contexts, and every byte of it replaced
// by values that make varints negative, huge or unfinished.
func TestDamagedDataMessages(t *testing.T) {
	t.Parallel()
	d := sampleData()
	d.Contexts = []string{"", "test_a"}
	fd := d.Files[0]
	fd.LineContexts = map[int]ContextSet{1: {0}, 2: {0, 1}}
	fd.ArcContexts = map[[2]int]ContextSet{{2, -1}: {1}}
	var buf bytes.Buffer
	if err := d.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if _, err := DecodeData(bytes.NewReader(good), "x/.pycov"); err != nil {
		t.Fatalf("the undamaged file does not read: %v", err)
	}
	body := bytes.IndexByte(good, '\n') + 1
	var damaged [][]byte
	for n := body; n < len(good); n++ {
		damaged = append(damaged, good[:n])
	}
	for i := body; i < len(good); i++ {
		for _, v := range []byte{0x00, 0x01, 0x73, 0x7f, 0x80, 0xff} {
			b := bytes.Clone(good)
			b[i] = v
			damaged = append(damaged, b)
		}
	}
	form := regexp.MustCompile("^data file x/\\.pycov (is damaged or truncated \\((.*)\\)|is damaged: .*|was written by a newer pycov .*); (run `pycov erase` and measure again|upgrade pycov .*)$")
	// The decoder's words: a number or "bad" in the reason.
	jargon := regexp.MustCompile(`[0-9]|\bbad\b|varint|tag`)
	seen := map[string]bool{}
	for _, b := range damaged {
		_, err := DecodeData(bytes.NewReader(b), "x/.pycov")
		if err == nil || seen[err.Error()] {
			continue
		}
		seen[err.Error()] = true
		m := form.FindStringSubmatch(err.Error())
		switch {
		case m == nil:
			t.Errorf("message without the file or the remedy: %v", err)
		case m[2] != "" && jargon.MatchString(m[2]):
			t.Errorf("message in the decoder's words: %v", err)
		}
	}
	if len(seen) < 3 {
		t.Errorf("only %d distinct messages: the damage did not reach the decoder", len(seen))
	}
}

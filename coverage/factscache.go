package coverage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
)

// FactsCache keeps facts on disk by content, so that a file is analysed
// once per content, interpreter and exclusion settings, not once per run.
// A nil *FactsCache caches nothing.
//
// The directory may be shared (a CI cache restored on another machine, an
// older or newer pycov): an entry is a file named by the SHA256 of
// everything its facts depend on — the cache format, the facts script,
// the interpreter, the exclusion settings and the file's content — and it
// repeats that key and the content's digest inside, so a truncated,
// renamed or foreign entry is a miss, never a wrong answer.
type FactsCache struct {
	Dir         string // e.g. ~/.cache/pycov/facts
	Interpreter string // identifies the compiler: path and version
}

// FactsCacheVersion is the version of the cache entries' format (the
// header and key line). Change it when that changes. The encoding of the
// facts after it has its own version, factsCodecVersion. Both are part of
// every key and every entry's header, so an entry of another version is
// simply not found, and one copied under another version's name is
// refused: a miss either way, never an error.
const FactsCacheVersion = 1

// factsEntryHeader starts every entry; the versions and key follow.
const factsEntryHeader = "pycov-facts "

// cacheFormat names the format of entries: "1.1" is FactsCacheVersion 1
// with facts in codec version 1.
var cacheFormat = fmt.Sprintf("%d.%d", FactsCacheVersion, factsCodecVersion)

// factsScriptSum identifies the facts script in cache keys.
var factsScriptSum = sha256.Sum256(factsScript)

// key is the cache key of the facts of the file path, whose content has
// the SHA256 sum (hex), and of the code objects the agent described in it
// (req.Described).
func (c *FactsCache) key(req FactsRequest, path, sum string) string {
	return c.keyIn(cacheFormat, req, path, sum)
}

// keyIn is key for entries of the given format.
func (c *FactsCache) keyIn(format string, req FactsRequest, path, sum string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s%s\x00", factsEntryHeader, format)
	h.Write(factsScriptSum[:])
	fmt.Fprintf(h, "\x00%s\x00%s\x00%s\x00", c.Interpreter, regexKey(req.Exclude), regexKey(req.Partial))
	h.Write([]byte(sum))
	for _, d := range req.Described[path] {
		fmt.Fprintf(h, "\x00%q %d %d %d", d.Key.Qualname, d.Key.FirstLine, d.Key.Size, d.Sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// regexKey writes an exclusion setting for a key: nil (coverage.py's
// defaults) differs from an empty list (no exclusions).
func regexKey(v []string) string {
	if v == nil {
		return "defaults"
	}
	return fmt.Sprintf("%q", v)
}

// Cached facts are in the binary encoding of codec.go: several times
// faster to read than JSON.
func (c *FactsCache) path(key string) string {
	return filepath.Join(c.Dir, key[:2], key[2:]+".facts")
}

// entryPrefix is what an entry for key starts with.
func entryPrefix(key string) []byte {
	return fmt.Appendf(nil, "%s%s %s\n", factsEntryHeader, cacheFormat, key)
}

// load returns the facts cached under key if the entry is whole, is for
// key, and describes content whose SHA256 is sum; else nil.
func (c *FactsCache) load(key, sum string) *Facts {
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil
	}
	return decodeEntry(b, key, sum)
}

// decodeEntry checks and decodes one cache entry.
func decodeEntry(b []byte, key, sum string) *Facts {
	prefix := entryPrefix(key)
	if !bytes.HasPrefix(b, prefix) {
		return nil
	}
	d := &decoder{b: b[len(prefix):]}
	f := d.facts()
	if d.err != nil || len(d.b) != 0 || f.SHA256 != sum || f.Error != "" || !plausible(f) {
		return nil
	}
	return f
}

// plausible reports whether f's line numbers are positive; the decoder
// has already checked every count against the entry's size.
func plausible(f *Facts) bool {
	for _, l := range f.Statements {
		if l < 1 {
			return false
		}
	}
	for _, l := range f.Excluded {
		if l < 1 {
			return false
		}
	}
	return true
}

func encodeEntry(key string, f *Facts) []byte {
	e := &encoder{b: entryPrefix(key)}
	e.facts(f)
	return e.b
}

// cacheEntry is facts to store under a key.
type cacheEntry struct {
	key   string
	facts *Facts
}

// storeAll stores entries on every core: a cold run of a large project
// writes thousands, after its last analysis ends.
func (c *FactsCache) storeAll(entries []cacheEntry) {
	if c == nil || len(entries) == 0 {
		return
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(entries)) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(entries)); i = next.Add(1) - 1 {
				c.store(entries[i].key, entries[i].facts)
			}
		})
	}
	wg.Wait()
}

// store writes f under key atomically (a temporary file renamed), so that
// concurrent runs sharing the directory never read half an entry. Errors
// are ignored: the cache only saves time.
func (c *FactsCache) store(key string, f *Facts) {
	b := encodeEntry(key, f)
	p := c.path(key)
	if os.MkdirAll(filepath.Dir(p), 0o700) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".facts-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}

package monitoring

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pycov/pycov/internal/globquote"
)

// Ownership of journal directories. pycov deletes a journal directory only
// when it can prove that it made it: NewJournalDir writes a marker file,
// pycov-owner, holding a random nonce and its HMAC-SHA256 (bound to the
// directory's name and identity, dirIdentity, so that a copy of it is not
// pycov's) under a key kept in the user's pycov cache directory,
// readable by the user alone. A directory without the marker is not a
// journal directory, whatever else it holds (a project's own run.json);
// one whose marker does not verify (copied from another machine, made by
// hand) can be combined, but pycov never deletes it. Even in a directory of
// its own, pycov deletes only the files it names itself (ownedNames) and
// then the directory if that left it empty.

const (
	ownerFile    = "pycov-owner"
	ownerKeyFile = "owner.key"
	ownerMagic   = "pycov journal directory 1\n"
)

// ownedNames are the files pycov and its agent create in a journal
// directory, as filepath.Match patterns: journals and their segments, the
// agent's journal being created, run.json and its temporary file, the
// marker.
var ownedNames = []string{"j-*.jnl", ".j-*.jnl.tmp", runInfoFile, "." + runInfoFile + ".tmp-*", ownerFile}

// OwnerKey is the user's secret that marks journal directories as pycov's.
type OwnerKey struct{ key []byte }

// LoadOwnerKey reads the key in cacheDir, creating it (owner-only) if
// create is set and there is none; without create a missing key is nil,
// and nothing verifies as pycov's under it.
func LoadOwnerKey(cacheDir string, create bool) (*OwnerKey, error) {
	path := filepath.Join(cacheDir, ownerKeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		b, err = createOwnerKey(path)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading pycov's key %s: %w", path, err)
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("pycov's key %s is damaged (%d bytes, want 32): delete it; journal directories marked with it will then be kept, not deleted", path, len(b))
	}
	return &OwnerKey{key: b}, nil
}

// createOwnerKey writes a fresh key at path, unless another pycov has just
// done so, and returns the key now there.
func createOwnerKey(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+ownerKeyFile+".tmp-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(key)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	// Link fails if the key exists: the first one made is everyone's.
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	return os.ReadFile(path)
}

func (k *OwnerKey) mac(dir string, st os.FileInfo, nonce []byte) []byte {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte(filepath.Base(dir)))
	m.Write([]byte{0})
	m.Write(dirIdentity(st))
	m.Write([]byte{0})
	m.Write(nonce)
	return m.Sum(nil)
}

// mark writes dir's marker.
func (k *OwnerKey) mark(dir string) error {
	if k == nil {
		return errors.New("no key to mark the journal directory with")
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	content := ownerMagic + hex.EncodeToString(nonce) + " " + hex.EncodeToString(k.mac(dir, st, nonce)) + "\n"
	return writeFileAtomic(filepath.Join(dir, ownerFile), []byte(content))
}

// Ownership is what pycov knows of a directory offered as a journal
// directory.
type Ownership int

const (
	NotJournalDir Ownership = iota // no marker, or not a plain directory: left alone
	Foreign                        // a journal directory pycov did not make here: read, never deleted
	Owned                          // made by pycov, for this user, here
)

// CheckOwner tells whether dir is a journal directory, and whether pycov
// made it under key (which may be nil: nothing is owned).
func CheckOwner(dir string, key *OwnerKey) Ownership {
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() {
		return NotJournalDir // a symbolic link is never followed
	}
	b, err := readSmall(filepath.Join(dir, ownerFile))
	if err != nil || !bytes.HasPrefix(b, []byte(ownerMagic)) {
		return NotJournalDir
	}
	fields := strings.Fields(string(b[len(ownerMagic):]))
	if key == nil || len(fields) != 2 {
		return Foreign
	}
	nonce, err1 := hex.DecodeString(fields[0])
	mac, err2 := hex.DecodeString(fields[1])
	if err1 != nil || err2 != nil || !hmac.Equal(mac, key.mac(dir, st, nonce)) {
		return Foreign
	}
	return Owned
}

// readSmall reads the start of a regular file (never through a link): a
// marker is a few dozen bytes, whatever a directory from elsewhere holds.
func readSmall(path string) ([]byte, error) {
	if st, err := os.Lstat(path); err != nil || !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 512))
}

// NotOwnedError says why pycov left a directory alone.
func NotOwnedError(dir string, o Ownership) error {
	if o == Foreign {
		return fmt.Errorf("%s was not made by pycov on this machine for this user (copied from elsewhere?); it is kept: delete it yourself once combined", dir)
	}
	return fmt.Errorf("%s is not a journal directory made by pycov (it has no valid %s marker); it is left alone", dir, ownerFile)
}

// RemoveJournals deletes the given journals (with their segments) from
// dir, which must be a journal directory pycov made under key; once no
// journal is left it deletes pycov's other files there and the directory,
// if that leaves it empty. An error names what was kept and why; a
// directory that is gone already (removed by the program) is no error.
func RemoveJournals(dir string, journals []string, key *OwnerKey) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if o := CheckOwner(dir, key); o != Owned {
		return NotOwnedError(dir, o)
	}
	for _, j := range journals {
		if filepath.Dir(j) != filepath.Clean(dir) || !isOwnedName(filepath.Base(j)) {
			continue // not a journal of dir: never deleted from here
		}
		os.Remove(j)
		segs, _ := filepath.Glob(globquote.Quote(strings.TrimSuffix(j, ".jnl")) + ".*.jnl")
		for _, s := range segs {
			os.Remove(s)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(globquote.Quote(dir), "*.jnl")); len(left) > 0 {
		return nil // unread journals keep the directory, for a later combine
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("removing journal directory %s: %w", dir, err)
	}
	var foreign []string
	for _, e := range entries {
		if isOwnedName(e.Name()) && e.Type().IsRegular() && e.Name() != ownerFile {
			os.Remove(filepath.Join(dir, e.Name()))
		} else if e.Name() != ownerFile {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) > 0 {
		return fmt.Errorf("journal directory %s is kept: it holds files pycov did not make (%s)", dir, strings.Join(foreign, ", "))
	}
	os.Remove(filepath.Join(dir, ownerFile)) // last: until here the directory stays provably pycov's
	if err := os.Remove(dir); err != nil {
		return fmt.Errorf("removing journal directory %s: %w", dir, err)
	}
	return nil
}

func isOwnedName(name string) bool {
	for _, p := range ownedNames {
		if ok, _ := filepath.Match(p, name); ok {
			return true
		}
	}
	return false
}

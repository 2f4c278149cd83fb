package coverage

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/gofrs/flock"
)

// Updating the data file is read, merge, write: two pycov processes doing
// that at once (`pycov run -a` twice, a report combining while a run
// appends) would each write what they read plus their own, and the one
// that writes last would lose the other's. LockData serialises them with a
// lock on an empty file beside the data file, DATA_FILE.lock, which exists
// only while a pycov holds it: the holder deletes it before releasing it,
// and whoever then gets the lock on the deleted file sees that the name no
// longer leads to the file it locked, and starts again.

// LockData takes the data file's lock, waiting for other pycov processes
// that hold it, and returns the function that releases it.
func LockData(ctx context.Context, dataPath string) (unlock func(), err error) {
	path := dataPath + ".lock"
	notOurs := fmt.Errorf("%s is not pycov's lock file (pycov locks the data file with an empty file of that name): move it away", path)
	for {
		if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
			return nil, notOurs // never opened: a link could lead anywhere
		}
		l := flock.New(path, flock.SetPermissions(0o600))
		ok, err := l.TryLockContext(ctx, 10*time.Millisecond)
		if err == nil && !ok {
			err = ctx.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("locking data file %s (with %s): %w", dataPath, path, err)
		}
		locked, lerr := l.Stat()
		named, nerr := os.Lstat(path)
		switch {
		case nerr == nil && (!named.Mode().IsRegular() || named.Size() != 0):
			l.Unlock()
			return nil, notOurs
		case lerr == nil && nerr == nil && os.SameFile(locked, named):
			return func() {
				os.Remove(path)
				l.Unlock()
			}, nil
		}
		l.Unlock() // the holder before us deleted it: lock the new one
	}
}

//go:build unix

package monitoring

import (
	"encoding/binary"
	"os"
	"syscall"
)

// dirIdentity is what tells one directory from a copy of it under the same
// name: its device and inode. A rename keeps them; cp -a, rsync or an
// unpacked archive makes a new directory with new ones.
func dirIdentity(st os.FileInfo) []byte {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	b := binary.BigEndian.AppendUint64(nil, uint64(sys.Dev))
	return binary.BigEndian.AppendUint64(b, uint64(sys.Ino))
}

package coverage

import (
	"bytes"
	"testing"
)

// BenchmarkDecodeData1000 decodes the data of a 1,000-file project: most
// of what `pycov report` does.
func BenchmarkDecodeData1000(b *testing.B) {
	var buf bytes.Buffer
	if err := syntheticData(1000, 1).Encode(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeData(bytes.NewReader(buf.Bytes()), "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

package coverage_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pycov/pycov/coverage"
	"github.com/pycov/pycov/internal/benchdata"
)

// The data file's costs at two project sizes, so that how they grow reads
// off the output (see internal/benchdata for the project and peak-MB):
//
//	go test ./coverage -run NONE -bench 'DataFile|CombineProject' -benchtime 3x
var growthSizes = []int{1000, 5000}

// BenchmarkDataFile encodes the data of the benchmark project (what
// `pycov run` writes) and decodes it (what every report reads first).
func BenchmarkDataFile(b *testing.B) {
	for _, n := range growthSizes {
		d := benchdata.Data("/proj", n)
		var buf bytes.Buffer
		if err := d.Encode(&buf); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("encode/files=%d", n), func(b *testing.B) {
			b.SetBytes(int64(buf.Len()))
			benchdata.Measure(b, func() {
				var out bytes.Buffer
				for b.Loop() {
					out.Reset()
					if err := d.Encode(&out); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
		b.Run(fmt.Sprintf("decode/files=%d", n), func(b *testing.B) {
			b.SetBytes(int64(buf.Len()))
			benchdata.Measure(b, func() {
				for b.Loop() {
					if _, err := coverage.DecodeData(bytes.NewReader(buf.Bytes()), "bench"); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkCombineProject is `pycov combine` of the data files of four
// processes that each imported the whole benchmark project and ran a
// quarter of it (as test runners' workers do): read, merge, write.
func BenchmarkCombineProject(b *testing.B) {
	for _, n := range growthSizes {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			var paths []string
			for w := 0; w < 4; w++ {
				d := benchdata.Data("/proj", n)
				for i, f := range d.Files {
					if i%4 != w {
						f.Lines, f.Arcs, f.Started = f.Lines[:1], nil, f.Started[:1]
					}
				}
				p := filepath.Join(dir, fmt.Sprintf(".pycov.host.%d.x", w))
				if err := coverage.WriteData(p, d); err != nil {
					b.Fatal(err)
				}
				paths = append(paths, p)
			}
			benchdata.Measure(b, func() {
				for b.Loop() {
					c := coverage.NewCombiner(nil, nil)
					for _, p := range paths {
						if err := c.AddFile(p); err != nil {
							b.Fatal(err)
						}
					}
					if err := coverage.WriteData(filepath.Join(dir, ".pycov"), c.Data()); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

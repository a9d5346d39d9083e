package rawpage

import (
	"path/filepath"
	"testing"

	"github.com/pulsesearch/pulse/indexer/format/formattest"
)

// TestGolden reads every page in testdata and compares the result with
// its .golden file.
func TestGolden(t *testing.T) {
	fixClock(t)
	formattest.GoldenDir(t, Reader{})
}

// TestSamplePage reads the shared sample page.
func TestSamplePage(t *testing.T) {
	fixClock(t)
	formattest.Golden(t, Reader{}, "sample-page.txt", []byte(formattest.SamplePage(t)), filepath.Join("testdata", "sample-page.golden"))
}

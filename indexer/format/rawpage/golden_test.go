package rawpage

import (
	"path/filepath"
	"testing"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format/formattest"
)

// testReader is the reader as indexer.Readers builds it from the shipped
// configuration.
var testReader = Reader{MaxBytes: config.Defaults().Ingest.MaxTextBytes}

// TestGolden reads every page in testdata and compares the result with
// its .golden file.
func TestGolden(t *testing.T) { formattest.GoldenDir(t, testReader) }

// TestSamplePage reads the shared sample page.
func TestSamplePage(t *testing.T) {
	formattest.Golden(t, testReader, "sample-page.txt", []byte(formattest.SamplePage(t)), filepath.Join("testdata", "sample-page.golden"))
}

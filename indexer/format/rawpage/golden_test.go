package rawpage

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format/formattest"
)

// testReader is the reader as indexer.Readers builds it from the shipped
// configuration, with a fixed time of ingest so that dates read without a
// year do not change with the day the tests run.
var testReader = Reader{MaxBytes: config.Defaults().Ingest.MaxTextBytes, Now: testNow}

// testNow is the time of ingest in the tests.
func testNow() time.Time { return time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC) }

// TestGolden reads every page in testdata and compares the result with
// its .golden file.
func TestGolden(t *testing.T) { formattest.GoldenDir(t, testReader) }

// TestSamplePage reads the shared sample page.
func TestSamplePage(t *testing.T) {
	formattest.Golden(t, testReader, "sample-page.txt", []byte(formattest.SamplePage(t)), filepath.Join("testdata", "sample-page.golden"))
}

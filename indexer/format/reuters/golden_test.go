package reuters

import (
	"testing"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format/formattest"
)

// testReader has the shipped caps.
var testReader = Reader{MaxBytes: config.Defaults().Ingest.MaxFileBytes, MaxStoryBytes: config.Defaults().Ingest.MaxStoryBytes}

// TestGolden reads every file in testdata and compares the items with its
// .golden file: stories of each TEXT type, and bad stories (no numeric
// NEWID, a date that is not one, no closing tag), each an item with its
// reason while reading goes on.
func TestGolden(t *testing.T) {
	formattest.Structured = true
	formattest.GoldenDir(t, testReader)
}

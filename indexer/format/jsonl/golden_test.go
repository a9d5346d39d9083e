package jsonl

import (
	"testing"

	"github.com/pulsesearch/pulse/indexer/format/formattest"
)

// TestGolden reads every file in testdata and compares the items with its
// .golden file: good lines, bad lines of each kind (each rejected with
// its reason, reading going on), and bytes that are not UTF-8.
func TestGolden(t *testing.T) {
	formattest.Structured = true
	formattest.GoldenDir(t, testReader)
}

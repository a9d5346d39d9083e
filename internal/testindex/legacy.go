package testindex

import (
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer"
)

// Legacy indexes arts exactly as given, without the cleaning and checks
// of ingest (Prepare), as an index written by an older Pulse may hold
// them: for tests that what the read side emits is safe whatever the
// index holds.
func Legacy(tb testing.TB, arts []pulse.Article) bleve.Index {
	tb.Helper()
	ix, err := indexer.Open(filepath.Join(tb.TempDir(), "data"), "test")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	b := ix.Bleve().NewBatch()
	for _, a := range arts {
		src, err := indexer.SourceJSON(&a)
		if err != nil {
			tb.Fatal(err)
		}
		if err := b.Index(a.ID, map[string]any(indexer.NewDocument(&a, src, a.ContentHash()))); err != nil {
			tb.Fatal(err)
		}
	}
	if err := ix.Bleve().Batch(b); err != nil {
		tb.Fatal(err)
	}
	return ix.Bleve()
}

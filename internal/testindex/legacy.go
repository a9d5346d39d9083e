package testindex

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
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
	docs := make([]indexer.Document, len(arts))
	for i := range arts {
		src, err := indexer.SourceJSON(&arts[i])
		if err != nil {
			tb.Fatal(err)
		}
		docs[i] = indexer.NewDocument(&arts[i], src, arts[i].ContentHash())
	}
	w := indexer.NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: max(1, len(arts))}, time.UTC)
	if err := w.WriteDocuments(docs); err != nil {
		tb.Fatal(err)
	}
	return ix.Bleve()
}

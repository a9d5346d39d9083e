package relevance

import (
	"context"
	"fmt"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/extract"
	"github.com/pulsesearch/pulse/indexer/format"
)

// extractor adapts the production entity extractor to
// indexer.Extractor, as `pulse ingest` uses it.
type extractor struct{ x *extract.Extractor }

func (e extractor) Extract(a *pulse.Article) { e.x.Extract(a, extract.Options{}) }

// NewExtractor returns the production entity extractor (indexer/extract
// with the embedded knowledge base) as an indexer.Extractor.
//
// It returns the error of loading the knowledge base.
func NewExtractor() (indexer.Extractor, error) {
	x, err := extract.New()
	if err != nil {
		return nil, err
	}
	return extractor{x: x}, nil
}

// Built is a fresh index and what went into it.
type Built struct {
	Index    *indexer.Index
	Written  int
	Rejected []string // "id: reason"
}

// BuildIndex creates an index in dataDir (a new or empty data directory)
// and writes arts into it through the production writer (cleaning,
// extraction with x, copy clusters) in batches of ing.BatchSize. The
// caller closes Built.Index. An article the writer rejects is listed in
// Built.Rejected and the others are indexed.
//
// It returns an error when the directory cannot be locked or holds an
// index already, or when the index fails while writing.
func BuildIndex(ctx context.Context, dataDir string, arts []pulse.Article, x indexer.Extractor, ing config.Ingest) (*Built, error) {
	ix, err := indexer.Open(dataDir, "pulse-eval relevance")
	if err != nil {
		return nil, err
	}
	if n, err := ix.Bleve().DocCount(); err != nil || n > 0 {
		ix.Close()
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s: holds an index of %d articles already; give a fresh directory", dataDir, n)
	}
	res, err := write(ctx, ix, arts, x, ing)
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("%s: %w", dataDir, err)
	}
	b := &Built{Index: ix}
	for _, r := range res {
		if r.Outcome == pulse.Rejected {
			b.Rejected = append(b.Rejected, r.Item+": "+r.Reason)
			continue
		}
		b.Written++
	}
	return b, nil
}

// write writes arts into ix through the production writer, in batches of
// ing.BatchSize, and returns each article's outcome.
func write(ctx context.Context, ix *indexer.Index, arts []pulse.Article, x indexer.Extractor, ing config.Ingest) ([]pulse.ItemResult, error) {
	items := make([]format.Item, len(arts))
	names := make([]string, len(arts))
	for i, a := range arts {
		items[i] = format.Item{Article: a}
		names[i] = a.ID
	}
	return indexer.NewWriter(ix.Bleve(), x, ing, time.UTC).Write(ctx, items, names)
}

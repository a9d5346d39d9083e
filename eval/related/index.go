package related

import (
	"context"
	"fmt"
	"time"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Index builds a fresh index of docs in dir through the production
// indexer, so the evaluation sees what Pulse serves (mapping, documents,
// copy clusters). Only the articles go in: title, body and URL (and
// dates, which this corpus lacks); x, when not nil, adds the entities it
// extracts from their text. The gold groupings never reach the index.
//
// The caller closes the index, which also releases the directory.
func Index(ctx context.Context, dir string, docs []Doc, x Extractor) (*indexer.Index, error) {
	ix, err := indexer.Open(dir, "pulse-eval related")
	if err != nil {
		return nil, fmt.Errorf("create index in %s: %w", dir, err)
	}
	items := make([]format.Item, len(docs))
	names := make([]string, len(docs))
	for i, d := range docs {
		items[i] = format.Item{Article: d.Article}
		names[i] = d.Article.ID
	}
	var ex indexer.Extractor
	if x != nil {
		ex = x
	}
	w := indexer.NewWriter(ix.Bleve(), ex, config.Defaults().Ingest, time.UTC)
	res, err := w.Write(ctx, items, names)
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("index: %w", err)
	}
	for _, r := range res {
		if r.Err != nil {
			ix.Close()
			return nil, fmt.Errorf("index %s: %w", r.Item, r.Err)
		}
	}
	return ix, nil
}

package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
)

// Stories returns the number of stories in the index: its articles with
// each cluster of copies counted once, which is what a search's total
// counts with collapse on. Count is the number of articles.
//
// It returns the index's error, wrapped, when the search fails.
func (s *Searcher) Stories(ctx context.Context) (uint64, error) {
	p := newPass(s.cols, nil, nil, false)
	p.collapseCopies()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(p.handler))
	if _, err := s.idx.SearchInContext(ctx, req); err != nil {
		return 0, s.fault(err)
	}
	return p.total, nil
}

package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse/search/qlang"
)

// widens reports whether a request may be widened to articles with any
// of its words when few have them all (search.widen_below): in relevance
// order, a query whose strict build b requires two to
// qlang.LongQueryWords words typed side by side to match together
// (qlang.Built.AllWords). Longer runs already need only
// search.long_query_match of their words, words joined by an explicit
// AND say what they mean, and in date order the articles with every word
// would not come first.
func (s *Searcher) widens(b qlang.Built, opts qlang.Options, r Request) bool {
	return s.cfg.WidenBelow > 1 && opts.DefaultOperator == qlang.And && r.Sort == SortRelevance && b.AllWords
}

// widened reports whether a request whose strict build is b is searched
// for any of its words (see widens) because fewer than
// search.widen_below articles hold them all, and how many do. strict is
// the result of b when it has run, nil otherwise.
//
// It returns the fault of the count search.
func (s *Searcher) widened(ctx context.Context, b qlang.Built, opts qlang.Options, r Request, strict *Result) (bool, uint64, error) {
	if !s.widens(b, opts, r) {
		return false, 0, nil
	}
	all, err := s.allWords(ctx, b.Query, r, strict)
	if err != nil {
		return false, 0, err
	}
	return all < uint64(s.cfg.WidenBelow), all, nil
}

// allWords returns how many articles the strict query text matches,
// filters and dates aside, or a part of them at least search.widen_below
// large, which settles the choice as well. Whether a query is widened
// must not depend on the filters, or a facet's count (taken on the query
// as typed) would differ from what selecting the value finds (the
// widened query). Without a filter, bleve's count of the strict search's
// matches is that number (copies counted one by one, where the result's
// total counts each copy cluster once).
//
// It returns the fault of the count search.
func (s *Searcher) allWords(ctx context.Context, text query.Query, r Request, strict *Result) (uint64, error) {
	if strict != nil && (!r.filtered() || strict.matched >= uint64(s.cfg.WidenBelow)) {
		// Filtered, the strict search matched a part of the articles with
		// every word: when that part is large enough, so is the whole,
		// and the answer (not widened) needs no count.
		return strict.matched, nil
	}
	res, err := s.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(text, 0, 0, false))
	if err != nil {
		return 0, s.fault(err)
	}
	return res.Total, nil
}

// widenNotice says why a widened query shows articles without all its
// words.
func widenNotice(all uint64) string {
	switch all {
	case 0:
		return "No article has all of these words; showing articles with any of them."
	case 1:
		return "Only 1 article has all of these words; showing articles with any of them, the best matches first."
	}
	return fmt.Sprintf("Only %d articles have all of these words; showing articles with any of them, the best matches first.", all)
}

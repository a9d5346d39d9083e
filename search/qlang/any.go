package qlang

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// anyQuery is the disjunction of one word's clauses (title, summary, body,
// the entity alias keys) without the clauses that cannot match: a term the
// index lacks, such as a word in an archive without summaries or an alias
// no entity has. bleve's disjunction advances every clause, exhausted or
// not, at each step of an AND, so a word of two live clauses among seven
// paid for seven; at a million articles that was most of a two-word
// query's time.
//
// Scores are exactly those of the full disjunction: its weight (which sets
// the query norm) counts every clause, and each score is scaled by
// kept/all to undo the coordination factor of the smaller disjunction.
type anyQuery struct {
	qs []bquery.Query
}

// Searcher returns the disjunction of the clauses that can match.
func (q *anyQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if options.Explain {
		// Explanations show every clause.
		return bquery.NewDisjunctionQuery(q.qs).Searcher(ctx, i, m, options)
	}
	all := make([]search.Searcher, 0, len(q.qs))
	closeAll := func() {
		for _, s := range all {
			_ = s.Close()
		}
	}
	for _, sub := range q.qs {
		s, err := sub.Searcher(ctx, i, m, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		all = append(all, s)
	}
	var kept []search.Searcher
	weight := 0.0
	for _, s := range all {
		weight += s.Weight()
		if !empty(s) {
			kept = append(kept, s)
		}
	}
	if len(kept) == len(all) || len(kept) == 0 {
		return searcher.NewDisjunctionSearcher(ctx, i, all, 0, options)
	}
	for _, s := range all {
		if empty(s) {
			_ = s.Close()
		}
	}
	inner := kept[0]
	if len(kept) > 1 {
		d, err := searcher.NewDisjunctionSearcher(ctx, i, kept, 0, options)
		if err != nil {
			for _, s := range kept {
				_ = s.Close()
			}
			return nil, err
		}
		inner = d
	}
	s := &scaledSearcher{Searcher: inner, scale: float64(len(kept)) / float64(len(all)), weight: weight}
	// As the full disjunction does when it is the outermost searcher; an
	// enclosing one sets the norm again from its own weight.
	s.SetQueryNorm(1 / math.Sqrt(weight))
	return s, nil
}

// empty reports whether s is a term searcher of a term no article has.
func empty(s search.Searcher) bool {
	switch s := s.(type) {
	case *searcher.TermSearcher:
		return s.Count() == 0
	case *searcher.MatchNoneSearcher:
		return true
	}
	return false
}

// scaledSearcher multiplies its searcher's scores by scale and reports
// weight as its own.
type scaledSearcher struct {
	search.Searcher
	scale, weight float64
}

func (s *scaledSearcher) Weight() float64 { return s.weight }

func (s *scaledSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	if d != nil {
		d.Score *= s.scale
	}
	return d, err
}

func (s *scaledSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d != nil {
		d.Score *= s.scale
	}
	return d, err
}

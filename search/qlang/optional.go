package qlang

import (
	"context"
	"math"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
)

// optionalQuery matches what must matches and adds the score (and the
// locations) of should where should matches too: bleve's BooleanQuery
// with a Must and an optional Should, scored alike (the sum, as bleve's
// conjunction scorer gives it).
//
// It exists because bleve 2.6.3's BooleanSearcher.Advance moves its
// should searcher to the requested document even when that searcher
// already stands beyond it, on a match not yet used. A disjunction
// (bleve's or sumQuery's) cannot move back to that match, so the
// document lost its should score. Inside a conjunction (a date range or
// two facet filters beside the text, a highlight pass) the proximity and
// feedback bonuses fell off some articles, depending on how the index's
// segments happened to lie. This searcher moves should forward only.
type optionalQuery struct {
	must, should bquery.Query
}

// Searcher returns the must and should searchers joined.
func (q *optionalQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	ms, err := q.must.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	ss, err := q.should.Searcher(ctx, i, m, options)
	if err != nil {
		_ = ms.Close()
		return nil, err
	}
	s := &optionalSearcher{must: ms, should: ss, scorer: scorer.NewConjunctionQueryScorer(options), cons: make([]*search.DocumentMatch, 0, 2)}
	// The query norm bleve's BooleanSearcher hands its clauses (a term
	// searcher scales its score by it), so that scores stay bleve's to
	// the last bit.
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

// optionalSearcher walks must's matches and joins should's to them.
type optionalSearcher struct {
	must, should search.Searcher
	// cur is should's latest match, used already when at or before the
	// last document returned; nil before the first and after the last.
	cur     *search.DocumentMatch
	started bool
	scorer  *scorer.ConjunctionQueryScorer
	cons    []*search.DocumentMatch
}

var optionalSearcherSize = int(reflect.TypeOf(optionalSearcher{}).Size())

// Next returns must's next match with should's score added where it
// matches too.
func (s *optionalSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	m, err := s.must.Next(ctx)
	if err != nil || m == nil {
		return m, err
	}
	return s.join(ctx, m)
}

// Advance returns must's first match at id or beyond, with should's score
// added where it matches too; should moves only forward.
func (s *optionalSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	m, err := s.must.Advance(ctx, id)
	if err != nil || m == nil {
		return m, err
	}
	return s.join(ctx, m)
}

// join brings should to m's document if it stands before it, and scores
// m with should's match when that is on the same document.
func (s *optionalSearcher) join(ctx *search.SearchContext, m *search.DocumentMatch) (*search.DocumentMatch, error) {
	var err error
	if !s.started {
		s.started = true
		if s.cur, err = s.should.Next(ctx); err != nil {
			return nil, err
		}
	}
	if s.cur != nil && s.cur.IndexInternalID.Compare(m.IndexInternalID) < 0 {
		ctx.DocumentMatchPool.Put(s.cur)
		if s.cur, err = s.should.Advance(ctx, m.IndexInternalID); err != nil {
			return nil, err
		}
	}
	s.cons = append(s.cons[:0], m)
	if s.cur != nil && s.cur.IndexInternalID.Equals(m.IndexInternalID) {
		s.cons = append(s.cons, s.cur)
	}
	return s.scorer.Score(ctx, s.cons), nil
}

func (s *optionalSearcher) Close() error {
	return closeAll([]search.Searcher{s.must, s.should})
}

func (s *optionalSearcher) Weight() float64 { return s.must.Weight() + s.should.Weight() }

func (s *optionalSearcher) SetQueryNorm(n float64) {
	setQueryNorms([]search.Searcher{s.must, s.should}, n)
}

// Count is must's: what the query matches.
func (s *optionalSearcher) Count() uint64 { return s.must.Count() }

func (s *optionalSearcher) Min() int { return 0 }

func (s *optionalSearcher) Size() int {
	return optionalSearcherSize + s.must.Size() + s.should.Size()
}

func (s *optionalSearcher) DocumentMatchPoolSize() int {
	return 1 + s.must.DocumentMatchPoolSize() + s.should.DocumentMatchPoolSize()
}

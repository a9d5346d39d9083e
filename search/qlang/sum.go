package qlang

import (
	"context"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// sumQuery is a disjunction whose score is the plain sum of the clauses
// that match, without bleve's coordination factor (matched ÷ clauses),
// as Lucene has summed since version 7: one word's fields or one
// phrase's, where matching in fewer places must not divide the score.
// With min above 0, at least min clauses must match (a long query's
// share of its words).
type sumQuery struct {
	qs  []bquery.Query
	min int
}

// Searcher returns the sum of the clauses' searchers; with term vectors
// asked for (the highlight pass) bleve's disjunction, whose matches carry
// every clause's locations.
func (q *sumQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if options.IncludeTermVectors {
		d := bquery.NewDisjunctionQuery(q.qs)
		d.SetMin(float64(q.min))
		return d.Searcher(ctx, i, m, options)
	}
	s := &sumSearcher{min: q.min, options: options}
	for _, sub := range q.qs {
		ss, err := sub.Searcher(ctx, i, m, options)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.subs = append(s.subs, ss)
	}
	s.cur = make([]*search.DocumentMatch, len(s.subs))
	var w float64
	for _, ss := range s.subs {
		w += ss.Weight()
	}
	s.weight = w
	return s, nil
}

// sumSearcher merges its clauses' matches by document, summing scores.
type sumSearcher struct {
	subs    []search.Searcher
	cur     []*search.DocumentMatch // each clause's current match
	started bool
	min     int
	weight  float64
	options search.SearcherOptions
}

var sumSearcherSize = int(reflect.TypeOf(sumSearcher{}).Size())

func (s *sumSearcher) start(ctx *search.SearchContext) error {
	if s.started {
		return nil
	}
	s.started = true
	for n, ss := range s.subs {
		d, err := ss.Next(ctx)
		if err != nil {
			return err
		}
		s.cur[n] = d
	}
	return nil
}

// Next returns the next document matched by enough clauses.
func (s *sumSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	for {
		// The smallest document any clause stands on.
		var low uint64
		found := false
		for _, d := range s.cur {
			if d != nil {
				if v := d.IndexInternalID.Value(); !found || v < low {
					low, found = v, true
				}
			}
		}
		if !found {
			return nil, nil
		}
		var rv *search.DocumentMatch
		var expl []*search.Explanation
		matched := 0
		for n, d := range s.cur {
			if d == nil || d.IndexInternalID.Value() != low {
				continue
			}
			matched++
			if s.options.Explain {
				expl = append(expl, d.Expl)
			}
			if rv == nil {
				rv = d
			} else {
				rv.Score += d.Score
				ctx.DocumentMatchPool.Put(d)
			}
			next, err := s.subs[n].Next(ctx)
			if err != nil {
				return nil, err
			}
			s.cur[n] = next
		}
		if matched >= s.min {
			if s.options.Explain {
				rv.Expl = &search.Explanation{Value: rv.Score, Message: "sum of (no coord):", Children: expl}
			}
			return rv, nil
		}
		ctx.DocumentMatchPool.Put(rv)
	}
}

// Advance moves every clause to id or beyond, then returns Next.
func (s *sumSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	num := id.Value()
	for n, d := range s.cur {
		if d == nil || d.IndexInternalID.Value() >= num {
			continue
		}
		ctx.DocumentMatchPool.Put(d)
		next, err := s.subs[n].Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.cur[n] = next
	}
	return s.Next(ctx)
}

func (s *sumSearcher) Close() error { return closeAll(s.subs) }

func (s *sumSearcher) Weight() float64 { return s.weight }

func (s *sumSearcher) SetQueryNorm(n float64) { setQueryNorms(s.subs, n) }

func (s *sumSearcher) Count() uint64 { return countAll(s.subs) }

func (s *sumSearcher) Min() int { return s.min }

func (s *sumSearcher) Size() int { return sumSearcherSize + sizeAll(s.subs) }

func (s *sumSearcher) DocumentMatchPoolSize() int { return 1 + poolSizeAll(s.subs) }

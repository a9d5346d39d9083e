package qlang

import (
	"context"
	"math"
	"reflect"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// allQuery is the conjunction of its clauses, scored as bleve's
// (the sum of the clauses' scores). When every clause is a word
// (wordQuery), its searcher leapfrogs the words' postings by document
// number and scores a document only once every word stands on it;
// bleve's conjunction scores each word at every document it is advanced
// to, most of which the other words lack: for two common words at a
// million articles, most of an AND query's time. Anything else (a
// phrase, a prefix, the highlight pass, which asks for term vectors) is
// bleve's conjunction.
type allQuery struct {
	qs []bquery.Query
}

// Searcher returns the words' conjunction, or bleve's.
func (q *allQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if options.IncludeTermVectors {
		return bquery.NewConjunctionQuery(q.qs).Searcher(ctx, i, m, options)
	}
	ss := make([]search.Searcher, 0, len(q.qs))
	words := make([]*wordSearcher, 0, len(q.qs))
	for _, sub := range q.qs {
		s, err := sub.Searcher(ctx, i, m, options)
		if err != nil {
			for _, s := range ss {
				_ = s.Close()
			}
			return nil, err
		}
		ss = append(ss, s)
		if w, ok := s.(*wordSearcher); ok {
			words = append(words, w)
		}
	}
	if len(words) < len(ss) || len(ss) < 2 {
		return searcher.NewConjunctionSearcher(ctx, i, ss, options)
	}
	// In bleve's order (the fewest matches first), so that the scores
	// are summed in the same order and come out the same to the last bit.
	sort.SliceStable(words, func(a, b int) bool { return words[a].Count() < words[b].Count() })
	s := &allSearcher{words: words, options: options}
	var w float64
	for _, ws := range words {
		w += ws.Weight()
	}
	s.SetQueryNorm(1 / math.Sqrt(w))
	return s, nil
}

// allSearcher is the conjunction of word searchers.
type allSearcher struct {
	words   []*wordSearcher
	options search.SearcherOptions
	cons    []*search.DocumentMatch
}

var allSearcherSize = int(reflect.TypeOf(allSearcher{}).Size())

// Next returns the next document every word stands on.
func (s *allSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		var target uint64
		for n, w := range s.words {
			if !w.settle() {
				return nil, nil
			}
			if n == 0 || w.num > target {
				target = w.num
			}
		}
		aligned := true
		for _, w := range s.words {
			if w.num < target {
				if err := w.skipTo(target); err != nil {
					return nil, err
				}
				aligned = false
			}
		}
		if aligned {
			return s.match(ctx)
		}
	}
}

// match scores the document every word stands on, as bleve's
// conjunction scorer does, and moves the words past it.
func (s *allSearcher) match(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	s.cons = s.cons[:0]
	var sum float64
	for _, w := range s.words {
		d := w.score(ctx)
		sum += d.Score
		s.cons = append(s.cons, d)
	}
	var expl *search.Explanation
	if s.options.Explain {
		kids := make([]*search.Explanation, len(s.cons))
		for n, d := range s.cons {
			kids[n] = d.Expl
		}
		expl = &search.Explanation{Value: sum, Message: "sum of:", Children: kids}
	}
	rv := s.cons[0]
	rv.Score, rv.Expl = sum, expl
	for _, d := range s.cons[1:] {
		ctx.DocumentMatchPool.Put(d)
	}
	for _, w := range s.words {
		if err := w.step(); err != nil {
			return nil, err
		}
	}
	return rv, nil
}

// Advance moves every word to id or beyond, then returns Next.
func (s *allSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	num := id.Value()
	for _, w := range s.words {
		if err := w.skipTo(num); err != nil {
			return nil, err
		}
	}
	return s.Next(ctx)
}

func (s *allSearcher) Close() error { return closeAll(s.words) }

func (s *allSearcher) Weight() float64 {
	var w float64
	for _, ws := range s.words {
		w += ws.Weight()
	}
	return w
}

func (s *allSearcher) SetQueryNorm(n float64) { setQueryNorms(s.words, n) }

// Count is an upper bound of the documents matched, as bleve's.
func (s *allSearcher) Count() uint64 { return countAll(s.words) }

func (s *allSearcher) Min() int { return 0 }

func (s *allSearcher) Size() int { return allSearcherSize + sizeAll(s.words) }

func (s *allSearcher) DocumentMatchPoolSize() int { return len(s.words) + poolSizeAll(s.words) }

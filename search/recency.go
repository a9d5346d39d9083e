package search

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// recencyQuery blends a query's score with the article's age, inside
// bleve's scoring so that sorting, cursors (SearchAfter) and explanations
// all see the blended score:
//
//	score × ((1 − w) + w × 2^(−age / half-life))
//
// where age is measured from the newest article in the index (not from
// now, so an archive of old news still ranks sensibly) and w is the
// weight of recency. An article without a date counts as infinitely old.
type recencyQuery struct {
	cols     *columns
	inner    query.Query
	newest   time.Time
	halfLife time.Duration
	weight   float64
	// shrink is 1 / growthAt(newest): an article's decay is its growth
	// times shrink (NaN when out of range: computed exactly then).
	shrink float64
}

func (q *recencyQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	inner, err := q.inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	v, err := q.cols.view(r)
	if err != nil {
		inner.Close()
		return nil, err
	}
	return &recencySearcher{Searcher: inner, q: q, view: v, seg: -1, explain: opts.Explain}, nil
}

type recencySearcher struct {
	bsearch.Searcher
	q       *recencyQuery
	view    *colView
	explain bool

	seg   int // segment of times
	times *segColumns
}

func (s *recencySearcher) Next(sctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Next(sctx)
	if d != nil && err == nil {
		err = s.adjust(d)
	}
	return d, err
}

func (s *recencySearcher) Advance(sctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(sctx, id)
	if d != nil && err == nil {
		err = s.adjust(d)
	}
	return d, err
}

func (s *recencySearcher) adjust(d *bsearch.DocumentMatch) error {
	i, local := s.view.locate(d.IndexInternalID, s.seg)
	if i != s.seg {
		t, err := s.view.times(i)
		if err != nil {
			return err
		}
		s.seg, s.times = i, t
	}
	// An undated article's growth is 0, so its decay is 0 (counted as
	// the oldest) without reading its day: this runs for every match.
	decay := s.times.growth[local] * s.q.shrink
	found := true
	age := time.Duration(0)
	if s.explain || decay != decay || decay > 1 {
		// Explained, out of growth's range (NaN), or newer than the
		// newest (a write since it was read): exactly.
		decay = 0
		if found = s.times.day[local] != noDay; found {
			age = max(0, s.q.newest.Sub(time.Unix(0, s.times.pub[local])))
			decay = math.Exp2(-float64(age) / float64(s.q.halfLife))
		}
	}
	factor := (1 - s.q.weight) + s.q.weight*decay
	orig := d.Score
	d.Score *= factor
	if s.explain && d.Expl != nil {
		msg := "no date: counted as oldest"
		if found {
			msg = fmt.Sprintf("recency: %.1f days older than the newest article, half-life %.0f days, weight %.2f", age.Hours()/24, s.q.halfLife.Hours()/24, s.q.weight)
		}
		d.Expl = &bsearch.Explanation{
			Value:   d.Score,
			Message: "product of:",
			Children: []*bsearch.Explanation{
				{Value: orig, Message: "text relevance (BM25, title boosted)", Children: []*bsearch.Explanation{d.Expl}},
				{Value: factor, Message: msg},
			},
		}
	}
	return nil
}

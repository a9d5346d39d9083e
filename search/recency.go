package search

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
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

// newestDate returns the publication date of the newest article, from
// which recency is measured.
//
// After a write it first looks only at articles as new as the last known
// newest: a write can only move the newest date forward, unless it deleted
// that article, and a sort over the whole index costs a second at a
// million articles.
func (s *Searcher) newestDate(ctx context.Context) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.known {
		return s.newest, nil
	}
	var q query.Query = bleve.NewMatchAllQuery()
	if !s.newest.IsZero() {
		r := bleve.NewDateRangeQuery(s.newest, time.Time{})
		r.SetField(pulse.FieldPublishedAt)
		q = r
	}
	newest, err := s.newestMatching(ctx, q)
	if err == nil && newest.IsZero() && !s.newest.IsZero() {
		newest, err = s.newestMatching(ctx, bleve.NewMatchAllQuery())
	}
	if err != nil {
		return time.Time{}, err
	}
	s.newest, s.known = newest, true
	return s.newest, nil
}

// newestMatching returns the publication date of the newest article q
// matches; zero when none matches or none is dated.
func (s *Searcher) newestMatching(ctx context.Context, q query.Query) (time.Time, error) {
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	req.SortByCustom(bsearch.SortOrder{&bsearch.SortField{Field: pulse.FieldPublishedAt, Desc: true, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast}})
	req.Fields = pulse.StoredFields
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		return time.Time{}, err
	}
	a, _, err := pulse.StoredArticle(res.Hits[0].ID, res.Hits[0].Fields)
	if err != nil {
		return time.Time{}, nil
	}
	return a.PublishedAt, nil
}

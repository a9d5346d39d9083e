package qlang

import (
	"math/rand/v2"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse/internal/testindex"
)

// TestOptionalUnderConjunction: a query's optional part (the proximity
// bonus, the feedback terms) scores an article alike whether the query is
// searched alone or inside a conjunction that advances it (a date range,
// two facet filters, the highlight pass). bleve's BooleanQuery lost the
// optional score of articles its Advance skipped past.
func TestOptionalUnderConjunction(t *testing.T) {
	arts := randomArticles(rand.New(rand.NewPCG(5, 6)), 600, 80, 7)
	idx := testindex.BuildBatched(t, arts, 61)
	for _, c := range []struct {
		q   string
		set func(*Options)
	}{
		{"oil prices", nil},
		{"crude opec bank", nil},
		{"oil prices rise crude opec", func(o *Options) { o.LongMatch = 0.01 }},
		{"oil prices rise crude opec", func(o *Options) {
			o.LongMatch = 0.01
			o.Expansion = []Expansion{{Term: "bank", Weight: 0.3}, {Term: "yen", Weight: 0.1}, {Term: "wheat", Weight: 0.2}}
		}},
		{"oil OR gold", func(o *Options) { o.Expansion = []Expansion{{Term: "dollar", Weight: 0.5}} }},
	} {
		pq, err := Parse(c.q, defaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		bq, err := pq.Build(defaultOptions(func(o *Options) {
			o.Proximity, o.Mapping = 0.5, idx.Mapping()
			if c.set != nil {
				c.set(o)
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		// Searched alone (never advanced), it scores as bleve's
		// BooleanQuery does, to the last bit.
		opt, ok := bq.(*optionalQuery)
		if !ok {
			t.Fatalf("%q built %T, want an optional part", c.q, bq)
		}
		for _, from := range []int{0, 9} {
			got, err := idx.Search(bleve.NewSearchRequestOptions(bq, 50, from, true))
			if err != nil {
				t.Fatal(err)
			}
			want, err := idx.Search(bleve.NewSearchRequestOptions(&bquery.BooleanQuery{Must: opt.must, Should: opt.should}, 50, from, true))
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Fatalf("%q: %d hits, bleve's BooleanQuery %d", c.q, got.Total, want.Total)
			}
			if err := sameHits(got.Hits, want.Hits, from > 0, got.Total > uint64(from+len(got.Hits))); err != nil {
				t.Fatalf("%q from %d: %v (bleve's BooleanQuery second)", c.q, from, err)
			}
		}
		// The reference: the query beside an id query naming every
		// article it matches, which never has to advance it; then beside
		// one naming every third, which advances it over the others. The
		// two conjunctions weigh their clauses alike (the same query
		// norm), so the scores must be the same to the last bit.
		all, err := idx.Search(bleve.NewSearchRequestOptions(bq, len(arts), 0, false))
		if err != nil {
			t.Fatal(err)
		}
		var every, third []string
		for i, h := range all.Hits {
			every = append(every, h.ID)
			if i%3 == 0 {
				third = append(third, h.ID)
			}
		}
		if len(third) < 20 {
			t.Fatalf("%q: only %d hits", c.q, len(all.Hits))
		}
		scores := func(ids []string) map[string]float64 {
			conj := bquery.NewConjunctionQuery([]bquery.Query{bleve.NewDocIDQuery(ids), bq})
			res, err := idx.Search(bleve.NewSearchRequestOptions(conj, len(ids), 0, false))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != len(ids) {
				t.Fatalf("%q: %d hits under the conjunction, want %d", c.q, len(res.Hits), len(ids))
			}
			out := map[string]float64{}
			for _, h := range res.Hits {
				out[h.ID] = h.Score
			}
			return out
		}
		ref, got := scores(every), scores(third)
		wrong := 0
		for id, sc := range got {
			if sc != ref[id] {
				wrong++
				if wrong <= 3 {
					t.Errorf("%q: %s scores %v when advanced to, %v when not", c.q, id, sc, ref[id])
				}
			}
		}
		if wrong > 0 {
			t.Errorf("%q: %d of %d articles scored otherwise when advanced to", c.q, wrong, len(third))
		}
	}
}

package qlang

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse/internal/testindex"
)

// TestHighlightSameLocations checks that on the articles a query matched,
// Highlight's query finds the same term locations as the whole query
// searched with term vectors: words, phrases, prefixes, fuzzy words, OR,
// exclusions, entity keys, proximity, a long query's share of words and
// feedback terms.
func TestHighlightSameLocations(t *testing.T) {
	arts := randomArticles(rand.New(rand.NewPCG(3, 4)), 300, 60, 5)
	idx := testindex.BuildBatched(t, arts, 70)
	locations := func(q bquery.Query, ids []string) map[string]bsearch.FieldTermLocationMap {
		t.Helper()
		req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
		req.IncludeLocations = true
		res, err := idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bsearch.FieldTermLocationMap{}
		for _, h := range res.Hits {
			for _, terms := range h.Locations {
				for _, locs := range terms {
					slices.SortFunc(locs, func(a, b *bsearch.Location) int { return int(a.Start) - int(b.Start) })
				}
			}
			out[h.ID] = h.Locations
		}
		return out
	}
	for _, c := range []struct {
		q   string
		set func(*Options)
	}{
		{"oil", nil},
		{"oil prices", nil},
		{"oil OR gold", nil},
		{"oil -rise", nil},
		{`"crude opec" bank`, nil},
		{"pri* rates", nil},
		{"dollr~1 yen", nil},
		{`"oil rise"~3`, nil},
		{"title:oil body:prices", nil},
		{"iraq oil", nil},
		{"oil prices rise crude opec bank", nil},
		{"oil prices rise crude opec", func(o *Options) {
			o.Expansion = []Expansion{{Term: "bank", Weight: 0.3}, {Term: "yen", Weight: 0.1}}
		}},
	} {
		pq, err := Parse(c.q, defaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		bq, err := pq.Build(defaultOptions(func(o *Options) {
			o.EntityAliases, o.Proximity, o.LongMatch, o.Mapping = true, 0.5, 0.01, idx.Mapping()
			if c.set != nil {
				c.set(o)
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		res, err := idx.Search(bleve.NewSearchRequestOptions(bq, 20, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("%q: no hits", c.q)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		got, want := locations(Highlight(bq), ids), locations(bq, ids)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: Highlight's locations\n%v\nthe whole query's\n%v", c.q, got, want)
		}
	}
}

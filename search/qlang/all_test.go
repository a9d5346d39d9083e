package qlang

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// asBleve returns q with every allQuery replaced by bleve's conjunction.
func asBleve(q bquery.Query) bquery.Query {
	switch q := q.(type) {
	case *allQuery:
		qs := make([]bquery.Query, len(q.qs))
		for i, sub := range q.qs {
			qs[i] = asBleve(sub)
		}
		return bquery.NewConjunctionQuery(qs)
	case *sumQuery:
		qs := make([]bquery.Query, len(q.qs))
		for i, sub := range q.qs {
			qs[i] = asBleve(sub)
		}
		return &sumQuery{qs: qs, min: q.min}
	case *bquery.ConjunctionQuery:
		qs := make([]bquery.Query, len(q.Conjuncts))
		for i, sub := range q.Conjuncts {
			qs[i] = asBleve(sub)
		}
		return bquery.NewConjunctionQuery(qs)
	case *bquery.DisjunctionQuery:
		qs := make([]bquery.Query, len(q.Disjuncts))
		for i, sub := range q.Disjuncts {
			qs[i] = asBleve(sub)
		}
		d := bquery.NewDisjunctionQuery(qs)
		d.SetMin(q.Min)
		return d
	case *optionalQuery:
		// Kept: bleve's BooleanQuery loses the optional score of an
		// article a conjunction advances it to (TestOptionalUnderConjunction),
		// as in "(oil prices) AND gold".
		return &optionalQuery{must: asBleve(q.must), should: asBleve(q.should)}
	case *bquery.BooleanQuery:
		b := &bquery.BooleanQuery{}
		if q.Must != nil {
			b.Must = asBleve(q.Must)
		}
		if q.Should != nil {
			b.Should = asBleve(q.Should)
		}
		if q.MustNot != nil {
			b.MustNot = asBleve(q.MustNot)
		}
		return b
	}
	return q
}

// TestAllScoresAsBleve checks that the words' conjunction (allQuery)
// finds the same articles as bleve's conjunction, with the same scores to
// the last bit and the same explanations, over several segments, inside
// AND, OR and NOT, with proximity and entity keys, under a conjunction
// that advances it, and on later pages.
func TestAllScoresAsBleve(t *testing.T) {
	arts := randomArticles(rand.New(rand.NewPCG(1, 2)), 600, 120, 7)
	idx := testindex.BuildBatched(t, arts, 97)
	for _, q := range []string{
		"oil prices", "oil prices rise", "crude opec", "iraq oil", "bank rates cut trade",
		"oil prices -rise", "(oil prices) OR (trade deficit)", "oil +prices gold", "gold mine wheat",
		`oil "prices rise"`, "oil pri*", "(oil prices) AND gold", "(crude opec) (trade deficit) -yen",
	} {
		pq, err := Parse(q, defaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		bq, err := pq.Build(defaultOptions(func(o *Options) {
			o.EntityAliases, o.Proximity, o.Mapping = true, 0.5, idx.Mapping()
		}))
		if err != nil {
			t.Fatal(err)
		}
		for _, explain := range []bool{false, true} {
			for _, from := range []int{0, 7} {
				run := func(q bquery.Query) *bleve.SearchResult {
					req := bleve.NewSearchRequestOptions(q, 1000, from, explain)
					res, err := idx.Search(req)
					if err != nil {
						t.Fatalf("%s: %v", q, err)
					}
					return res
				}
				got, want := run(bq), run(asBleve(bq))
				if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
					t.Fatalf("%q: %d hits (%d shown), bleve's conjunction %d (%d)", q, got.Total, len(got.Hits), want.Total, len(want.Hits))
				}
				for i := range got.Hits {
					g, w := got.Hits[i], want.Hits[i]
					if g.ID != w.ID || g.Score != w.Score {
						t.Fatalf("%q hit %d: %s %v, bleve's conjunction %s %v", q, i, g.ID, g.Score, w.ID, w.Score)
					}
					if explain && g.Expl.String() != w.Expl.String() {
						t.Fatalf("%q hit %d: explanation\n%s\nbleve's conjunction\n%s", q, i, g.Expl, w.Expl)
					}
				}
			}
		}
		if q == "oil prices" && !strings.Contains(fmt.Sprintf("%T", bq), "optionalQuery") {
			t.Errorf("%q built %T, want the words' conjunction with proximity beside it", q, bq)
		}
	}
}

// randomArticles returns n articles drawn from rng over a small market
// vocabulary, the first words common and the last rare: titles of 1 to
// 6 words, bodies of 5 to 4+maxBody, and every placeEvery-th article
// placed in Iraq (an entity key for queries to match).
func randomArticles(rng *rand.Rand, n, maxBody, placeEvery int) []pulse.Article {
	vocab := strings.Fields("oil prices rise crude opec iraq bank rates cut trade deficit yen dollar gold mine wheat exports")
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			// A skewed draw: the first words are common, the last rare.
			w[i] = vocab[min(len(vocab)-1, int(rng.ExpFloat64()*4))]
		}
		return strings.Join(w, " ")
	}
	arts := make([]pulse.Article, 0, n)
	for i := range n {
		a := pulse.Article{ID: fmt.Sprintf("a%03d", i), Title: text(1 + rng.IntN(6)), Body: text(5 + rng.IntN(maxBody))}
		if i%placeEvery == 0 {
			a.Places = []pulse.Entity{{ID: "iq", Name: "Iraq"}}
		}
		arts = append(arts, a)
	}
	return arts
}

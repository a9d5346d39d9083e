package qlang

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
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
				if err := sameHits(got.Hits, want.Hits, from > 0, false); err != nil {
					t.Fatalf("%q from %d: %v (bleve's conjunction second)", q, from, err)
				}
			}
		}
		if q == "oil prices" && !strings.Contains(fmt.Sprintf("%T", bq), "optionalQuery") {
			t.Errorf("%q built %T, want the words' conjunction with proximity beside it", q, bq)
		}
	}
}

// sameHits compares two result pages hit by hit: the same scores to the
// last bit, and the same articles with the same explanations. Articles
// of equal score are compared as a set: their order is the order the
// search met them, which a background merge between the two searches
// changes. A set the page cuts (at its start when cutStart, at its end
// when cutEnd) may hold other articles, and only its scores are
// compared.
func sameHits(got, want search.DocumentMatchCollection, cutStart, cutEnd bool) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d hits against %d", len(got), len(want))
	}
	for i := 0; i < len(got); {
		j := i + 1
		for j < len(got) && got[j].Score == got[i].Score {
			j++
		}
		for k := i; k < j; k++ {
			if want[k].Score != got[i].Score {
				return fmt.Errorf("hit %d: %s %v against %s %v", k, got[k].ID, got[k].Score, want[k].ID, want[k].Score)
			}
		}
		if (i == 0 && cutStart) || (j == len(got) && cutEnd) {
			i = j
			continue
		}
		expl := map[string]string{}
		for _, h := range want[i:j] {
			expl[h.ID] = h.Expl.String()
		}
		for k, h := range got[i:j] {
			e, ok := expl[h.ID]
			if !ok {
				return fmt.Errorf("hit %d: %s %v, not among the hits of that score against", i+k, h.ID, h.Score)
			}
			if e != h.Expl.String() {
				return fmt.Errorf("hit %d: %s explained\n%s\nagainst\n%s", i+k, h.ID, h.Expl, e)
			}
		}
		i = j
	}
	return nil
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

package qlang

import (
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

// Expansion is a term pseudo-relevance feedback adds to a query: an
// analysed term of the English text fields, and its weight against one
// of the query's own words.
type Expansion struct {
	Term   string
	Weight float64
}

// withFeedback adds the expansion terms of opts to bq as optional clauses: they
// reorder what the query matches, they never widen it. Each is scored as
// a word (BM25F over title, summary and body) boosted by its weight.
func (b *builder) withFeedback(bq bquery.Query) bquery.Query {
	if len(b.opts.Expansion) == 0 {
		return bq
	}
	var qs []bquery.Query
	for _, e := range b.opts.Expansion {
		if e.Weight <= 0 || e.Term == "" {
			continue
		}
		w := &wordQuery{k1: b.opts.K1, b: b.opts.B, boost: e.Weight, role: "feedback"}
		for _, f := range []weighted{{pulse.FieldTitle, b.opts.TitleBoost}, {pulse.FieldSummary, 1}, {pulse.FieldBody, 1}} {
			w.text = append(w.text, fieldTerm{field: f.field, term: e.Term, weight: f.boost})
		}
		w.plain = termQuery(pulse.FieldBody, e.Term, e.Weight)
		qs = append(qs, w)
	}
	if len(qs) == 0 {
		return bq
	}
	return &optionalQuery{must: bq, should: sum(qs)}
}

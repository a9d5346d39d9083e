package qlang

import (
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

// positioned are the fields that keep term positions (the indexer's term
// vectors): the only ones a highlight can come from.
var positioned = map[string]bool{
	pulse.FieldTitle: true, pulse.FieldSummary: true, pulse.FieldBody: true,
	pulse.FieldTitleAr: true, pulse.FieldBodyAr: true,
}

// Highlight returns the query that finds the term locations to highlight
// in the articles q matched: the disjunction of q's clauses over
// positioned fields that are not excluded, or nil when q has none. On an
// article q matched it gives the locations q itself gives when searched
// with term vectors (every clause that matches it adds its own), at a
// fraction of the cost: no entity-key, pair (proximity) or date clauses,
// which have no positions, and no conjunctions to align.
func Highlight(q bquery.Query) bquery.Query {
	var out []bquery.Query
	var walk func(q bquery.Query)
	walk = func(q bquery.Query) {
		switch q := q.(type) {
		case *allQuery:
			for _, sub := range q.qs {
				walk(sub)
			}
		case *sumQuery:
			for _, sub := range q.qs {
				walk(sub)
			}
		case *bquery.ConjunctionQuery:
			for _, sub := range q.Conjuncts {
				walk(sub)
			}
		case *bquery.DisjunctionQuery:
			for _, sub := range q.Disjuncts {
				walk(sub)
			}
		case *bquery.BooleanQuery:
			// Not MustNot: an excluded word is never highlighted.
			if q.Must != nil {
				walk(q.Must)
			}
			if q.Should != nil {
				walk(q.Should)
			}
		case *optionalQuery:
			walk(q.must)
			walk(q.should)
		case *wordQuery:
			// What it searches with term vectors.
			walk(q.plain)
		case *pairQuery:
			walk(q.phrase)
		case bquery.FieldableQuery:
			// Terms, phrases, prefixes, fuzzy words, proximity.
			switch q.(type) {
			case *bquery.TermQuery, *bquery.MultiPhraseQuery, *bquery.PhraseQuery, *expandQuery, *proximityQuery:
				if positioned[q.Field()] {
					out = append(out, q)
				}
			}
		}
	}
	walk(q)
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return bquery.NewDisjunctionQuery(out)
}

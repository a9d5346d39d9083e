package qlang

import (
	bquery "github.com/blevesearch/bleve/v2/search/query"
)

// combine joins the clauses of one unfielded word or phrase: its text
// fields' clauses and its entity-key (alias) clauses. A plain word (one
// term per field) becomes a wordQuery, scored as BM25F; anything else (a
// phrase, a prefix, a fuzzy word) the sum of its clauses, without
// bleve's coordination factor.
func (b *builder) combine(text, keys []bquery.Query) bquery.Query {
	all := append(append([]bquery.Query(nil), text...), keys...)
	if len(all) == 0 {
		return nil
	}
	tt, ok1 := fieldTerms(text)
	kt, ok2 := fieldTerms(keys)
	if len(tt) > 0 && ok1 && ok2 {
		return &wordQuery{text: tt, keys: kt, k1: b.opts.K1, b: b.opts.B, boost: 1, plain: disjunction(all)}
	}
	if len(all) == 1 {
		return all[0]
	}
	return &sumQuery{qs: all}
}

// fieldTerms returns the terms of qs, and false when one is not a term
// query.
func fieldTerms(qs []bquery.Query) ([]fieldTerm, bool) {
	out := make([]fieldTerm, 0, len(qs))
	for _, q := range qs {
		t, ok := q.(*bquery.TermQuery)
		if !ok {
			return nil, false
		}
		out = append(out, fieldTerm{field: t.Field(), term: t.Term, weight: t.Boost()})
	}
	return out, true
}

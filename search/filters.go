package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

// passQuery is the text query restricted to the date range and to the
// articles failing at most one facet filter (see pass); the restriction
// is a filter, so it does not change scores.
func (s *Searcher) passQuery(text query.Query, r Request) query.Query {
	var filters []query.Query
	if r.Cluster != "" {
		cq := bleve.NewTermQuery(r.Cluster)
		cq.SetField(pulse.FieldCluster)
		filters = append(filters, cq)
	}
	if !r.From.IsZero() || !r.To.IsZero() {
		t := true
		dq := bleve.NewDateRangeInclusiveQuery(r.From, r.To, &t, &t)
		dq.SetField(pulse.FieldPublishedAt)
		filters = append(filters, dq)
	}
	var facetQs []query.Query
	for _, f := range pulse.Facets {
		if vals := r.Filters[f]; len(vals) > 0 {
			facetQs = append(facetQs, valuesQuery(f, vals))
		}
	}
	switch len(facetQs) {
	case 0, 1:
		// With one filter, its facet is counted without it: the walk
		// covers every text match.
	default:
		d := bleve.NewDisjunctionQuery(facetQs...)
		d.SetMin(float64(len(facetQs) - 1))
		filters = append(filters, d)
	}
	if len(filters) == 0 {
		return text
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(text)
	if len(filters) == 1 {
		b.AddFilter(filters[0])
	} else {
		b.AddFilter(bleve.NewConjunctionQuery(filters...))
	}
	return b
}

// valuesQuery matches articles having any of vals in facet f.
func valuesQuery(f string, vals []string) query.Query {
	var ors []query.Query
	for _, v := range vals {
		tq := bleve.NewTermQuery(pulse.NormalizeKey(v))
		tq.SetField(pulse.KeyField(f))
		ors = append(ors, tq)
	}
	if len(ors) == 1 {
		return ors[0]
	}
	return bleve.NewDisjunctionQuery(ors...)
}

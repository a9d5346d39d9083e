package search

import (
	"context"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search/qlang"
)

// FacetValues lists the values of one facet among the request's matches
// whose name or id has a word starting with prefix (all values when
// prefix is empty), most frequent first, up to limit: the "more…" of a
// long facet list. Counts follow the same multi-select rule as Search.
//
// It returns an EInvalid error naming the facet when it is not one.
func (s *Searcher) FacetValues(ctx context.Context, r Request, facet, prefix string, limit int) ([]FacetValue, error) {
	if !pulse.IsFacet(facet) {
		return nil, pulse.ParamError("field", "%q is not a facet; known: %s", abbrev(facet), strings.Join(pulse.Facets, ", "))
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	pq, _, err := s.parseRequest(r)
	if err != nil {
		return nil, err
	}
	// The values of the articles Search lists: of the widened query
	// where Search widens it.
	opts := s.options(s.defaultOperator(), 0)
	strict, err := pq.Compile(opts)
	if err != nil {
		return nil, queryError(err)
	}
	widen, _, err := s.widened(ctx, strict, opts, r, nil)
	if err != nil {
		return nil, err
	}
	text := strict.Query
	if widen {
		if text, err = pq.Build(s.options(qlang.Or, 0)); err != nil {
			return nil, queryError(err)
		}
	}
	p := newPass(s.cols, []string{facet}, r.Filters, false)
	if r.Collapse {
		p.collapseCopies()
	}
	req := bleve.NewSearchRequestOptions(s.passQuery(text, r), 0, 0, false)
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(p.handler))
	if _, err := s.idx.SearchInContext(ctx, req); err != nil {
		return nil, s.fault(err)
	}
	want := pulse.NormalizeKey(prefix)
	selected := map[string]bool{}
	for _, v := range r.Filters[facet] {
		selected[pulse.NormalizeKey(v)] = true
	}
	out := []FacetValue{}
	for _, v := range p.merged(0) {
		id, name, n := v.ID, v.Value, v.Count
		if want != "" && !wordPrefix(pulse.NormalizeKey(name), want) && !wordPrefix(pulse.NormalizeKey(id), want) {
			continue
		}
		fv := FacetValue{ID: id, Value: name, Count: n}
		fv.Selected = selected[pulse.NormalizeKey(id)] || selected[pulse.NormalizeKey(name)]
		out = append(out, fv)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// wordPrefix reports whether a word of folded s (or s itself) starts
// with the folded prefix p.
func wordPrefix(s, p string) bool {
	if strings.HasPrefix(s, p) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && strings.HasPrefix(s[i+1:], p) {
			return true
		}
	}
	return false
}

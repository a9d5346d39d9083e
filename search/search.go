package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
)

// Searcher runs searches against one index. It is safe for concurrent use.
type Searcher struct {
	idx bleve.Index
	cfg config.Search
	loc *time.Location
}

// New returns a Searcher over idx. loc is the zone of dates without one.
func New(idx bleve.Index, cfg config.Search, loc *time.Location) *Searcher {
	if loc == nil {
		loc = time.UTC
	}
	return &Searcher{idx: idx, cfg: cfg, loc: loc}
}

// Config returns the search limits.
func (s *Searcher) Config() config.Search { return s.cfg }

// Location returns the time zone of dates without one.
func (s *Searcher) Location() *time.Location { return s.loc }

// Search runs a validated request.
//
// It returns a pulse.Error with code EInvalid for a query the parser
// refuses, and a plain error for a fault of the index.
func (s *Searcher) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()

	text, err := s.textQuery(r.Query)
	if err != nil {
		return nil, err
	}
	filters := s.filterQueries(r)

	req := bleve.NewSearchRequestOptions(conjoin(text, filters...), r.PerPage, (r.Page-1)*r.PerPage, false)
	req.Fields = []string{pulse.FieldSource, pulse.FieldEntities}
	req.SortByCustom(sortOrder(r.Sort))
	// Facets whose own filter is set are counted separately below, with
	// every filter but their own (multi-select: the other values keep
	// honest counts).
	var own []string
	for _, f := range r.Facets {
		if len(r.Filters[f]) > 0 {
			own = append(own, f)
			continue
		}
		req.AddFacet(f, bleve.NewFacetRequest(pulse.LabelField(f), r.FacetSize))
	}
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, s.fault(err)
	}
	out := &Result{
		Query: r.Query, Total: res.Total, Page: r.Page, PerPage: r.PerPage, Sort: r.Sort,
		Hits: make([]Hit, 0, len(res.Hits)), Facets: map[string][]FacetValue{},
	}
	locs, err := s.locations(ctx, text, res.Hits)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		h.Locations = locs[h.ID]
		hit, err := s.hit(h)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	for name, fr := range res.Facets {
		out.Facets[name] = facetValues(fr, nil)
	}
	for _, f := range own {
		others := s.filterQueries(r, f)
		fr := bleve.NewSearchRequestOptions(conjoin(text, others...), 0, 0, false)
		fr.AddFacet(f, bleve.NewFacetRequest(pulse.LabelField(f), r.FacetSize))
		fres, err := s.idx.SearchInContext(ctx, fr)
		if err != nil {
			return nil, s.fault(err)
		}
		vals, err := s.selectedValues(ctx, text, others, f, r.Filters[f])
		if err != nil {
			return nil, err
		}
		out.Facets[f] = facetValues(fres.Facets[f], vals)
	}
	out.TookMs = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// locations finds where the query matched in the page's hits only: asking
// for locations in the main search would decode term positions for every
// matching article, not just the ten shown.
func (s *Searcher) locations(ctx context.Context, text query.Query, hits bsearch.DocumentMatchCollection) (map[string]bsearch.FieldTermLocationMap, error) {
	if len(hits) == 0 {
		return nil, nil
	}
	if _, all := text.(*query.MatchAllQuery); all {
		return nil, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(text, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	req.IncludeLocations = true
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, s.fault(err)
	}
	out := make(map[string]bsearch.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Locations
	}
	return out, nil
}

func (s *Searcher) fault(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return pulse.Errorf(pulse.EUnavailable, "search took longer than %s and was stopped; narrow the query", s.cfg.Timeout)
	}
	return fmt.Errorf("search: %w", err)
}

// filterQueries returns one query per filtered facet (values ORed) and
// one for the date range, leaving out the facets named in except.
func (s *Searcher) filterQueries(r Request, except ...string) []query.Query {
	var qs []query.Query
	for _, f := range pulse.Facets {
		vals := r.Filters[f]
		if len(vals) == 0 || contains(except, f) {
			continue
		}
		qs = append(qs, valuesQuery(f, vals))
	}
	if !r.From.IsZero() || !r.To.IsZero() {
		t := true
		dq := bleve.NewDateRangeInclusiveQuery(r.From, r.To, &t, &t)
		dq.SetField(pulse.FieldPublishedAt)
		qs = append(qs, dq)
	}
	return qs
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

// selectedValues finds, for each selected value of facet f, the label
// it resolves to and its count under the other filters, so that selected
// values are shown even when they are not among the top ones, or match
// nothing at all.
func (s *Searcher) selectedValues(ctx context.Context, text query.Query, others []query.Query, f string, vals []string) ([]FacetValue, error) {
	var out []FacetValue
	for _, v := range vals {
		req := bleve.NewSearchRequestOptions(conjoin(text, append(others, valuesQuery(f, []string{v}))...), 0, 0, false)
		req.AddFacet(f, bleve.NewFacetRequest(pulse.LabelField(f), 1))
		res, err := s.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, s.fault(err)
		}
		fv := FacetValue{ID: pulse.NormalizeKey(v), Value: v, Count: int(res.Total), Selected: true}
		if label, ok := s.resolve(ctx, f, v); ok {
			fv.ID, fv.Value = splitLabel(label)
		}
		out = append(out, fv)
	}
	return out, nil
}

// resolve returns the label of the value a filter names, looked up over
// the whole index, so an alias shows as its canonical name.
func (s *Searcher) resolve(ctx context.Context, f, v string) (string, bool) {
	req := bleve.NewSearchRequestOptions(valuesQuery(f, []string{v}), 0, 0, false)
	req.AddFacet(f, bleve.NewFacetRequest(pulse.LabelField(f), 50))
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil || res.Facets[f] == nil || res.Facets[f].Terms == nil {
		return "", false
	}
	// The label whose id or name folds to the value is the one meant; an
	// alias matches only through the key field, so fall back to the most
	// frequent label among the matches.
	key := pulse.NormalizeKey(v)
	terms := res.Facets[f].Terms.Terms()
	for _, t := range terms {
		id, name := splitLabel(t.Term)
		if pulse.NormalizeKey(id) == key || pulse.NormalizeKey(name) == key {
			return t.Term, true
		}
	}
	if len(terms) > 0 {
		return terms[0].Term, true
	}
	return "", false
}

func facetValues(fr *bsearch.FacetResult, selected []FacetValue) []FacetValue {
	out := []FacetValue{}
	seen := map[string]int{}
	if fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			id, name := splitLabel(t.Term)
			seen[id] = len(out)
			out = append(out, FacetValue{ID: id, Value: name, Count: t.Count})
		}
	}
	for _, sv := range selected {
		if i, ok := seen[sv.ID]; ok {
			out[i].Selected = true
			continue
		}
		out = append(out, sv)
	}
	// Selected values first, so they stay in view; then by count.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Selected != out[j].Selected {
			return out[i].Selected
		}
		return out[i].Count > out[j].Count
	})
	return out
}

func splitLabel(label string) (id, name string) {
	id, name, ok := strings.Cut(label, pulse.LabelSep)
	if !ok {
		return label, label
	}
	return id, name
}

func sortOrder(s string) bsearch.SortOrder {
	date := func(desc bool) *bsearch.SortField {
		return &bsearch.SortField{Field: pulse.FieldPublishedAt, Desc: desc, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast}
	}
	id := &bsearch.SortDocID{}
	switch s {
	case SortNewest:
		return bsearch.SortOrder{date(true), id}
	case SortOldest:
		return bsearch.SortOrder{date(false), id}
	}
	// Score alone: a tie-breaker on a field would make bleve read that
	// field's doc values for every match, not only for ties.
	return bsearch.SortOrder{&bsearch.SortScore{Desc: true}}
}

func conjoin(q query.Query, filters ...query.Query) query.Query {
	if len(filters) == 0 {
		return q
	}
	if _, all := q.(*query.MatchAllQuery); all {
		if len(filters) == 1 {
			return filters[0]
		}
		return bleve.NewConjunctionQuery(filters...)
	}
	return bleve.NewConjunctionQuery(append([]query.Query{q}, filters...)...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hit builds a result hit from a match and its stored fields.
func (s *Searcher) hit(h *bsearch.DocumentMatch) (Hit, error) {
	a, err := decodeArticle(h.ID, h.Fields)
	if err != nil {
		return Hit{}, err
	}
	return Hit{
		ID: a.ID, Title: a.Title, URL: a.URL, PublishedAt: a.PublishedAt,
		Source: a.Source, Author: a.Author, Section: a.Section,
		Snippet: snippet(a, h.Locations, s.cfg.SnippetLength),
		Score:   h.Score,
		Persons: nonNil(a.Persons), Places: nonNil(a.Places), Orgs: nonNil(a.Orgs), Topics: nonNil(a.Topics),
	}, nil
}

func nonNil(es []pulse.Entity) []pulse.Entity {
	if es == nil {
		return []pulse.Entity{}
	}
	return es
}

// decodeArticle rebuilds an article from its stored source and entities.
func decodeArticle(id string, fields map[string]any) (*pulse.Article, error) {
	src, _ := fields[pulse.FieldSource].(string)
	var a pulse.Article
	if err := json.Unmarshal([]byte(src), &a); err != nil {
		return nil, fmt.Errorf("article %s: stored source unreadable: %w", id, err)
	}
	if ents, ok := fields[pulse.FieldEntities].(string); ok && ents != "" {
		var rec pulse.EntityRecord
		if err := json.Unmarshal([]byte(ents), &rec); err != nil {
			return nil, fmt.Errorf("article %s: stored entities unreadable: %w", id, err)
		}
		rec.Apply(&a)
	}
	a.ID = id
	return &a, nil
}

// Article returns the article with the given id.
//
// It returns a pulse.Error with code ENotFound naming the id when there is
// no such article.
func (s *Searcher) Article(ctx context.Context, id string) (*pulse.Article, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = []string{pulse.FieldSource, pulse.FieldEntities}
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, s.fault(err)
	}
	if len(res.Hits) == 0 {
		return nil, &pulse.Error{Code: pulse.ENotFound, Message: fmt.Sprintf("article %q: not found", id), Parameter: "id"}
	}
	return decodeArticle(id, res.Hits[0].Fields)
}

// Count returns the number of articles in the index.
func (s *Searcher) Count() (uint64, error) {
	return s.idx.DocCount()
}

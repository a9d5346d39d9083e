package search

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/lru"
	qlang "github.com/pulsesearch/pulse/search/query"
)

// Searcher runs searches against one index. It is safe for concurrent use.
type Searcher struct {
	idx  bleve.Index
	cfg  config.Search
	loc  *time.Location
	cols *columns
	// stats are the index's BM25 statistics, kept until the next write.
	stats *qlang.StatsCache

	// cache keeps results by request until the next write; nil when
	// search.cache_size is 0.
	cache *lru.Cache[*Result]

	mu      sync.Mutex
	newest  time.Time // of the newest article; zero when unknown
	known   bool
	aliases map[string]string // facet and folded alias → entity id ("" for none)
}

// New returns a Searcher over idx. loc is the zone of dates without one.
func New(idx bleve.Index, cfg config.Search, loc *time.Location) *Searcher {
	if loc == nil {
		loc = time.UTC
	}
	s := &Searcher{idx: idx, cfg: cfg, loc: loc, cols: newColumns(loc, cfg.RecencyHalfLife)}
	s.stats = s.newStats()
	s.SetCacheSize(cfg.CacheSize)
	return s
}

// SetCacheSize replaces the result cache with an empty one of n entries;
// 0 turns it off. (The benchmark measures the engine with it off.)
func (s *Searcher) SetCacheSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache = nil
	if n > 0 {
		s.cache = lru.New[*Result](n)
	}
}

// CacheStats returns the result cache's counters; all zero when it is off.
func (s *Searcher) CacheStats() lru.Stats {
	if c := s.resultCache(); c != nil {
		return c.Stats()
	}
	return lru.Stats{}
}

func (s *Searcher) resultCache() *lru.Cache[*Result] {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cache
}

// Config returns the search limits.
func (s *Searcher) Config() config.Search { return s.cfg }

// Location returns the time zone of dates without one.
func (s *Searcher) Location() *time.Location { return s.loc }

// Invalidate drops what the searcher derived from the index's contents
// (the newest article's date, resolved aliases); the index writer calls it
// after writes.
func (s *Searcher) Invalidate(ids ...string) {
	s.mu.Lock()
	s.known = false
	s.aliases = nil
	c := s.cache
	s.mu.Unlock()
	s.stats.Reset()
	if c != nil {
		c.Clear()
	}
}

// newestDate returns the publication date of the newest article, from
// which recency is measured.
//
// After a write it first looks only at articles as new as the last known
// newest: a write can only move the newest date forward, unless it deleted
// that article, and a sort over the whole index costs a second at a
// million articles.
func (s *Searcher) newestDate(ctx context.Context) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.known {
		return s.newest, nil
	}
	var q query.Query = bleve.NewMatchAllQuery()
	if !s.newest.IsZero() {
		r := bleve.NewDateRangeQuery(s.newest, time.Time{})
		r.SetField(pulse.FieldPublishedAt)
		q = r
	}
	newest, err := s.newestMatching(ctx, q)
	if err == nil && newest.IsZero() && !s.newest.IsZero() {
		newest, err = s.newestMatching(ctx, bleve.NewMatchAllQuery())
	}
	if err != nil {
		return time.Time{}, err
	}
	s.newest, s.known = newest, true
	return s.newest, nil
}

// newestMatching returns the publication date of the newest article q
// matches; zero when none matches or none is dated.
func (s *Searcher) newestMatching(ctx context.Context, q query.Query) (time.Time, error) {
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	req.SortByCustom(bsearch.SortOrder{&bsearch.SortField{Field: pulse.FieldPublishedAt, Desc: true, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast}})
	req.Fields = pulse.StoredFields
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		return time.Time{}, err
	}
	a, err := decodeArticle(res.Hits[0].ID, res.Hits[0].Fields)
	if err != nil {
		return time.Time{}, nil
	}
	return a.PublishedAt, nil
}

// Search runs a validated request: the top hits, the facet counts and the
// date histogram come from one walk over the matches (see pass).
//
// It returns a pulse.Error with code EInvalid for a query the parser
// refuses or a stale cursor, EUnavailable when the search outlives
// search.timeout, and a plain error for a fault of the index.
func (s *Searcher) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	// Results are cached by the whole request (explanations excepted:
	// they are for debugging, and large). A result computed while a write
	// came in is not kept (see lru.Cache.Put).
	c := s.resultCache()
	if c == nil || r.Explain {
		return s.search(ctx, start, r)
	}
	key := r.cacheKey()
	res, gen, ok := c.Get(key) // gen: the generation before the search
	if ok {
		out := *res
		out.TookMs = float64(time.Since(start).Microseconds()) / 1000
		out.Cached = true
		return &out, nil
	}
	res, err := s.search(ctx, start, r)
	if err == nil {
		c.Put(key, res, gen)
	}
	return res, err
}

// cacheKey names everything that shapes a request's result: its URL
// form, plus what that form leaves to defaults or rounds (the facets
// counted, their size, dates to the nanosecond).
func (r Request) cacheKey() string {
	v := r.Values()
	v["facets"] = r.Facets
	v.Set("facet_size", strconv.Itoa(r.FacetSize))
	v.Set("from", r.From.Format(time.RFC3339Nano))
	v.Set("to", r.To.Format(time.RFC3339Nano))
	return v.Encode()
}

func (s *Searcher) search(ctx context.Context, start time.Time, r Request) (*Result, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	ctx, err := s.withStats(ctx)
	if err != nil {
		return nil, err
	}

	pq, err := s.parse(r.Query)
	if err != nil {
		return nil, err
	}
	op := s.defaultOperator()
	opts := s.options(op, 0)
	if opts.Expansion, err = s.feedback(ctx, pq, opts, r); err != nil {
		return nil, err
	}
	out, err := s.searchWith(ctx, start, pq, opts, r)
	if err != nil || out.Total > 0 || r.Cursor != "" && r.Cursor != CursorStart {
		return out, err
	}
	// Nothing found: suggest a respelling, and loosen the query the way a
	// reader would, saying so.
	suggestion := s.didYouMean(ctx, pq, r.Query)
	out.DidYouMean = suggestion
	if op == qlang.And && pq.ImplicitOperator() {
		retry, err := s.searchWith(ctx, start, pq, s.options(qlang.Or, 0), r)
		if err != nil {
			return nil, err
		}
		if retry.Total > 0 {
			retry.DidYouMean = suggestion
			retry.Retried = "or"
			retry.Notice = "No article has all of these words; showing articles with any of them."
			return retry, nil
		}
	}
	if pq.WordCount() > 0 {
		retry, err := s.searchWith(ctx, start, pq, s.options(op, 1), r)
		if err != nil {
			return nil, err
		}
		if retry.Total > 0 {
			retry.DidYouMean = suggestion
			retry.Retried = "fuzzy"
			retry.Notice = "Nothing matched these words exactly; showing articles with words one letter off."
			return retry, nil
		}
	}
	return out, nil
}

// searchWith runs a request with one build of its query.
func (s *Searcher) searchWith(ctx context.Context, start time.Time, pq *qlang.Query, opts qlang.Options, r Request) (*Result, error) {
	text, err := pq.Build(opts)
	if err != nil {
		return nil, queryError(err)
	}
	aliased := s.aliasEntities(ctx, pq)
	scored := text
	recency := r.Sort == SortRelevance && r.Recency && s.cfg.RecencyWeight > 0
	if recency {
		newest, err := s.newestDate(ctx)
		if err != nil {
			return nil, s.fault(err)
		}
		if !newest.IsZero() {
			scored = &recencyQuery{cols: s.cols, inner: text, newest: newest, halfLife: s.cfg.RecencyHalfLife, weight: s.cfg.RecencyWeight,
				shrink: 1 / growthAt(newest.UnixNano(), s.cfg.RecencyHalfLife)}
		}
	}

	cursorMode := r.Cursor != ""
	// With collapse, copies of one story would take several places on a
	// page: fetch more than a page from the start and keep the first of
	// each cluster; widen the window if clusters ate too much of it.
	window := r.Page * r.PerPage * 2
	for {
		res, p, err := s.run(ctx, scored, r, cursorMode, window)
		if err != nil {
			return nil, err
		}
		if !r.Collapse || cursorMode {
			return s.result(ctx, start, text, aliased, r, res, p, res.Hits, cursorMode)
		}
		kept := collapseHits(res.Hits)
		from := (r.Page - 1) * r.PerPage
		enough := len(kept) >= from+r.PerPage || len(res.Hits) < window || window >= s.cfg.MaxResultWindow
		if enough {
			page := kept[min(from, len(kept)):min(from+r.PerPage, len(kept))]
			return s.result(ctx, start, text, aliased, r, res, p, page, cursorMode)
		}
		window = min(window*2, s.cfg.MaxResultWindow)
	}
}

// collapseHits keeps the first (best-ranked) hit of each copy cluster.
func collapseHits(hits bsearch.DocumentMatchCollection) bsearch.DocumentMatchCollection {
	seen := map[string]bool{}
	out := make(bsearch.DocumentMatchCollection, 0, len(hits))
	for _, h := range hits {
		c, _ := h.Fields[pulse.FieldCluster].(string)
		if c != "" {
			if seen[c] {
				continue
			}
			seen[c] = true
		}
		out = append(out, h)
	}
	return out
}

// run is one bleve search of a request; with collapse (page-based) it
// fetches the first window hits.
func (s *Searcher) run(ctx context.Context, scored query.Query, r Request, cursorMode bool, window int) (*bleve.SearchResult, *pass, error) {
	p := newPass(s.cols, r.Facets, r.Filters, r.Histogram != IntervalOff)
	if r.Collapse {
		p.collapseCopies()
	}
	size, from := r.PerPage, (r.Page-1)*r.PerPage
	if r.Collapse && !cursorMode {
		size, from = window, 0
	}
	req := bleve.NewSearchRequestOptions(s.passQuery(scored, r), size, from, r.Explain)
	req.Fields = append(append([]string(nil), pulse.StoredFields...), pulse.FieldCluster)
	req.SortByCustom(sortOrder(r.Sort, cursorMode))
	if cursorMode && r.Cursor != CursorStart {
		c, err := decodeCursor(r.Cursor, r.fingerprint())
		if err != nil {
			return nil, nil, err
		}
		req.From = 0
		req.SearchAfter = c.After
		if c.Undated {
			req.SortByCustom(bsearch.SortOrder{sortID()})
			p.undatedOnly()
		}
	}
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(p.handler))
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, nil, s.fault(err)
	}
	return res, p, nil
}

// result renders a search's page of hits, facets and histogram.
func (s *Searcher) result(ctx context.Context, start time.Time, text query.Query, aliased map[string]bool, r Request, res *bleve.SearchResult, p *pass, hits bsearch.DocumentMatchCollection, cursorMode bool) (*Result, error) {
	if cursorMode && r.Collapse {
		hits = collapseHits(hits)
	}
	out := &Result{
		Query: r.Query, Total: p.total, Page: r.Page, PerPage: r.PerPage, Sort: r.Sort,
		Hits: make([]Hit, 0, len(res.Hits)), Facets: map[string][]FacetValue{},
	}
	if cursorMode {
		out.Page = 0
		if len(res.Hits) == r.PerPage {
			out.NextCursor = nextCursor(res.Hits[len(res.Hits)-1], r)
		}
	}
	locs, err := s.locations(ctx, text, hits)
	if err != nil {
		return nil, err
	}
	for _, h := range hits {
		h.Locations = locs[h.ID]
		hit, err := s.hit(h, aliased)
		if err != nil {
			return nil, err
		}
		if c, _ := h.Fields[pulse.FieldCluster].(string); c != "" {
			hit.Cluster = c
			if r.Collapse {
				hit.Copies = max(0, p.clusterHit[c]-1)
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	for i, f := range r.Facets {
		var selected []FacetValue
		for _, v := range r.Filters[f] {
			key := pulse.NormalizeKey(v)
			fv, ok := p.find(i, key)
			if !ok {
				// An alias, or a value no match has: name it as the
				// index knows it, with the count the pass found (none).
				fv = FacetValue{ID: key, Value: v}
				if label, ok := s.resolve(ctx, f, v); ok {
					fv.ID, fv.Value = splitLabel(label)
					fv.Count = p.counts[i][label]
				}
			}
			fv.Selected = true
			if !containsValue(selected, fv.ID) {
				selected = append(selected, fv)
			}
		}
		out.Facets[f] = p.values(i, r.FacetSize, selected)
	}
	if p.hist {
		h, err := buildHistogram(p.dayCounts(), r.Histogram, r.From, r.To, s.loc)
		if err != nil {
			return nil, pulse.ParamError("histogram", "%v", err)
		}
		out.Histogram = h
	}
	out.TookMs = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// nextCursor is the cursor after the last hit of a page.
func nextCursor(last *bsearch.DocumentMatch, r Request) string {
	c := cursor{Of: r.fingerprint()}
	// SearchAfter takes the decoded sort values (dates as text, not
	// prefix-coded), and the score as a number.
	c.After = append([]string(nil), last.DecodedSort...)
	if len(c.After) == 0 {
		c.After = append([]string(nil), last.Sort...)
	}
	if r.Sort == SortRelevance && len(c.After) > 0 {
		c.After[0] = strconv.FormatFloat(last.Score, 'g', -1, 64)
	}
	if r.Sort != SortRelevance {
		if src, _ := last.Fields[pulse.FieldSource].(string); !strings.Contains(src, `"published_at"`) {
			c = cursor{Of: c.Of, After: []string{last.ID}, Undated: true}
		}
	}
	return c.encode()
}

func containsValue(vs []FacetValue, id string) bool {
	for _, v := range vs {
		if v.ID == id {
			return true
		}
	}
	return false
}

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

func splitLabel(label string) (id, name string) {
	id, name, ok := strings.Cut(label, pulse.LabelSep)
	if !ok {
		return label, label
	}
	return id, name
}

// sortID sorts by article id, read from doc values.
func sortID() *bsearch.SortField {
	return &bsearch.SortField{Field: pulse.FieldSortID, Type: bsearch.SortFieldAsString, Missing: bsearch.SortFieldMissingLast}
}

// sortOrder is the bleve sort of a request. Cursors need a unique
// tie-breaker (the id, read from doc values) so that SearchAfter neither
// skips nor repeats articles of equal score or date; page-based requests
// do without it, to read no doc values they need not.
func sortOrder(s string, cursor bool) bsearch.SortOrder {
	date := func(desc bool) *bsearch.SortField {
		return &bsearch.SortField{Field: pulse.FieldPublishedAt, Desc: desc, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast}
	}
	var order bsearch.SortOrder
	switch s {
	case SortNewest:
		order = bsearch.SortOrder{date(true)}
	case SortOldest:
		order = bsearch.SortOrder{date(false)}
	default:
		order = bsearch.SortOrder{&bsearch.SortScore{Desc: true}}
	}
	if cursor {
		order = append(order, sortID())
	}
	return order
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

// hit builds a result hit from a match and its stored fields. aliased
// are the entities the query named by an alias: the names the article
// uses for them are highlighted too, since the words typed may not be on
// the page at all.
func (s *Searcher) hit(h *bsearch.DocumentMatch, aliased map[string]bool) (Hit, error) {
	a, surfaces, err := decodeStored(h.ID, h.Fields)
	if err != nil {
		return Hit{}, err
	}
	var extra map[string][]span
	for id := range aliased {
		forms := surfaces[id]
		if len(forms) == 0 {
			continue
		}
		if extra == nil {
			extra = map[string][]span{}
		}
		extra[pulse.FieldTitle] = append(extra[pulse.FieldTitle], findForms(a.Title, forms)...)
		extra[pulse.FieldBody] = append(extra[pulse.FieldBody], findForms(a.Body, forms)...)
	}
	return Hit{
		ID: a.ID, Title: a.Title, URL: a.URL, PublishedAt: a.PublishedAt,
		Source: a.Source, Author: a.Author, Section: a.Section,
		Snippet:     snippet(a, h.Locations, extra, s.cfg.SnippetLength),
		Score:       h.Score,
		Explanation: h.Expl,
		Persons:     nonNil(a.Persons), Places: nonNil(a.Places), Orgs: nonNil(a.Orgs), Topics: nonNil(a.Topics),
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
	a, _, err := decodeStored(id, fields)
	return a, err
}

// decodeStored is decodeArticle that also returns the forms the article
// uses for each entity.
func decodeStored(id string, fields map[string]any) (*pulse.Article, map[string][]string, error) {
	return pulse.StoredArticle(id, fields)
}

// Article returns the article with the given id.
//
// It returns a pulse.Error with code ENotFound naming the id when there is
// no such article.
func (s *Searcher) Article(ctx context.Context, id string) (*pulse.Article, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = pulse.StoredFields
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

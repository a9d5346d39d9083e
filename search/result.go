package search

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search/qlang"
)

// Result is one page of a search.
type Result struct {
	Query   string                  `json:"query"`
	Total   uint64                  `json:"total"`
	TookMs  float64                 `json:"took_ms"`
	Page    int                     `json:"page"`
	PerPage int                     `json:"per_page"`
	Sort    string                  `json:"sort"`
	Hits    []Hit                   `json:"hits"`
	Facets  map[string][]FacetValue `json:"facets"`
	// Histogram counts the matches per period.
	Histogram *Histogram `json:"histogram,omitempty"`
	// Retried says how a query that found nothing, or whose few words
	// few articles hold all together (search.widen_below), was loosened:
	// "or" (any of the words) or "fuzzy" (words one letter off); Notice
	// says it in words for the reader.
	Retried string `json:"retried,omitempty"`
	Notice  string `json:"notice,omitempty"`
	// DidYouMean is a respelt query, from the index's own words, when the
	// query found nothing.
	DidYouMean string `json:"did_you_mean,omitempty"`
	// Forgiven is set when the query had a syntax error and its closest
	// sensible reading was searched instead (Request.Strict refuses it).
	Forgiven *Forgiven `json:"forgiven,omitempty"`
	// Cached says the result came from the result cache (no write since
	// it was computed).
	Cached bool `json:"cached,omitempty"`
	// matched is bleve's count of the articles its query matched, each
	// copy counted (Total counts a copy cluster once, and leaves out
	// what a lone facet filter, applied in the walk, rejects).
	matched uint64
	// NextCursor continues a cursor-paged search; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// Hit is one matching article, with what a result list shows.
type Hit struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	URL         string    `json:"url,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	Source      string    `json:"source,omitempty"`
	Author      string    `json:"author,omitempty"`
	Section     string    `json:"section,omitempty"`
	// Snippet is HTML: the matched words in <mark>, everything else
	// escaped, so it can be inserted into a page as it is.
	Snippet string `json:"snippet"`
	// Copies is the number of other matching copies of this article
	// (syndicated or near-identical) collapsed under it; Cluster names
	// their cluster (filter with cluster=… to list them).
	Copies  int            `json:"copies,omitempty"`
	Cluster string         `json:"cluster,omitempty"`
	Score   float64        `json:"score"`
	Persons []pulse.Entity `json:"persons"`
	Places  []pulse.Entity `json:"places"`
	Orgs    []pulse.Entity `json:"orgs"`
	Topics  []pulse.Entity `json:"topics"`
	// Explanation shows each part of the score (explain=true).
	Explanation *bsearch.Explanation `json:"explanation,omitempty"`
}

// FacetValue is one value of a facet and the number of matching articles
// that have it.
type FacetValue struct {
	ID    string `json:"id"`
	Value string `json:"value"`
	Count int    `json:"count"`
	// Selected is true when the request filters on this value.
	Selected bool `json:"selected,omitempty"`
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

// result renders a search's page of hits, facets and histogram.
func (s *Searcher) result(ctx context.Context, start time.Time, text query.Query, aliased map[string]bool, r Request, res *bleve.SearchResult, p *pass, hits bsearch.DocumentMatchCollection, cursorMode bool) (*Result, error) {
	if cursorMode && r.Collapse {
		hits = collapseHits(hits)
	}
	out := &Result{
		Query: r.Query, Total: p.total, Page: r.Page, PerPage: r.PerPage, Sort: r.Sort,
		Hits: make([]Hit, 0, len(res.Hits)), Facets: map[string][]FacetValue{}, matched: res.Total,
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
					if v, ok := p.find(i, pulse.NormalizeKey(fv.ID)); ok {
						fv.Count = v.Count
					}
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
		h, err := buildHistogram(p.dayCounts(), p.clusterDays(), r.Histogram, r.From, r.To, s.loc)
		if err != nil {
			return nil, pulse.ParamError("histogram", "%v", err)
		}
		h.Undated = p.undatedCount()
		out.Histogram = h
	}
	out.TookMs = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

func containsValue(vs []FacetValue, id string) bool {
	for _, v := range vs {
		if v.ID == id {
			return true
		}
	}
	return false
}

// locations finds where the query matched in the page's hits only: asking
// for locations in the main search would decode term positions for every
// matching article, not just the ten shown. It searches the query's
// positioned clauses alone (qlang.Highlight), which give the same
// locations on the hits as the whole query.
func (s *Searcher) locations(ctx context.Context, text query.Query, hits bsearch.DocumentMatchCollection) (map[string]bsearch.FieldTermLocationMap, error) {
	if len(hits) == 0 {
		return nil, nil
	}
	hq := qlang.Highlight(text)
	if hq == nil {
		return nil, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(hq, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
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

// hit builds a result hit from a match and its stored fields. aliased
// are the entities the query named by an alias: the names the article
// uses for them are highlighted too, since the words typed may not be on
// the page at all.
func (s *Searcher) hit(h *bsearch.DocumentMatch, aliased map[string]bool) (Hit, error) {
	a, surfaces, err := pulse.StoredArticle(h.ID, h.Fields)
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

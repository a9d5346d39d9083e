package search

import (
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/pulsesearch/pulse"
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
	// Retried says how a query that found nothing was loosened: "or"
	// (any of the words) or "fuzzy" (words one letter off); Notice says
	// it in words for the reader.
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

package search_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// widenCorpus has one article with both "coffee" and "quotas", two more
// with "coffee" alone, one with "quotas" alone, and filler; "cocoa
// arrivals" are together in three articles, one of them from Reuters.
func widenCorpus() []pulse.Article {
	arts := []pulse.Article{
		{ID: "both", Title: "Coffee quotas", Body: "Talks on coffee export quotas resumed in London.", Source: "Reuters", PublishedAt: time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "coffee1", Title: "Coffee prices", Body: "Coffee prices rose on frost fears.", Source: "AP", PublishedAt: time.Date(1987, 3, 5, 0, 0, 0, 0, time.UTC)},
		{ID: "coffee2", Title: "Coffee stocks", Body: "Roasters drew on their coffee stocks.", Source: "AP", PublishedAt: time.Date(1987, 3, 6, 0, 0, 0, 0, time.UTC)},
		{ID: "quotas", Title: "Sugar quotas", Body: "Sugar quotas were cut for the season.", Source: "AP", PublishedAt: time.Date(1987, 3, 7, 0, 0, 0, 0, time.UTC)},
		{ID: "cocoa1", Title: "Cocoa arrivals", Body: "Cocoa arrivals were steady.", Source: "Reuters", PublishedAt: time.Date(1987, 3, 2, 0, 0, 0, 0, time.UTC)},
		{ID: "cocoa2", Title: "Cocoa arrivals slow", Body: "Cocoa arrivals slowed in Bahia.", Source: "AP", PublishedAt: time.Date(1987, 3, 3, 0, 0, 0, 0, time.UTC)},
		{ID: "cocoa3", Title: "Cocoa arrivals rise", Body: "Cocoa arrivals rose in Ghana.", Source: "AP", PublishedAt: time.Date(1987, 3, 4, 0, 0, 0, 0, time.UTC)},
		{ID: "cocoa4", Title: "Cocoa review", Body: "The cocoa crop looks good.", Source: "AP", PublishedAt: time.Date(1987, 3, 8, 0, 0, 0, 0, time.UTC)},
	}
	for i := range 6 {
		arts = append(arts, pulse.Article{ID: fmt.Sprintf("filler%d", i), Title: "Tin market", Body: "Tin traded quietly.", Source: "AP"})
	}
	return arts
}

func widenSearcher(t *testing.T, below int) *search.Searcher {
	t.Helper()
	cfg := config.Defaults().Search
	cfg.WidenBelow = below
	return search.New(testindex.Build(t, widenCorpus()), cfg, time.UTC)
}

func hitIDs(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// TestWidenFewMatches: a few words typed side by side that fewer than
// search.widen_below articles hold all together are searched for any of
// them, the article with all of them first, and the result says so.
func TestWidenFewMatches(t *testing.T) {
	s := widenSearcher(t, 3)
	res := mustSearch(t, s, "q=coffee+quotas&collapse=off")
	got := hitIDs(res)
	if res.Total != 4 || len(got) != 4 || got[0] != "both" {
		t.Errorf("coffee quotas, widen_below 3: total %d hits %v; want the 4 articles with either word, %q first", res.Total, got, "both")
	}
	if res.Retried != "or" || !strings.Contains(res.Notice, "Only 1 article has all of these words") {
		t.Errorf("coffee quotas: retried %q notice %q; want the widening said", res.Retried, res.Notice)
	}
	// A stop word between them changes nothing (Build leaves it out).
	if res := mustSearch(t, s, "q=coffee+with+the+quotas&collapse=off"); res.Total != 4 || res.Retried != "or" {
		t.Errorf("coffee with the quotas: total %d retried %q; want widened to 4", res.Total, res.Retried)
	}
	// Three articles hold "cocoa arrivals": not fewer than 3.
	if res := mustSearch(t, s, "q=cocoa+arrivals&collapse=off"); res.Total != 3 || res.Retried != "" {
		t.Errorf("cocoa arrivals: total %d retried %q; want the 3 with both, not widened", res.Total, res.Retried)
	}

	for _, c := range []struct{ why, query string }{
		{"an explicit AND", "q=coffee+AND+quotas"},
		{"a phrase", "q=%22coffee+quotas%22"},
		{"date order", "q=coffee+quotas&sort=newest"},
		{"a lone word", "q=quotas+the"},
	} {
		res := mustSearch(t, s, c.query+"&collapse=off")
		if res.Retried != "" {
			t.Errorf("%s (%s): retried %q, total %d; want the query as typed", c.why, c.query, res.Retried, res.Total)
		}
	}

	// widen_below 1 (or 0) keeps AND strict unless nothing matches.
	strict := widenSearcher(t, 1)
	if res := mustSearch(t, strict, "q=coffee+quotas&collapse=off"); res.Total != 1 || res.Retried != "" {
		t.Errorf("widen_below 1: total %d retried %q; want the one article with both", res.Total, res.Retried)
	}
	if res := mustSearch(t, strict, "q=coffee+zzyzx&collapse=off"); res.Total != 3 || res.Retried != "or" {
		t.Errorf("widen_below 1, no article with both: total %d retried %q; want widened to any", res.Total, res.Retried)
	}
}

// TestWidenIgnoresFilters: whether a query is widened depends on its
// words alone, so a facet's count equals what selecting the value finds.
func TestWidenIgnoresFilters(t *testing.T) {
	s := widenSearcher(t, 3)
	// Three articles have both words, so "cocoa arrivals" is not widened;
	// from Reuters, one has them: still not widened, though 1 < 3.
	res := mustSearch(t, s, "q=cocoa+arrivals&collapse=off&facets=source")
	shown := -1
	for _, fv := range res.Facets[pulse.FacetSource] {
		if fv.Value == "Reuters" {
			shown = fv.Count
		}
	}
	sel := mustSearch(t, s, "q=cocoa+arrivals&collapse=off&source=Reuters")
	if shown != 1 || sel.Total != 1 || sel.Retried != "" {
		t.Errorf("cocoa arrivals: Reuters shown %d, selecting it finds %d (retried %q); want 1 and 1 as typed", shown, sel.Total, sel.Retried)
	}
	// A date range, which bleve's query applies (a lone facet filter is
	// applied in the walk), narrows it to one article too.
	if sel := mustSearch(t, s, "q=cocoa+arrivals&collapse=off&to=1987-03-02"); sel.Total != 1 || sel.Retried != "" {
		t.Errorf("cocoa arrivals up to March 2: total %d retried %q; want cocoa1 alone, as typed", sel.Total, sel.Retried)
	}
	// Widened, the counts are the widened query's, filtered or not.
	res = mustSearch(t, s, "q=coffee+quotas&collapse=off&facets=source")
	for _, fv := range res.Facets[pulse.FacetSource] {
		sel := mustSearch(t, s, "q=coffee+quotas&collapse=off&source="+url.QueryEscape(fv.ID))
		if int(sel.Total) != fv.Count || sel.Retried != "or" {
			t.Errorf("coffee quotas: source %q shown %d, selecting it finds %d (retried %q)", fv.ID, fv.Count, sel.Total, sel.Retried)
		}
	}
}

// TestWidenCursor: a widened query's later cursor pages stay widened.
func TestWidenCursor(t *testing.T) {
	s := widenSearcher(t, 3)
	seen := map[string]bool{}
	cursor := "*"
	for page := 0; cursor != "" && page < 10; page++ {
		res := mustSearch(t, s, "q=coffee+quotas&collapse=off&per_page=1&cursor="+url.QueryEscape(cursor))
		if len(res.Hits) > 0 && res.Retried != "or" {
			t.Errorf("cursor page %d: retried %q; want every page widened", page, res.Retried)
		}
		for _, id := range hitIDs(res) {
			seen[id] = true
		}
		cursor = res.NextCursor
	}
	if len(seen) != 4 {
		t.Errorf("cursor walk saw %v; want the 4 articles with either word", seen)
	}
}

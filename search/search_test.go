package search_test

import (
	"context"
	"fmt"
	"math/rand"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// corpus makes n seeded random articles with places, tags, persons and
// dates, so facet counts can be checked against a brute-force count.
func corpus(n int, seed int64) []pulse.Article {
	rng := rand.New(rand.NewSource(seed))
	places := []pulse.Entity{{ID: "iq", Name: "Iraq"}, {ID: "sy", Name: "Syria"}, {ID: "ir", Name: "Iran"}, {ID: "us", Name: "United States"}, {ID: "fr", Name: "France"}}
	persons := []pulse.Entity{{ID: "asaad-al-shaibani", Name: "Asaad al-Shaibani"}, {ID: "fuad-hussein", Name: "Fuad Hussein"}, {ID: "joe-biden", Name: "Joe Biden"}}
	tags := []string{"oil", "war", "trade", "sport"}
	words := []string{"oil", "prices", "talks", "border", "security", "election", "market", "minister"}
	var out []pulse.Article
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		a := pulse.Article{ID: fmt.Sprintf("a%03d", i), Source: []string{"Wire", "Herald"}[rng.Intn(2)]}
		var ws []string
		for j := 0; j < 3+rng.Intn(5); j++ {
			ws = append(ws, words[rng.Intn(len(words))])
		}
		a.Title = strings.Join(ws[:2], " ")
		a.Body = strings.Join(ws, " ")
		for _, p := range rng.Perm(len(places))[:rng.Intn(3)] {
			a.Places = append(a.Places, places[p])
		}
		for _, p := range rng.Perm(len(persons))[:rng.Intn(2)] {
			a.Persons = append(a.Persons, persons[p])
		}
		for _, t := range rng.Perm(len(tags))[:rng.Intn(3)] {
			a.Tags = append(a.Tags, tags[t])
		}
		if rng.Intn(10) > 0 {
			a.PublishedAt = base.Add(time.Duration(rng.Intn(90*24)) * time.Hour)
		}
		out = append(out, a)
	}
	return out
}

func ids(es []pulse.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// values returns an article's value ids in a facet.
func values(a pulse.Article, facet string) []string {
	switch facet {
	case pulse.FacetPlace:
		return ids(a.Places)
	case pulse.FacetPerson:
		return ids(a.Persons)
	case pulse.FacetTag:
		var out []string
		for _, t := range a.Tags {
			out = append(out, pulse.NormalizeKey(t))
		}
		return out
	case pulse.FacetSource:
		return []string{pulse.NormalizeKey(a.Source)}
	}
	return nil
}

func matches(a pulse.Article, filters map[string][]string, except string) bool {
	for f, want := range filters {
		if f == except {
			continue
		}
		ok := false
		for _, v := range values(a, f) {
			for _, w := range want {
				ok = ok || v == w
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func mustSearch(t *testing.T, s *search.Searcher, query string) *search.Result {
	t.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	req, err := search.ParseRequest(v, config.Defaults().Search, s.Location())
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return res
}

// TestFacetCountsBruteForce checks multi-select facet counts and totals
// against a count over the same articles: each facet counted with every
// other facet's filter applied but not its own.
func TestFacetCountsBruteForce(t *testing.T) {
	arts := corpus(300, 1)
	// Small batches: many segments, merged in the background while the
	// checks run, so that counts are checked across merges too.
	cfg := config.Defaults().Search
	cfg.CacheSize = 0 // every round searches the index as merged by then
	s := search.New(testindex.BuildBatched(t, arts, 7), cfg, time.UTC)
	for round := 0; round < 3; round++ {
		checkFacets(t, s, arts)
		time.Sleep(50 * time.Millisecond)
	}
}

func checkFacets(t *testing.T, s *search.Searcher, arts []pulse.Article) {
	t.Helper()
	requests := []map[string][]string{
		{},
		{"place": {"iq"}},
		{"place": {"iq", "sy"}},
		{"place": {"iq", "sy"}, "tag": {"oil"}},
		{"place": {"ir"}, "tag": {"war", "trade"}, "person": {"joe-biden"}},
		{"source": {"herald"}, "place": {"fr"}, "tag": {"sport"}, "person": {"fuad-hussein", "asaad-al-shaibani"}},
	}
	facets := []string{"place", "person", "tag", "source"}
	for _, filters := range requests {
		v := url.Values{"facet_size": {"100"}, "facets": {strings.Join(facets, ",")}}
		for f, vals := range filters {
			v[f] = vals
		}
		res := mustSearch(t, s, v.Encode())
		total := 0
		for _, a := range arts {
			if matches(a, filters, "") {
				total++
			}
		}
		if int(res.Total) != total {
			t.Errorf("%v: total %d, brute force %d", filters, res.Total, total)
		}
		for _, f := range facets {
			want := map[string]int{}
			for _, a := range arts {
				if matches(a, filters, f) {
					for _, val := range values(a, f) {
						want[val]++
					}
				}
			}
			got := map[string]int{}
			for _, fv := range res.Facets[f] {
				if fv.Count > 0 {
					got[fv.ID] = fv.Count
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%v: facet %s: got %v, brute force %v", filters, f, got, want)
			}
			for _, sel := range filters[f] {
				found := false
				for _, fv := range res.Facets[f] {
					found = found || (fv.ID == sel && fv.Selected)
				}
				if !found {
					t.Errorf("%v: selected %s=%s not returned as selected", filters, f, sel)
				}
			}
		}
	}
}

func TestSelectedValueWithoutMatches(t *testing.T) {
	arts := corpus(50, 2)
	s := search.New(testindex.Build(t, arts), config.Defaults().Search, time.UTC)
	res := mustSearch(t, s, "q=oil&place=Iraq&tag=nosuchtag")
	var tag, place *search.FacetValue
	for i, fv := range res.Facets["tag"] {
		if fv.Selected {
			tag = &res.Facets["tag"][i]
		}
	}
	for i, fv := range res.Facets["place"] {
		if fv.Selected {
			place = &res.Facets["place"][i]
		}
	}
	if res.Total != 0 || tag == nil || tag.Count != 0 || tag.Value != "nosuchtag" {
		t.Errorf("selected tag with no match: total %d, value %+v", res.Total, tag)
	}
	if place == nil || place.ID != "iq" || place.Value != "Iraq" {
		t.Errorf("a filter by name resolves to the entity: %+v", place)
	}
	if res.Facets["tag"][0] != *tag {
		t.Errorf("selected values come first: %+v", res.Facets["tag"])
	}
}

func TestHistogram(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	arts := []pulse.Article{
		{ID: "a", Title: "x", PublishedAt: time.Date(2024, 3, 1, 3, 0, 0, 0, time.UTC)},  // Feb 29 in New York
		{ID: "b", Title: "x", PublishedAt: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}, // Mar 1
		{ID: "c", Title: "x", PublishedAt: time.Date(2024, 3, 4, 12, 0, 0, 0, time.UTC)}, // Mar 4
		{ID: "d", Title: "x"},
	}
	idx := testindex.Build(t, arts)
	cases := []struct {
		zone  *time.Location
		query string
		want  string
	}{
		{time.UTC, "histogram=day", "2024-03-01:2 2024-03-02:0 2024-03-03:0 2024-03-04:1"},
		{ny, "histogram=day", "2024-02-29:1 2024-03-01:1 2024-03-02:0 2024-03-03:0 2024-03-04:1"},
		{time.UTC, "histogram=week", "2024-W09:2 2024-W10:1"},
		{time.UTC, "histogram=month&from=2024-01-15&to=2024-04-02", "2024-01:0 2024-02:0 2024-03:3 2024-04:0"},
		{time.UTC, "histogram=year", "2024:3"},
		{time.UTC, "", "2024-03-01:2 2024-03-02:0 2024-03-03:0 2024-03-04:1"}, // auto: a short span is daily
	}
	for _, c := range cases {
		s := search.New(idx, config.Defaults().Search, c.zone)
		res := mustSearch(t, s, c.query)
		var got []string
		for _, b := range res.Histogram.Buckets {
			got = append(got, fmt.Sprintf("%s:%d", b.Key, b.Count))
			if b.Start.Location().String() != c.zone.String() {
				t.Errorf("bucket %s not in %s", b.Key, c.zone)
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s in %s: got %s, want %s", c.query, c.zone, strings.Join(got, " "), c.want)
		}
	}
	s := search.New(idx, config.Defaults().Search, time.UTC)
	if res := mustSearch(t, s, "histogram=off"); res.Histogram != nil {
		t.Error("histogram=off still returned one")
	}
}

// TestCursorPaging walks a search with cursors and checks every match is
// seen once, in order, for each sort.
func TestCursorPaging(t *testing.T) {
	arts := corpus(120, 3)
	s := search.New(testindex.Build(t, arts), config.Defaults().Search, time.UTC)
	for _, sortBy := range []string{"relevance", "newest", "oldest"} {
		first := mustSearch(t, s, "q=oil&per_page=100&sort="+sortBy)
		var want []string
		for _, h := range first.Hits {
			want = append(want, h.ID)
		}
		var got []string
		cursor := "*"
		for page := 0; cursor != ""; page++ {
			if page > 50 {
				t.Fatal("cursor paging does not end")
			}
			res := mustSearch(t, s, "q=oil&per_page=7&sort="+sortBy+"&cursor="+url.QueryEscape(cursor))
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			cursor = res.NextCursor
		}
		if len(got) != int(first.Total) {
			t.Errorf("%s: cursor pages gave %d hits, total %d", sortBy, len(got), first.Total)
		}
		seen := map[string]bool{}
		for _, id := range got {
			if seen[id] {
				t.Errorf("%s: %s seen twice", sortBy, id)
			}
			seen[id] = true
		}
		if sortBy != "relevance" {
			// Pages follow the date order without gaps.
			byID := map[string]time.Time{}
			for _, a := range arts {
				byID[a.ID] = a.PublishedAt
			}
			ok := sort.SliceIsSorted(got, func(i, j int) bool {
				ti, tj := byID[got[i]], byID[got[j]]
				if ti.IsZero() || tj.IsZero() {
					return !ti.IsZero() && tj.IsZero()
				}
				if sortBy == "newest" {
					return ti.After(tj)
				}
				return ti.Before(tj)
			})
			if !ok {
				t.Errorf("%s: cursor pages out of order", sortBy)
			}
		}
	}
	// A cursor belongs to its search.
	res := mustSearch(t, s, "q=oil&per_page=5&cursor=*")
	v := url.Values{"q": {"prices"}, "per_page": {"5"}, "cursor": {res.NextCursor}}
	req, _ := search.ParseRequest(v, config.Defaults().Search, time.UTC)
	if _, err := s.Search(context.Background(), req); pulse.ErrorCode(err) != pulse.EInvalid || !strings.Contains(err.Error(), "another search") {
		t.Errorf("cursor replayed on another search: %v", err)
	}
}

func TestRecencyAndExplain(t *testing.T) {
	arts := []pulse.Article{
		{ID: "old", Title: "oil", Body: "oil", PublishedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "new", Title: "oil", Body: "oil", PublishedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	s := search.New(testindex.Build(t, arts), config.Defaults().Search, time.UTC)
	on := mustSearch(t, s, "q=oil&explain=true")
	if on.Hits[0].ID != "new" || on.Hits[0].Score <= on.Hits[1].Score {
		t.Errorf("with recency the newer equal match ranks first: %+v", on.Hits)
	}
	if on.Hits[0].Explanation == nil || !strings.Contains(fmt.Sprint(on.Hits[1].Explanation.Children[1].Message), "recency") {
		t.Errorf("explanation lacks the recency part: %+v", on.Hits[1].Explanation)
	}
	off := mustSearch(t, s, "q=oil&recency=off")
	if off.Hits[0].Score != off.Hits[1].Score {
		t.Errorf("without recency equal matches score equally: %v %v", off.Hits[0].Score, off.Hits[1].Score)
	}
}

func TestFacetValues(t *testing.T) {
	arts := corpus(100, 4)
	s := search.New(testindex.Build(t, arts), config.Defaults().Search, time.UTC)
	req, _ := search.ParseRequest(url.Values{}, config.Defaults().Search, time.UTC)
	vals, err := s.FacetValues(context.Background(), req, "person", "shai", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != 1 || vals[0].ID != "asaad-al-shaibani" || vals[0].Count == 0 {
		t.Errorf("prefix shai: %+v", vals)
	}
	if _, err := s.FacetValues(context.Background(), req, "colour", "", 10); pulse.ErrorCode(err) != pulse.EInvalid {
		t.Errorf("bad facet: %v", err)
	}
}

func TestCollapseCopies(t *testing.T) {
	body := "The central bank raised its main interest rate by half a point on Thursday, the first increase in three years, saying inflation had stayed above its target for too long and that wages were rising faster than productivity. Economists had expected a smaller move."
	arts := []pulse.Article{
		{ID: "wire", Title: "Bank raises rates", Body: body, Source: "Wire", Places: []pulse.Entity{{ID: "fr", Name: "France"}}, PublishedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "herald", Title: "Bank raises rates", Body: "From the wire. " + body + " Read more at the Herald.", Source: "Herald", Places: []pulse.Entity{{ID: "fr", Name: "France"}}, PublishedAt: time.Date(2024, 5, 1, 2, 0, 0, 0, time.UTC)},
		{ID: "own", Title: "Rates and the bank", Body: "Our own report: the bank's rate decision surprised traders who expected a smaller increase, and the currency rose.", Source: "Herald", Places: []pulse.Entity{{ID: "fr", Name: "France"}}, PublishedAt: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)},
	}
	s := search.New(testindex.Build(t, arts), config.Defaults().Search, time.UTC)
	on := mustSearch(t, s, "q=bank+rate&histogram=day")
	if on.Total != 2 || len(on.Hits) != 2 {
		t.Fatalf("collapsed: total %d hits %d, want 2 and 2", on.Total, len(on.Hits))
	}
	var others int
	for _, h := range on.Hits {
		others += h.Copies
	}
	if others != 1 {
		t.Errorf("collapsed hits report %d other copies, want 1", others)
	}
	if fv := on.Facets["place"]; len(fv) != 1 || fv[0].Count != 2 {
		t.Errorf("collapsed place facet %+v, want France counted once per story (2)", fv)
	}
	if n := on.Histogram.Buckets[0].Count; n != 1 {
		t.Errorf("collapsed histogram on May 1: %d, want 1", n)
	}
	var cluster string
	for _, h := range on.Hits {
		if h.Copies > 0 {
			cluster = h.Cluster
		}
	}
	copies := mustSearch(t, s, "q=bank+rate&collapse=off&cluster="+cluster)
	if copies.Total != 2 {
		t.Errorf("cluster=%s lists %d articles, want the story and its copy", cluster, copies.Total)
	}
	off := mustSearch(t, s, "q=bank+rate&collapse=off")
	if off.Total != 3 || len(off.Hits) != 3 || off.Facets["place"][0].Count != 3 {
		t.Errorf("collapse=off: total %d hits %d facet %+v, want every copy", off.Total, len(off.Hits), off.Facets["place"])
	}
}

func TestRetriesAndDidYouMean(t *testing.T) {
	arts := []pulse.Article{
		{ID: "c1", Title: "Coffee quotas", Body: "The coffee organisation talks on export quotas resumed."},
		{ID: "c2", Title: "Coffee prices", Body: "Coffee prices rose on frost fears in the growing regions."},
		{ID: "c3", Title: "Cocoa review", Body: "Cocoa arrivals were steady this week."},
	}
	// Widening a query few articles match in full is TestWidenFewMatches';
	// here only a query none matches is loosened.
	cfg := config.Defaults().Search
	cfg.WidenBelow = 0
	s := search.New(testindex.Build(t, arts), cfg, time.UTC)
	cases := []struct {
		query   string
		total   int
		retried string
		dym     string
	}{
		{"q=coffee+quotas", 1, "", ""},
		{"q=coffee+with", 2, "", ""}, // a stop word must not demand an entity named "with"
		{"q=coffee+zzyzx", 2, "or", ""},
		{"q=cofee", 2, "fuzzy", "coffee"},
		{"q=%22coffee+zzyzx%22", 0, "", ""},
		{"q=qqqqqq", 0, "", ""},
	}
	for _, c := range cases {
		res := mustSearch(t, s, c.query)
		if int(res.Total) != c.total || res.Retried != c.retried || res.DidYouMean != c.dym {
			t.Errorf("%s: total %d retried %q did_you_mean %q; want %d %q %q", c.query, res.Total, res.Retried, res.DidYouMean, c.total, c.retried, c.dym)
		}
		if c.retried != "" && res.Notice == "" {
			t.Errorf("%s: a retry must say so", c.query)
		}
	}
}

func TestQueryErrorsAndLimits(t *testing.T) {
	s := search.New(testindex.Build(t, corpus(10, 5)), config.Defaults().Search, time.UTC)
	cfg := config.Defaults().Search
	cfg.MaxClauses = 3
	small := search.New(testindex.Build(t, corpus(10, 5)), cfg, time.UTC)
	for _, c := range []struct {
		s      *search.Searcher
		query  string
		strict string
		want   string
	}{
		{s, "(oil", "true", `q: at position`},
		{s, "oil~3", "true", "q: "},
		{small, "a b c d e", "true", "search.max_clauses"},
		{small, "a b c d e", "false", "search.max_clauses"},
	} {
		req, err := search.ParseRequest(url.Values{"q": {c.query}, "strict": {c.strict}}, config.Defaults().Search, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.s.Search(context.Background(), req)
		if e, ok := err.(*pulse.Error); !ok || e.Parameter != "q" || !strings.Contains(e.Message, c.want) {
			t.Errorf("%q: got %v, want a q error containing %q", c.query, err, c.want)
		}
	}
}

// TestArabic checks that an Arabic article is searched with the Arabic
// analyser: a word without its article ("خارجية") finds the text's
// "الخارجية", and the snippet marks it.
func TestArabic(t *testing.T) {
	arts := []pulse.Article{
		{ID: "ar1", Language: "ar", Title: "وزير الخارجية السوري في بغداد", Body: "زار وزير الخارجية السوري بغداد لبحث التعاون الأمني مع العراق."},
		{ID: "en1", Language: "en", Title: "Minister in Baghdad", Body: "The foreign minister visited Baghdad."},
	}
	s := search.New(testindex.Build(t, arts), config.Defaults().Search, time.UTC)
	res := mustSearch(t, s, "q="+url.QueryEscape("خارجية"))
	if res.Total != 1 || res.Hits[0].ID != "ar1" {
		t.Fatalf("Arabic search: %d hits %+v", res.Total, res.Hits)
	}
	if !strings.Contains(res.Hits[0].Snippet, "<mark>") {
		t.Errorf("Arabic snippet not highlighted: %q", res.Hits[0].Snippet)
	}
	if res := mustSearch(t, s, "q=baghdad"); res.Total != 1 || res.Hits[0].ID != "en1" {
		t.Errorf("English search: %+v", res.Hits)
	}
}

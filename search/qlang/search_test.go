package qlang

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// testDoc is one article of testdata/corpus.json: its text, its date, and
// the raw names of its facet values.
type testDoc struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Body        string    `json:"body"`
	PublishedAt time.Time `json:"published_at"`
	Topic       []string  `json:"topic"`
	Place       []string  `json:"place"`
	Person      []string  `json:"person"`
	Org         []string  `json:"org"`
	Source      []string  `json:"source"`
}

// mustIndex indexes testdata/corpus.json through the indexer, as
// `pulse ingest` does without extraction, into a temporary directory.
// Each facet name becomes an entity whose id is its folded form.
func mustIndex(tb testing.TB) bleve.Index {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "corpus.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var docs []testDoc
	if err := json.Unmarshal(raw, &docs); err != nil {
		tb.Fatal(err)
	}
	entities := func(names []string) []pulse.Entity {
		var out []pulse.Entity
		for _, n := range names {
			out = append(out, pulse.Entity{ID: pulse.NormalizeKey(n), Name: n})
		}
		return out
	}
	arts := make([]pulse.Article, len(docs))
	for i, d := range docs {
		arts[i] = pulse.Article{
			ID: d.ID, Title: d.Title, Summary: d.Summary, Body: d.Body, PublishedAt: d.PublishedAt,
			Topics: entities(d.Topic), Places: entities(d.Place), Persons: entities(d.Person), Orgs: entities(d.Org),
			Source: strings.Join(d.Source, ""),
		}
	}
	return testindex.Build(tb, arts)
}

// testOptions is the JSON form of Options in testdata/searches.json.
type testOptions struct {
	Operator     string `json:"operator"` // "and" or "or"
	Fuzziness    int    `json:"fuzziness"`
	MaxExpansion *int   `json:"max_expansion"` // absent: config's
	Overflow     string `json:"overflow"`      // "keep" or "fail"
	Location     string `json:"location"`
	Aliases      bool   `json:"aliases"`
}

func (o testOptions) options(tb testing.TB) Options {
	tb.Helper()
	opts := defaultOptions()
	opts.Fuzziness = o.Fuzziness
	opts.EntityAliases = o.Aliases
	if o.MaxExpansion != nil {
		opts.MaxExpansion = *o.MaxExpansion
	}
	if o.Operator == "or" {
		opts.DefaultOperator = Or
	}
	if o.Overflow == "fail" {
		opts.Overflow = Fail
	}
	if o.Location != "" {
		loc, err := time.LoadLocation(o.Location)
		if err != nil {
			tb.Fatal(err)
		}
		opts.Location = loc
	}
	return opts
}

// mustSearch runs query on idx and returns the ids of the hits, best first.
func mustSearch(tb testing.TB, idx bleve.Index, query string, opts Options) ([]string, error) {
	tb.Helper()
	q, err := Parse(query, defaultLimits())
	if err != nil {
		return nil, err
	}
	bq, err := q.Build(opts)
	if err != nil {
		return nil, err
	}
	res, err := idx.Search(bleve.NewSearchRequestOptions(bq, 100, 0, false))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// TestSearches runs testdata/searches.json against the corpus: each case
// gives the exact set of hits (or their count), optionally the top hit or
// one that must not be on top, or the error.
func TestSearches(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "searches.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name    string      `json:"name"`
		Query   string      `json:"query"`
		Options testOptions `json:"options"`
		Hits    []string    `json:"hits"`
		Count   *int        `json:"count"`
		Top     string      `json:"top"`
		NotTop  string      `json:"not_top"`
		Error   string      `json:"error"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	idx := mustIndex(t)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			ids, err := mustSearch(t, idx, c.Query, c.Options.options(t))
			if c.Error != "" {
				if err == nil || err.Error() != c.Error {
					t.Fatalf("%s: got error %v, want %q", c.Query, err, c.Error)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", c.Query, err)
			}
			if c.Count != nil {
				if len(ids) != *c.Count {
					t.Errorf("%s: got %d hits %v, want %d", c.Query, len(ids), ids, *c.Count)
				}
			} else {
				got := slices.Sorted(slices.Values(ids))
				want := c.Hits
				if want == nil {
					want = []string{}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: got hits %v, want %v", c.Query, got, want)
				}
			}
			if c.Top != "" && (len(ids) == 0 || ids[0] != c.Top) {
				t.Errorf("%s: got ranking %v, want %s on top", c.Query, ids, c.Top)
			}
			if c.NotTop != "" && len(ids) > 0 && ids[0] == c.NotTop {
				t.Errorf("%s: got ranking %v, want %s not on top", c.Query, ids, c.NotTop)
			}
		})
	}
}

// TestExpansionErrorThroughBleve checks that an overflowing expansion
// reaches the caller of bleve's Search as a *LimitError, which the API
// turns into a 400.
func TestExpansionErrorThroughBleve(t *testing.T) {
	idx := mustIndex(t)
	_, err := mustSearch(t, idx, "oil OR sanct*", defaultOptions(func(o *Options) { o.MaxExpansion = 1; o.Overflow = Fail }))
	var le *LimitError
	if !errors.As(err, &le) || !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v (%T), want a *LimitError", err, err)
	}
	if le.Limit != "max_expansion" || le.Max != 1 || le.Offset != 7 || le.Column != 8 {
		t.Errorf("got %+v", le)
	}
}

// TestProximityLocations checks that a proximity match reports the
// positions of the terms of its matching window only, for highlighting.
func TestProximityLocations(t *testing.T) {
	idx := mustIndex(t)
	q, err := Parse(`"shaibani baghdad"~4`, defaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	bq, err := q.Build(defaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	req := bleve.NewSearchRequest(bq)
	req.IncludeLocations = true
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string][]uint64{}
	for _, h := range res.Hits {
		got[h.ID] = map[string][]uint64{}
		for term, locs := range h.Locations[pulse.FieldBody] {
			for _, l := range locs {
				got[h.ID][term] = append(got[h.ID][term], l.Pos)
			}
		}
	}
	want := map[string]map[string][]uint64{
		"shaibani-baghdad": {"shaibani": {5}, "baghdad": {8}},
		"baghdad-expects":  {"shaibani": {6}, "baghdad": {1}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for id, terms := range want {
		for term, pos := range terms {
			if !slices.Equal(got[id][term], pos) {
				t.Errorf("%s %s: got positions %v, want %v", id, term, got[id][term], pos)
			}
		}
	}
}

// TestBuildRepeatedly checks the retry pattern: one parse, several builds.
func TestBuildRepeatedly(t *testing.T) {
	idx := mustIndex(t)
	q, err := Parse("baghdat budget", defaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if q.WordCount() != 2 || !q.ImplicitOperator() {
		t.Fatalf("got WordCount %d, ImplicitOperator %v", q.WordCount(), q.ImplicitOperator())
	}
	steps := []struct {
		opts Options
		want int
	}{
		{defaultOptions(), 0},
		{defaultOptions(func(o *Options) { o.DefaultOperator = Or }), 2},                   // budget
		{defaultOptions(func(o *Options) { o.DefaultOperator = Or; o.Fuzziness = 1 }), 5},  // budget or baghdad
		{defaultOptions(func(o *Options) { o.DefaultOperator = And; o.Fuzziness = 1 }), 0}, // no article has both
	}
	for _, s := range steps {
		bq, err := q.Build(s.opts)
		if err != nil {
			t.Fatal(err)
		}
		res, err := idx.Search(bleve.NewSearchRequest(bq))
		if err != nil {
			t.Fatal(err)
		}
		if int(res.Total) != s.want {
			t.Errorf("%+v: got %d hits, want %d", s.opts, res.Total, s.want)
		}
	}
}

// TestConcurrentUse builds and runs one parsed query from several
// goroutines at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	idx := mustIndex(t)
	q, err := Parse(`"shaibani baghdad"~4 OR sanct* OR tanker~1 OR daesh`, defaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			bq, err := q.Build(defaultOptions(func(o *Options) { o.EntityAliases = true }))
			if err == nil {
				var res *bleve.SearchResult
				res, err = idx.Search(bleve.NewSearchRequest(bq))
				if err == nil && res.Total != 9 {
					err = fmt.Errorf("got %d hits, want 9", res.Total)
				}
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestNothingInsideBoolean checks that a query of stop words matches
// nothing even as the Must of a BooleanQuery with a Filter, as the search
// service combines text and facet filters.
func TestNothingInsideBoolean(t *testing.T) {
	idx := mustIndex(t)
	q, err := Parse("the of", defaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	bq, err := q.Build(defaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	filter := bleve.NewTermQuery("reuters")
	filter.SetField(pulse.KeyField(pulse.FacetSource))
	b := &bquery.BooleanQuery{Must: bq, Filter: filter}
	res, err := idx.Search(bleve.NewSearchRequest(b))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Errorf("got %d hits, want 0", res.Total)
	}
}

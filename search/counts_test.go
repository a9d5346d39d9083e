package search_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format/jsonl"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/sample"
	"github.com/pulsesearch/pulse/search"
)

// TestCountsMatchTotals is the promise of every count Pulse shows: for
// each facet value listed and each histogram bucket, the count equals the
// total of the same search with that value (the facet's filter set to
// it) or that bucket's dates applied. Random queries (words, phrases,
// boolean) and random filter sets run, collapse on and off, over the
// sample corpus plus wire copies of some of its stories whose facet
// values differ from the original's (another place, or one named
// otherwise; another source, tag, a later day), indexed in small batches so that segments merge while it runs.
func TestCountsMatchTotals(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	arts := withCopies(rng, readSample(t))
	cfg := config.Defaults()
	s := search.New(testindex.BuildBatched(t, arts, 20), cfg.Search, time.UTC)

	// What the index holds: articles, and stories (each cluster of copies
	// once), as the search totals with collapse off and on count them.
	n, err := s.Count()
	if err != nil {
		t.Fatal(err)
	}
	stories, err := s.Stories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if all := mustSearch(t, s, "collapse=off").Total; n != uint64(len(arts)) || all != n {
		t.Errorf("Count %d, collapse=off total %d, %d articles indexed", n, all, len(arts))
	}
	if all := mustSearch(t, s, "collapse=on").Total; stories != all || stories >= n {
		t.Errorf("Stories %d, collapse=on total %d, of %d articles", stories, all, n)
	}

	words, phrases := vocabulary(arts)
	pool := facetPool(arts)
	cases := 40
	if testing.Short() {
		cases = 8
	}
	checked, failed := 0, 0
	for c := 0; c < cases; c++ {
		v := url.Values{"q": {randomQuery(rng, words, phrases)}, "facet_size": {"6"}}
		for _, f := range rng.Perm(len(pulse.Facets))[:rng.Intn(3)] {
			facet := pulse.Facets[f]
			if vals := pool[facet]; len(vals) > 0 {
				for range 1 + rng.Intn(2) {
					v.Add(facet, vals[rng.Intn(len(vals))])
				}
			}
		}
		if rng.Intn(4) == 0 {
			v.Set("from", "1987-03-0"+fmt.Sprint(1+rng.Intn(9)))
		}
		for _, collapse := range []string{"on", "off"} {
			v.Set("collapse", collapse)
			res := mustSearch(t, s, v.Encode())
			check := func(what string, shown int, w url.Values) {
				w.Set("facets", "")
				w.Set("histogram", "off")
				sel := mustSearch(t, s, w.Encode())
				got := int(sel.Total)
				switch {
				case sel.Retried == res.Retried:
				case res.Retried == "":
					// Nothing matched as typed, so the search said so and
					// retried looser: as typed, it found none.
					got = 0
				default:
					// The counts are of a loosened query that the
					// selection, matching as typed, did not need.
					return
				}
				checked++
				if got != shown {
					failed++
					if failed <= 20 {
						t.Errorf("%s: %s shows %d, selecting it finds %d", v.Encode(), what, shown, got)
					}
				}
			}
			for facet, vals := range res.Facets {
				for _, fv := range vals {
					w := clone(v)
					w[facet] = []string{fv.ID}
					check(fmt.Sprintf("%s %q", facet, fv.ID), fv.Count, w)
				}
			}
			// The facet value search ("more…") counts the same way.
			facet := pulse.Facets[rng.Intn(len(pulse.Facets))]
			r, err := search.ParseRequest(v, cfg.Search, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			more, err := s.FacetValues(context.Background(), r, facet, "", 6)
			if err != nil {
				t.Fatal(err)
			}
			for _, fv := range more {
				w := clone(v)
				w[facet] = []string{fv.ID}
				check(fmt.Sprintf("value search %s %q", facet, fv.ID), fv.Count, w)
			}
			if res.Histogram != nil {
				from, _ := time.Parse("2006-01-02", v.Get("from"))
				for _, b := range res.Histogram.Buckets {
					w := clone(v)
					w.Set("from", maxTime(b.Start, from).Format(time.RFC3339Nano))
					w.Set("to", b.End.Add(-time.Nanosecond).Format(time.RFC3339Nano))
					check("bucket "+b.Key, b.Count, w)
				}
			}
		}
	}
	t.Logf("%d counts checked over %d articles, %d wrong", checked, len(arts), failed)
}

func clone(v url.Values) url.Values {
	w := url.Values{}
	for k, vs := range v {
		w[k] = slices.Clone(vs)
	}
	return w
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// readSample reads the shipped sample corpus.
func readSample(tb testing.TB) []pulse.Article {
	tb.Helper()
	var arts []pulse.Article
	sc := bufio.NewScanner(sample.Open())
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			a, err := jsonl.Reader{}.Decode(line)
			if err != nil {
				tb.Fatal(err)
			}
			arts = append(arts, a)
		}
	}
	return arts
}

// withCopies adds wire copies of a quarter of the articles: the same
// story, each copy with its facet values changed the way copies of one
// story differ (a place more or fewer, another source, author or tag, a
// day later), which is where a count by the first copy seen goes wrong.
func withCopies(rng *rand.Rand, arts []pulse.Article) []pulse.Article {
	places := facetEntities(arts, pulse.FacetPlace)
	out := slices.Clone(arts)
	for _, a := range arts {
		if rng.Intn(4) > 0 || len(strings.Fields(a.Body)) < 40 {
			continue
		}
		for k := range 1 + rng.Intn(3) {
			c := a
			c.ID = fmt.Sprintf("%s-copy%d", a.ID, k)
			c.Places = slices.Clone(a.Places)
			switch rng.Intn(3) {
			case 0:
				if len(c.Places) > 0 {
					c.Places = c.Places[1:]
				}
			case 1:
				c.Places = append(c.Places, places[rng.Intn(len(places))])
			case 2:
				// The same place under another name, as extraction
				// names one entity by the form an article uses.
				if len(c.Places) > 0 {
					c.Places[0].Name += " (" + c.ID + ")"
				}
			}
			if rng.Intn(2) == 0 {
				c.Source = []string{"AP", "AFP", "Reuters"}[rng.Intn(3)]
			}
			if rng.Intn(3) == 0 {
				c.Author = []string{"Jane Roe", "John Doe"}[rng.Intn(2)]
			}
			if rng.Intn(3) == 0 {
				c.Tags = append(slices.Clone(a.Tags), []string{"copy", "wire"}[rng.Intn(2)])
			}
			if !c.PublishedAt.IsZero() {
				c.PublishedAt = c.PublishedAt.Add(time.Duration(rng.Intn(4*24)) * time.Hour)
			}
			out = append(out, c)
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func facetEntities(arts []pulse.Article, facet string) []pulse.Entity {
	seen := map[string]bool{}
	var out []pulse.Entity
	for _, a := range arts {
		for _, e := range a.Entities(facet) {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	return out
}

// facetPool lists the values of each facet the articles hold, to filter by.
func facetPool(arts []pulse.Article) map[string][]string {
	pool := map[string][]string{}
	add := func(f, v string) {
		if v != "" && !slices.Contains(pool[f], v) {
			pool[f] = append(pool[f], v)
		}
	}
	for _, a := range arts {
		for _, f := range pulse.EntityFacets {
			for _, e := range a.Entities(f) {
				add(f, e.ID)
			}
		}
		add(pulse.FacetSource, a.Source)
		add(pulse.FacetAuthor, a.Author)
		for _, tg := range a.Tags {
			add(pulse.FacetTag, tg)
		}
	}
	return pool
}

var reWord = regexp.MustCompile(`^[a-z]{4,}$`)

// vocabulary returns title words and two-word title phrases.
func vocabulary(arts []pulse.Article) (words, phrases []string) {
	for _, a := range arts {
		ws := strings.Fields(strings.ToLower(a.Title))
		for i, w := range ws {
			if reWord.MatchString(w) {
				words = append(words, w)
				if i+1 < len(ws) && reWord.MatchString(ws[i+1]) {
					phrases = append(phrases, w+" "+ws[i+1])
				}
			}
		}
	}
	return words, phrases
}

func randomQuery(rng *rand.Rand, words, phrases []string) string {
	w := func() string { return words[rng.Intn(len(words))] }
	switch rng.Intn(8) {
	case 0:
		return ""
	case 1:
		return w()
	case 2:
		return w() + " " + w()
	case 3:
		return `"` + phrases[rng.Intn(len(phrases))] + `"`
	case 4:
		return w() + " OR " + w() + " OR " + w()
	case 5:
		return w() + " OR " + w() + " -" + w()
	case 6:
		return "(" + w() + " OR " + w() + ") " + w()
	}
	return w() + " OR " + w() + " NOT " + w()
}

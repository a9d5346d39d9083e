package search

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// TestResultCacheFollowsWrites checks that a repeated search is served
// from the cache, and that a write (added or deleted articles) is seen by
// the next search, counts and facets included.
func TestResultCacheFollowsWrites(t *testing.T) {
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	art := func(id, place string) pulse.Article {
		return pulse.Article{ID: id, Title: "oil prices", PublishedAt: day,
			Places: []pulse.Entity{{ID: place, Name: place}}}
	}
	idx := testindex.Build(t, []pulse.Article{art("a", "iq"), art("b", "iq"), art("c", "fr")})
	s := New(idx, config.Defaults().Search, time.UTC)
	w := indexer.NewWriter(idx, nil, config.Ingest{BatchSize: 10}, time.UTC)
	w.OnWrite = func(ids []string) { s.Invalidate(ids...) }
	ctx := context.Background()
	search := func() *Result {
		t.Helper()
		req, err := ParseRequest(url.Values{"q": {"oil"}, "facets": {"place"}}, config.Defaults().Search, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	count := func(res *Result, id string) int {
		for _, v := range res.Facets["place"] {
			if v.ID == id {
				return v.Count
			}
		}
		return 0
	}
	check := func(step string, res *Result, cached bool, total, iq int) {
		t.Helper()
		if res.Cached != cached || int(res.Total) != total || count(res, "iq") != iq {
			t.Errorf("%s: cached %v, total %d, iq %d; want %v, %d, %d", step, res.Cached, res.Total, count(res, "iq"), cached, total, iq)
		}
	}
	check("first", search(), false, 3, 2)
	check("again", search(), true, 3, 2)
	if st := s.CacheStats(); st.Hits != 1 || st.Entries != 1 {
		t.Errorf("cache stats %+v, want 1 hit and 1 entry", st)
	}
	if _, err := w.Write(ctx, []format.Item{{Article: art("d", "iq")}}, []string{"d"}); err != nil {
		t.Fatal(err)
	}
	check("after an added article", search(), false, 4, 3)
	if err := idx.Delete("a"); err != nil {
		t.Fatal(err)
	}
	s.Invalidate("a")
	check("after a deletion", search(), false, 3, 2)
	check("cached again", search(), true, 3, 2)

	// Requests that differ only in what they count are not one entry.
	for _, v := range []url.Values{
		{"q": {"oil"}, "facets": {"person"}},
		{"q": {"oil"}, "facets": {"place"}, "facet_size": {"1"}},
	} {
		req, err := ParseRequest(v, config.Defaults().Search, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Cached {
			t.Errorf("%s: served from the cache entry of another request", v.Encode())
		}
	}

	s.SetCacheSize(0)
	check("cache off", search(), false, 3, 2)
	check("cache off, again", search(), false, 3, 2)
}

// TestColumnsEvicted checks that the columns of segments merged away are
// dropped.
func TestColumnsEvicted(t *testing.T) {
	var arts []pulse.Article
	for i := 0; i < 400; i++ {
		arts = append(arts, pulse.Article{ID: "x" + string(rune('a'+i%26)) + time.Duration(i).String(), Title: "oil", PublishedAt: time.Unix(int64(i)*86400, 0),
			Places: []pulse.Entity{{ID: "iq", Name: "Iraq"}}})
	}
	idx := testindex.BuildBatched(t, arts, 5)
	cfg := config.Defaults().Search
	cfg.CacheSize = 0
	s := New(idx, cfg, time.UTC)
	req, err := ParseRequest(url.Values{"q": {"oil"}, "facets": {"place"}}, cfg, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		res, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 400 || len(res.Facets["place"]) != 1 || res.Facets["place"][0].Count != 400 {
			t.Fatalf("round %d: total %d, places %+v", i, res.Total, res.Facets["place"])
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A last search, on the snapshot as merged by now, evicts the rest.
	if _, err := s.Search(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	in, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := in.Reader()
	if err != nil {
		t.Fatal(err)
	}
	live := len(r.(*scorch.IndexSnapshot).Segments())
	r.Close()
	s.cols.mu.Lock()
	n := len(s.cols.segs)
	s.cols.mu.Unlock()
	if n > live+8 {
		t.Errorf("columns of %d segments kept, %d live: at most the live ones plus 8 should be", n, live)
	}
	t.Logf("columns of %d segments kept, %d live", n, live)
}

// TestWarm checks that Warm builds the dates and every facet's labels of
// each segment, and that searches then read the same counts.
func TestWarm(t *testing.T) {
	var arts []pulse.Article
	for i := 0; i < 60; i++ {
		arts = append(arts, pulse.Article{ID: "w" + time.Duration(i).String(), Title: "oil", PublishedAt: time.Unix(int64(i)*86400, 0),
			Places: []pulse.Entity{{ID: "iq", Name: "Iraq"}}})
	}
	idx := testindex.BuildBatched(t, arts, 7)
	s := New(idx, config.Defaults().Search, time.UTC)
	if err := s.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.cols.mu.Lock()
	if len(s.cols.segs) == 0 {
		t.Error("no segment warmed")
	}
	for _, sc := range s.cols.segs {
		if sc.pub == nil || len(sc.fields) != len(pulse.Facets)+1 {
			t.Errorf("segment of %d articles: dates built %v, %d columns; want dates and %d", sc.n, sc.pub != nil, len(sc.fields), len(pulse.Facets)+1)
		}
	}
	s.cols.mu.Unlock()
	req, err := ParseRequest(url.Values{"q": {"oil"}, "facets": {"place"}}, config.Defaults().Search, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 60 || len(res.Facets["place"]) != 1 || res.Facets["place"][0].Count != 60 {
		t.Errorf("after Warm: total %d, places %+v; want 60 and iq 60", res.Total, res.Facets["place"])
	}
}

// TestSearchesDuringWrites runs searches while articles are written in
// small batches (new segments, merges, evictions, cache invalidations):
// every result must be self-consistent — each article is in Iraq, so the
// place count equals the total — and the last search must see them all.
func TestSearchesDuringWrites(t *testing.T) {
	art := func(i int) pulse.Article {
		return pulse.Article{ID: fmt.Sprintf("c%d", i), Title: "oil prices", PublishedAt: time.Unix(int64(i)*3600, 0),
			Places: []pulse.Entity{{ID: "iq", Name: "Iraq"}}}
	}
	idx := testindex.Build(t, []pulse.Article{art(0)})
	s := New(idx, config.Defaults().Search, time.UTC)
	w := indexer.NewWriter(idx, nil, config.Ingest{BatchSize: 3}, time.UTC)
	w.OnWrite = func(ids []string) { s.Invalidate(ids...) }
	ctx := context.Background()
	req, err := ParseRequest(url.Values{"q": {"oil"}, "facets": {"place"}, "place": {"iq"}}, config.Defaults().Search, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	const n = 300
	done := make(chan struct{})
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				res, err := s.Search(ctx, req)
				if err != nil {
					errs <- err
					return
				}
				if len(res.Facets["place"]) != 1 || uint64(res.Facets["place"][0].Count) != res.Total {
					errs <- fmt.Errorf("total %d, places %+v", res.Total, res.Facets["place"])
					return
				}
			}
		}()
	}
	for i := 1; i < n; i += 3 {
		var its []format.Item
		var names []string
		for j := i; j < min(i+3, n); j++ {
			its = append(its, format.Item{Article: art(j)})
			names = append(names, art(j).ID)
		}
		if _, err := w.Write(ctx, its, names); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for g := 0; g < 4; g++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	res, err := s.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != n {
		t.Errorf("after the writes: total %d, want %d", res.Total, n)
	}
}

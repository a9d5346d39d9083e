package search_test

import (
	"bufio"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/eval/relevance"
	"github.com/pulsesearch/pulse/internal/sharedtest"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// BenchmarkRanking runs, with the result cache off, over the 18,000
// Reuters development articles: the peer benchmark's 60 queries (words,
// phrases, facets) and 50 long queries (the first Cranfield queries, 8 to
// 30 words, which take the long-query path with feedback). Each op runs
// the whole set; p50 and p99 are per query.
//
//	go test ./search -run '^$' -bench Ranking -benchtime 5x -count 5
func BenchmarkRanking(b *testing.B) {
	arts, err := relevance.ReadReuters(sharedtest.Path(b, "data", relevance.ReutersDevFile))
	if err != nil {
		b.Fatal(err)
	}
	// One article has neither title nor body, which the writer refuses.
	arts = slices.DeleteFunc(arts, func(a pulse.Article) bool { return a.Title == "" && a.Body == "" })
	ix, err := testindex.Write(filepath.Join(b.TempDir(), "data"), arts, 1000)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	cfg := config.Defaults().Search
	s := search.New(ix.Bleve(), cfg, time.UTC)
	s.SetCacheSize(0)

	var peer, long []url.Values
	f, err := os.Open(sharedtest.Path(b, "bench", "queries.txt"))
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(sc.Text(), "#") || len(cols) < 4 {
			continue
		}
		text := cols[3]
		if cols[2] == "phrase" {
			text = `"` + text + `"`
		}
		v := url.Values{"q": {text}, "per_page": {"10"}, "histogram": {"off"}, "facets": {""}}
		if cols[1] == "facet" {
			v.Set("facets", "place,tag")
		}
		peer = append(peer, v)
	}
	f.Close()
	cran, err := relevance.ReadSmart(sharedtest.Path(b, "data", relevance.SmartDir), "cran")
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range cran.Collection.Queries[:50] {
		long = append(long, url.Values{"q": {q.Query}, "per_page": {"10"}, "histogram": {"off"}, "facets": {""}})
	}
	for _, set := range []struct {
		name string
		qs   []url.Values
	}{{"peer", peer}, {"long", long}} {
		b.Run(set.name, func(b *testing.B) {
			reqs := make([]search.Request, len(set.qs))
			for i, v := range set.qs {
				r, err := search.ParseRequest(v, cfg, time.UTC)
				if err != nil {
					b.Fatal(err)
				}
				reqs[i] = r
			}
			ctx := context.Background()
			var lat []float64
			b.ResetTimer()
			for b.Loop() {
				for _, r := range reqs {
					start := time.Now()
					if _, err := s.Search(ctx, r); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, float64(time.Since(start).Microseconds())/1000)
				}
			}
			slices.Sort(lat)
			b.ReportMetric(lat[len(lat)/2], "p50-ms")
			b.ReportMetric(lat[len(lat)*99/100], "p99-ms")
		})
	}
}

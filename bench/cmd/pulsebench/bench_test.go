package main

import (
	"bufio"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/cmd/cli"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/internal/sharedtest"
	"github.com/pulsesearch/pulse/search"
)

// reutersFiles returns the Reuters-21578 development files.
func reutersFiles(tb testing.TB) []string {
	dir := sharedtest.Path(tb, "data", "reuters21578")
	files, _ := filepath.Glob(filepath.Join(dir, "reut2-*.sgm.gz"))
	return files
}

func benchConfig(tb testing.TB, dir string) *config.Config {
	cfg, err := config.Load(config.Options{Environ: []string{"PULSE_DATA_DIR=" + dir}})
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// BenchmarkIngestReuters ingests the 18,000 development stories into a
// fresh index, with extraction, as `pulse ingest` does.
//
//	go test ./bench/cmd/pulsebench -run XXX -bench IngestReuters -benchtime 5x
func BenchmarkIngestReuters(b *testing.B) {
	files := reutersFiles(b)
	var read int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		cfg := benchConfig(b, dir)
		ix, err := indexer.Open(dir, "bench")
		if err != nil {
			b.Fatal(err)
		}
		w := ix.NewWriter(cli.NewExtractor, cfg.Ingest, cfg.Location())
		b.StartTimer()
		sum, err := w.IngestPaths(context.Background(), files, indexer.RunOptions{})
		b.StopTimer()
		if err != nil || sum.Indexed != 17999 {
			b.Fatalf("ingest: %s %v", sum, err)
		}
		read = sum.Read
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(read*b.N)/b.Elapsed().Seconds(), "articles/s")
}

var (
	reutersOnce sync.Once
	reutersNode *cli.Node
	reutersErr  error
)

// reutersIndex builds, once per test binary, an index of the Reuters
// development stories to query.
func reutersIndex(b *testing.B) *cli.Node {
	files := reutersFiles(b)
	reutersOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pulse-bench-")
		if err != nil {
			reutersErr = err
			return
		}
		cfg := benchConfig(b, dir)
		n, err := cli.OpenNode(cfg, "bench")
		if err != nil {
			reutersErr = err
			return
		}
		_, reutersErr = n.Writer.IngestPaths(context.Background(), files, indexer.RunOptions{})
		reutersNode = n
	})
	if reutersErr != nil {
		b.Fatal(reutersErr)
	}
	return reutersNode
}

// peerQuery is one line of ../shared/bench/queries.txt as a request.
type peerQuery struct {
	id     string
	facets bool
	values url.Values
}

func peerQueries(b *testing.B) []peerQuery {
	f, err := os.Open(sharedtest.Path(b, "bench", "queries.txt"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []peerQuery
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		q := peerQuery{id: cols[0], facets: cols[1] == "facet", values: url.Values{}}
		text := cols[3]
		if cols[2] == "phrase" {
			text = `"` + text + `"`
		}
		q.values.Set("q", text)
		q.values.Set("per_page", "10")
		// The peers compute no date histogram: neither does this run.
		q.values.Set("histogram", "off")
		if q.facets {
			// The peers count Reuters places and TOPICS codes; in Pulse the
			// codes are tags (topics are IPTC media topics).
			q.values.Set("facets", "place,tag")
			q.values.Set("facet_size", "10")
		} else {
			q.values.Set("facets", "")
		}
		out = append(out, q)
	}
	return out
}

// BenchmarkQueries runs the peer benchmark's 60 queries in process, after
// one warm-up pass, and reports the median and 99th percentile latency of
// all of them and of those with facets.
//
//	go test ./bench/cmd/pulsebench -run XXX -bench Queries -benchtime 20x
func BenchmarkQueries(b *testing.B) {
	n := reutersIndex(b)
	qs := peerQueries(b)
	cfg := config.Defaults()
	reqs := make([]search.Request, len(qs))
	for i, q := range qs {
		r, err := search.ParseRequest(q.values, cfg.Search, time.UTC)
		if err != nil {
			b.Fatalf("%s: %v", q.id, err)
		}
		reqs[i] = r
	}
	ctx := context.Background()
	for _, r := range reqs {
		if _, err := n.Searcher.Search(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	var all, faceted []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, r := range reqs {
			start := time.Now()
			if _, err := n.Searcher.Search(ctx, r); err != nil {
				b.Fatal(err)
			}
			ms := float64(time.Since(start).Microseconds()) / 1000
			all = append(all, ms)
			if qs[j].facets {
				faceted = append(faceted, ms)
			}
		}
	}
	b.ReportMetric(percentile(all, 50), "p50-ms")
	b.ReportMetric(percentile(all, 99), "p99-ms")
	b.ReportMetric(percentile(faceted, 50), "facets-p50-ms")
	b.ReportMetric(percentile(faceted, 99), "facets-p99-ms")
}

// BenchmarkFacetsHistogram runs the peers' 30 base queries with five
// facets (place, person, org, topic, tag) and the automatic date
// histogram, as the search page asks, and reports p50 and p99.
//
//	go test ./bench/cmd/pulsebench -run XXX -bench FacetsHistogram -benchtime 10x
func BenchmarkFacetsHistogram(b *testing.B) {
	n := reutersIndex(b)
	cfg := config.Defaults()
	var reqs []search.Request
	for _, q := range peerQueries(b) {
		if q.facets {
			continue
		}
		v := url.Values{"q": q.values["q"], "facets": {"place,person,org,topic,tag"}, "histogram": {"auto"}, "per_page": {"10"}}
		r, err := search.ParseRequest(v, cfg.Search, time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		reqs = append(reqs, r)
	}
	ctx := context.Background()
	for _, r := range reqs {
		n.Searcher.Search(ctx, r)
	}
	var lat []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range reqs {
			start := time.Now()
			if _, err := n.Searcher.Search(ctx, r); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		}
	}
	b.ReportMetric(percentile(lat, 50), "p50-ms")
	b.ReportMetric(percentile(lat, 99), "p99-ms")
}

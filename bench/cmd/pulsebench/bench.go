package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse/bench/corpus"
	"github.com/pulsesearch/pulse/bench/queryset"
	"github.com/pulsesearch/pulse/cmd/cli"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/search"
	"github.com/pulsesearch/pulse/search/related"
)

// benchReport is what pulsebench measures, printed as a table and JSON.
type benchReport struct {
	Machine  map[string]string `json:"machine"`
	Versions map[string]string `json:"versions"`
	Corpus   benchCorpus       `json:"corpus"`
	Ingest   benchIngest       `json:"ingest"`
	Latency  []benchLatency    `json:"latency"`
	QPS      []benchQPS        `json:"qps"`
	// QPSCached is throughput with the result cache on, apart: the mix
	// repeats its queries, so nearly every search is a cache hit.
	QPSCached []benchQPS             `json:"qps_cached,omitempty"`
	Peers     []benchPeer            `json:"peers,omitempty"`
	Notes     []string               `json:"notes,omitempty"`
	Extra     map[string]interface{} `json:"extra,omitempty"`
}

type benchCorpus struct {
	Size     int     `json:"size"`
	Path     string  `json:"path"`
	Source   string  `json:"source"`
	Seed     uint64  `json:"seed"`
	HeapsB   float64 `json:"heaps_beta_generated,omitempty"`
	RealB    float64 `json:"heaps_beta_real,omitempty"`
	Reused   bool    `json:"reused"`
	GenSecs  float64 `json:"generation_seconds,omitempty"`
	Articles int     `json:"articles_indexed"`
}

type benchIngest struct {
	Seconds      float64 `json:"seconds"`
	PerSecond    float64 `json:"articles_per_second"`
	CPUSeconds   float64 `json:"cpu_seconds"`
	IndexBytes   int64   `json:"index_bytes"`
	PeakRSSBytes int64   `json:"peak_rss_bytes"`
	// WarmSeconds is the time to build the search columns of the whole
	// index (as at a server's start).
	WarmSeconds float64 `json:"columns_warm_seconds"`
	Reused      bool    `json:"reused"`
}

type benchLatency struct {
	Kind    string  `json:"kind"`
	Where   string  `json:"where"` // in-process or http
	Samples int     `json:"samples"`
	P50     float64 `json:"p50_ms"`
	P95     float64 `json:"p95_ms"`
	P99     float64 `json:"p99_ms"`
}

// benchPeer is one peer engine's figures on the same corpus and queries,
// and Pulse's ratio to each (Pulse ÷ peer: above 1 is slower for
// latencies, faster for rates).
type benchPeer struct {
	Engine        string  `json:"engine"`
	IndexPerSec   float64 `json:"index_docs_per_second"`
	FacetP50      float64 `json:"facet_p50_ms"`
	AllP99        float64 `json:"all_p99_ms"`
	QPS2          float64 `json:"qps_2_clients"`
	RelatedP50    float64 `json:"related_p50_ms,omitempty"`
	RelatedP99    float64 `json:"related_p99_ms,omitempty"`
	RatioIndex    float64 `json:"ratio_index"`
	RatioFacetP50 float64 `json:"ratio_facet_p50"`
	RatioAllP99   float64 `json:"ratio_all_p99"`
	RatioQPS2     float64 `json:"ratio_qps_2"`
	// Pulse's related stories warm (cached) and cold (computed) against
	// the peer's, which computes every time.
	RatioRelP50     float64 `json:"ratio_related_p50,omitempty"`
	RatioRelP99     float64 `json:"ratio_related_p99,omitempty"`
	RatioRelColdP50 float64 `json:"ratio_related_cold_p50,omitempty"`
	RatioRelColdP99 float64 `json:"ratio_related_cold_p99,omitempty"`
}

type benchQPS struct {
	Clients int     `json:"clients"`
	Seconds float64 `json:"seconds"`
	QPS     float64 `json:"queries_per_second"`
	Errors  int64   `json:"errors"`
	P99     float64 `json:"p99_ms"`
}

func benchCmd(a cli.Env) *cobra.Command {
	var size, reps, secs int
	var seed uint64
	var asJSON, reuse, peers bool
	var work, source, queries, cpuProfile string
	cmd := &cobra.Command{
		Use:   "pulsebench [--size N]",
		Short: "Measure Pulse on a generated corpus: ingest, latency, throughput",
		Long: `Generate (or reuse) a corpus of N articles scaled from a real one with its
statistics kept (bench/corpus), ingest it with extraction into a fresh index
(or reuse one), and measure: ingest rate, index size, peak memory, latency
p50/p95/p99 of a query mix (terms, phrases, boolean, field and alias
filters, facets with the date histogram, deep cursor pages), in process and
over HTTP on loopback, and queries per second at 2 and 16 clients.

The source corpus is a development corpus (default the Reuters-21578 JSON
Lines beside the repository); the product never needs it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.Load(cmd, nil)
			if err != nil {
				return err
			}
			cli.TuneGCForWrites()
			r, err := runBench(cmd.Context(), a, cfg, benchOptions{size: size, seed: seed, reps: reps, secs: secs, work: work, source: source, queries: queries, reuse: reuse, peers: peers, cpuProfile: cpuProfile})
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.Stdout())
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			printBench(a.Stdout(), r)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&size, "size", 18000, "articles in the generated corpus")
	f.Uint64Var(&seed, "seed", 1, "generator seed")
	f.IntVar(&reps, "reps", 5, "passes over the query mix")
	f.IntVar(&secs, "secs", 10, "seconds per throughput run")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	f.BoolVar(&reuse, "reuse", false, "reuse the index of an earlier run of the same size and seed")
	f.BoolVar(&peers, "peers", false, "then run the peer engines' harness (bench/peers/run.sh) on the same corpus and print Pulse's ratio to each")
	f.StringVar(&work, "work", filepath.Join(os.TempDir(), "pulse-bench"), "directory for corpora and indexes")
	f.StringVar(&source, "source", filepath.Join("..", "shared", "data", "reuters21578", "reuters-dev.jsonl.gz"), "real corpus the generator learns from")
	f.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile (pprof) of the ingest and query phases to this file")
	f.StringVar(&queries, "queries", filepath.Join("..", "shared", "bench", "queries.txt"), "the peers' query set (its words, phrases and facet flags)")
	return cmd
}

type benchOptions struct {
	size, reps, secs int
	seed             uint64
	work, source     string
	queries          string
	cpuProfile       string
	reuse, peers     bool
}

func runBench(ctx context.Context, a cli.Env, cfg *config.Config, o benchOptions) (*benchReport, error) {
	r := &benchReport{
		Machine: map[string]string{"cpus": strconv.Itoa(runtime.NumCPU()), "goos": runtime.GOOS, "goarch": runtime.GOARCH},
		Versions: map[string]string{"pulse": cli.Version(), "go": runtime.Version(),
			"index_mapping": strconv.Itoa(indexer.MappingVersion)},
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/blevesearch/bleve/v2" {
				r.Versions["bleve"] = d.Version
			}
		}
	}
	if host, err := os.Hostname(); err == nil {
		r.Machine["host"] = host
	}
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return nil, err
	}
	// The corpus.
	path := filepath.Join(o.work, fmt.Sprintf("gen-%d-seed%d.jsonl.gz", o.size, o.seed))
	r.Corpus = benchCorpus{Size: o.size, Path: path, Source: o.source, Seed: o.seed}
	if _, err := os.Stat(path); err == nil {
		r.Corpus.Reused = true
	} else {
		fmt.Fprintf(a.Stderr(), "generating %d articles from %s …\n", o.size, o.source)
		m, err := corpus.LearnFile(o.source)
		if err != nil {
			return nil, fmt.Errorf("bench: learn the source corpus (--source): %w", err)
		}
		// The generator compresses by the name's ".gz": keep it on the
		// partial file that is renamed when complete.
		partial := strings.TrimSuffix(path, ".jsonl.gz") + ".partial.jsonl.gz"
		rep, err := corpus.WriteFile(partial, m, o.source, corpus.Options{Size: o.size, Seed: o.seed})
		if err != nil {
			return nil, fmt.Errorf("bench: generate: %w", err)
		}
		if err := os.Rename(partial, path); err != nil {
			return nil, err
		}
		r.Corpus.GenSecs = rep.Seconds
		r.Corpus.HeapsB, r.Corpus.RealB = rep.Generated.HeapsBeta, rep.Real.HeapsBeta
	}

	// The index.
	bcfg := *cfg
	bcfg.DataDir = filepath.Join(o.work, fmt.Sprintf("data-%d-seed%d", o.size, o.seed))
	bcfg.Limits.Enabled = false // measure the engine, not the abuse limits
	// Measure the engine, not the result cache: the mix repeats its
	// queries, and the peers cache nothing. One throughput run with the
	// cache on is reported apart (qps_cached).
	bcfg.Search.CacheSize = 0
	bcfg.Sample.Load = false
	if bcfg.Log.Level != "debug" {
		// A log line per request would measure the terminal, not Pulse.
		bcfg.Log.Level = "warn"
		a.SetupLogging(&bcfg)
	}
	if !o.reuse {
		if err := clearDataDir(bcfg.DataDir); err != nil {
			return nil, err
		}
	}
	n, err := cli.OpenNode(&bcfg, "pulsebench")
	if err != nil {
		return nil, err
	}
	defer n.Index.Close()
	count, _ := n.Index.Bleve().DocCount()
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return nil, fmt.Errorf("bench: --cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("bench: --cpuprofile: %w", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	if o.reuse && count > 0 {
		r.Ingest.Reused = true
	} else {
		fmt.Fprintf(a.Stderr(), "ingesting %s …\n", path)
		cpu0 := cpuSeconds()
		start := time.Now()
		sum, err := n.Writer.IngestPaths(ctx, []string{path}, indexer.RunOptions{Readers: indexer.Readers(bcfg.Ingest, bcfg.Location()), Format: "jsonl"})
		if err != nil {
			return nil, err
		}
		secs := time.Since(start).Seconds()
		r.Ingest.Seconds = secs
		r.Ingest.PerSecond = float64(sum.Read) / secs
		r.Ingest.CPUSeconds = cpuSeconds() - cpu0
		if sum.Rejected > 0 {
			r.Notes = append(r.Notes, fmt.Sprintf("%d articles rejected at ingest", sum.Rejected))
		}
	}
	count, _ = n.Index.Bleve().DocCount()
	r.Corpus.Articles = int(count)
	r.Ingest.IndexBytes = n.Index.SizeBytes()
	r.Ingest.PeakRSSBytes = peakRSS()

	// The columns searches read, as `pulse serve` builds them at start.
	warm := time.Now()
	if err := n.Searcher.Warm(ctx); err != nil {
		return nil, err
	}
	r.Ingest.WarmSeconds = time.Since(warm).Seconds()

	// The query mix.
	mix, err := benchMix(ctx, n, &bcfg, o.queries)
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(n.Handler)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	run := func(where string, q benchQuery) (time.Duration, error) {
		start := time.Now()
		if where == "in-process" {
			req, err := search.ParseRequest(q.values, bcfg.Search, bcfg.Location())
			if err != nil {
				return 0, err
			}
			_, err = n.Searcher.Search(ctx, req)
			return time.Since(start), err
		}
		resp, err := client.Get(srv.URL + "/api/search?" + q.values.Encode())
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("%s: HTTP %d", q.values.Encode(), resp.StatusCode)
		}
		return time.Since(start), nil
	}
	for _, where := range []string{"in-process", "http"} {
		byKind := map[string][]float64{}
		for pass := 0; pass <= o.reps; pass++ {
			for _, q := range mix {
				d, err := run(where, q)
				if err != nil {
					return nil, fmt.Errorf("bench query %s: %w", q.kind, err)
				}
				if pass == 0 {
					continue // warm-up
				}
				ms := float64(d.Microseconds()) / 1000
				byKind[q.kind] = append(byKind[q.kind], ms)
				byKind["all"] = append(byKind["all"], ms)
				if q.peer {
					byKind["peer queries"] = append(byKind["peer queries"], ms)
					if strings.HasSuffix(q.kind, "+facets") {
						// Pooled as the peers pool theirs.
						byKind["peer queries +facets"] = append(byKind["peer queries +facets"], ms)
					}
				}
			}
		}
		deep, err := benchCursor(ctx, n, &bcfg, where, srv.URL, client)
		if err != nil {
			return nil, err
		}
		byKind["deep cursor page"] = deep
		kinds := make([]string, 0, len(byKind))
		for k := range byKind {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			xs := byKind[k]
			r.Latency = append(r.Latency, benchLatency{Kind: k, Where: where, Samples: len(xs), P50: percentile(xs, 50), P95: percentile(xs, 95), P99: percentile(xs, 99)})
		}
	}
	rel, err := benchRelated(ctx, n, &bcfg, srv.URL, client)
	if err != nil {
		return nil, err
	}
	r.Latency = append(r.Latency, rel...)
	// Throughput on the peers' queries alone, so the ratios compare like
	// with like.
	var peerMix []benchQuery
	for _, q := range mix {
		if q.peer {
			peerMix = append(peerMix, q)
		}
	}
	if len(peerMix) == 0 {
		peerMix = mix
	}
	for _, c := range []int{2, 16} {
		r.QPS = append(r.QPS, benchThroughput(client, srv.URL, peerMix, c, time.Duration(o.secs)*time.Second))
	}
	n.Searcher.SetCacheSize(cfg.Search.CacheSize)
	if cfg.Search.CacheSize > 0 {
		r.QPSCached = append(r.QPSCached, benchThroughput(client, srv.URL, peerMix, 2, time.Duration(o.secs)*time.Second))
	}
	n.Searcher.SetCacheSize(0)
	if o.peers {
		srv.Close()
		n.Index.Close()
		if err := runPeers(a, r, path); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// clearDataDir empties the data directory for a fresh index, holding its
// lock while it does: a second run on the same --work must fail, not
// delete the index a running one is writing (whose bleve then failed on
// its vanished files, once with a panic in its merger's segments).
//
// It returns an error naming the process that holds the directory.
func clearDataDir(dir string) error {
	l, err := indexer.AcquireLock(dir, "pulsebench")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer l.Release()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == indexer.LockFile {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// runPeers runs the peers' harness on the corpus and fills in their
// figures and Pulse's ratios.
func runPeers(a cli.Env, r *benchReport, corpusPath string) error {
	script := filepath.Join("bench", "peers", "run.sh")
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(corpusPath), ".gz"), ".jsonl")
	out := filepath.Join(os.TempDir(), "pulse-peers", name, "results")
	os.RemoveAll(filepath.Join(out, "1x"))
	cmd := exec.Command("bash", script, corpusPath, "1")
	cmd.Stdout, cmd.Stderr = a.Stderr(), a.Stderr()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("bench: the peers' harness (%s): %w", script, err)
	}
	dir := filepath.Join(out, "1x", "run1")
	pulseFacetP50, pulseAllP99, pulseRelP50, pulseRelP99 := 0.0, 0.0, 0.0, 0.0
	pulseColdP50, pulseColdP99 := 0.0, 0.0
	for _, l := range r.Latency {
		if l.Where != "in-process" {
			continue
		}
		switch {
		case l.Kind == "peer queries +facets":
			pulseFacetP50 = l.P50
		case l.Kind == "peer queries":
			pulseAllP99 = l.P99
		case l.Kind == "related warm":
			pulseRelP50, pulseRelP99 = l.P50, l.P99
		case l.Kind == "related cold":
			pulseColdP50, pulseColdP99 = l.P50, l.P99
		}
	}
	qps2 := 0.0
	for _, q := range r.QPS {
		if q.Clients == 2 {
			qps2 = q.QPS
		}
	}
	for _, e := range []string{"xapian", "sqlite", "pg", "sphinx", "bleve"} {
		var main struct {
			Index struct {
				Docs  float64 `json:"docs"`
				WallS float64 `json:"wall_s"`
			} `json:"index"`
			QPS struct {
				QPS float64 `json:"qps"`
			} `json:"qps"`
		}
		b, err := os.ReadFile(filepath.Join(dir, e+".json"))
		if err != nil || json.Unmarshal(b, &main) != nil {
			continue
		}
		var q struct {
			Lat map[string][]float64 `json:"lat_ms"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, e+".query.json")); err == nil {
			json.Unmarshal(b, &q)
		}
		var all, fac []float64
		for qid, xs := range q.Lat {
			all = append(all, xs...)
			if strings.HasPrefix(qid, "f") {
				fac = append(fac, xs...)
			}
		}
		p := benchPeer{Engine: e, FacetP50: percentile(fac, 50), AllP99: percentile(all, 99), QPS2: main.QPS.QPS}
		if main.Index.WallS > 0 {
			p.IndexPerSec = main.Index.Docs / main.Index.WallS
		}
		var rel struct {
			Lat []float64 `json:"lat_ms"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, e+".related.json")); err == nil && json.Unmarshal(b, &rel) == nil && len(rel.Lat) > 0 {
			p.RelatedP50, p.RelatedP99 = percentile(rel.Lat, 50), percentile(rel.Lat, 99)
		}
		ratio := func(a, b float64) float64 {
			if b == 0 {
				return 0
			}
			return a / b
		}
		p.RatioIndex = ratio(r.Ingest.PerSecond, p.IndexPerSec)
		p.RatioFacetP50 = ratio(pulseFacetP50, p.FacetP50)
		p.RatioAllP99 = ratio(pulseAllP99, p.AllP99)
		p.RatioQPS2 = ratio(qps2, p.QPS2)
		p.RatioRelP50 = ratio(pulseRelP50, p.RelatedP50)
		p.RatioRelP99 = ratio(pulseRelP99, p.RelatedP99)
		p.RatioRelColdP50 = ratio(pulseColdP50, p.RelatedP50)
		p.RatioRelColdP99 = ratio(pulseColdP99, p.RelatedP99)
		r.Peers = append(r.Peers, p)
	}
	if len(r.Peers) == 0 {
		return fmt.Errorf("bench: no peer results in %s", dir)
	}
	return nil
}

// benchRelated measures related stories for 100 seeded random articles:
// cold (a finder with no cache, as after a write), warm (the node's
// finder, second pass), and warm over HTTP.
func benchRelated(ctx context.Context, n *cli.Node, cfg *config.Config, base string, client *http.Client) ([]benchLatency, error) {
	// 100 articles drawn with a fixed seed from the first 5,000.
	var all []string
	cursor := search.CursorStart
	for len(all) < 5000 && cursor != "" {
		req, err := search.ParseRequest(url.Values{"per_page": {"100"}, "facets": {""}, "histogram": {"off"}, "sort": {"oldest"}, "collapse": {"off"}, "cursor": {cursor}}, cfg.Search, cfg.Location())
		if err != nil {
			return nil, err
		}
		res, err := n.Searcher.Search(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			all = append(all, h.ID)
		}
		cursor = res.NextCursor
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []string
	for _, i := range rng.Perm(len(all))[:min(100, len(all))] {
		ids = append(ids, all[i])
	}
	cold := n.RelatedOptions
	cold.CacheSize = -1
	coldFinder := related.New(n.Index.Bleve(), cold)
	measure := func(kind, where string, f func(id string) error) (benchLatency, error) {
		var xs []float64
		for _, id := range ids {
			start := time.Now()
			if err := f(id); err != nil {
				return benchLatency{}, fmt.Errorf("related %s: %w", id, err)
			}
			xs = append(xs, float64(time.Since(start).Microseconds())/1000)
		}
		return benchLatency{Kind: kind, Where: where, Samples: len(xs), P50: percentile(xs, 50), P95: percentile(xs, 95), P99: percentile(xs, 99)}, nil
	}
	var out []benchLatency
	q := related.Query{Limit: 10}
	l, err := measure("related cold", "in-process", func(id string) error { _, err := coldFinder.Related(ctx, id, q); return err })
	if err != nil {
		return nil, err
	}
	out = append(out, l)
	for _, id := range ids { // warm the node's cache
		n.Related.Related(ctx, id, q)
	}
	l, err = measure("related warm", "in-process", func(id string) error { _, err := n.Related.Related(ctx, id, q); return err })
	if err != nil {
		return nil, err
	}
	out = append(out, l)
	l, err = measure("related warm", "http", func(id string) error {
		resp, err := client.Get(base + "/api/articles/" + url.PathEscape(id) + "/related?limit=10")
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return append(out, l), nil
}

// benchQuery is one query of the mix.
type benchQuery struct {
	kind   string
	values url.Values
	peer   bool // one of the peers' 60 queries
}

// benchMix builds the query mix: the peers' 60 queries (terms, AND,
// phrases, rare terms, each plain and with place and topic facets) when
// the file is there, plus boolean queries, field and alias filters, and
// facets with the date histogram on frequent values of this index.
func benchMix(ctx context.Context, n *cli.Node, cfg *config.Config, queriesFile string) ([]benchQuery, error) {
	var mix []benchQuery
	add := func(kind string, kv ...string) {
		v := url.Values{"per_page": {"10"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		if v.Get("facets") == "" && !v.Has("facets") {
			v.Set("facets", "")
			v.Set("histogram", "off")
		}
		mix = append(mix, benchQuery{kind: kind, values: v})
	}
	words := []string{"oil", "iraq", "grain", "reagan", "gold", "dollar", "wheat", "japan", "coffee", "bank"}
	// The peers' query set, when the file is there (bench/queryset).
	switch set, err := queryset.Load(queriesFile); {
	case err == nil:
		words = nil
		for _, q := range set {
			v, kind := q.Values(), q.Kind
			if q.Facets {
				v.Set("histogram", "off")
				kind += " +facets"
			}
			mix = append(mix, benchQuery{kind: kind, values: v, peer: true})
			if q.Kind == "term" {
				words = append(words, q.Text)
			}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	for i := 0; i+1 < len(words); i += 2 {
		add("boolean", "q", fmt.Sprintf("(%s OR %s) -%s", words[i], words[i+1], words[(i+2)%len(words)]))
	}
	// Frequent values of this index for filters.
	req, _ := search.ParseRequest(url.Values{"facets": {"place,org,person"}, "facet_size": {"5"}, "histogram": {"off"}, "per_page": {"1"}}, cfg.Search, cfg.Location())
	res, err := n.Searcher.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	for i, w := range words {
		for _, f := range []string{"place", "org"} {
			if vals := res.Facets[f]; len(vals) > 0 {
				v := vals[i%len(vals)]
				add("field filter", "q", w, f, v.ID)
				add("alias filter", "q", w, f, v.Value) // by name: resolved like any alias
			}
		}
		add("facets + histogram", "q", w, "facets", "place,topic,person,org", "facet_size", "10", "histogram", "auto")
	}
	return mix, nil
}

// benchCursor walks 30 cursor pages of a broad query and returns each
// page's latency.
func benchCursor(ctx context.Context, n *cli.Node, cfg *config.Config, where, base string, client *http.Client) ([]float64, error) {
	var out []float64
	cursor := "*"
	for page := 0; page < 30 && cursor != ""; page++ {
		v := url.Values{"q": {"oil OR said"}, "per_page": {"50"}, "cursor": {cursor}, "facets": {""}, "histogram": {"off"}}
		start := time.Now()
		var res search.Result
		if where == "in-process" {
			req, err := search.ParseRequest(v, cfg.Search, cfg.Location())
			if err != nil {
				return nil, err
			}
			rr, err := n.Searcher.Search(ctx, req)
			if err != nil {
				return nil, err
			}
			res = *rr
		} else {
			resp, err := client.Get(base + "/api/search?" + v.Encode())
			if err != nil {
				return nil, err
			}
			err = json.NewDecoder(resp.Body).Decode(&res)
			resp.Body.Close()
			if err != nil {
				return nil, err
			}
		}
		if page > 0 {
			out = append(out, float64(time.Since(start).Microseconds())/1000)
		}
		cursor = res.NextCursor
	}
	return out, nil
}

// benchThroughput runs clients goroutines over HTTP cycling through the
// mix for d, and counts completed queries.
func benchThroughput(client *http.Client, base string, mix []benchQuery, clients int, d time.Duration) benchQPS {
	var done, errs atomic.Int64
	var mu sync.Mutex
	var lat []float64
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var local []float64
			for i := c * 7; time.Now().Before(stop); i++ {
				q := mix[i%len(mix)]
				start := time.Now()
				resp, err := client.Get(base + "/api/search?" + q.values.Encode())
				if err != nil {
					errs.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs.Add(1)
					continue
				}
				done.Add(1)
				local = append(local, float64(time.Since(start).Microseconds())/1000)
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	return benchQPS{Clients: clients, Seconds: d.Seconds(), QPS: float64(done.Load()) / d.Seconds(), Errors: errs.Load(), P99: percentile(lat, 99)}
}

func printBench(w io.Writer, r *benchReport) {
	fmt.Fprintf(w, "machine: %s CPUs, %s/%s; pulse %s, bleve %s, %s\n", r.Machine["cpus"], r.Machine["goos"], r.Machine["goarch"], r.Versions["pulse"], r.Versions["bleve"], r.Versions["go"])
	fmt.Fprintf(w, "corpus: %d articles generated (seed %d) from %s; %d indexed\n", r.Corpus.Size, r.Corpus.Seed, r.Corpus.Source, r.Corpus.Articles)
	if r.Ingest.Reused {
		fmt.Fprintf(w, "ingest: reused the index; size %.1f MB\n", float64(r.Ingest.IndexBytes)/1e6)
	} else {
		fmt.Fprintf(w, "ingest: %.0f articles/s (%.1f s wall, %.1f CPU-s), index %.1f MB, peak RSS %.0f MB\n",
			r.Ingest.PerSecond, r.Ingest.Seconds, r.Ingest.CPUSeconds, float64(r.Ingest.IndexBytes)/1e6, float64(r.Ingest.PeakRSSBytes)/1e6)
	}
	fmt.Fprintf(w, "search columns built in %.2f s\n", r.Ingest.WarmSeconds)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nquery kind\twhere\tn\tp50 ms\tp95 ms\tp99 ms")
	for _, l := range r.Latency {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.2f\t%.2f\t%.2f\n", l.Kind, l.Where, l.Samples, l.P50, l.P95, l.P99)
	}
	tw.Flush()
	for _, q := range r.QPS {
		fmt.Fprintf(w, "throughput over HTTP, %d clients: %.0f queries/s (p99 %.1f ms, %d errors)\n", q.Clients, q.QPS, q.P99, q.Errors)
	}
	for _, q := range r.QPSCached {
		fmt.Fprintf(w, "throughput with the result cache on (repeated queries), %d clients: %.0f queries/s (p99 %.1f ms)\n", q.Clients, q.QPS, q.P99)
	}
	if len(r.Peers) > 0 {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "\npeer	index docs/s	facet p50 ms	all p99 ms	2-client q/s	related p50/p99 ms	Pulse ÷ peer: index	facet p50	p99	q/s	related warm p50/p99	related cold p50/p99")
		for _, p := range r.Peers {
			fmt.Fprintf(tw, "%s	%.0f	%.2f	%.2f	%.0f	%.2f/%.2f	%.2f	%.2f	%.2f	%.2f	%.4f/%.4f	%.2f/%.2f\n", p.Engine, p.IndexPerSec, p.FacetP50, p.AllP99, p.QPS2,
				p.RelatedP50, p.RelatedP99, p.RatioIndex, p.RatioFacetP50, p.RatioAllP99, p.RatioQPS2, p.RatioRelP50, p.RatioRelP99, p.RatioRelColdP50, p.RatioRelColdP99)
		}
		tw.Flush()
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
}

// cpuSeconds is the process's user and system CPU time so far.
func cpuSeconds() float64 {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 15 {
		return 0
	}
	u, _ := strconv.ParseFloat(f[13], 64)
	s, _ := strconv.ParseFloat(f[14], 64)
	return (u + s) / 100 // USER_HZ is 100 on Linux
}

// peakRSS is the process's peak resident memory (VmHWM).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// percentile is the nearest-rank percentile, as the peer harness uses.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	k := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(k, 0), len(s)-1)]
}

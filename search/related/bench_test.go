package related

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

// The benchmarks measure one related list on the Reuters-21578
// development stories (../shared/data/reuters21578), indexed once per
// run through the indexer, for 100 ids drawn with a fixed seed. Each
// reports the p50 and p99 latency over its calls (ms) besides ns/op.
//
//	go test -run '^$' -bench . -benchtime 1000x ./search/related/

var reuters struct {
	once sync.Once
	dir  string
	ix   *indexer.Index
	idx  bleve.Index
	ids  []string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if reuters.ix != nil {
		reuters.ix.Close()
	}
	if reuters.dir != "" {
		os.RemoveAll(reuters.dir)
	}
	os.Exit(code)
}

// reutersIndex returns the index of the Reuters development stories and
// 100 of their ids, building it on first use.
func reutersIndex(b testing.TB) (bleve.Index, []string) {
	b.Helper()
	path := sharedtest.Path(b, "data", "reuters21578", "reuters-dev.jsonl.gz")
	reuters.once.Do(func() {
		docs, err := readReuters(path)
		if err != nil {
			reuters.err = err
			return
		}
		if reuters.dir, reuters.err = os.MkdirTemp("", "pulse-related-bench-"); reuters.err != nil {
			return
		}
		reuters.ix = mustIndex(b, reuters.dir, docs)
		reuters.idx = reuters.ix.Bleve()
		// Merge the segments of the batches now, as the background merger
		// would in time, so the measurement does not race it.
		if reuters.err = forceMerge(reuters.idx); reuters.err != nil {
			return
		}
		rng := rand.New(rand.NewPCG(5, 2026))
		for _, i := range rng.Perm(len(docs))[:100] {
			reuters.ids = append(reuters.ids, docs[i].Article.ID)
		}
	})
	if reuters.err != nil {
		b.Fatal(reuters.err)
	}
	return reuters.idx, reuters.ids
}

func forceMerge(idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	return s.ForceMerge(context.Background(), &mergeplan.DefaultMergePlanOptions)
}

// readReuters reads the stories as the Reuters reader gives them: the
// TOPICS codes as tags, places, people and organisations as entities
// named by their codes; stories without text are left out, as ingest
// rejects them.
func readReuters(path string) ([]corpusDoc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	var docs []corpusDoc
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r struct {
			ID                           int
			Date, Title, Dateline, Body  string
			Topics, Places, People, Orgs []string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, err
		}
		ents := func(codes []string) []pulse.Entity {
			var out []pulse.Entity
			for _, c := range codes {
				out = append(out, pulse.Entity{ID: c, Name: c})
			}
			return out
		}
		a := pulse.Article{
			ID: strconv.Itoa(r.ID), Title: strings.TrimSpace(r.Title), Body: strings.TrimSpace(r.Body), Dateline: r.Dateline,
			Source: "Reuters", Tags: r.Topics, Places: ents(r.Places), Persons: ents(r.People), Orgs: ents(r.Orgs),
		}
		if t, err := time.Parse(time.RFC3339, r.Date); err == nil {
			a.PublishedAt = t.UTC()
		}
		if a.HasText() {
			docs = append(docs, corpusDoc{Article: a})
		}
	}
	return docs, sc.Err()
}

// latencies records call durations and reports their percentiles.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	pct := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(l)))) - 1
		return float64(l[max(i, 0)].Nanoseconds()) / 1e6
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func benchmarkRelated(b *testing.B, opts Options, prepare func(f *Finder, i int)) {
	idx, ids := reutersIndex(b)
	f := New(idx, opts)
	ctx := context.Background()
	// One pass first, as a server that has answered before.
	for _, id := range ids {
		if _, err := f.Related(ctx, id, Query{}); err != nil {
			b.Fatal(err)
		}
	}
	lat := make(latencies, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := ids[i%len(ids)]
		if prepare != nil {
			b.StopTimer()
			prepare(f, i)
			b.StartTimer()
		}
		start := time.Now()
		if _, err := f.Related(ctx, id, Query{}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	lat.report(b)
}

// BenchmarkRelatedColdNoCache computes every list with the cache off: no
// list and no candidate vector is kept (document frequencies are).
func BenchmarkRelatedColdNoCache(b *testing.B) {
	benchmarkRelated(b, shipped(func(o *Options) { o.CacheSize = -1 }), nil)
}

// BenchmarkRelatedColdAfterWrite computes every list right after a write
// batch (of one other article): no list and no document frequency is
// cached, the other articles' vectors are. This is the cold case of a
// running server.
func BenchmarkRelatedColdAfterWrite(b *testing.B) {
	benchmarkRelated(b, shipped(), func(f *Finder, i int) { f.Invalidate(reuters.ids[(i+37)%len(reuters.ids)]) })
}

// BenchmarkRelatedColdStart computes every list with nothing cached at
// all, as the first requests after a start or an InvalidateAll.
func BenchmarkRelatedColdStart(b *testing.B) {
	benchmarkRelated(b, shipped(), func(f *Finder, _ int) { f.InvalidateAll() })
}

// BenchmarkRelatedNoRerankColdNoCache is ColdNoCache in BM25 order: only
// the shown stories are analysed, for their reasons.
func BenchmarkRelatedNoRerankColdNoCache(b *testing.B) {
	benchmarkRelated(b, shipped(func(o *Options) { o.CacheSize, o.NoRerank = -1, true }), nil)
}

// BenchmarkRelatedWarm answers from the list cache.
func BenchmarkRelatedWarm(b *testing.B) {
	benchmarkRelated(b, shipped(), nil)
}

// BenchmarkExpandSetBaseline is the classic method for comparison on the
// same machine: the article's 20 heaviest terms (tf · ln(N/df)) ORed over
// title and body, BM25, no re-ranking.
func BenchmarkExpandSetBaseline(b *testing.B) {
	idx, ids := reutersIndex(b)
	f := New(idx, shipped(func(o *Options) { o.CacheSize = -1 }))
	ctx := context.Background()
	lat := make(latencies, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := expandSet(ctx, f, ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	lat.report(b)
}

func expandSet(ctx context.Context, f *Finder, id string) error {
	a, _, err := f.article(ctx, id)
	if err != nil {
		return err
	}
	vw, err := f.view()
	if err != nil {
		return err
	}
	defer vw.r.Close()
	n, err := vw.r.DocCount()
	if err != nil {
		return err
	}
	tf := map[string]int{}
	for _, tok := range f.english.analyzer.Analyze([]byte(a.Title + "\n" + a.Body)) {
		tf[string(tok.Term)]++
	}
	type scored struct {
		term string
		w    float64
	}
	var sc []scored
	for term, c := range tf {
		df, err := f.docFreq(ctx, vw, pulse.FieldBody, term)
		if err != nil {
			return err
		}
		sc = append(sc, scored{term, float64(c) * math.Log(float64(n)/float64(max(df, 1)))})
	}
	slices.SortFunc(sc, func(x, y scored) int { return cmp.Compare(y.w, x.w) })
	var qs []query.Query
	for _, s := range sc[:min(len(sc), 20)] {
		for _, field := range []string{pulse.FieldTitle, pulse.FieldBody} {
			tq := bleve.NewTermQuery(s.term)
			tq.SetField(field)
			qs = append(qs, tq)
		}
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), 11, 0, false)
	req.Fields = []string{pulse.FieldArticleJSON}
	_, err = f.idx.SearchInContext(ctx, req)
	return err
}

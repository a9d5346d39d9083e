package corpus

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/pulsesearch/pulse/indexer/format/jsonl"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

var (
	reutersOnce  sync.Once
	reutersModel *Model
	reutersErr   error
)

// mustReuters learns the Reuters development corpus once per test binary.
func mustReuters(tb testing.TB) *Model {
	tb.Helper()
	path := sharedtest.Path(tb, "data", "reuters21578", "reuters-dev.jsonl.gz")
	reutersOnce.Do(func() { reutersModel, reutersErr = LearnFile(path) })
	if reutersErr != nil {
		tb.Fatal(reutersErr)
	}
	return reutersModel
}

func mustGenerator(tb testing.TB, m *Model, opt Options) *Generator {
	tb.Helper()
	g, err := NewGenerator(m, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// TestStatisticsMatchSource generates 50,000 articles, measures their text
// with the same Meter as the source, and checks Heaps' β and each label
// kind's Zipf slope within ±10%, plus the generator's own report against
// the text measurement.
func TestStatisticsMatchSource(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 50,000 articles")
	}
	m := mustReuters(t)
	g := mustGenerator(t, m, Options{Size: 50000, Seed: 3})
	meter := NewMeter()
	var a Article
	for g.Next(&a) {
		meter.Add(&a)
	}
	got := meter.Stats()
	for _, c := range Compare(m.Real, got) {
		t.Run(c.Name, func(t *testing.T) {
			if !c.OK {
				t.Errorf("real %.3f, generated %.3f (ratio %.3f): outside ±%.0f%%", c.Real, c.Generated, c.Ratio, Tolerance*100)
			}
		})
	}
	if len(Compare(m.Real, got)) != 2+numKinds {
		t.Errorf("checks: want %d, got %d", 2+numKinds, len(Compare(m.Real, got)))
	}
	own := g.Stats()
	for _, c := range []struct {
		name      string
		text, ids float64
	}{
		{"tokens", float64(got.Tokens), float64(own.Tokens)},
		{"vocabulary", float64(got.Vocabulary), float64(own.Vocabulary)},
		{"postings", float64(got.Postings), float64(own.Postings)},
		{"heaps_beta", got.HeapsBeta, own.HeapsBeta},
		{"zipf_places", float64(got.Labels[Places].ZipfSlope), float64(own.Labels[Places].ZipfSlope)},
		{"mean_tokens", got.MeanTokens, own.MeanTokens},
	} {
		if math.Abs(c.text-c.ids) > 1e-9*math.Abs(c.text) {
			t.Errorf("%s: generator reports %v, its text measures %v", c.name, c.ids, c.text)
		}
	}
	if ratio := got.MeanTokens / m.Real.MeanTokens; math.Abs(ratio-1) > Tolerance {
		t.Errorf("mean words per article: real %.1f, generated %.1f", m.Real.MeanTokens, got.MeanTokens)
	}
	if got.FirstDate[:4] != "1980" || got.LastDate[:4] != "2025" {
		t.Errorf("dates: %s .. %s, want 1980 .. 2025", got.FirstDate, got.LastDate)
	}
}

func TestDeterministic(t *testing.T) {
	m := mustReuters(t)
	gen := func(seed uint64) []byte {
		var buf bytes.Buffer
		if err := mustGenerator(t, m, Options{Size: 2000, Seed: seed}).WriteJSONL(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b, c := gen(7), gen(7), gen(8)
	if !bytes.Equal(a, b) {
		t.Error("seed 7 twice: outputs differ")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 7 and 8: outputs are the same")
	}
}

// TestStreaming checks that memory grows with the vocabulary only: between
// 5,000 and 65,000 articles the heap may grow by a bounded amount per new
// word type, far less than the 60,000 articles' text.
func TestStreaming(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 65,000 articles")
	}
	m := mustReuters(t)
	g := mustGenerator(t, m, Options{Size: 65000, Seed: 1})
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	var text int64
	buf := make([]byte, 0, 1<<16)
	for range 5000 {
		buf, _ = g.AppendJSON(buf[:0])
	}
	h0, v0 := heap(), len(g.inv)
	for !g.Done() {
		buf, _ = g.AppendJSON(buf[:0])
		text += int64(len(buf))
	}
	h1, v1 := heap(), len(g.inv)
	const perType, slack = 200, 4 << 20
	allowed := uint64((v1-v0)*perType + slack)
	if h1 > h0 && h1-h0 > allowed {
		t.Errorf("heap grew by %d bytes over 60,000 articles (%d bytes of JSON, %d new types): more than %d", h1-h0, text, v1-v0, allowed)
	}
	if uint64(text) < 2*allowed {
		t.Fatalf("test too weak: %d bytes of text vs %d allowed", text, allowed)
	}
}

// TestOutputShape reads generated lines as the peers' harness and Pulse
// read them.
func TestOutputShape(t *testing.T) {
	m := mustReuters(t)
	g := mustGenerator(t, m, Options{Size: 300, Seed: 1})
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := g.WriteJSONL(zw); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	raw, err := io.ReadAll(mustGunzip(t, &buf))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(lines) != 300 {
		t.Fatalf("lines: want 300, got %d", len(lines))
	}
	var withPlaces int
	for i, line := range lines {
		var peer struct {
			ID                    int
			Date                  string
			PublishedAt           string `json:"published_at"`
			Title, Body, Dateline string
			Topics, Places        []string
			People, Orgs          []string
			Tags, Persons         []string
		}
		if err := json.Unmarshal([]byte(line), &peer); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if peer.ID != i+1 || peer.Date == "" || peer.Date != peer.PublishedAt || peer.Title == "" && peer.Body == "" {
			t.Errorf("line %d: id %d, date %q, published_at %q, title %q", i+1, peer.ID, peer.Date, peer.PublishedAt, peer.Title)
		}
		if strings.Join(peer.Tags, ",") != strings.Join(peer.Topics, ",") || strings.Join(peer.Persons, ",") != strings.Join(peer.People, ",") {
			t.Errorf("line %d: tags %v / topics %v, persons %v / people %v", i+1, peer.Tags, peer.Topics, peer.Persons, peer.People)
		}
		a, err := jsonl.Reader{}.Decode([]byte(line))
		if err != nil {
			t.Fatalf("line %d: Pulse's reader: %v", i+1, err)
		}
		if a.PublishedAt.IsZero() || len(a.Places) != len(peer.Places) || len(a.Topics) != len(peer.Topics) || len(a.Persons) != len(peer.People) {
			t.Errorf("line %d: Pulse read %+v", i+1, a)
		}
		if len(peer.Places) > 0 {
			withPlaces++
		}
	}
	if withPlaces < 200 {
		t.Errorf("articles with places: %d of 300", withPlaces)
	}
}

func mustGunzip(tb testing.TB, r io.Reader) io.Reader {
	tb.Helper()
	zr, err := gzip.NewReader(r)
	if err != nil {
		tb.Fatal(err)
	}
	return zr
}

// BenchmarkGenerate measures the generation rate (JSON lines, no
// compression, no file) on one core.
//
//	go test ./bench/corpus -run XXX -bench Generate -benchtime 100000x
func BenchmarkGenerate(b *testing.B) {
	m := mustReuters(b)
	g := mustGenerator(b, m, Options{Size: b.N, Seed: 1})
	buf := make([]byte, 0, 1<<16)
	var bytes int64
	b.ResetTimer()
	for range b.N {
		buf, _ = g.AppendJSON(buf[:0])
		bytes += int64(len(buf))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	b.SetBytes(bytes / int64(b.N))
}

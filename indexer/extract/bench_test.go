package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pulsesearch/pulse"
)

// BenchmarkExtract measures one extraction of a Reuters-sized wire story
// (about 100 words, a dateline, a title) on one goroutine; run with
// -cpu 1 for the one-core figure.
func BenchmarkExtract(b *testing.B) {
	x := mustExtractor(b)
	var docs []pulse.Article
	for _, n := range []string{"wire-1.txt", "wire-2.txt", "wire-3.txt"} {
		docs = append(docs, mustWire(b, n))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := docs[i%len(docs)]
		x.Extract(&a, Options{})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractReuters runs over the first 2,000 Reuters-21578
// development articles from ../shared (skipped without it).
func BenchmarkExtractReuters(b *testing.B) {
	x := mustExtractor(b)
	f, err := os.Open(filepath.Join(sharedDir(b), "data", "reuters21578", "reuters-dev.jsonl.gz"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var docs []pulse.Article
	for sc.Scan() && len(docs) < 2000 {
		var d struct{ Dateline, Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, pulse.Article{Dateline: d.Dateline, Title: d.Title, Body: d.Body})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := docs[i%len(docs)]
		x.Extract(&a, Options{})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkNew measures loading the embedded knowledge base.
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMemory checks that the loaded knowledge base and matchers stay well
// under the 150 MB the issue allows.
func TestMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	mb := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	t.Logf("extractor heap: %.1f MB", mb)
	if mb > 150 {
		t.Errorf("extractor holds %.1f MB of heap, want under 150 MB", mb)
	}
	runtime.KeepAlive(x)
}

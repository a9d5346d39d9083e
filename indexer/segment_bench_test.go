package indexer

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/extract"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/jsonl"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

// The ingest benchmarks below time what bleve does with Pulse's documents,
// apart from the merge scheduling and machine noise that make whole-ingest
// timings vary by a fifth between identical runs: building one segment
// from a batch (analysis included), and merging ten segments into one.
// They are what decides the mapping's cost per article.
//
//	go test ./indexer -run '^$' -bench Segment -benchtime 5x -count 5

const benchSegmentDocs = 500 // one half of a default 1,000-article write

// benchDocs prepares (cleans, extracts) the first n articles of the
// Reuters development set and returns a function that builds their bleve
// documents afresh (a document is analysed only once).
func benchDocs(b *testing.B, n int) func() []*document.Document {
	b.Helper()
	z := sharedtest.OpenGzip(b, "data", "reuters21578", "reuters-dev.jsonl.gz")
	var items []format.Item
	err := jsonl.Reader{Location: time.UTC}.Read(z, "reuters-dev.jsonl.gz", func(it format.Item) error {
		items = append(items, it)
		if len(items) == n {
			return format.ErrStop
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	idx, err := bleve.NewMemOnly(NewMapping())
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	w := NewWriter(idx, benchExtractor{x}, config.Defaults().Ingest, time.UTC)
	ps := w.prepare(items, make([]string, len(items)))
	return func() []*document.Document {
		docs := make([]*document.Document, 0, len(ps))
		for i, p := range ps {
			if p.err != nil {
				continue
			}
			doc := p.doc
			doc.ID = fmt.Sprint("d", i)
			d, err := w.build.bleveDoc(&doc)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, d)
		}
		return docs
	}
}

type benchExtractor struct{ x *extract.Extractor }

func (e benchExtractor) Extract(a *pulse.Article) { e.x.Extract(a, extract.Options{}) }

// analyse does what scorch does to a batch's documents before building a
// segment: analyses each indexed field, then adds the _id field.
func analyse(docs []*document.Document) []index.Document {
	out := make([]index.Document, len(docs))
	for i, d := range docs {
		d.VisitFields(func(f index.Field) {
			if f.Options().IsIndexed() {
				f.Analyze()
			}
		})
		d.AddIDField()
		out[i] = d
	}
	return out
}

func BenchmarkSegmentBuild(b *testing.B) {
	build := benchDocs(b, benchSegmentDocs)
	n := len(build())
	for b.Loop() {
		// Building the documents is the preparation stage's work, timed
		// with it; analysis is bleve's, timed here.
		b.StopTimer()
		docs := build()
		b.StartTimer()
		if _, _, err := (&zap.ZapPlugin{}).New(analyse(docs)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
}

func BenchmarkSegmentMerge(b *testing.B) {
	const parts = 10
	docs := benchDocs(b, parts*benchSegmentDocs)()
	var segs []segment.Segment
	for i := 0; i < parts; i++ {
		s, _, err := (&zap.ZapPlugin{}).New(analyse(docs[i*len(docs)/parts : (i+1)*len(docs)/parts]))
		if err != nil {
			b.Fatal(err)
		}
		segs = append(segs, s)
	}
	drops := make([]*roaring.Bitmap, parts)
	out := filepath.Join(b.TempDir(), "merged.zap")
	for b.Loop() {
		if _, _, err := (&zap.ZapPlugin{}).Merge(segs, drops, out, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/article")
}

package indexer

import (
	"fmt"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
)

// TestSplitBatchKeepsLastVersion writes ids twice into one split batch,
// as a copy-cluster mark and a new version of the same article can be:
// each id must keep its last version, and each part must have taken some.
// A small write is not split.
func TestSplitBatchKeepsLastVersion(t *testing.T) {
	ix := mustOpen(t, t.TempDir())
	w := NewWriter(ix.Bleve(), nil, config.Defaults().Ingest, time.UTC)
	if small := w.newSplitBatch(batchParts*minSplitPart - 1); small.n != 1 {
		t.Errorf("a write of %d documents is split in %d", batchParts*minSplitPart-1, small.n)
	}
	b := w.newSplitBatch(batchParts * minSplitPart)
	parts := map[*bleve.Batch]bool{}
	for _, version := range []string{"older", "newer"} {
		for i := 0; i < 40; i++ {
			id := fmt.Sprintf("s%02d", i)
			parts[b.part(id)] = true
			a := pulse.Article{ID: id, Title: version + " title", Body: "body"}
			src, _ := SourceJSON(&a)
			d := NewDocument(&a, src, version)
			if err := w.index(b, &d); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(parts) != batchParts {
		t.Fatalf("40 ids fell into %d of %d parts", len(parts), batchParts)
	}
	if err := b.commit(); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Bleve().DocCount(); n != 40 {
		t.Fatalf("doc count %d, want 40", n)
	}
	for version, want := range map[string]uint64{"older": 0, "newer": 40} {
		q := bleve.NewTermQuery(version)
		q.SetField(pulse.FieldTitle)
		res, err := ix.Bleve().Search(bleve.NewSearchRequest(q))
		if err != nil || res.Total != want {
			t.Errorf("%s: %v articles, want %d (%v)", version, res.Total, want, err)
		}
	}
}

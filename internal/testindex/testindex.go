// Package testindex builds real scorch indexes for tests of the read
// side, through the indexer, so that tests see the documents production
// writes. Only tests import it.
package testindex

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
)

// Build indexes arts (through the indexer's Writer, without extraction)
// into a fresh index in a temporary directory, closed when the test ends.
func Build(tb testing.TB, arts []pulse.Article) bleve.Index {
	return BuildBatched(tb, arts, 1000)
}

// BuildBatched is Build in batches of n: many small batches make many
// segments, which bleve merges in the background while tests read.
func BuildBatched(tb testing.TB, arts []pulse.Article, n int) bleve.Index {
	tb.Helper()
	ix, err := Write(filepath.Join(tb.TempDir(), "data"), arts, n)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix.Bleve()
}

// Write indexes arts in batches of n into a new index in dataDir, as
// `pulse ingest` would without extraction (copies are clustered), and
// returns it open; the caller closes it. It is for indexes that outlive
// one test, such as a benchmark's, and for examples.
func Write(dataDir string, arts []pulse.Article, n int) (*indexer.Index, error) {
	ix, err := indexer.Open(dataDir, "test")
	if err != nil {
		return nil, err
	}
	items := make([]format.Item, len(arts))
	names := make([]string, len(arts))
	for i, a := range arts {
		items[i] = format.Item{Article: a}
		names[i] = a.ID
	}
	w := indexer.NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: n}, time.UTC)
	res, err := w.Write(context.Background(), items, names)
	if err == nil {
		for _, r := range res {
			if r.Outcome == pulse.Rejected {
				err = fmt.Errorf("%s rejected: %s", r.Item, r.Reason)
				break
			}
		}
	}
	if err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// MergeAll merges idx's segments into one, as a long-running index's
// merges eventually do, so a test can check what survives a merge.
func MergeAll(tb testing.TB, idx bleve.Index) {
	tb.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		tb.Fatalf("index is %T, not scorch", adv)
	}
	if err := s.ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		tb.Fatal(err)
	}
}

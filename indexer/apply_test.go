package indexer

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
)

func upsert(seq uint64, id, title string) pulse.Change {
	return pulse.Change{Seq: seq, Op: pulse.ChangeUpsert, Article: &pulse.Article{ID: id, Title: title, Body: "body of " + id}}
}

func takedown(seq uint64, id string) pulse.Change {
	return pulse.Change{Seq: seq, Op: pulse.ChangeTakedown, ID: id}
}

// indexTitles returns "id=title" of every article in the index, sorted.
func indexTitles(tb testing.TB, idx bleve.Index) string {
	tb.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1000, 0, false)
	req.Fields = []string{pulse.FieldTitle}
	res, err := idx.Search(req)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		t, _ := h.Fields[pulse.FieldTitle].(string)
		out = append(out, h.ID+"="+t)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestApply applies runs of log changes, each time to a fresh index and
// then again after reopening it, which must change nothing: the recorded
// sequence makes a second delivery a no-op.
func TestApply(t *testing.T) {
	for _, c := range []struct {
		name    string
		batches [][]pulse.Change
		want    string
		seq     uint64
	}{
		{"upserts", [][]pulse.Change{{upsert(1, "a", "A1"), upsert(2, "b", "B1")}}, "a=A1 b=B1", 2},
		{"later version wins", [][]pulse.Change{{upsert(1, "a", "A1"), upsert(2, "a", "A2")}}, "a=A2", 2},
		{"takedown then upsert", [][]pulse.Change{{upsert(1, "a", "A1"), takedown(2, "a"), upsert(3, "a", "A3")}}, "a=A3", 3},
		{"upsert then takedown", [][]pulse.Change{{upsert(1, "a", "A1"), upsert(2, "b", "B1"), takedown(3, "a")}}, "b=B1", 3},
		{"redelivery skipped", [][]pulse.Change{{upsert(1, "a", "A1"), upsert(2, "a", "A2")}, {upsert(1, "a", "A1"), upsert(3, "b", "B1")}}, "a=A2 b=B1", 3},
		{"takedown of a missing id", [][]pulse.Change{{takedown(5, "nope")}}, "", 5},
		{"rejected article counts as applied", [][]pulse.Change{{upsert(1, "a", "A1"), {Seq: 2, Op: pulse.ChangeUpsert, Article: &pulse.Article{ID: "e"}}}}, "a=A1", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			ix, err := Open(dir, "test")
			if err != nil {
				t.Fatal(err)
			}
			w := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 2}, time.UTC)
			for _, b := range c.batches {
				if _, err := w.Apply(context.Background(), b); err != nil {
					t.Fatal(err)
				}
			}
			w.WaitPurges()
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			ix = mustOpen(t, dir)
			w = NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 2}, time.UTC)
			if got := indexTitles(t, ix.Bleve()); got != c.want {
				t.Errorf("index after reopening holds %q, want %q", got, c.want)
			}
			if seq, err := w.AppliedSeq(); err != nil || seq != c.seq {
				t.Errorf("applied sequence after reopening is %d (%v), want %d", seq, err, c.seq)
			}
			// Everything again: all of it at or below the recorded sequence.
			for _, b := range c.batches {
				if _, err := w.Apply(context.Background(), b); err != nil {
					t.Fatal(err)
				}
			}
			w.WaitPurges()
			if got := indexTitles(t, ix.Bleve()); got != c.want {
				t.Errorf("index after a second delivery holds %q, want %q", got, c.want)
			}
		})
	}
}

func TestApplyRefusesBadChanges(t *testing.T) {
	for _, c := range []struct {
		name   string
		change pulse.Change
		want   string
	}{
		{"no sequence", pulse.Change{Op: pulse.ChangeUpsert, Article: &pulse.Article{ID: "a", Title: "A"}}, "no sequence"},
		{"unknown operation", pulse.Change{Seq: 1, Op: "rename", ID: "a"}, `unknown operation "rename"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ix := mustOpen(t, t.TempDir())
			w := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 10}, time.UTC)
			_, err := w.Apply(context.Background(), []pulse.Change{c.change})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Apply: %v, want an error containing %q", err, c.want)
			}
			if seq, _ := w.AppliedSeq(); seq != 0 {
				t.Errorf("applied sequence %d after a refused change", seq)
			}
		})
	}
}

// totBatches returns how many batches the index has committed.
func totBatches(tb testing.TB, idx bleve.Index) uint64 {
	tb.Helper()
	stats, _ := idx.StatsMap()["index"].(map[string]any)
	n, ok := stats["TotBatches"].(uint64)
	if !ok {
		tb.Fatalf("no TotBatches in the index's stats: %v", stats)
	}
	return n
}

// TestApplyAtomicBatch applies five upserts with a writer's batch size
// of two: written alone they take three batches of the index; written in
// one atomic batch of the log, one, which holds them all.
func TestApplyAtomicBatch(t *testing.T) {
	for _, c := range []struct {
		name  string
		batch string
		want  uint64
	}{{"alone", "", 3}, {"one atomic batch", "b1", 1}} {
		t.Run(c.name, func(t *testing.T) {
			ix, err := Open(t.TempDir(), "test")
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			w := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 2}, time.UTC)
			var changes []pulse.Change
			for i, id := range []string{"a", "b", "c", "d", "e"} {
				ch := upsert(uint64(i+1), id, strings.ToUpper(id))
				ch.Batch = c.batch
				changes = append(changes, ch)
			}
			before := totBatches(t, ix.Bleve())
			if _, err := w.Apply(context.Background(), changes); err != nil {
				t.Fatal(err)
			}
			if got := totBatches(t, ix.Bleve()) - before; got != c.want {
				t.Errorf("%d batches of the index, want %d", got, c.want)
			}
			if got := indexTitles(t, ix.Bleve()); got != "a=A b=B c=C d=D e=E" {
				t.Errorf("index holds %q", got)
			}
		})
	}
}

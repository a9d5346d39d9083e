package search

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// TestNewestDateFollowsWrites checks the recency anchor after the writes
// that can move it: a newer article, an older one, and deleting the newest.
func TestNewestDateFollowsWrites(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	idx := testindex.Build(t, []pulse.Article{
		{ID: "a", Title: "oil", PublishedAt: day(1)},
		{ID: "b", Title: "oil", PublishedAt: day(5)},
	})
	s := New(idx, config.Defaults().Search, time.UTC)
	w := indexer.NewWriter(idx, nil, config.Ingest{BatchSize: 10}, time.UTC)
	ctx := context.Background()
	check := func(step string, want time.Time) {
		t.Helper()
		s.Invalidate()
		got, err := s.newestDate(ctx)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: newest = %v, %v; want %v", step, got, err, want)
		}
	}
	add := func(a pulse.Article) {
		t.Helper()
		if _, err := w.Write(ctx, []format.Item{{Article: a}}, []string{a.ID}); err != nil {
			t.Fatal(err)
		}
	}
	check("initial", day(5))
	add(pulse.Article{ID: "c", Title: "oil", PublishedAt: day(3)})
	check("older article added", day(5))
	add(pulse.Article{ID: "d", Title: "oil", PublishedAt: day(9)})
	check("newer article added", day(9))
	if err := idx.Delete("d"); err != nil {
		t.Fatal(err)
	}
	check("newest deleted", day(5))
	for _, id := range []string{"a", "b", "c"} {
		if err := idx.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	check("all deleted", time.Time{})
}

// BenchmarkNewestDateAfterWrite measures the recency anchor's cost after
// the writer invalidates it (the first relevance search after each write
// pays it).
func BenchmarkNewestDateAfterWrite(b *testing.B) {
	arts := make([]pulse.Article, 50000)
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range arts {
		arts[i] = pulse.Article{ID: "a" + strconv.Itoa(i), Title: "oil", PublishedAt: base.Add(time.Duration(i*7919%50000) * time.Hour)}
	}
	s := New(testindex.Build(b, arts), config.Defaults().Search, time.UTC)
	ctx := context.Background()
	if _, err := s.newestDate(ctx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Invalidate()
		if _, err := s.newestDate(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

package search

import (
	"context"

	"github.com/pulsesearch/pulse/search/qlang"
)

// withStats returns ctx carrying the index's true BM25 statistics (see
// qlang.Stats), read once after each write and kept.
//
// It returns the fault of reading them.
func (s *Searcher) withStats(ctx context.Context) (context.Context, error) {
	st, err := s.stats.Get(ctx)
	if err != nil {
		return ctx, s.fault(err)
	}
	return st.Context(ctx), nil
}

// newStats returns the statistics cache of s's index.
func (s *Searcher) newStats() *qlang.StatsCache {
	return qlang.NewStatsCache(func() (qlang.Reader, error) { return s.idx.Advanced() })
}

package search

import (
	"strconv"
	"time"

	"github.com/pulsesearch/pulse/internal/lru"
)

// SetCacheSize replaces the result cache with an empty one of n entries;
// 0 turns it off. (The benchmark measures the engine with it off.)
func (s *Searcher) SetCacheSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cache = nil
	if n > 0 {
		s.cache = lru.New[*Result](n)
	}
}

// CacheStats returns the result cache's counters; all zero when it is off.
func (s *Searcher) CacheStats() lru.Stats {
	if c := s.resultCache(); c != nil {
		return c.Stats()
	}
	return lru.Stats{}
}

func (s *Searcher) resultCache() *lru.Cache[*Result] {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cache
}

// cacheKey names everything that shapes a request's result: its URL
// form, plus what that form leaves to defaults or rounds (the facets
// counted, their size, dates to the nanosecond).
func (r Request) cacheKey() string {
	v := r.Values()
	v["facets"] = r.Facets
	v.Set("facet_size", strconv.Itoa(r.FacetSize))
	v.Set("from", r.From.Format(time.RFC3339Nano))
	v.Set("to", r.To.Format(time.RFC3339Nano))
	return v.Encode()
}

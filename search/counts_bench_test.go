package search_test

import (
	"context"
	"math/rand"
	"net/url"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// BenchmarkFacetedSearch measures a search with every facet and the
// histogram over the sample with copies (TestCountsMatchTotals's corpus),
// collapse on (clusters counted once under each of their values) and off.
func BenchmarkFacetedSearch(b *testing.B) {
	arts := withCopies(rand.New(rand.NewSource(16)), readSample(b))
	cfg := config.Defaults()
	cfg.Search.CacheSize = 0
	s := search.New(testindex.BuildBatched(b, arts, 100), cfg.Search, time.UTC)
	for _, collapse := range []string{"on", "off"} {
		for _, q := range []string{"", "oil OR trade OR bank"} {
			r, err := search.ParseRequest(url.Values{"q": {q}, "collapse": {collapse}}, cfg.Search, time.UTC)
			if err != nil {
				b.Fatal(err)
			}
			b.Run("collapse="+collapse+"/q="+q, func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Search(context.Background(), r); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

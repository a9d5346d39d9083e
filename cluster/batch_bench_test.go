package cluster

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
)

// BenchmarkUpsertAll measures the acknowledgement of one request's
// articles (100, new content each time) on three embedded servers: the
// time a POST on a cluster waits for the log.
func BenchmarkUpsertAll(b *testing.B) {
	cfgs := clusterConfigs(b, 3)
	for _, cfg := range cfgs {
		s := mustStartServer(b, cfg, b.TempDir())
		b.Cleanup(s.Shutdown)
	}
	l := mustOpen(b, context.Background(), "nats://"+cfgs[0].NATSListen, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	const n = 100
	b.ResetTimer()
	for i := range b.N {
		arts := make([]*pulse.Article, n)
		for k := range arts {
			arts[k] = article(fmt.Sprintf("story-%05d-%03d", i, k), "v1")
		}
		if _, err := l.UpsertAll(ctx, arts); err != nil {
			b.Fatal(err)
		}
	}
}

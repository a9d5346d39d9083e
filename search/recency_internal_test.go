package search

import (
	"math"
	"testing"
	"time"
)

// TestGrowthDecay checks that the decay read as growth(t) / growth(newest)
// equals 2^(−age / half-life) computed directly, and that growth is NaN
// (the exact path) out of float64's range.
func TestGrowthDecay(t *testing.T) {
	hl := 90 * 24 * time.Hour
	newest := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	shrink := 1 / growthAt(newest.UnixNano(), hl)
	for _, at := range []time.Time{
		time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1999, 12, 31, 23, 0, 0, 0, time.UTC),
		time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC),
		newest,
	} {
		got := growthAt(at.UnixNano(), hl) * shrink
		want := math.Exp2(-float64(newest.Sub(at)) / float64(hl))
		if math.Abs(got-want) > 1e-9*want {
			t.Errorf("%s: decay %g, exact %g", at.Format("2006-01-02"), got, want)
		}
	}
	if g := growthAt(time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano(), time.Hour); !math.IsNaN(g) {
		t.Errorf("growth 200 years before the reference at a one-hour half-life = %g, want NaN", g)
	}
}

package search

import (
	"fmt"
	"time"
)

// Histogram intervals.
const (
	IntervalAuto  = "auto"
	IntervalDay   = "day"
	IntervalWeek  = "week"
	IntervalMonth = "month"
	IntervalYear  = "year"
	IntervalOff   = "off"
)

// maxBuckets bounds a histogram: a finer interval over a long range is
// refused rather than sent as a million empty buckets.
const maxBuckets = 5000

// Histogram counts matching articles per period.
type Histogram struct {
	Interval string   `json:"interval"`
	TimeZone string   `json:"time_zone"`
	Buckets  []Bucket `json:"buckets"`
	// Undated counts the matches without a date, in no bucket. With
	// collapse a cluster counts in each bucket one of its copies falls
	// in, so the buckets need not sum to the total less Undated.
	Undated int `json:"undated"`
}

// Bucket is one period: [Start, End) in the configured time zone.
type Bucket struct {
	Key   string    `json:"key"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Count int       `json:"count"`
}

// buildHistogram turns per-day counts into buckets of the interval, empty
// ones included, from the first to the last day with articles — or over
// from..to when the request bounds the dates. Each of groups (the days of
// one copy cluster's articles) counts once in each bucket it touches.
func buildHistogram(days map[int64]int, groups [][]int64, interval string, from, to time.Time, loc *time.Location) (*Histogram, error) {
	h := &Histogram{Interval: interval, TimeZone: loc.String(), Buckets: []Bucket{}}
	var lo, hi int64
	first := true
	see := func(d int64) {
		if first || d < lo {
			lo = d
		}
		if first || d > hi {
			hi = d
		}
		first = false
	}
	for d := range days {
		see(d)
	}
	for _, g := range groups {
		for _, d := range g {
			see(d)
		}
	}
	if !from.IsZero() {
		lo = dayOf(from, loc)
	}
	if !to.IsZero() {
		hi = dayOf(to, loc)
	}
	if first && (from.IsZero() || to.IsZero()) {
		if interval == IntervalAuto {
			h.Interval = IntervalDay
		}
		return h, nil
	}
	if hi < lo {
		return h, nil
	}
	if interval == IntervalAuto {
		switch span := hi - lo + 1; {
		case span <= 62:
			interval = IntervalDay
		case span <= 2*366:
			interval = IntervalWeek
		case span <= 15*366:
			interval = IntervalMonth
		default:
			interval = IntervalYear
		}
		h.Interval = interval
	}
	start := bucketStart(dateOf(lo, loc), interval)
	end := dateOf(hi, loc)
	for t := start; !t.After(end); t = nextBucket(t, interval) {
		if len(h.Buckets) >= maxBuckets {
			return nil, fmt.Errorf("more than %d %s buckets; use a coarser interval or a narrower date range", maxBuckets, interval)
		}
		h.Buckets = append(h.Buckets, Bucket{Key: bucketKey(t, interval), Start: t, End: nextBucket(t, interval)})
	}
	for d, n := range days {
		if d < lo || d > hi {
			continue
		}
		bs := bucketStart(dateOf(d, loc), interval)
		// Buckets are in order and contiguous: find by search.
		i := indexOfBucket(h.Buckets, bs)
		if i >= 0 {
			h.Buckets[i].Count += n
		}
	}
	for _, g := range groups {
		counted := map[int]bool{}
		for _, d := range g {
			if d < lo || d > hi {
				continue
			}
			if i := indexOfBucket(h.Buckets, bucketStart(dateOf(d, loc), interval)); i >= 0 && !counted[i] {
				counted[i] = true
				h.Buckets[i].Count++
			}
		}
	}
	return h, nil
}

func indexOfBucket(bs []Bucket, start time.Time) int {
	lo, hi := 0, len(bs)-1
	for lo <= hi {
		mid := (lo + hi) / 2
		switch {
		case bs[mid].Start.Equal(start):
			return mid
		case bs[mid].Start.Before(start):
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	return -1
}

// dateOf is the midnight in loc that starts day number d.
func dateOf(d int64, loc *time.Location) time.Time {
	u := time.Unix(d*86400, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, loc)
}

func bucketStart(t time.Time, interval string) time.Time {
	y, m, d := t.Date()
	switch interval {
	case IntervalWeek:
		// ISO weeks start on Monday.
		wd := (int(t.Weekday()) + 6) % 7
		return time.Date(y, m, d-wd, 0, 0, 0, 0, t.Location())
	case IntervalMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
	case IntervalYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func nextBucket(t time.Time, interval string) time.Time {
	switch interval {
	case IntervalWeek:
		return t.AddDate(0, 0, 7)
	case IntervalMonth:
		return t.AddDate(0, 1, 0)
	case IntervalYear:
		return t.AddDate(1, 0, 0)
	}
	return t.AddDate(0, 0, 1)
}

func bucketKey(t time.Time, interval string) string {
	switch interval {
	case IntervalWeek:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case IntervalMonth:
		return t.Format("2006-01")
	case IntervalYear:
		return t.Format("2006")
	}
	return t.Format("2006-01-02")
}

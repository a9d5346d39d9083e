package corpus

import (
	"math"
	"slices"
	"time"
)

// schedule spreads n articles over the days of a span: each day's share is
// the volume trend (growing geometrically from the first year to the last
// by the growth factor) times the source's weekday profile times daily
// noise, with lows on 25 December and 1 January. Counts are apportioned so
// that they sum to n exactly; articles come out in date order.
type schedule struct {
	start  time.Time
	counts []int32 // articles per day
	day    int     // current day
	left   int     // articles still to place on it
	times  []int32 // their times of day (ms), sorted
	next   int
	src    []int32 // the source's times of day
	r      *rng
}

func newSchedule(n int, start, end time.Time, growth float64, weekday [7]float64, msOfDay []int32, r *rng) *schedule {
	start = start.UTC().Truncate(24 * time.Hour)
	days := int(end.UTC().Sub(start)/(24*time.Hour)) + 1
	days = max(days, 1)
	w := make([]float64, days)
	var total float64
	for i := range w {
		d := start.AddDate(0, 0, i)
		x := math.Exp(math.Log(growth) * float64(i) / float64(max(days-1, 1)))
		x *= weekday[(int(d.Weekday())+6)%7]
		x *= math.Exp(0.25*r.norm() - 0.25*0.25/2)
		if m, dd := d.Month(), d.Day(); m == time.December && dd == 25 || m == time.January && dd == 1 {
			x *= 0.3
		}
		w[i] = x
		total += x
	}
	s := &schedule{start: start, counts: make([]int32, days), src: msOfDay, r: r, day: -1}
	var acc float64
	prev := 0
	for i, x := range w {
		acc += x
		upto := int(math.Round(acc / total * float64(n)))
		if i == days-1 {
			upto = n
		}
		s.counts[i] = int32(upto - prev)
		prev = upto
	}
	return s
}

// nextTime returns the next article's time in milliseconds since the epoch.
func (s *schedule) nextTime() int64 {
	for s.next >= len(s.times) {
		s.day++
		if s.day >= len(s.counts) {
			// More articles than scheduled: keep to the last day.
			s.day = len(s.counts) - 1
			s.counts[s.day] = 1
		}
		k := int(s.counts[s.day])
		s.times = s.times[:0]
		for range k {
			s.times = append(s.times, s.timeOfDay())
		}
		slices.Sort(s.times)
		s.next = 0
	}
	t := s.times[s.next]
	s.next++
	return s.start.AddDate(0, 0, s.day).UnixMilli() + int64(t)
}

// timeOfDay draws a source article's time of day, moved by up to a quarter
// of an hour; without source times, a uniform time from 06:00 to 22:00.
func (s *schedule) timeOfDay() int32 {
	const day = 24 * 3600 * 1000
	if len(s.src) == 0 {
		return int32(6*3600*1000 + s.r.intn(16*3600*1000))
	}
	t := int(s.src[s.r.intn(len(s.src))]) + s.r.intn(30*60*1000) - 15*60*1000
	return int32(min(max(t, 0), day-1))
}

package web

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/pulsesearch/pulse/search"
)

// chart is a bar chart drawn on the server as SVG: one bar per period,
// or, when comparing, one group of bars per period with a bar per
// series. Coordinates are in the SVG's viewBox.
type chart struct {
	ID          string
	Title, Desc string
	W, H        float64
	// Interactive charts are a group of links (one per bar); the others
	// are a single image.
	Interactive bool
	Compact     bool
	// Plot area.
	Left, Top, PlotW, PlotH float64
	Bars                    []bar
	YTicks                  []tick
	XTicks                  []tick
	Legend                  []legendItem
}

type bar struct {
	X, Y, W, H float64
	// Column is the bar's whole slot, clickable even where the bar is low.
	ColX, ColW float64
	Class      string
	URL        string
	Label      string
}

type tick struct {
	X, Y  float64
	Label string
	// Anchor aligns the label: the first and last of the axis keep
	// inside the chart.
	Anchor string
}

type legendItem struct {
	Class, Label string
}

// seriesClasses colour the series of a chart (see pulse.css).
var seriesClasses = []string{"s0", "s1", "s2", "s3"}

// bucketLink returns the link of one period of one series ("" for none).
type bucketLink func(series int, b search.Bucket) string

// series is one line of values over the shared buckets.
type series struct {
	Label  string
	Values []float64
}

// newChart lays out bars for the buckets: one group per bucket, one bar
// per series; yFormat labels the vertical axis.
func newChart(id, title, desc string, h *search.Histogram, ss []series, yFormat func(float64) string, barLabel func(s int, b search.Bucket, v float64) string, links bucketLink, loc *time.Location) *chart {
	c := &chart{ID: id, Title: title, Desc: desc, W: 800, H: 280, Interactive: links != nil}
	c.Left, c.Top = 64, 14
	c.PlotW, c.PlotH = c.W-c.Left-8, c.H-c.Top-40
	if id == sparkID {
		// The small chart has no axes: the bars fill it.
		c.Compact = true
		c.W, c.H, c.Left, c.Top = 400, 100, 0, 4
		c.PlotW, c.PlotH = c.W, c.H-c.Top
	}
	n := len(h.Buckets)
	if n == 0 {
		return c
	}
	hi := 0.0
	for _, s := range ss {
		for _, v := range s.Values {
			hi = math.Max(hi, v)
		}
	}
	top := niceCeil(hi)
	slot := c.PlotW / float64(n)
	groupW := slot * 0.8
	if slot < 3 {
		groupW = slot
	}
	barW := groupW / float64(len(ss))
	for i, b := range h.Buckets {
		x0 := c.Left + float64(i)*slot + (slot-groupW)/2
		for si, s := range ss {
			v := s.Values[i]
			bh := 0.0
			if top > 0 {
				bh = v / top * c.PlotH
			}
			if v > 0 && bh < 1 {
				bh = 1 // a period with any article shows
			}
			br := bar{
				X: x0 + float64(si)*barW, W: math.Max(barW-0.5, 0.5), Y: c.Top + c.PlotH - bh, H: bh,
				ColX: c.Left + float64(i)*slot, ColW: slot,
				Class: seriesClasses[si%len(seriesClasses)], Label: barLabel(si, b, v),
			}
			if links != nil && v > 0 {
				br.URL = links(si, b)
			}
			if len(ss) > 1 {
				br.ColX, br.ColW = br.X, br.W
			}
			c.Bars = append(c.Bars, br)
		}
	}
	for _, f := range []float64{0, 0.5, 1} {
		v := top * f
		if f == 0.5 && yFormat(v) == yFormat(math.Round(v)) && v != math.Round(v) {
			continue // a half tick between two whole counts says nothing
		}
		c.YTicks = append(c.YTicks, tick{X: c.Left - 6, Y: c.Top + c.PlotH - f*c.PlotH, Label: yFormat(v)})
	}
	idx := labelIndexes(n, 5)
	for j, i := range idx {
		t := tick{X: c.Left + (float64(i)+0.5)*slot, Y: c.Top + c.PlotH + 26, Label: axisLabel(h.Buckets[i], h.Interval, loc, i == 0), Anchor: "middle"}
		switch {
		case len(idx) == 1:
		case j == 0:
			t.X, t.Anchor = c.Left+float64(i)*slot, "start"
		case j == len(idx)-1:
			t.X, t.Anchor = c.Left+float64(i+1)*slot, "end"
		}
		c.XTicks = append(c.XTicks, t)
	}
	if len(ss) > 1 {
		for i, s := range ss {
			c.Legend = append(c.Legend, legendItem{Class: seriesClasses[i%len(seriesClasses)], Label: s.Label})
		}
	}
	return c
}

// sparkChart is the small, non-interactive chart of the search page. Its
// caption counts the search's dated matches (total less undated), not
// the periods' sum: with copies collapsed a story whose copies fall in two
// periods is in both bars but is one story.
func sparkChart(h *search.Histogram, total uint64, loc *time.Location) *chart {
	counts := make([]float64, len(h.Buckets))
	for i, b := range h.Buckets {
		counts[i] = float64(b.Count)
	}
	dated := int(total) - h.Undated
	if dated < 0 {
		dated = 0
	}
	first, last := h.Buckets[0], h.Buckets[len(h.Buckets)-1]
	return newChart(sparkID, "Coverage over time",
		fmt.Sprintf("%s %s per %s from %s to %s.", thousands(dated), plural(dated, "article", "articles"), h.Interval,
			periodName(first, h.Interval, loc), periodName(last, h.Interval, loc)),
		h, []series{{Values: counts}}, countLabel,
		func(_ int, b search.Bucket, v float64) string {
			return periodName(b, h.Interval, loc) + ": " + countText(v)
		},
		nil, loc)
}

// sparkID names the search page's small chart.
const sparkID = "spark"

func countLabel(v float64) string { return thousands(int(math.Round(v))) }

func countText(v float64) string {
	n := int(math.Round(v))
	return thousands(n) + " " + plural(n, "article", "articles")
}

func shareLabel(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64) + "%"
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (1 for 0).
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v-1e-9 {
			return m * p
		}
	}
	return 10 * p
}

// labelIndexes picks at most k evenly spaced indexes of n, the first and
// the last included.
func labelIndexes(n, k int) []int {
	if n <= k {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	for j := 0; j < k; j++ {
		i := int(math.Round(float64(j) * float64(n-1) / float64(k-1)))
		if len(out) == 0 || out[len(out)-1] != i {
			out = append(out, i)
		}
	}
	return out
}

// axisLabel is the short label of a period under the chart; the first
// one names the year.
func axisLabel(b search.Bucket, interval string, loc *time.Location, first bool) string {
	t := b.Start.In(loc)
	switch interval {
	case search.IntervalYear:
		return t.Format("2006")
	case search.IntervalMonth:
		return t.Format("Jan 2006")
	}
	if first {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

// periodName names a period in full: "2 Mar 1987", "week of 2 Mar 1987",
// "March 1987", "1987".
func periodName(b search.Bucket, interval string, loc *time.Location) string {
	t := b.Start.In(loc)
	switch interval {
	case search.IntervalYear:
		return t.Format("2006")
	case search.IntervalMonth:
		return t.Format("January 2006")
	case search.IntervalWeek:
		return "Week of " + t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan 2006")
}

// dateLabel is a date as the page shows it.
func dateLabel(t time.Time, loc *time.Location) string { return t.In(loc).Format("2 Jan 2006") }

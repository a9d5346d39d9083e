package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

// maxCompare is the number of queries /compare puts on one chart.
const maxCompare = 4

// coverageView is what the coverage page shows.
type coverageView struct {
	frame
	Error string
	Total uint64
	// Undated counts the matches without a date, which no bar shows.
	Undated   uint64
	Interval  string
	Intervals []option
	Chart     *chart
	Rows      []coverageRow
	Compare   string

	// Forgiven says the query was searched as its closest reading.
	Forgiven *search.Forgiven
}

type coverageRow struct {
	Period string
	Count  int
	URL    string
}

// coverage answers GET /coverage?<search>: the matches per day, week,
// month or year (histogram=…), as an SVG chart whose bars link to the
// search narrowed to their period, and as a table.
func (p *Pages) coverage(c *gin.Context) {
	loc := p.cfg.Location
	params := tidy(c.Request.URL.Query())
	base := without(params, "per_page")
	v := coverageView{frame: searchFrame("Coverage over time", "/coverage", base)}
	req, err := p.parse(params)
	if err == nil && req.Histogram == search.IntervalOff {
		err = pulse.ParamError("histogram", "off draws no chart; choose auto, day, week, month or year")
	}
	if err != nil {
		v.Error = err.Error()
		p.render(c, http.StatusBadRequest, "coverage.html", v)
		return
	}
	req.PerPage, req.Page, req.Facets = 1, 1, []string{}
	res, err := p.searcher.Search(c.Request.Context(), req)
	if err != nil {
		if pulse.ErrorCode(err) == pulse.EInvalid {
			v.Error = err.Error()
			p.render(c, http.StatusBadRequest, "coverage.html", v)
			return
		}
		p.fail(c, err)
		return
	}
	if req.Query != "" {
		v.Title = req.Query + " – Coverage over time"
	}
	v.Total = res.Total
	v.Forgiven = res.Forgiven
	h := res.Histogram
	v.Interval = h.Interval
	for _, iv := range []struct{ name, label string }{
		{search.IntervalAuto, "Automatic"}, {search.IntervalDay, "Day"}, {search.IntervalWeek, "Week"},
		{search.IntervalMonth, "Month"}, {search.IntervalYear, "Year"},
	} {
		u := clone(base)
		u.Set("histogram", iv.name)
		if iv.name == search.IntervalAuto {
			u.Del("histogram")
		}
		v.Intervals = append(v.Intervals, option{Name: iv.name, Label: iv.label, URL: link("/coverage", u), Selected: req.Histogram == iv.name})
	}
	cmp := url.Values{}
	if req.Query != "" {
		cmp.Set("q", req.Query)
	}
	v.Compare = link("/compare", cmp)
	if len(h.Buckets) == 0 {
		p.render(c, http.StatusOK, "coverage.html", v)
		return
	}
	counts := make([]float64, len(h.Buckets))
	dated := 0
	for i, b := range h.Buckets {
		counts[i] = float64(b.Count)
		dated += b.Count
		row := coverageRow{Period: periodName(b, h.Interval, loc), Count: b.Count}
		if b.Count > 0 {
			row.URL = periodURL("/search", base, req, b.Start, b.End, loc)
		}
		v.Rows = append(v.Rows, row)
	}
	// Clusters of copies count in each period a copy falls in, so the
	// periods' sum is no count of articles: the search counts the
	// undated, and the rest are the dated ones.
	v.Undated = uint64(h.Undated)
	dated = int(res.Total - v.Undated)
	first, last := h.Buckets[0], h.Buckets[len(h.Buckets)-1]
	what := "All articles"
	if req.Query != "" {
		what = fmt.Sprintf("Articles matching %q", req.Query)
	}
	v.Chart = newChart("coverage", what+" per "+h.Interval,
		fmt.Sprintf("%s %s from %s to %s; the busiest period had %s.", thousands(dated), plural(dated, "article", "articles"),
			periodName(first, h.Interval, loc), periodName(last, h.Interval, loc), countText(maxOf(counts))),
		h, []series{{Label: what, Values: counts}}, countLabel,
		func(_ int, b search.Bucket, v float64) string {
			return periodName(b, h.Interval, loc) + ": " + countText(v)
		},
		func(_ int, b search.Bucket) string { return periodURL("/search", base, req, b.Start, b.End, loc) },
		loc)
	p.render(c, http.StatusOK, "coverage.html", v)
}

func maxOf(vs []float64) float64 {
	m := 0.0
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}

// compareView is what the compare page shows.
type compareView struct {
	frame
	Error    string
	Queries  []string
	Fields   []compareField
	Interval string
	// Chosen is the interval asked for, which the form keeps.
	Chosen string
	// FormHidden keeps the filters when the compare form is sent.
	FormHidden []hidden
	Chart      *chart
	Columns    []compareColumn
	Rows       []compareRow
	AllTotal   int

	// Forgiven says which queries were searched as their closest reading.
	Forgiven []*search.Forgiven
}

type compareField struct {
	N     int
	Value string
}

type compareColumn struct {
	Query string
	Class string
	Total int
	Share float64
	URL   string
}

type compareRow struct {
	Period string
	All    int
	Cells  []compareCell
}

type compareCell struct {
	Count int
	Share float64
	URL   string
}

// compare answers GET /compare?q=…&q=…&<filters>: up to four queries on
// one chart, each period's count and share of all articles in that
// period (the same filters, no query).
func (p *Pages) compare(c *gin.Context) {
	ctx := c.Request.Context()
	loc := p.cfg.Location
	raw := c.Request.URL.Query()
	var queries []string
	for _, q := range raw["q"] {
		if q = strings.TrimSpace(q); q != "" {
			queries = append(queries, q)
		}
	}
	params := tidy(raw, "q")
	base := without(params, "per_page")
	v := compareView{frame: newFrame("Compare coverage", ""), Queries: queries, FormHidden: hiddenFields(base, "histogram")}
	v.Chosen = base.Get("histogram")
	for i := range maxCompare {
		f := compareField{N: i + 1}
		if i < len(queries) {
			f.Value = queries[i]
		}
		v.Fields = append(v.Fields, f)
	}
	bad := func(err error) {
		v.Error = err.Error()
		p.render(c, http.StatusBadRequest, "compare.html", v)
	}
	if len(queries) > maxCompare {
		bad(pulse.ParamError("q", "at most %d queries can be compared, got %d", maxCompare, len(queries)))
		return
	}
	all, err := p.parse(params)
	if err == nil && all.Histogram == search.IntervalOff {
		err = pulse.ParamError("histogram", "off draws no chart; choose auto, day, week, month or year")
	}
	if err != nil {
		bad(err)
		return
	}
	if len(queries) == 0 {
		p.render(c, http.StatusOK, "compare.html", v)
		return
	}
	v.Title = strings.Join(queries, " vs ") + " – Compare coverage"
	// The all-articles histogram fixes the periods; each query is then
	// counted over exactly those, so the buckets line up.
	all.PerPage, all.Page, all.Facets = 1, 1, []string{}
	allRes, err := p.searcher.Search(ctx, all)
	if err != nil {
		if pulse.ErrorCode(err) == pulse.EInvalid {
			bad(err)
			return
		}
		p.fail(c, err)
		return
	}
	h := allRes.Histogram
	v.Interval = h.Interval
	if len(h.Buckets) == 0 {
		p.render(c, http.StatusOK, "compare.html", v)
		return
	}
	from, to := h.Buckets[0].Start, h.Buckets[len(h.Buckets)-1].End.Add(-time.Nanosecond)
	reqs := make([]search.Request, len(queries))
	counts := make([][]int, len(queries))
	totals := make([]int, len(queries))
	for qi, q := range queries {
		u := clone(base)
		u.Set("q", q)
		u.Set("histogram", h.Interval)
		r, err := p.parse(u)
		if err != nil {
			bad(fmt.Errorf("query %d (%q): %w", qi+1, abbrev(q), err))
			return
		}
		if r.From.IsZero() {
			r.From = from
		}
		if r.To.IsZero() {
			r.To = to
		}
		r.PerPage, r.Page, r.Facets = 1, 1, []string{}
		res, err := p.searcher.Search(ctx, r)
		if err != nil {
			if pulse.ErrorCode(err) == pulse.EInvalid {
				bad(fmt.Errorf("query %d (%q): %w", qi+1, abbrev(q), err))
				return
			}
			p.fail(c, err)
			return
		}
		if res.Forgiven != nil {
			v.Forgiven = append(v.Forgiven, res.Forgiven)
		}
		// The column's total is the search's dated matches, not the sum
		// of its periods, which counts a story twice when its copies
		// fall in two periods.
		totals[qi] = int(res.Total) - res.Histogram.Undated
		byKey := map[string]int{}
		for _, b := range res.Histogram.Buckets {
			byKey[b.Key] = b.Count
		}
		counts[qi] = make([]int, len(h.Buckets))
		for i, b := range h.Buckets {
			counts[qi][i] = byKey[b.Key]
		}
		reqs[qi] = r
	}
	queryBase := func(qi int) url.Values {
		u := without(base, "histogram")
		u.Set("q", queries[qi])
		return u
	}
	ss := make([]series, len(queries))
	v.AllTotal = int(allRes.Total) - h.Undated
	for i, b := range h.Buckets {
		row := compareRow{Period: periodName(b, h.Interval, loc), All: b.Count}
		for qi := range queries {
			n := counts[qi][i]
			cell := compareCell{Count: n, Share: share(n, b.Count)}
			if n > 0 {
				cell.URL = periodURL("/search", queryBase(qi), reqs[qi], b.Start, b.End, loc)
			}
			row.Cells = append(row.Cells, cell)
			ss[qi].Values = append(ss[qi].Values, cell.Share)
		}
		v.Rows = append(v.Rows, row)
	}
	for qi, q := range queries {
		ss[qi].Label = q
		v.Columns = append(v.Columns, compareColumn{
			Query: q, Class: seriesClasses[qi], Total: totals[qi], Share: share(totals[qi], v.AllTotal),
			URL: link("/search", queryBase(qi)),
		})
	}
	first, last := h.Buckets[0], h.Buckets[len(h.Buckets)-1]
	v.Chart = newChart("compare", "Share of all articles per "+h.Interval+": "+strings.Join(queries, ", "),
		fmt.Sprintf("From %s to %s, out of %s %s.", periodName(first, h.Interval, loc), periodName(last, h.Interval, loc),
			thousands(v.AllTotal), plural(v.AllTotal, "article", "articles")),
		h, ss, shareLabel,
		func(s int, b search.Bucket, val float64) string {
			n := counts[s][indexOfKey(h.Buckets, b.Key)]
			return fmt.Sprintf("%s, %q: %s, %s of %s", periodName(b, h.Interval, loc), queries[s], countText(float64(n)),
				shareLabel(roundShare(val)), thousands(b.Count))
		},
		func(s int, b search.Bucket) string {
			return periodURL("/search", queryBase(s), reqs[s], b.Start, b.End, loc)
		},
		loc)
	p.render(c, http.StatusOK, "compare.html", v)
}

// share is n as a percentage of all, to one decimal (0 when all is 0).
func share(n, all int) float64 {
	if all == 0 {
		return 0
	}
	return roundShare(float64(n) / float64(all) * 100)
}

func roundShare(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

func indexOfKey(bs []search.Bucket, key string) int {
	for i, b := range bs {
		if b.Key == key {
			return i
		}
	}
	return 0
}

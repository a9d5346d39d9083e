// Package metrics holds Pulse's Prometheus metrics (the one home of
// client_golang) and the bounded log of searches that found nothing.
// The API records requests into it; the writer, the searcher and the
// related-stories cache report through the small functions it exports;
// /metrics serves it, and `pulse stats --server` reads the same figures.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one process's set of metrics. The zero value is not usable;
// call New.
type Metrics struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	search   prometheus.Histogram
	related  prometheus.Histogram
	ingest   *prometheus.CounterVec
	zero     prometheus.Counter
	limited  *prometheus.CounterVec
	// untrusted counts requests with forwarding headers from a peer not
	// in server.trusted_proxies (see UntrustedForward).
	untrusted prometheus.Counter

	zeroLog *ring
}

// New registers every metric in a fresh registry, with the Go runtime and
// process collectors. keepZero bounds the log of queries that found
// nothing.
func New(keepZero int) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), zeroLog: newRing(keepZero)}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pulse_http_requests_total", Help: "HTTP requests by route and status.",
	}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "pulse_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method"})
	m.search = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "pulse_search_duration_seconds", Help: "Search latency, inside the server.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	})
	m.related = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "pulse_related_duration_seconds", Help: "Related-stories latency, inside the server.",
		Buckets: []float64{.0001, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
	})
	m.ingest = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pulse_ingest_items_total", Help: "Ingested items by outcome (read, indexed, updated, unchanged, rejected).",
	}, []string{"outcome"})
	m.zero = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "pulse_search_zero_results_total", Help: "Searches with a query that found nothing.",
	})
	m.limited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pulse_http_limited_total", Help: "Requests refused by a limit (rate, concurrency).",
	}, []string{"limit"})
	m.untrusted = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "pulse_http_untrusted_forwarded_total",
		Help: "Requests with X-Forwarded-For, Forwarded or X-Real-IP from a peer not in server.trusted_proxies: their readers share the peer's rate limits.",
	})
	m.reg.MustRegister(m.requests, m.latency, m.search, m.related, m.ingest, m.zero, m.limited, m.untrusted)
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Gauge registers a gauge read from f at each scrape (index size, cache
// hit counts kept elsewhere, …).
func (m *Metrics) Gauge(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// CounterFunc registers a counter read from f at each scrape.
func (m *Metrics) CounterFunc(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f))
}

// The recording methods do nothing on a nil *Metrics, so tests and tools
// can run handlers without a registry.

// Request records one HTTP request; route is the route pattern, never
// the raw path, so the label set stays bounded.
func (m *Metrics) Request(route, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(d.Seconds())
}

// Limited records a request refused by the named limit.
func (m *Metrics) Limited(limit string) {
	if m == nil {
		return
	}
	m.limited.WithLabelValues(limit).Inc()
}

// UntrustedForward records a request that carried forwarding headers
// from a peer not trusted to set them.
func (m *Metrics) UntrustedForward() {
	if m == nil {
		return
	}
	m.untrusted.Inc()
}

// Search records one search's latency, and its query when it found
// nothing.
func (m *Metrics) Search(query string, total uint64, d time.Duration) {
	if m == nil {
		return
	}
	m.search.Observe(d.Seconds())
	if total == 0 && query != "" {
		m.zero.Inc()
		m.zeroLog.add(ZeroQuery{Query: query, At: time.Now().UTC()})
	}
}

// Related records one related-stories answer's latency.
func (m *Metrics) Related(d time.Duration) {
	if m == nil {
		return
	}
	m.related.Observe(d.Seconds())
}

// Ingest adds n items with an outcome.
func (m *Metrics) Ingest(outcome string, n int) {
	if m == nil {
		return
	}
	if n > 0 {
		m.ingest.WithLabelValues(outcome).Add(float64(n))
	}
}

// ZeroQuery is a query that found nothing.
type ZeroQuery struct {
	Query string    `json:"query"`
	At    time.Time `json:"at"`
}

// ZeroQueries returns the most recent queries that found nothing, newest
// first.
func (m *Metrics) ZeroQueries() []ZeroQuery {
	if m == nil {
		return []ZeroQuery{}
	}
	return m.zeroLog.list()
}

// Snapshot returns the figures `pulse stats` prints: request and ingest
// counts and latency quantiles estimated from the histograms.
func (m *Metrics) Snapshot() map[string]float64 {
	out := map[string]float64{}
	if m == nil {
		return out
	}
	mfs, err := m.reg.Gather()
	if err != nil {
		return out
	}
	for _, mf := range mfs {
		name := mf.GetName()
		for _, mt := range mf.GetMetric() {
			key := name
			for _, lp := range mt.GetLabel() {
				key += "{" + lp.GetName() + "=" + lp.GetValue() + "}"
			}
			switch {
			case mt.GetCounter() != nil:
				out[key] = mt.GetCounter().GetValue()
			case mt.GetGauge() != nil:
				out[key] = mt.GetGauge().GetValue()
			case mt.GetHistogram() != nil:
				h := mt.GetHistogram()
				out[key+"_count"] = float64(h.GetSampleCount())
				if h.GetSampleCount() > 0 {
					out[key+"_mean_ms"] = h.GetSampleSum() / float64(h.GetSampleCount()) * 1000
				}
			}
		}
	}
	return out
}

// ring is a bounded, concurrency-safe log.
type ring struct {
	mu   sync.Mutex
	buf  []ZeroQuery
	next int
	full bool
}

func newRing(n int) *ring { return &ring{buf: make([]ZeroQuery, max(n, 1))} }

func (r *ring) add(q ZeroQuery) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(q.Query) > 500 {
		q.Query = q.Query[:500]
	}
	r.buf[r.next] = q
	r.next = (r.next + 1) % len(r.buf)
	if r.next == 0 {
		r.full = true
	}
}

func (r *ring) list() []ZeroQuery {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.next
	if r.full {
		n = len(r.buf)
	}
	out := make([]ZeroQuery, 0, n)
	for i := 1; i <= n; i++ {
		out = append(out, r.buf[(r.next-i+len(r.buf))%len(r.buf)])
	}
	return out
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pulsesearch/pulse/bench/queryset"
)

// Bounds of one run, so that the tool cannot run away.
const (
	maxRequests    = 5_000_000
	maxInFlightCap = 10_000
	minInFlight    = 16
)

// Options configure one run.
type Options struct {
	URL      string // server base URL, without /api/search
	Rate     float64
	Duration time.Duration
	Timeout  time.Duration
	// Warmup runs the load for this long before the measured run,
	// recording nothing.
	Warmup time.Duration
	// Clients > 0 spreads requests round-robin over that many
	// X-Forwarded-For addresses.
	Clients     int
	MaxInFlight int // 0: DefaultMaxInFlight
	PID         int // server process to watch, or 0
	ByQuery     bool
}

// DefaultMaxInFlight is 4 × rate × timeout, between 16 and 10,000, and
// within half the process's open-file limit (each request in flight may
// hold a connection).
func DefaultMaxInFlight(rate float64, timeout time.Duration) int {
	n := int(math.Ceil(4 * rate * timeout.Seconds()))
	n = max(minInFlight, min(n, maxInFlightCap))
	if lim := openFileLimit(); lim > 64 && uint64(n) > lim/2 {
		n = int(lim / 2)
	}
	return n
}

// outcome of one request.
type outcome uint8

const (
	notSent   outcome = iota // in-flight cap reached
	responded                // an HTTP status, in status
	failed                   // transport error
	timedOut                 // no complete answer within the timeout
)

type sample struct {
	latency time.Duration // from when the request was due
	status  int
	outcome outcome
}

// Latency summarises latencies in milliseconds (nearest rank).
type Latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50_ms"`
	P95 float64 `json:"p95_ms"`
	P99 float64 `json:"p99_ms"`
	Max float64 `json:"max_ms"`
}

// Server is what was seen of the server's process.
type Server struct {
	PID int `json:"pid"`
	// PeakRSSMiB is VmHWM at the end of the run: the process's peak
	// resident memory since it started.
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	// RunPeakRSSMiB is the highest VmRSS sampled (every 100 ms) during
	// the run.
	RunPeakRSSMiB float64 `json:"run_peak_rss_mib"`
	CPUCores      float64 `json:"cpu_cores"`
}

// Machine is the CPU use of the whole machine during the run, the tool's
// and the server's included; Background is the rest.
type Machine struct {
	BusyCores float64 `json:"busy_cores"`
	ToolCores float64 `json:"tool_cores"`
	// BackgroundCores is known only with a server PID (-pid).
	BackgroundCores float64 `json:"background_cores"`
	LoadavgStart    string  `json:"loadavg_start"`
	LoadavgEnd      string  `json:"loadavg_end"`
}

// QueryLatency is one query's served latency, with -by-query.
type QueryLatency struct {
	ID string `json:"qid"`
	Latency
	Errors int `json:"errors"`
}

// Result is the report of one run.
type Result struct {
	URL         string  `json:"url"`
	OfferedRate float64 `json:"offered_rate"`
	DurationS   float64 `json:"duration_s"`
	Clients     int     `json:"clients"`
	MaxInFlight int     `json:"max_inflight"`
	TimeoutS    float64 `json:"timeout_s"`
	Requests    int     `json:"requests"`
	Sent        int     `json:"sent"`
	// ElapsedS runs from the first request's due time to the last
	// answer.
	ElapsedS float64 `json:"elapsed_s"`
	// AchievedRate is answers (any HTTP status) per second of ElapsedS;
	// ServedRate only the 2xx ones.
	AchievedRate    float64        `json:"achieved_rate"`
	ServedRate      float64        `json:"served_rate"`
	Status          map[string]int `json:"status"`
	Status200       int            `json:"status_200"`
	Status429       int            `json:"status_429"`
	Status503       int            `json:"status_503"`
	StatusOther     int            `json:"status_other"`
	TransportErrors int            `json:"transport_errors"`
	Timeouts        int            `json:"timeouts"`
	NotSent         int            `json:"not_sent"`
	FirstError      string         `json:"first_error,omitempty"`
	Served          Latency        `json:"latency_served"`
	All             Latency        `json:"latency_all"`
	MaxSendLagMs    float64        `json:"max_send_lag_ms"`
	Server          *Server        `json:"server,omitempty"`
	Machine         Machine        `json:"machine"`
	ByQuery         []QueryLatency `json:"by_query,omitempty"`
}

// Errors is every request that was not served: non-2xx answers,
// transport errors, timeouts and requests not sent.
func (r *Result) Errors() int {
	return r.Requests - r.served()
}

func (r *Result) served() int {
	n := 0
	for k, v := range r.Status {
		if c, _ := strconv.Atoi(k); c >= 200 && c < 300 {
			n += v
		}
	}
	return n
}

// Run sends rate × duration requests to url, cycling through the
// queries, and reports what came back. A cancelled ctx stops sending; the
// report then covers what was sent.
func Run(ctx context.Context, o Options, qs []queryset.Query) (*Result, error) {
	n := int(math.Round(o.Rate * o.Duration.Seconds()))
	if n < 1 {
		return nil, fmt.Errorf("-rate × -duration: must give at least one request, got %g × %s", o.Rate, o.Duration)
	}
	if n > maxRequests || o.Rate*o.Warmup.Seconds() > maxRequests {
		return nil, fmt.Errorf("-rate × -duration: at most %d requests, got %d", maxRequests, n)
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = DefaultMaxInFlight(o.Rate, o.Timeout)
	}
	// Several servers (comma-separated) take the requests in turn, each
	// query going to every one: a round robin in front of replicas.
	bases := strings.Split(o.URL, ",")
	urls := make([]string, 0, len(qs)*len(bases))
	for _, q := range qs {
		for _, b := range bases {
			urls = append(urls, b+"/api/search?"+q.Values().Encode())
		}
	}
	client := &http.Client{
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: o.Timeout, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        o.MaxInFlight,
			MaxIdleConnsPerHost: o.MaxInFlight,
			IdleConnTimeout:     30 * time.Second,
			DisableCompression:  true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()
	l := &loader{o: o, urls: urls, client: client, sem: make(chan struct{}, o.MaxInFlight)}

	if o.Warmup > 0 {
		if nw := int(math.Round(o.Rate * o.Warmup.Seconds())); nw > 0 {
			l.run(ctx, make([]sample, nw))
		}
	}

	res := &Result{
		URL: o.URL, OfferedRate: o.Rate, DurationS: o.Duration.Seconds(), Clients: o.Clients,
		MaxInFlight: o.MaxInFlight, TimeoutS: o.Timeout.Seconds(), Status: map[string]int{},
	}
	res.Machine.LoadavgStart = loadAverage()
	busy0, busyErr := machineBusySeconds()
	tool0 := cpuSeconds()
	var srv0 float64
	var srvErr error
	var peakRSS int64
	stopWatch := func() {}
	if o.PID > 0 {
		if srv0, srvErr = procCPUSeconds(o.PID); srvErr != nil {
			return nil, fmt.Errorf("-pid %d: %w", o.PID, srvErr)
		}
		peakRSS, _ = statusKiB(o.PID, "VmRSS")
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					if v, err := statusKiB(o.PID, "VmRSS"); err == nil && v > peakRSS {
						peakRSS = v
					}
				}
			}
		}()
		stopWatch = func() { close(done); wg.Wait() }
	}

	// A fresh loader, so that the first error reported is the run's.
	l = &loader{o: o, urls: urls, client: client, sem: l.sem}
	samples := make([]sample, n)
	sent, lag, elapsed := l.run(ctx, samples)
	stopWatch()

	res.ElapsedS = elapsed.Seconds()
	if sent == n {
		// The last request is due 1/rate before the end of the duration.
		res.ElapsedS = max(res.ElapsedS, o.Duration.Seconds())
	}
	samples = samples[:sent]
	res.MaxSendLagMs = ms(lag)
	tool := cpuSeconds() - tool0
	res.Machine.ToolCores = tool / res.ElapsedS
	if busyErr == nil {
		if busy1, err := machineBusySeconds(); err == nil {
			res.Machine.BusyCores = (busy1 - busy0) / res.ElapsedS
		}
	}
	res.Machine.LoadavgEnd = loadAverage()
	if o.PID > 0 {
		s := &Server{PID: o.PID, RunPeakRSSMiB: float64(peakRSS) / 1024}
		if hwm, err := statusKiB(o.PID, "VmHWM"); err == nil {
			s.PeakRSSMiB = float64(hwm) / 1024
		}
		if srv1, err := procCPUSeconds(o.PID); err == nil {
			s.CPUCores = (srv1 - srv0) / res.ElapsedS
		}
		res.Server = s
		if res.Machine.BusyCores > 0 {
			res.Machine.BackgroundCores = max(0, res.Machine.BusyCores-s.CPUCores-res.Machine.ToolCores)
		}
	}
	summarise(res, samples, l.firstErr, qs, o.ByQuery)
	return res, nil
}

type loader struct {
	o      Options
	urls   []string
	client *http.Client
	sem    chan struct{}

	errOnce  sync.Once
	firstErr string
}

// run sends len(samples) requests, request i due at start + i/rate, and
// waits for them. It returns how many were due before ctx was cancelled
// (all, if it was not), the largest delay in sending and the time from
// start to the last answer.
func (l *loader) run(ctx context.Context, samples []sample) (sent int, lag, elapsed time.Duration) {
	var wg sync.WaitGroup
	n := 0
	interval := float64(time.Second) / l.o.Rate
	start := time.Now()
	timer := time.NewTimer(0)
	<-timer.C
	for i := range samples {
		due := start.Add(time.Duration(float64(i) * interval))
		if d := time.Until(due); d > 0 {
			timer.Reset(d)
			select {
			case <-timer.C:
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			break
		}
		n++
		lag = max(lag, time.Since(due))
		select {
		case l.sem <- struct{}{}:
		default:
			samples[i] = sample{outcome: notSent}
			continue
		}
		wg.Add(1)
		go func(i int, due time.Time) {
			defer wg.Done()
			defer func() { <-l.sem }()
			samples[i] = l.do(i, due)
		}(i, due)
	}
	wg.Wait()
	return n, lag, time.Since(start)
}

// do sends one request and reads its answer to the end.
func (l *loader) do(i int, due time.Time) sample {
	ctx, cancel := context.WithDeadline(context.Background(), due.Add(l.o.Timeout))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.urls[i%len(l.urls)], nil)
	if err != nil {
		return l.fail(due, err)
	}
	req.Header.Set("User-Agent", "pulse-loadtest")
	if l.o.Clients > 0 {
		req.Header.Set("X-Forwarded-For", clientAddr(i%l.o.Clients))
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return l.fail(due, err)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return l.fail(due, err)
	}
	return sample{latency: time.Since(due), status: resp.StatusCode, outcome: responded}
}

func (l *loader) fail(due time.Time, err error) sample {
	s := sample{latency: time.Since(due), outcome: failed}
	if errors.Is(err, context.DeadlineExceeded) {
		s.outcome = timedOut
	}
	l.errOnce.Do(func() { l.firstErr = err.Error() })
	return s
}

// clientAddr is the X-Forwarded-For address of client c (from 0):
// 10.0.0.1, 10.0.0.2, …
func clientAddr(c int) string {
	c++
	return fmt.Sprintf("10.%d.%d.%d", c>>16&255, c>>8&255, c&255)
}

func summarise(res *Result, samples []sample, firstErr string, qs []queryset.Query, byQuery bool) {
	res.Requests = len(samples)
	var served, all []time.Duration
	perQ := make([][]time.Duration, len(qs))
	perQErr := make([]int, len(qs))
	for i, s := range samples {
		switch s.outcome {
		case notSent:
			res.NotSent++
			perQErr[i%len(qs)]++
			continue
		case failed:
			res.TransportErrors++
		case timedOut:
			res.Timeouts++
		case responded:
			res.Status[strconv.Itoa(s.status)]++
			switch s.status {
			case 200:
				res.Status200++
			case 429:
				res.Status429++
			case 503:
				res.Status503++
			default:
				res.StatusOther++
			}
			if s.status >= 200 && s.status < 300 {
				served = append(served, s.latency)
				perQ[i%len(qs)] = append(perQ[i%len(qs)], s.latency)
			}
		}
		if s.outcome != responded || s.status < 200 || s.status >= 300 {
			perQErr[i%len(qs)]++
		}
		res.Sent++
		all = append(all, s.latency)
	}
	answers := res.Sent - res.TransportErrors - res.Timeouts
	res.AchievedRate = float64(answers) / res.ElapsedS
	res.ServedRate = float64(len(served)) / res.ElapsedS
	res.Served = summary(served)
	res.All = summary(all)
	res.FirstError = firstErr
	if byQuery {
		for i, q := range qs {
			res.ByQuery = append(res.ByQuery, QueryLatency{ID: q.ID, Latency: summary(perQ[i]), Errors: perQErr[i]})
		}
	}
}

// summary is the nearest-rank percentiles of d, which it sorts.
func summary(d []time.Duration) Latency {
	if len(d) == 0 {
		return Latency{}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return Latency{N: len(d), P50: ms(rank(d, 50)), P95: ms(rank(d, 95)), P99: ms(rank(d, 99)), Max: ms(d[len(d)-1])}
}

// rank is the nearest-rank pth percentile of sorted d.
func rank(d []time.Duration, p float64) time.Duration {
	k := int(math.Ceil(p / 100 * float64(len(d))))
	return d[max(0, min(k, len(d))-1)]
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())) / 1000 }

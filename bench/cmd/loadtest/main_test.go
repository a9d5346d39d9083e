package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/bench/queryset"
)

const testQueries = "testdata/queries.txt"

func TestRunUsage(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		msg  string
	}{
		{"no rate", []string{"-queries", testQueries}, "-rate: must be a positive number"},
		{"bad url", []string{"-rate", "1", "-url", "127.0.0.1:80"}, "-url: want http://HOST:PORT"},
		{"bad flag", []string{"-rates", "1"}, "flag provided but not defined"},
		{"extra argument", []string{"-rate", "1", "x"}, `unexpected argument "x"`},
		{"negative clients", []string{"-rate", "1", "-clients", "-1"}, "-clients: must be between"},
		{"bad precision", []string{"-find-capacity", "-precision", "1"}, "-precision: must be between 0 and 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := run(context.Background(), c.args, &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want a usage error with %q", err, c.msg)
			}
		})
	}
}

func TestRank(t *testing.T) {
	d := make([]time.Duration, 100)
	for i := range d {
		d[i] = time.Duration(100-i) * time.Millisecond
	}
	l := summary(d)
	if l.N != 100 || l.P50 != 50 || l.P95 != 95 || l.P99 != 99 || l.Max != 100 {
		t.Errorf("got %+v", l)
	}
	if l := summary([]time.Duration{7 * time.Millisecond}); l.P50 != 7 || l.P99 != 7 {
		t.Errorf("one sample: got %+v", l)
	}
}

// TestRunCounts runs against a server that answers 200, 429 and 503 in
// turn, and checks the counts, the query strings and the spread of
// X-Forwarded-For addresses.
func TestRunCounts(t *testing.T) {
	var mu sync.Mutex
	clients := map[string]int{}
	queries := map[string]int{}
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/search" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		clients[r.Header.Get("X-Forwarded-For")]++
		queries[r.URL.Query().Get("q")]++
		mu.Unlock()
		switch n.Add(1) % 3 {
		case 1:
			w.Write([]byte(`{"total":1}`))
		case 2:
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	qs, err := queryset.Load(testQueries)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), Options{URL: srv.URL, Rate: 300, Duration: 200 * time.Millisecond, Timeout: time.Second, Clients: 4, ByQuery: true}, qs)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 60 || r.Sent != 60 || r.Status200 != 20 || r.Status429 != 20 || r.Status503 != 20 || r.StatusOther != 0 || r.Errors() != 40 {
		t.Errorf("counts: %+v", r)
	}
	if r.Served.N != 20 || r.All.N != 60 || r.Served.Max <= 0 || r.All.P50 > r.All.Max {
		t.Errorf("latency: served %+v all %+v", r.Served, r.All)
	}
	if len(r.ByQuery) != 3 || r.ByQuery[0].ID != "q01" {
		t.Errorf("by query: %+v", r.ByQuery)
	}
	if len(clients) != 4 || clients["10.0.0.1"] != 15 || clients["10.0.0.4"] != 15 {
		t.Errorf("clients: %v", clients)
	}
	if queries["oil"] != 20 || queries[`"interest rates"`] != 20 || queries["wheat exports"] != 20 {
		t.Errorf("queries: %v", queries)
	}
}

// TestRunBounded checks that a server that never answers costs at most
// the in-flight cap and the timeout: the rest are counted as not sent.
func TestRunBounded(t *testing.T) {
	release := make(chan struct{})
	var inFlight, peak atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if v <= p || peak.CompareAndSwap(p, v) {
				break
			}
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	qs, err := queryset.Load(testQueries)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := Run(context.Background(), Options{URL: srv.URL, Rate: 200, Duration: 250 * time.Millisecond, Timeout: 300 * time.Millisecond, MaxInFlight: 5}, qs)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s", took)
	}
	if r.Requests != 50 || r.Timeouts != 5 || r.NotSent != 45 || r.Status200 != 0 || r.FirstError == "" {
		t.Errorf("got requests %d, timeouts %d, not sent %d, 200s %d, first error %q", r.Requests, r.Timeouts, r.NotSent, r.Status200, r.FirstError)
	}
	if p := peak.Load(); p > 5 {
		t.Errorf("%d requests in flight at once, cap 5", p)
	}
	if pass, why := verdict(r, time.Second); pass || !strings.Contains(why, "50 of 50 not served") {
		t.Errorf("verdict: %v %q", pass, why)
	}
}

// TestFindCapacity bisects against a server that fails above about 160
// requests a second: it passes 50 and 100, fails 200, and settles
// between 100 and 200.
// TestFindCapacity checks the search's steps against a fake server that
// refuses requests over a rate. The SLO is generous on purpose: the verdict
// must come from the refusals, not from latency, which on a shared machine
// measures the neighbours.
func TestFindCapacity(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		mu.Lock()
		times = append(times, now)
		// Requests in the last 100 ms, as a rate.
		k := 0
		for i := len(times) - 1; i >= 0 && now.Sub(times[i]) < 100*time.Millisecond; i-- {
			k++
		}
		mu.Unlock()
		if k > 16 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	qs, err := queryset.Load(testQueries)
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	c, err := FindCapacity(context.Background(), Options{URL: srv.URL, Duration: 400 * time.Millisecond, Timeout: time.Second},
		CapacityOptions{Start: 50, MaxRate: 1000, SLO: 5 * time.Second, Precision: 0.25}, qs, &progress)
	if err != nil {
		t.Fatal(err)
	}
	if c.Rate < 100 || c.Rate >= 200 || c.FailedAt <= c.Rate || c.FailedAt > 200 || len(c.Steps) < 4 {
		t.Errorf("capacity %g, failed at %g, %d steps:\n%s", c.Rate, c.FailedAt, len(c.Steps), progress.String())
	}
	if !c.Steps[0].Pass || c.Steps[0].Rate != 50 || c.Steps[2].Pass || c.Steps[2].Rate != 200 {
		t.Errorf("steps:\n%s", progress.String())
	}
	b, err := json.Marshal(c)
	if err != nil || !bytes.Contains(b, []byte(`"capacity_rate"`)) {
		t.Errorf("json: %v %s", err, b)
	}
}

func TestClientAddr(t *testing.T) {
	for c, want := range map[int]string{0: "10.0.0.1", 255: "10.0.1.0", 65535: "10.1.0.0"} {
		if got := clientAddr(c); got != want {
			t.Errorf("client %d: got %s, want %s", c, got, want)
		}
	}
}

func TestRunTextReport(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	var out bytes.Buffer
	err := run(context.Background(), []string{"-url", srv.URL, "-rate", "100", "-duration", "100ms", "-queries", testQueries, "-pid", strconv.Itoa(os.Getpid())}, &out, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"offered 100/s", "status 200: 10;", "latency served", "peak RSS (VmHWM)"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("no %q in\n%s", s, out.String())
		}
	}
}

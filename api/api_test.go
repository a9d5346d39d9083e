package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/api"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/metrics"
	"github.com/pulsesearch/pulse/search"
	"github.com/pulsesearch/pulse/search/related"
)

const token = "a-write-token-of-enough-length"

// slowSearcher makes every search take a while, to fill the slots.
type slowSearcher struct {
	*search.Searcher
	delay time.Duration
}

func (s slowSearcher) Search(ctx context.Context, r search.Request) (*search.Result, error) {
	time.Sleep(s.delay)
	return s.Searcher.Search(ctx, r)
}

type fakeIngester struct{ bodies int }

func (f *fakeIngester) IngestJSON(ctx context.Context, body []byte) ([]pulse.ItemResult, error) {
	f.bodies++
	return []pulse.ItemResult{{Item: "line 1", ID: "x", Outcome: pulse.Indexed}}, nil
}

func (f *fakeIngester) DeleteID(ctx context.Context, id string) (bool, error) { return id == "x", nil }

// apiConfig takes the API's sections of a validated configuration, as
// cmd does.
func apiConfig(c *config.Config) api.Config {
	return api.Config{Server: c.Server, Search: c.Search, Limits: c.Limits, Auth: c.Auth, Related: c.Related, Widget: c.Widget, Location: c.Location()}
}

func newServer(t *testing.T, mod func(*config.Config), delay time.Duration) (*httptest.Server, *metrics.Metrics) {
	t.Helper()
	cfg := config.Defaults()
	cfg.Auth.WriteTokens = []string{token}
	if mod != nil {
		mod(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	idx := testindex.Build(t, []pulse.Article{{ID: "a", Title: "Oil prices", Body: "Oil prices rose."}})
	m := metrics.New(10)
	h := &api.Handler{
		Searcher: slowSearcher{search.New(idx, cfg.Search, time.UTC), delay},
		Ingester: &fakeIngester{},
		Stats:    func(context.Context) (pulse.Stats, error) { return pulse.Stats{Articles: 1}, nil },
		Config:   apiConfig(&cfg),
		Metrics:  m,
	}
	srv := httptest.NewServer(api.NewRouter(h))
	t.Cleanup(srv.Close)
	return srv, m
}

func do(t *testing.T, method, url, tok string, body []byte, hdr ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func errorOf(t *testing.T, resp *http.Response) (code, msg string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&e)
	return e.Error.Code, e.Error.Message
}

func TestWriteAuth(t *testing.T) {
	srv, _ := newServer(t, nil, 0)
	body := []byte(`{"title": "x"}`)
	cases := []struct {
		name   string
		tok    string
		status int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"wrong token", "not-the-token-at-all-xxxx", http.StatusUnauthorized},
		{"right token", token, http.StatusOK},
	}
	for _, c := range cases {
		if resp := do(t, "POST", srv.URL+"/api/articles", c.tok, body); resp.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.name, resp.StatusCode, c.status)
		}
	}
	if resp := do(t, "DELETE", srv.URL+"/api/articles/nope", token, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("delete of a missing article: %d", resp.StatusCode)
	}
	if resp := do(t, "GET", srv.URL+"/api/admin/zero-results", "", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("admin without a token: %d", resp.StatusCode)
	}

	off, _ := newServer(t, func(c *config.Config) { c.Auth.WriteTokens = nil }, 0)
	resp := do(t, "POST", off.URL+"/api/articles", token, body)
	if code, msg := errorOf(t, resp); resp.StatusCode != http.StatusForbidden || !strings.Contains(msg, "writes over HTTP are disabled") {
		t.Errorf("no token configured: %d %s %s", resp.StatusCode, code, msg)
	}
}

func TestBodyLimit(t *testing.T) {
	srv, _ := newServer(t, func(c *config.Config) { c.Server.MaxBodyBytes = 2048 }, 0)
	resp := do(t, "POST", srv.URL+"/api/articles", token, bytes.Repeat([]byte("x"), 5000))
	if code, msg := errorOf(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "2048 bytes") {
		t.Errorf("oversized body: %d %s %s", resp.StatusCode, code, msg)
	}
}

func TestRateLimit(t *testing.T) {
	srv, m := newServer(t, func(c *config.Config) { c.Limits.SearchRate = 1; c.Limits.SearchBurst = 3 }, 0)
	var statuses []int
	var retry string
	for i := 0; i < 5; i++ {
		resp := do(t, "GET", srv.URL+"/api/search?q=oil", "", nil)
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests {
			retry = resp.Header.Get("Retry-After")
		}
	}
	if statuses[0] != 200 || statuses[2] != 200 || statuses[3] != 429 || statuses[4] != 429 {
		t.Errorf("statuses with burst 3: %v", statuses)
	}
	if retry == "" || retry == "0" {
		t.Errorf("429 without a Retry-After: %q", retry)
	}
	// Another client has its own budget.
	if resp := do(t, "GET", srv.URL+"/healthz", "", nil); resp.StatusCode != 200 {
		t.Errorf("health is not rate limited: %d", resp.StatusCode)
	}
	if snap := m.Snapshot(); snap["pulse_http_limited_total{limit=rate_search}"] != 2 {
		t.Errorf("limited counter: %v", snap["pulse_http_limited_total{limit=rate_search}"])
	}
}

func TestConcurrencyLimit(t *testing.T) {
	srv, _ := newServer(t, func(c *config.Config) {
		c.Limits.MaxConcurrent = 1
		c.Limits.QueueWait = 10 * time.Millisecond
		c.Limits.SearchRate = 1000
		c.Limits.SearchBurst = 1000
	}, 300*time.Millisecond)
	var wg sync.WaitGroup
	statuses := make([]int, 4)
	for i := range statuses {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			resp, err := http.Get(srv.URL + "/api/search?q=oil")
			if err == nil {
				statuses[i] = resp.StatusCode
				resp.Body.Close()
			}
		}(i)
	}
	wg.Wait()
	ok, busy := 0, 0
	for _, s := range statuses {
		switch s {
		case 200:
			ok++
		case 503:
			busy++
		}
	}
	if ok < 1 || busy < 1 || ok+busy != len(statuses) {
		t.Errorf("with one slot, four at once: %v (want some 200s, the rest quick 503s)", statuses)
	}
}

func TestObservability(t *testing.T) {
	srv, _ := newServer(t, func(c *config.Config) { c.Limits.Enabled = false }, 0)
	resp := do(t, "GET", srv.URL+"/api/search?q=nothingmatcheszzz", "", nil, "X-Request-ID", "abc-123")
	if resp.Header.Get("X-Request-ID") != "abc-123" {
		t.Errorf("request id not echoed: %q", resp.Header.Get("X-Request-ID"))
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff header")
	}
	if r := do(t, "GET", srv.URL+"/readyz", "", nil); r.StatusCode != 200 {
		t.Errorf("readyz: %d", r.StatusCode)
	}
	mr := do(t, "GET", srv.URL+"/metrics", "", nil)
	var buf bytes.Buffer
	buf.ReadFrom(mr.Body)
	for _, want := range []string{`pulse_http_requests_total{method="GET",route="/api/search",status="200"} 1`, "pulse_search_duration_seconds_count 1", "pulse_search_zero_results_total 1"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	zr := do(t, "GET", srv.URL+"/api/admin/zero-results", token, nil)
	var z struct{ Queries []struct{ Query string } }
	json.NewDecoder(zr.Body).Decode(&z)
	if len(z.Queries) != 1 || z.Queries[0].Query != "nothingmatcheszzz" {
		t.Errorf("zero-result log: %+v", z)
	}
}

type fakeRelater struct{}

func (fakeRelater) Related(ctx context.Context, id string, q related.Query) ([]related.Story, error) {
	return []related.Story{{ID: "b", Title: "B"}}, nil
}

func (fakeRelater) RelatedTo(ctx context.Context, a *pulse.Article, q related.Query) ([]related.Story, error) {
	return nil, nil
}

func TestRelatedDraftLimit(t *testing.T) {
	cfg := config.Defaults()
	cfg.Server.MaxBodyBytes = 1024
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	h := &api.Handler{Searcher: nil, Config: apiConfig(&cfg), Related: fakeRelater{}}
	srv := httptest.NewServer(api.NewRouter(h))
	defer srv.Close()
	resp := do(t, "POST", srv.URL+"/api/related", "", []byte(`{"title": "x", "body": "`+strings.Repeat("y", 4000)+`"}`))
	if code, msg := errorOf(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "1024 bytes") {
		t.Errorf("oversized draft: %d %s %s", resp.StatusCode, code, msg)
	}
	resp = do(t, "POST", srv.URL+"/api/related", "", []byte(`{"title": "x", "colour": "red"}`))
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("draft with an unknown field: %d", resp.StatusCode)
	}
	resp = do(t, "POST", srv.URL+"/api/related", "", []byte(`{"title": "x"}`))
	var body struct{ Related []related.Story }
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != 200 || body.Related == nil || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("draft: %d %+v %q", resp.StatusCode, body, resp.Header.Get("Cache-Control"))
	}
}

// TestTrustedProxies checks that X-Forwarded-For names the client only
// when the request comes through a configured proxy: otherwise anyone
// could dodge the per-client limits by inventing addresses.
func TestTrustedProxies(t *testing.T) {
	limited := func(trust []string) int {
		srv, _ := newServer(t, func(c *config.Config) {
			c.Limits.SearchRate, c.Limits.SearchBurst = 1, 1
			c.Server.TrustedProxies = trust
		}, 0)
		n := 0
		for i := 0; i < 4; i++ {
			resp := do(t, "GET", srv.URL+"/api/search?q=oil", "", nil, "X-Forwarded-For", "203.0.113."+strconv.Itoa(i+1))
			if resp.StatusCode == http.StatusTooManyRequests {
				n++
			}
		}
		return n
	}
	if n := limited(nil); n != 3 {
		t.Errorf("untrusted X-Forwarded-For: %d of 4 limited, want 3 (one client)", n)
	}
	if n := limited([]string{"127.0.0.1"}); n != 0 {
		t.Errorf("X-Forwarded-For from a trusted proxy: %d of 4 limited, want 0 (four clients)", n)
	}
}

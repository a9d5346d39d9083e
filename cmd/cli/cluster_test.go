package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/internal/freeport"
)

// do sends a request and returns the status, the Pulse-Seq header and
// the body.
func (s *server) do(t testing.TB, method, path string, body []byte) (int, uint64, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, s.base+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	seq, err := strconv.ParseUint(resp.Header.Get("Pulse-Seq"), 10, 64)
	if err != nil {
		t.Fatalf("%s %s: Pulse-Seq %q: %v", method, path, resp.Header.Get("Pulse-Seq"), err)
	}
	return resp.StatusCode, seq, b
}

// total returns the number of articles a search finds on s.
func (s *server) total(t testing.TB, q string) int {
	t.Helper()
	var res struct {
		Total int `json:"total"`
	}
	if code := s.getJSON(t, "/api/search?q="+url.QueryEscape(q), &res); code != 200 {
		t.Fatalf("search %q: %d", q, code)
	}
	return res.Total
}

type readiness struct {
	Status   string `json:"status"`
	Articles int    `json:"articles"`
	Seq      uint64 `json:"seq"`
	Lag      uint64 `json:"lag"`
}

// waitSeq waits until s has applied seq and holds articles, as /readyz
// tells: a takedown's purge briefly adds a placeholder document.
func (s *server) waitSeq(t testing.TB, seq uint64, articles int) readiness {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var r readiness
		code := s.getJSON(t, "/readyz", &r)
		if code == 200 && r.Seq >= seq && r.Articles == articles {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s has not applied sequence %d: /readyz %d %+v", s.base, seq, code, r)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServeReplicas runs two nodes through the real serve command: A
// with an embedded NATS server on its own, B on A's server as on an
// existing cluster (cluster.nats_urls). Writes and a takedown sent to
// either node reach both through the log; the node written to reads its
// own write at once; neither loads the sample; /readyz and Pulse-Seq
// tell each node's place in the log. Without the log, B serves reads and
// answers writes with a 503.
func TestServeReplicas(t *testing.T) {
	natsAddr := freeport.Addr(t)
	routeAddr := freeport.Addr(t)
	a := startServer(t, "PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN="+natsAddr,
		"PULSE_CLUSTER_ROUTE_LISTEN="+routeAddr, "PULSE_CLUSTER_ROUTES=nats-route://"+routeAddr)
	// B's requests give up sooner, for the end of the test, when the log
	// is gone.
	b := startServer(t, "PULSE_CLUSTER_EMBEDDED=false", "PULSE_CLUSTER_NATS_LISTEN=", "PULSE_CLUSTER_ROUTE_LISTEN=",
		"PULSE_CLUSTER_ROUTES=", "PULSE_CLUSTER_NATS_URLS=nats://"+natsAddr, "PULSE_SERVER_REQUEST_TIMEOUT=5s", "PULSE_CLUSTER_MIN_SEQ_WAIT=3s")

	for _, s := range []*server{a, b} {
		// No sample: an empty index.
		s.waitSeq(t, 0, 0)
	}

	body := []byte(`[{"id":"r1","title":"Copper output rises in Chile","body":"Chile's copper output rose."},
{"id":"r2","title":"Wheat exports fall","body":"Wheat exports fell in March."},
{"id":"r3","title":"Zinc prices steady","body":"Zinc prices held steady."}]`)
	for _, c := range []struct {
		name    string
		node    *server
		body    []byte
		want    string
		minSeq  uint64
		results int
	}{
		{"new articles on B", b, body, `"indexed":3`, 3, 3},
		{"the same again on A", a, body, `"unchanged":3`, 3, 3},
		{"one changed on A", a, []byte(`{"id":"r2","title":"Wheat exports fall sharply","body":"Wheat exports fell in March."}`), `"updated":1`, 4, 1},
		{"one rejected on B", b, []byte(`{"id":"r4","title":" ","body":""}`), `"rejected":1`, 4, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, seq, out := c.node.do(t, "POST", "/api/articles", c.body)
			if (code != 200 && code != 422) || !strings.Contains(string(out), c.want) {
				t.Fatalf("POST: %d %s, want %s", code, out, c.want)
			}
			var res struct {
				Results []json.RawMessage `json:"results"`
			}
			json.Unmarshal(out, &res)
			if len(res.Results) != c.results || seq < c.minSeq {
				t.Errorf("POST: %d results at Pulse-Seq %d, want %d at %d or more", len(res.Results), seq, c.results, c.minSeq)
			}
		})
	}
	// The node written to reads its own write; the other one once it has
	// applied as far.
	if n := a.total(t, "sharply"); n != 1 {
		t.Errorf("A finds %d articles for its own update, want 1", n)
	}
	// B reads A's write with min_seq, without waiting itself: on every
	// read route, the API's and the pages'.
	_, seq, _ := a.do(t, "GET", "/api/stats", nil)
	ms := "min_seq=" + strconv.FormatUint(seq, 10)
	for _, path := range []string{"/api/search?q=sharply&" + ms, "/api/articles/r2?" + ms, "/api/articles/r2/related?" + ms, "/articles/r2?" + ms, "/search?q=sharply&" + ms} {
		code, got, out := b.do(t, "GET", path, nil)
		// Related stories list the others, never the article itself.
		if code != 200 || got < seq || !strings.Contains(path, "related") && !strings.Contains(string(out), "sharply") {
			t.Errorf("GET %s on B: %d at Pulse-Seq %d, want 200 with A's update at %d or more: %.300s", path, code, got, seq, out)
		}
	}
	b.waitSeq(t, seq, 3)
	// A sequence the log has not reached: B waits cluster.min_seq_wait,
	// then says why it cannot answer, in JSON on the API and as a page.
	ahead := strconv.FormatUint(seq+100, 10)
	want := "min_seq=" + ahead + ": this node has applied the log up to sequence " + strconv.FormatUint(seq, 10)
	for _, path := range []string{"/api/search?q=wheat&min_seq=" + ahead, "/search?q=wheat&min_seq=" + ahead} {
		code, _, out := b.do(t, "GET", path, nil)
		if code != 503 || !strings.Contains(string(out), want) || !strings.Contains(string(out), "within 3s (cluster.min_seq_wait)") {
			t.Errorf("GET %s on B: %d %.300s, want 503 saying %q", path, code, out, want)
		}
	}

	code, seq, out := b.do(t, "DELETE", "/api/articles/r1", nil)
	if code != 200 {
		t.Fatalf("DELETE on B: %d %s", code, out)
	}
	if code, _, out := a.do(t, "DELETE", "/api/articles/r1", nil); code != 404 {
		t.Errorf("DELETE again on A: %d %s, want 404", code, out)
	}
	for _, s := range []*server{a, b} {
		r := s.waitSeq(t, seq, 2)
		if r.Lag != 0 || r.Status != "ready" {
			t.Errorf("%s after the takedown: %+v, want 2 articles, ready, no lag", s.base, r)
		}
		if n := s.total(t, "copper"); n != 0 {
			t.Errorf("%s still finds the taken-down article", s.base)
		}
	}

	// The log's figures: /metrics and `pulse stats --server` on B. r1's
	// only version, the first message, was purged by its takedown: the
	// stream starts at 2 and holds one message fewer than its last
	// sequence.
	_, metricsText := b.get(t, "/metrics")
	for _, want := range []string{
		"pulse_cluster_applied_seq " + strconv.FormatUint(seq, 10), "pulse_cluster_stream_last_seq " + strconv.FormatUint(seq, 10),
		"pulse_cluster_lag 0", "pulse_cluster_log_up 1", "pulse_cluster_stream_messages " + strconv.FormatUint(seq-1, 10), "pulse_cluster_stream_replicas 1",
	} {
		if !strings.Contains(string(metricsText), want+"\n") {
			t.Errorf("/metrics on B lacks %q", want)
		}
	}
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if code := run(ctx, []string{"stats", "--server", b.base}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("pulse stats --server: exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{
		"applied seq:   " + strconv.FormatUint(seq, 10), "lag:           0 changes",
		fmt.Sprintf("stream:        PULSE_ARTICLES, %d messages, ", seq-1), fmt.Sprintf("seq 2 to %d, 1 replicas", seq),
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("pulse stats --server lacks %q:\n%s", want, stdout.String())
		}
	}

	// A stops, and with it the only NATS server: B still serves reads,
	// but refuses writes with a 503 and is not ready.
	a.stop()
	code, _, out = b.do(t, "POST", "/api/articles", []byte(`{"id":"r5","title":"Tin output","body":"Tin output rose."}`))
	if code != 503 || !strings.Contains(string(out), `"unavailable"`) {
		t.Errorf("POST on B without the log: %d %s, want 503 unavailable", code, out)
	}
	if code, _ := b.get(t, "/readyz"); code != 503 {
		t.Errorf("/readyz on B without the log: %d, want 503", code)
	}
	if n := b.total(t, "wheat"); n != 1 {
		t.Errorf("B finds %d articles for wheat without the log, want 1", n)
	}
}

// TestServeRefusesFeedsInCluster checks that serve refuses to poll feeds
// on a replica, before it opens the index or binds a port.
func TestServeRefusesFeedsInCluster(t *testing.T) {
	t.Setenv("PULSE_CLUSTER_NATS_URLS", "nats://127.0.0.1:4222")
	t.Setenv("PULSE_FEEDS_IN_SERVE", "true")
	t.Setenv("PULSE_FEEDS_URLS", "https://news.example.com/feed.xml")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir() + "/data"}, strings.NewReader(""), &stdout, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "feeds.in_serve: not with a cluster") {
		t.Errorf("serve polling feeds on a replica: exit %d, stderr %q", code, stderr.String())
	}
}

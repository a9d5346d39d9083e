package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/cluster"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/freeport"
	"github.com/pulsesearch/pulse/internal/testcert"
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

// waitSeq waits until s has applied seq and holds articles (any number
// when articles is negative), as /readyz tells: a takedown's purge
// briefly adds a placeholder document.
func (s *server) waitSeq(t testing.TB, seq uint64, articles int) readiness {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var r readiness
		code := s.getJSON(t, "/readyz", &r)
		if code == 200 && r.Seq >= seq && (articles < 0 || r.Articles == articles) {
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

// feedServer is a feed on loopback that records which node polls it,
// by the User-Agent each node is given.
type feedServer struct {
	srv   *httptest.Server
	mu    sync.Mutex
	items []string
	polls map[string]int
}

func newFeedServer(t testing.TB) *feedServer {
	t.Helper()
	f := &feedServer{polls: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.polls[r.UserAgent()]++
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>%s</link>%s</channel></rss>`, f.srv.URL, strings.Join(f.items, ""))
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// add publishes an item whose text is long enough to be the article.
func (f *feedServer) add(guid, title string) {
	body := strings.Repeat(title+" was reported by the wire on Monday, with figures from the ministry and comment from traders. ", 8)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.items = append(f.items, fmt.Sprintf(`<item><title>%s</title><link>%s/%s</link><guid>%s</guid><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate><description>%s</description></item>`,
		title, f.srv.URL, guid, guid, body))
}

func (f *feedServer) pollsBy() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.polls {
		out[k] = v
	}
	return out
}

// TestServeFeedsLease runs two nodes with feeds.in_serve on one NATS
// server (cluster.nats_urls): only the holder of the feeds' lease polls,
// and what it polls reaches both nodes through the log. When the holder
// stops, the other node takes the lease over once cluster.lease_ttl has
// passed, and polls in its place.
func TestServeFeedsLease(t *testing.T) {
	natsCfg := config.Cluster{Embedded: true, Name: "test", NATSListen: freeport.Addr(t), RouteListen: freeport.Addr(t)}
	natsCfg.Routes = []string{"nats-route://" + natsCfg.RouteListen}
	ns, err := cluster.StartServer(natsCfg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	feed := newFeedServer(t)
	feed.add("tag:wire,2024:1", "Copper output rises in Chile")

	const ttl = 2 * time.Second
	env := []string{"PULSE_CLUSTER_NATS_URLS=nats://" + natsCfg.NATSListen, "PULSE_CLUSTER_LEASE_TTL=" + ttl.String(), "PULSE_CLUSTER_LEASE_RENEW=300ms",
		"PULSE_FEEDS_IN_SERVE=true", "PULSE_FEEDS_URLS=" + feed.srv.URL + "/feed", "PULSE_FEEDS_INTERVAL=200ms"}
	// The nodes race for the lease as they start: either may win, and
	// the test follows the one that did.
	nodes := map[string]*server{
		"node-a": startServer(t, append(env, "PULSE_FEEDS_USER_AGENT=node-a")...),
		"node-b": startServer(t, append(env, "PULSE_FEEDS_USER_AGENT=node-b")...),
	}
	for _, s := range nodes {
		s.waitSeq(t, 1, 1)
	}
	// Several TTLs with both nodes up: one node polls, the other never.
	time.Sleep(3 * ttl)
	polls := feed.pollsBy()
	if len(polls) != 1 {
		t.Fatalf("feed polled by %v, want one node", polls)
	}
	var holder, other string
	for ua := range polls {
		holder = ua
	}
	other = map[string]string{"node-a": "node-b", "node-b": "node-a"}[holder]
	if polls[holder] < 2 {
		t.Errorf("%s polled %d times in %s at feeds.interval 200ms, want it to poll on", holder, polls[holder], 3*ttl)
	}

	nodes[holder].stop()
	stopped := time.Now()
	feed.add("tag:wire,2024:2", "Wheat exports fall")
	deadline := stopped.Add(ttl + 15*time.Second)
	for feed.pollsBy()[other] == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not take the feeds over within %s of %s's stop: polls %v", other, ttl+15*time.Second, holder, feed.pollsBy())
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("%s took the feeds over %s after %s stopped (lease_ttl %s)", other, time.Since(stopped).Round(time.Millisecond), holder, ttl)
	// The new item reaches the index through the log: the node's applied
	// sequence moves past the first item's.
	nodes[other].waitSeq(t, 2, 2)
	if n := nodes[other].total(t, "wheat"); n != 1 {
		t.Errorf("%s finds %d articles for the feed's new item, want 1", other, n)
	}
}

// TestServeSnapshot wipes a node and restarts it on a log that no
// longer holds the writes its snapshot covers (as a stream with
// retention would): the node restores the newest snapshot, which its
// holder of the snapshots' lease published, replays the log from the
// snapshot's sequence and converges; an article taken down after the
// snapshot does not come back.
func TestServeSnapshot(t *testing.T) {
	natsCfg := config.Cluster{Embedded: true, Name: "test", NATSListen: freeport.Addr(t), RouteListen: freeport.Addr(t)}
	natsCfg.Routes = []string{"nats-route://" + natsCfg.RouteListen}
	ns, err := cluster.StartServer(natsCfg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l, err := cluster.Open(ctx, []string{ns.ClientURL()}, 1, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	env := []string{"PULSE_CLUSTER_NATS_URLS=" + ns.ClientURL(), "PULSE_CLUSTER_SNAPSHOT_INTERVAL=2s",
		"PULSE_CLUSTER_LEASE_TTL=2s", "PULSE_CLUSTER_LEASE_RENEW=300ms"}
	dir := t.TempDir()
	a := startServerIn(t, dir, env...)
	body := []byte(`[{"id":"r1","title":"Copper output rises in Chile","body":"Chile's copper output rose."},
{"id":"r2","title":"Wheat exports fall","body":"Wheat exports fell in March."},
{"id":"r3","title":"Zinc prices steady","body":"Zinc prices held steady."}]`)
	if code, _, out := a.do(t, "POST", "/api/articles", body); code != 200 {
		t.Fatalf("POST: %d %s", code, out)
	}
	var snap cluster.Snapshot
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		s, ok, err := l.LatestSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok && s.Seq >= 3 {
			snap = s
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no snapshot of the first three writes within 30s")
		}
	}
	code, takedown, out := a.do(t, "DELETE", "/api/articles/r1", nil)
	if code != 200 {
		t.Fatalf("DELETE: %d %s", code, out)
	}
	a.stop()
	// The snapshot is the newest when A stopped: the first, with r1, or
	// one taken after the takedown.
	if s, _, err := l.LatestSnapshot(ctx); err != nil {
		t.Fatal(err)
	} else {
		snap = s
	}
	t.Logf("snapshot at sequence %d (%d bytes), takedown at %d", snap.Seq, snap.Bytes, takedown)

	// Drop from the stream what the snapshot covers, as retention would:
	// the wiped node can only have r2 and r3 from the snapshot.
	if err := purgeBefore(ctx, ns.ClientURL(), snap.Seq+1); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	a = startServerIn(t, dir, env...)
	a.waitSeq(t, takedown, 2)
	for q, want := range map[string]int{"wheat": 1, "zinc": 1, "copper": 0} {
		if n := a.total(t, q); n != want {
			t.Errorf("the restored node finds %d articles for %q, want %d", n, q, want)
		}
	}
	if code, _ := a.get(t, "/api/articles/r1"); code != 404 {
		t.Errorf("GET the taken-down article on the restored node: %d, want 404", code)
	}
}

// purgeBefore removes the log's messages below seq: the test's stand-in
// for a stream's retention, which Pulse does not configure.
func purgeBefore(ctx context.Context, url string, seq uint64) error {
	nc, err := nats.Connect(url)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	st, err := js.Stream(ctx, cluster.StreamName)
	if err != nil {
		return err
	}
	return st.Purge(ctx, jetstream.WithPurgeSequence(seq))
}

// TestServeSnapshotRefused starts a new node when the newest snapshot is
// not one Pulse can restore: the node says so in its log and replays the
// log instead, and starts.
func TestServeSnapshotRefused(t *testing.T) {
	natsCfg := config.Cluster{Embedded: true, Name: "test", NATSListen: freeport.Addr(t), RouteListen: freeport.Addr(t)}
	natsCfg.Routes = []string{"nats-route://" + natsCfg.RouteListen}
	ns, err := cluster.StartServer(natsCfg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	l, err := cluster.Open(ctx, []string{ns.ClientURL()}, 1, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	seq, err := l.Upsert(ctx, &pulse.Article{ID: "r1", Title: "Copper output rises in Chile", Body: "Chile's copper output rose."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.PublishSnapshot(ctx, seq, func(w io.Writer) error {
		_, err := io.WriteString(w, "not a gzipped tarball")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, "PULSE_CLUSTER_NATS_URLS="+ns.ClientURL())
	s.waitSeq(t, seq, 1)
	if n := s.total(t, "copper"); n != 1 {
		t.Errorf("the node finds %d articles for copper, want 1 from the log", n)
	}
}

// TestLocalWritesRefused checks that with a cluster configured the
// commands that would write to the local index alone refuse, naming the
// way through the log, before they open anything.
func TestLocalWritesRefused(t *testing.T) {
	t.Setenv("PULSE_CLUSTER_NATS_URLS", "nats://127.0.0.1:1")
	dir := t.TempDir()
	in := dir + "/in.jsonl"
	if err := os.WriteFile(in, []byte(`{"id":"r1","title":"Copper","body":"Copper output rose."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"ingest", []string{"ingest", in}, "pulse ingest: this node is one of a cluster"},
		{"delete", []string{"delete", "r1"}, "pulse delete: this node is one of a cluster"},
		{"watch", []string{"watch", "--once", "http://127.0.0.1:1/feed"}, "set feeds.in_serve on the nodes instead"},
		{"restore", []string{"restore", in}, "restores the cluster's newest snapshot"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append(c.args, "--data-dir", dir+"/data")
			code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), c.want) || !strings.Contains(stderr.String(), "--server") && c.name != "watch" && c.name != "restore" {
				t.Errorf("pulse %s: exit %d, %q; want 2 and %q", c.name, code, stderr.String(), c.want)
			}
			if _, err := os.Stat(dir + "/data/index"); err == nil {
				t.Errorf("pulse %s opened the local index", c.name)
			}
		})
	}
}

// TestServeRetention bounds the stream's age (cluster.stream_max_age):
// node B stops, node A writes on and takes an article down, and the
// stream drops every message B has not applied once a snapshot covers
// them. B, restarted, is behind the stream's first message: it restores
// the newest snapshot and holds what A holds, without the article taken
// down.
func TestServeRetention(t *testing.T) {
	natsCfg := config.Cluster{Embedded: true, Name: "test", NATSListen: freeport.Addr(t), RouteListen: freeport.Addr(t)}
	natsCfg.Routes = []string{"nats-route://" + natsCfg.RouteListen}
	ns, err := cluster.StartServer(natsCfg, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	const maxAge = 3 * time.Second
	env := []string{"PULSE_CLUSTER_NATS_URLS=" + ns.ClientURL(), "PULSE_CLUSTER_SNAPSHOT_INTERVAL=1s", "PULSE_CLUSTER_STREAM_MAX_AGE=" + maxAge.String(),
		"PULSE_CLUSTER_LEASE_TTL=2s", "PULSE_CLUSTER_LEASE_RENEW=300ms"}
	a := startServer(t, env...)
	bDir := t.TempDir()
	b := startServerIn(t, bDir, env...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l, err := cluster.Open(ctx, []string{ns.ClientURL()}, 1, cluster.Options{MaxAge: maxAge})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	body := []byte(`[{"id":"r1","title":"Copper output rises in Chile","body":"Chile's copper output rose."},
{"id":"r2","title":"Wheat exports fall","body":"Wheat exports fell in March."}]`)
	code, seq, out := a.do(t, "POST", "/api/articles", body)
	if code != 200 {
		t.Fatalf("POST: %d %s", code, out)
	}
	b.waitSeq(t, seq, 2)
	b.stop()
	if code, _, out := a.do(t, "POST", "/api/articles", []byte(`{"id":"r3","title":"Zinc prices steady","body":"Zinc prices held steady."}`)); code != 200 {
		t.Fatalf("POST: %d %s", code, out)
	}
	code, last, out := a.do(t, "DELETE", "/api/articles/r1", nil)
	if code != 200 {
		t.Fatalf("DELETE: %d %s", code, out)
	}
	// A snapshot covers the takedown, and the stream has dropped every
	// message B has not applied.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		snap, ok, err := l.LatestSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st, err := l.State(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok && snap.Seq >= last && st.FirstSeq > seq+1 {
			t.Logf("snapshot at %d; the stream starts at %d, B applied %d", snap.Seq, st.FirstSeq, seq)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("within 60s: snapshot %+v (%v), stream %+v; want a snapshot at %d or later and the stream past %d", snap, ok, st, last, seq+1)
		}
	}
	b = startServerIn(t, bDir, env...)
	b.waitSeq(t, last, 2)
	for q, want := range map[string]int{"wheat": 1, "zinc": 1, "copper": 0} {
		if n := b.total(t, q); n != want {
			t.Errorf("B, restored, finds %d articles for %q, want %d", n, q, want)
		}
	}
}

// natsServers starts a NATS cluster of n servers on loopback, each with
// its own store, and returns their configurations, client URLs, stores
// and the servers (stopped at the end of the test).
func natsServers(t testing.TB, n int) ([]config.Cluster, []string, []string, []*cluster.Server) {
	t.Helper()
	cfgs := make([]config.Cluster, n)
	var routes, urls, dirs []string
	for i := range cfgs {
		cfgs[i] = config.Cluster{Embedded: true, Name: "test", NATSListen: freeport.Addr(t), RouteListen: freeport.Addr(t)}
		routes = append(routes, "nats-route://"+cfgs[i].RouteListen)
		urls = append(urls, "nats://"+cfgs[i].NATSListen)
		dirs = append(dirs, t.TempDir())
	}
	servers := make([]*cluster.Server, n)
	for i := range cfgs {
		cfgs[i].Routes = routes
		s, err := cluster.StartServer(cfgs[i], dirs[i])
		if err != nil {
			t.Fatal(err)
		}
		servers[i] = s
	}
	t.Cleanup(func() {
		for _, s := range servers {
			s.Shutdown()
		}
	})
	return cfgs, urls, dirs, servers
}

// TestServeNoQuorum stops two NATS servers of three under two nodes: a
// write of several articles and a takedown on either node fail with a
// 503 that says the log has no quorum, and change no node meanwhile.
// Once the servers are back, each node holds all of the refused write's
// articles or none (a timeout is an unknown outcome in a replicated log:
// the servers may still commit it, but whole), the same on both nodes.
// The write sent again reaches both nodes, and both hold the same: a
// takedown refused with a 503 may still have been committed, but then
// on every node. A request over cluster.max_batch articles is refused
// with a 413 before anything is written.
func TestServeNoQuorum(t *testing.T) {
	cfgs, urls, dirs, servers := natsServers(t, 3)
	const maxBatch = 12
	env := []string{"PULSE_CLUSTER_NATS_URLS=" + strings.Join(urls, ","), "PULSE_SERVER_REQUEST_TIMEOUT=4s", "PULSE_CLUSTER_MIN_SEQ_WAIT=1s", fmt.Sprintf("PULSE_CLUSTER_MAX_BATCH=%d", maxBatch)}
	a := startServer(t, env...)
	b := startServer(t, env...)
	code, seq, out := a.do(t, "POST", "/api/articles", []byte(`{"id":"r1","title":"Copper output rises in Chile","body":"Chile's copper output rose."}`))
	if code != 200 {
		t.Fatalf("POST: %d %s", code, out)
	}
	b.waitSeq(t, seq, 1)
	batchOf := func(prefix string, n int) ([]byte, []string) {
		var body bytes.Buffer
		var ids []string
		for i := range n {
			id := fmt.Sprintf("%s%02d", prefix, i)
			fmt.Fprintf(&body, `{"id":%q,"title":"Wheat exports, report %d","body":"Wheat exports fell in March, report %d."}`+"\n", id, i, i)
			ids = append(ids, id)
		}
		return body.Bytes(), ids
	}
	over, overIDs := batchOf("o", maxBatch+1)
	code, _, out = a.do(t, "POST", "/api/articles", over)
	if code != 413 || !strings.Contains(string(out), "cluster.max_batch") {
		t.Errorf("POST of %d articles with cluster.max_batch %d: %d %s, want a 413 naming the key", maxBatch+1, maxBatch, code, out)
	}

	servers[1].Shutdown()
	servers[2].Shutdown()
	start := time.Now()
	batch, batchIDs := batchOf("r", maxBatch)
	code, _, out = a.do(t, "POST", "/api/articles", batch)
	if code != 503 || !strings.Contains(string(out), `"unavailable"`) || !strings.Contains(string(out), "JetStream without a quorum") {
		t.Errorf("POST without quorum: %d %s, want a 503 saying the log has no quorum", code, out)
	}
	t.Logf("POST without quorum answered %d in %s: %s", code, time.Since(start).Round(time.Millisecond), out)
	code, _, out = b.do(t, "DELETE", "/api/articles/r1", nil)
	if code != 503 || !strings.Contains(string(out), "JetStream without a quorum") {
		t.Errorf("DELETE without quorum: %d %s, want a 503 saying the log has no quorum", code, out)
	}
	for _, s := range []*server{a, b} {
		for _, id := range append([]string{"r1"}, batchIDs[0], batchIDs[maxBatch-1]) {
			want := 404
			if id == "r1" {
				want = 200
			}
			if code, _ := s.get(t, "/api/articles/"+id); code != want {
				t.Errorf("%s: GET %s without quorum: %d, want %d", s.base, id, code, want)
			}
		}
	}

	for _, i := range []int{1, 2} {
		s, err := cluster.StartServer(cfgs[i], dirs[i])
		if err != nil {
			t.Fatal(err)
		}
		servers[i] = s
	}
	// Both nodes reach the log's end: the refused write is there whole
	// or not at all, the same on both.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	l, err := cluster.Open(ctx, urls, 3, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	held := func(ids []string) map[string][]int {
		t.Helper()
		last, err := l.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		codes := map[string][]int{}
		for _, s := range []*server{a, b} {
			r := s.waitSeq(t, last, -1)
			t.Logf("%s: %+v", s.base, r)
			for _, id := range ids {
				code, _ := s.get(t, "/api/articles/"+id)
				codes[id] = append(codes[id], code)
			}
		}
		return codes
	}
	refused := held(append(append([]string{}, batchIDs...), overIDs...))
	for i, node := range []string{"a", "b"} {
		var in []string
		for _, id := range batchIDs {
			if refused[id][i] == 200 {
				in = append(in, id)
			}
		}
		if len(in) != 0 && len(in) != len(batchIDs) {
			t.Errorf("node %s holds %d of the refused write's %d articles (%v), want all or none", node, len(in), len(batchIDs), in)
		}
		for _, id := range overIDs {
			if refused[id][i] != 404 {
				t.Errorf("node %s: GET %s of the request over cluster.max_batch: %d, want 404", node, id, refused[id][i])
			}
		}
	}
	for id, codes := range refused {
		if codes[0] != codes[1] {
			t.Errorf("GET %s on the two nodes: %v, want the same", id, codes)
		}
	}

	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		code, seq, out = a.do(t, "POST", "/api/articles", batch)
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("POST once the servers are back: %d %s", code, out)
		}
	}
	// Each article sent again is either indexed now or already there
	// (the refused write committed later), unchanged; never rejected.
	var again struct {
		Results []struct{ ID, Outcome string }
	}
	if err := json.Unmarshal(out, &again); err != nil || len(again.Results) != maxBatch {
		t.Errorf("POST sent again: %s (%v), want %d results", out, err, maxBatch)
	}
	for _, r := range again.Results {
		if r.Outcome != "indexed" && r.Outcome != "unchanged" {
			t.Errorf("POST sent again: %s is %q, want indexed, or unchanged if the refused write was committed later (%s)", r.ID, r.Outcome, out)
		}
	}
	a.waitSeq(t, seq, -1)
	for id, codes := range held(append([]string{"r1"}, batchIDs...)) {
		if codes[0] != codes[1] || id != "r1" && codes[0] != 200 {
			t.Errorf("GET %s on the two nodes: %v, want the same, and 200 for the write sent again", id, codes)
		}
	}
}

// TestServeTLS runs a node whose embedded NATS server has TLS files
// (PULSE_CLUSTER_TLS_*): a write goes through the log over TLS; a NATS
// client in clear is refused; pulse config shows the files' paths and
// nothing of the key; and a node given only part of the files refuses
// to start, naming the missing key.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	files := testcert.NewCA(t, dir, "pulse").Issue(t, dir, "node")
	natsAddr, routeAddr := freeport.Addr(t), freeport.Addr(t)
	env := []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN=" + natsAddr, "PULSE_CLUSTER_ROUTE_LISTEN=" + routeAddr,
		"PULSE_CLUSTER_ROUTES=nats-route://" + routeAddr, "PULSE_CLUSTER_TLS_CERT=" + files.Cert, "PULSE_CLUSTER_TLS_KEY=" + files.Key, "PULSE_CLUSTER_TLS_CA=" + files.CA}
	s := startServer(t, env...)
	code, seq, out := s.do(t, "POST", "/api/articles", []byte(`{"id":"t1","title":"Copper output rises in Chile","body":"Chile's copper output rose."}`))
	if code != 200 || seq == 0 {
		t.Fatalf("POST through the log over TLS: %d (seq %d) %s", code, seq, out)
	}
	if code, _ := s.get(t, "/api/articles/t1"); code != 200 {
		t.Errorf("GET the article written over TLS: %d", code)
	}
	if nc, err := nats.Connect("nats://"+natsAddr, nats.NoReconnect(), nats.Timeout(5*time.Second)); err == nil {
		nc.Close()
		t.Errorf("a NATS client in clear connected to the node's TLS server")
	}

	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"config"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("pulse config: %d %s", code, stderr.String())
	}
	key, err := os.ReadFile(files.Key)
	if err != nil {
		t.Fatal(err)
	}
	keyBody := strings.Split(strings.TrimSpace(string(key)), "\n")[1]
	for _, want := range []string{"tls_cert: " + files.Cert, "tls_key: " + files.Key, "tls_ca: " + files.CA} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("pulse config does not show %q:\n%s", want, stdout.String())
		}
	}
	if strings.Contains(stdout.String(), keyBody) || strings.Contains(stdout.String(), "PRIVATE KEY") {
		t.Errorf("pulse config prints key material:\n%s", stdout.String())
	}
	s.stop()

	t.Setenv("PULSE_CLUSTER_TLS_CA", "")
	stdout.Reset()
	stderr.Reset()
	code = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, strings.NewReader(""), &stdout, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "cluster.tls_ca: must be set with cluster.tls_cert and cluster.tls_key") {
		t.Errorf("serve with a certificate and key but no authority: exit %d, %s; want a refusal naming cluster.tls_ca", code, stderr.String())
	}
}

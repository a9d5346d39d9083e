package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/cluster"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/freeport"
)

// chaosNode is a Pulse node running in a child process (the test binary
// as `pulse serve`), so that a SIGKILL is a real one.
type chaosNode struct {
	name string
	addr string
	dir  string
	env  []string
	log  string // its standard error, appended across restarts
	cmd  *exec.Cmd
	done chan struct{}
}

func (n *chaosNode) base() string { return "http://" + n.addr }

// start runs the node and returns once it answers /healthz.
func (n *chaosNode) start(t testing.TB) {
	t.Helper()
	logf, err := os.OpenFile(n.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	n.cmd = exec.Command(os.Args[0], "serve", "--addr", n.addr, "--data-dir", n.dir)
	n.cmd.Env = append(append(os.Environ(), "PULSE_TEST_MAIN=1"), n.env...)
	n.cmd.Stdout, n.cmd.Stderr = logf, logf
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) {
		cmd.Wait()
		logf.Close()
		close(done)
	}(n.cmd, n.done)
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(n.base() + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case <-n.done:
			t.Fatalf("%s exited before answering:\n%s", n.name, n.tail())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer within 90s:\n%s", n.name, n.tail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill sends SIGKILL and waits for the process to end.
func (n *chaosNode) kill(t testing.TB) {
	t.Helper()
	if err := n.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-n.done
}

// stop sends SIGTERM and waits (the node's clean stop).
func (n *chaosNode) stop(t testing.TB) {
	t.Helper()
	select {
	case <-n.done:
		return
	default:
	}
	n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.done:
	case <-time.After(60 * time.Second):
		n.cmd.Process.Kill()
		<-n.done
		t.Errorf("%s did not stop within 60s of SIGTERM", n.name)
	}
}

// tail returns the end of the node's log.
func (n *chaosNode) tail() string {
	b, _ := os.ReadFile(n.log)
	if len(b) > 6000 {
		b = b[len(b)-6000:]
	}
	return string(b)
}

// chaosClient is the HTTP client of the writers and checkers: bounded,
// since a node may die with a request in flight.
var chaosClient = &http.Client{Timeout: 30 * time.Second}

func chaosDo(method, u string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := chaosClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// chaosArticle is the i-th generated article: a title and a body naming
// places, organisations and people the extractor knows, a source, a
// section and a date, so that the facets have something to count. Every
// 25th article is another agency's copy of the one before, so that the
// copy clusters (collapse) have something to agree on too.
func chaosArticle(i int) map[string]any {
	src := i
	if i%25 == 24 {
		src = i - 1
	}
	r := rand.New(rand.NewPCG(uint64(src), 18))
	places := []string{"Japan", "Germany", "Brazil", "Chile", "Canada", "France", "India", "Mexico", "Nigeria", "Australia", "Egypt", "Norway"}
	orgs := []string{"the World Bank", "OPEC", "the United Nations", "the European Union", "the International Monetary Fund", "NATO"}
	people := []string{"Angela Merkel", "Ronald Reagan", "Margaret Thatcher", "Helmut Kohl", "Francois Mitterrand", "Mikhail Gorbachev"}
	subjects := []string{"copper output", "wheat exports", "oil prices", "interest rates", "trade talks", "election results", "bond yields", "coffee harvest", "steel imports", "currency reserves"}
	verbs := []string{"rose", "fell", "held steady", "surged", "slipped", "recovered"}
	words := strings.Fields("market traders ministry figures quarter analysts forecast demand supply government officials report statement growth inflation budget deficit agreement shipments port strike harvest bank loans exporters farmers central week month year prices")
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	p, q, s, v := pick(places), pick(places), pick(subjects), pick(verbs)
	s = strings.ToUpper(s[:1]) + s[1:]
	var body strings.Builder
	fmt.Fprintf(&body, "%s in %s %s in the week, officials said on Monday. ", s, p, v)
	fmt.Fprintf(&body, "%s said talks with %s would go on, according to %s. ", pick(people), q, pick(orgs))
	for k := range 40 + r.IntN(60) {
		body.WriteString(pick(words))
		if k%9 == 8 {
			body.WriteString(". ")
		} else {
			body.WriteString(" ")
		}
	}
	fmt.Fprintf(&body, "Story number %d.", src)
	text := body.String()
	if src != i {
		text = "(Copy) " + text + " Distributed by the agency."
	}
	return map[string]any{
		"id":           fmt.Sprintf("chaos-%05d", i),
		"title":        fmt.Sprintf("%s %s in %s (%d)", s, v, p, src),
		"body":         text,
		"source":       []string{"Reuters", "AP", "AFP"}[i%3],
		"section":      []string{"business", "world", "markets", "politics"}[r.IntN(4)],
		"published_at": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 37 * time.Minute).Format(time.RFC3339),
	}
}

// chaosQueries is the shared query set whose totals, facets and top 10
// every node must answer alike.
var chaosQueries = []string{
	"", "copper", "oil prices", "japan", "wheat OR coffee", `"interest rates"`, "trade talks germany",
	"merkel", "opec", "world bank", "election -brazil", "surged", "steel imports canada", "bond*",
	"officials said", "story", "inflation budget deficit", "currency reserves norway",
}

// TestChaos runs three NATS servers (in this process) and three Pulse
// nodes (child processes on cluster.nats_urls), and writes 10,000
// articles through the nodes' API while one node is killed with SIGKILL
// and restarted, and one NATS server is stopped and started again;
// takedowns go on meanwhile. At the end every acknowledged article is on
// every node exactly once and no taken-down one is; totals, facet counts
// and the top 10 of a shared query set are the same on all three. A node
// then wiped and restarted rebuilds from the snapshot and the log and
// answers alike.
func TestChaos(t *testing.T) {
	if testing.Short() {
		t.Skip("the chaos test runs three nodes and 10,000 writes: not with -short")
	}
	const articles, perPost, writers = 10000, 50, 6
	start := time.Now()

	cfgs := make([]config.Cluster, 3)
	var routes, urls []string
	for i := range cfgs {
		cfgs[i] = config.Cluster{Embedded: true, Name: "chaos", NATSListen: freeport.Addr(t), RouteListen: freeport.Addr(t)}
		routes = append(routes, "nats-route://"+cfgs[i].RouteListen)
		urls = append(urls, "nats://"+cfgs[i].NATSListen)
	}
	servers := make([]*cluster.Server, 3)
	natsDirs := make([]string, 3)
	var srvMu sync.Mutex
	for i := range cfgs {
		cfgs[i].Routes = routes
		natsDirs[i] = t.TempDir()
		s, err := cluster.StartServer(cfgs[i], natsDirs[i])
		if err != nil {
			t.Fatal(err)
		}
		servers[i] = s
	}
	t.Cleanup(func() {
		srvMu.Lock()
		defer srvMu.Unlock()
		for _, s := range servers {
			if s != nil {
				s.Shutdown()
			}
		}
	})

	// Only the test's own settings: none of the environment's PULSE_*
	// (an exec.Cmd's later duplicate wins).
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "PULSE_") && k != "PULSE_TEST_MAIN" {
			env = append(env, k+"=")
		}
	}
	env = append(env,
		"PULSE_AUTH_WRITE_TOKENS="+testToken,
		"PULSE_CLUSTER_NATS_URLS="+strings.Join(urls, ","),
		"PULSE_CLUSTER_SNAPSHOT_INTERVAL=20s", "PULSE_CLUSTER_LEASE_TTL=3s", "PULSE_CLUSTER_LEASE_RENEW=500ms",
		"PULSE_CLUSTER_MAX_LAG=100000",
		"PULSE_LIMITS_ENABLED=false",
	)
	logDir := t.TempDir()
	nodes := make([]*chaosNode, 3)
	for i := range nodes {
		nodes[i] = &chaosNode{name: fmt.Sprintf("node%d", i), addr: freeport.Addr(t), dir: t.TempDir(), env: env,
			log: filepath.Join(logDir, fmt.Sprintf("node%d.log", i))}
		nodes[i].start(t)
	}
	t.Cleanup(func() {
		for _, n := range nodes {
			n.stop(t)
		}
	})
	defer func() {
		if t.Failed() {
			for _, n := range nodes {
				t.Logf("log of %s:\n%s", n.name, n.tail())
			}
		}
	}()

	// The writers: each POST goes to the next node; a failure (the node
	// killed, no quorum, a timeout) is sent again to another node until
	// acknowledged, which the log's message ids make harmless.
	var (
		acked, failures atomic.Int64
		// postAcked[k]: the k-th post (articles k·perPost on) is
		// acknowledged; a takedown waits for its own article's.
		postAcked [articles / perPost]atomic.Bool
		mu        sync.Mutex
		nodeMu    sync.RWMutex // held for writing while a node restarts
		firstErrs []string
	)
	posts := make(chan int)
	var wg sync.WaitGroup
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := w
			for first := range posts {
				var batch []map[string]any
				for i := first; i < min(first+perPost, articles); i++ {
					batch = append(batch, chaosArticle(i))
				}
				body, _ := json.Marshal(batch)
				for {
					nodeMu.RLock()
					n := nodes[next%3]
					nodeMu.RUnlock()
					next++
					code, out, err := chaosDo("POST", n.base()+"/api/articles", body)
					if err == nil && code == 200 {
						acked.Add(int64(len(batch)))
						postAcked[first/perPost].Store(true)
						break
					}
					failures.Add(1)
					mu.Lock()
					if len(firstErrs) < 20 {
						firstErrs = append(firstErrs, fmt.Sprintf("%s: %d %v %.200s", n.name, code, err, out))
					}
					mu.Unlock()
					if ctx.Err() != nil {
						return
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	}

	// The takedowns: every 487th article, once acknowledged. Each one
	// purges the index's files on every node (a merge of the whole
	// index, indexer.Writer.Purge): takedowns of every 97th article made
	// half of a node's CPU, more than the writes themselves.
	takenDown := map[string]bool{}
	var tdWG sync.WaitGroup
	tdWG.Add(1)
	go func() {
		defer tdWG.Done()
		for i := 0; i < articles; i += 487 {
			// Some 2,000 articles apart, and only once the article's own
			// post is acknowledged: a post failing through the chaos is
			// sent again later, so the count alone does not say it.
			for (acked.Load() < int64(i+2000) && acked.Load() < articles) || !postAcked[i/perPost].Load() {
				if ctx.Err() != nil {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			id := fmt.Sprintf("chaos-%05d", i)
			for try := 0; ; try++ {
				nodeMu.RLock()
				n := nodes[(i+try)%3]
				nodeMu.RUnlock()
				code, out, err := chaosDo("DELETE", n.base()+"/api/articles/"+id, nil)
				// 404: an earlier try went through before its answer
				// was lost.
				if err == nil && (code == 200 || code == 404 && try > 0) {
					mu.Lock()
					takenDown[id] = true
					mu.Unlock()
					break
				}
				if err == nil && code == 404 {
					t.Errorf("takedown of acknowledged %s on %s: 404 %s", id, n.name, out)
					break
				}
				if ctx.Err() != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}
	}()

	// The chaos: node 1 killed and restarted at a quarter of the writes,
	// NATS server 2 stopped and restarted at half.
	chaosDone := make(chan struct{})
	go func() {
		defer close(chaosDone)
		waitAcked := func(n int64) bool {
			for acked.Load() < n {
				if ctx.Err() != nil {
					return false
				}
				time.Sleep(10 * time.Millisecond)
			}
			return true
		}
		if !waitAcked(articles / 4) {
			return
		}
		t.Logf("%s: SIGKILL to node1 at %d acknowledged", time.Since(start).Round(time.Millisecond), acked.Load())
		nodes[1].kill(t)
		time.Sleep(time.Second)
		nodes[1].start(t)
		t.Logf("%s: node1 restarted", time.Since(start).Round(time.Millisecond))
		if !waitAcked(articles / 2) {
			return
		}
		t.Logf("%s: NATS server 2 stopped at %d acknowledged", time.Since(start).Round(time.Millisecond), acked.Load())
		srvMu.Lock()
		servers[2].Shutdown()
		servers[2] = nil
		srvMu.Unlock()
		time.Sleep(2 * time.Second)
		s, err := cluster.StartServer(cfgs[2], natsDirs[2])
		if err != nil {
			t.Errorf("restart NATS server 2: %v", err)
			return
		}
		srvMu.Lock()
		servers[2] = s
		srvMu.Unlock()
		t.Logf("%s: NATS server 2 restarted", time.Since(start).Round(time.Millisecond))
	}()

	for first := 0; first < articles; first += perPost {
		select {
		case posts <- first:
		case <-ctx.Done():
		}
	}
	close(posts)
	wg.Wait()
	tdWG.Wait()
	<-chaosDone
	if ctx.Err() != nil {
		t.Fatalf("the writes did not finish in time: %d acknowledged; first errors: %v", acked.Load(), firstErrs)
	}
	wrote := time.Since(start)
	t.Logf("%d articles acknowledged in %s, %d takedowns, %d failed posts sent again; first failures: %s",
		acked.Load(), wrote.Round(time.Millisecond), len(takenDown), failures.Load(), strings.Join(firstErrs, "; "))

	want := map[string]bool{}
	for i := range articles {
		if id := fmt.Sprintf("chaos-%05d", i); !takenDown[id] {
			want[id] = true
		}
	}
	chaosConverge(t, nodes, want)
	t.Logf("%s: converged", time.Since(start).Round(time.Millisecond))
	answers := chaosCompare(t, nodes, want)

	// A node wiped and restarted: it starts from the newest snapshot and
	// replays the log from there, and answers as the others do.
	nodes[0].stop(t)
	if err := os.RemoveAll(nodes[0].dir); err != nil {
		t.Fatal(err)
	}
	wiped := time.Now()
	nodes[0].start(t)
	chaosConverge(t, nodes, want)
	t.Logf("the wiped node converged in %s", time.Since(wiped).Round(time.Millisecond))
	if b, _ := os.ReadFile(nodes[0].log); !strings.Contains(string(b), "restored the snapshot") {
		t.Errorf("the wiped node did not start from a snapshot:\n%s", nodes[0].tail())
	}
	if again := chaosCompare(t, nodes, want); !reflect.DeepEqual(again, answers) {
		t.Errorf("the answers after the wiped node's rebuild differ from those before")
	}
	t.Logf("total %s", time.Since(start).Round(time.Millisecond))
}

// chaosConverge waits until every node is ready, has applied the log's
// last change and holds the articles of want; when they do not in time,
// it says which articles each node holds wrongly.
func chaosConverge(t *testing.T, nodes []*chaosNode, want map[string]bool) {
	t.Helper()
	articles := len(want)
	deadline := time.Now().Add(3 * time.Minute)
	for {
		var rs []readiness
		ok := true
		for _, n := range nodes {
			var r readiness
			code, b, err := chaosDo("GET", n.base()+"/readyz", nil)
			if err == nil {
				err = json.Unmarshal(b, &r)
			}
			rs = append(rs, r)
			if err != nil || code != 200 || r.Lag != 0 || r.Articles != articles || r.Seq != rs[0].Seq {
				ok = false
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			chaosCheckIDs(t, nodes, want)
			t.Fatalf("the nodes did not converge on %d articles within 3 minutes: %+v", articles, rs)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// chaosCheckIDs reports each node that does not hold exactly the ids of
// want, each once, naming the first few ids wrong.
func chaosCheckIDs(t *testing.T, nodes []*chaosNode, want map[string]bool) {
	t.Helper()
	for _, n := range nodes {
		ids := chaosIDs(t, n)
		seen := map[string]int{}
		var dup, extra []string
		for _, id := range ids {
			seen[id]++
			if seen[id] == 2 {
				dup = append(dup, id)
			}
			if !want[id] {
				extra = append(extra, id)
			}
		}
		var missing []string
		for id := range want {
			if seen[id] == 0 {
				missing = append(missing, id)
			}
		}
		sort.Strings(missing)
		if len(dup)+len(extra)+len(missing) > 0 {
			t.Errorf("%s: %d articles listed; %d twice %v, %d not wanted (taken down) %v, %d missing %v", n.name, len(ids),
				len(dup), dup[:min(5, len(dup))], len(extra), extra[:min(5, len(extra))], len(missing), missing[:min(5, len(missing))])
		}
	}
}

// chaosAnswer is what must be the same on every node for one query.
type chaosAnswer struct {
	Total  int             `json:"total"`
	Facets json.RawMessage `json:"facets"`
	Hits   []struct {
		ID    string  `json:"id"`
		Score float64 `json:"score"`
	} `json:"hits"`
}

// chaosCompare checks that each node holds exactly the ids of want, each
// once, and answers the shared queries alike; it returns node 0's
// answers.
func chaosCompare(t *testing.T, nodes []*chaosNode, want map[string]bool) []chaosAnswer {
	t.Helper()
	chaosCheckIDs(t, nodes, want)
	var first []chaosAnswer
	for i, n := range nodes {
		var answers []chaosAnswer
		for _, q := range chaosQueries {
			// Recency off: its blend moves with the clock between two
			// requests; everything else must be the same.
			path := "/api/search?recency=off&per_page=10&facet_size=20&q=" + url.QueryEscape(q)
			code, b, err := chaosDo("GET", n.base()+path, nil)
			var a chaosAnswer
			if err == nil {
				err = json.Unmarshal(b, &a)
			}
			if err != nil || code != 200 {
				t.Fatalf("%s %s: %d %v %.300s", n.name, path, code, err, b)
			}
			answers = append(answers, a)
		}
		if i == 0 {
			first = answers
			continue
		}
		for k, q := range chaosQueries {
			if !reflect.DeepEqual(answers[k], first[k]) {
				t.Errorf("query %q: %s answers\n%s\nbut %s\n%s", q, n.name, mustJSON(answers[k]), nodes[0].name, mustJSON(first[k]))
			}
		}
	}
	return first
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// chaosIDs lists the ids of every article a node holds, copies
// included, by deep paging through everything.
func chaosIDs(t *testing.T, n *chaosNode) []string {
	t.Helper()
	var ids []string
	cursor := "*"
	for {
		path := "/api/search?collapse=off&facets=&histogram=off&sort=newest&per_page=100&cursor=" + url.QueryEscape(cursor)
		code, b, err := chaosDo("GET", n.base()+path, nil)
		var res struct {
			Hits []struct {
				ID string `json:"id"`
			} `json:"hits"`
			NextCursor string `json:"next_cursor"`
		}
		if err == nil {
			err = json.Unmarshal(b, &res)
		}
		if err != nil || code != 200 {
			t.Fatalf("%s %s: %d %v %.300s", n.name, path, code, err, b)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) == 0 || res.NextCursor == "" {
			return ids
		}
		cursor = res.NextCursor
	}
}

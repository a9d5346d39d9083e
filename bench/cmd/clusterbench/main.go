package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/pulsesearch/pulse/cluster"
)

const token = "clusterbench-token-0123456789"

var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "clusterbench:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "clusterbench:", err)
		os.Exit(1)
	}
}

type options struct {
	pulse    string
	mode     string
	nodes    int
	rate     float64
	duration time.Duration
	corpus   string
	replay   bool
	work     string
	log      io.Writer
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("clusterbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.pulse, "pulse", "", "a built pulse binary (go build -o /tmp/pulse ./cmd/pulse)")
	fs.StringVar(&o.mode, "mode", "writes", "writes, join or serve")
	fs.IntVar(&o.nodes, "nodes", 3, "nodes: 1 (the single-node default, no cluster) or 3 (one NATS cluster)")
	fs.Float64Var(&o.rate, "rate", 200, "-mode writes: writes a second")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "-mode writes: length of the run")
	fs.StringVar(&o.corpus, "corpus", "", "-mode join and serve: a JSON Lines corpus (.gz) to load through the log")
	fs.BoolVar(&o.replay, "replay", true, "-mode join: also time a join by replaying the whole log")
	fs.StringVar(&o.work, "work", "", "directory for the nodes' data (default: a new temporary one, removed at the end)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	switch {
	case o.pulse == "":
		return fmt.Errorf("%w: -pulse: give a built pulse binary", errUsage)
	case o.nodes != 1 && o.nodes != 3:
		return fmt.Errorf("%w: -nodes: must be 1 or 3, got %d", errUsage, o.nodes)
	case o.rate <= 0 || o.duration <= 0:
		return fmt.Errorf("%w: -rate and -duration must be positive", errUsage)
	case (o.mode == "join") && o.corpus == "":
		return fmt.Errorf("%w: -mode join needs -corpus", errUsage)
	}
	if o.work == "" {
		dir, err := os.MkdirTemp("", "clusterbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.work = dir
	}
	o.log = stderr
	fmt.Fprintf(stdout, "clusterbench -mode %s, load average at start %s\n", o.mode, loadavg())
	switch o.mode {
	case "writes":
		return writes(ctx, o, stdout)
	case "join":
		return join(ctx, o, stdout)
	case "serve":
		return serve(ctx, o, stdout)
	}
	return fmt.Errorf("%w: -mode: writes, join or serve, got %q", errUsage, o.mode)
}

// node is a pulse serve child process.
type node struct {
	name string
	addr string
	nats string // its NATS client address, if it runs a server
	dir  string
	env  []string
	cmd  *exec.Cmd
	done chan struct{}
}

func (n *node) base() string { return "http://" + n.addr }

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// baseEnv is every node's: the token, no rate limits, no sample, reads
// with min_seq waiting long enough for a saturated node.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "PULSE_") {
			env = append(env, k+"=")
		}
	}
	return append(env, "PULSE_AUTH_WRITE_TOKENS="+token, "PULSE_LIMITS_ENABLED=false", "PULSE_SAMPLE_LOAD=false",
		"PULSE_CLUSTER_MIN_SEQ_WAIT=60s", "PULSE_LOG_LEVEL=warn", "PULSE_SERVER_REQUEST_TIMEOUT=60s")
}

// clusterNodes returns n nodes, each with an embedded NATS server of one
// cluster (n = 3), or one without a cluster (n = 1, single).
func clusterNodes(o options, n int, single bool) []*node {
	nodes := make([]*node, n)
	var routes []string
	for i := range nodes {
		nodes[i] = &node{name: fmt.Sprintf("node%d", i), addr: freeAddr(), dir: filepath.Join(o.work, fmt.Sprintf("node%d", i)), env: baseEnv()}
		if !single {
			nodes[i].nats = freeAddr()
			route := freeAddr()
			routes = append(routes, "nats-route://"+route)
			nodes[i].env = append(nodes[i].env, "PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN="+nodes[i].nats, "PULSE_CLUSTER_ROUTE_LISTEN="+route)
		}
	}
	if !single {
		for _, nd := range nodes {
			nd.env = append(nd.env, "PULSE_CLUSTER_ROUTES="+strings.Join(routes, ","))
		}
	}
	return nodes
}

// start runs the node; it returns once /healthz answers.
func (n *node) start(ctx context.Context, o options) error {
	logf, err := os.OpenFile(filepath.Join(o.work, n.name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	n.cmd = exec.Command(o.pulse, "serve", "--addr", n.addr, "--data-dir", n.dir)
	n.cmd.Env = append(os.Environ(), n.env...)
	n.cmd.Stdout, n.cmd.Stderr = logf, logf
	if err := n.cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	n.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) {
		cmd.Wait()
		logf.Close()
		close(done)
	}(n.cmd, n.done)
	deadline := time.Now().Add(5 * time.Minute)
	for {
		if code, _, err := get(ctx, n.base()+"/healthz"); err == nil && code == 200 {
			return nil
		}
		select {
		case <-n.done:
			return fmt.Errorf("%s exited before answering; see %s.log", n.name, n.name)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer within 5 minutes", n.name)
		}
	}
}

// stop sends SIGTERM and waits.
func (n *node) stop() {
	if n.cmd == nil {
		return
	}
	select {
	case <-n.done:
		return
	default:
	}
	n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.done:
	case <-time.After(2 * time.Minute):
		n.cmd.Process.Kill()
		<-n.done
	}
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2000, MaxIdleConns: 2000}, Timeout: 2 * time.Minute}

func get(ctx context.Context, u string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func post(ctx context.Context, u string, body []byte) (int, uint64, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", u, bytes.NewReader(body))
	if err != nil {
		return 0, 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	seq, _ := strconv.ParseUint(resp.Header.Get("Pulse-Seq"), 10, 64)
	return resp.StatusCode, seq, b, err
}

type readiness struct {
	Status   string `json:"status"`
	Articles int    `json:"articles"`
	Seq      uint64 `json:"seq"`
	Lag      uint64 `json:"lag"`
}

func ready(ctx context.Context, n *node) (int, readiness) {
	var r readiness
	code, b, err := get(ctx, n.base()+"/readyz")
	if err == nil {
		json.Unmarshal(b, &r)
	}
	return code, r
}

// waitJoined waits until n is ready with articles and no lag.
func waitJoined(ctx context.Context, n *node, articles int) error {
	for {
		if code, r := ready(ctx, n); code == 200 && r.Lag == 0 && r.Articles == articles {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-n.done:
			return fmt.Errorf("%s exited", n.name)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func startAll(ctx context.Context, o options, nodes []*node) error {
	var wg sync.WaitGroup
	errs := make([]error, len(nodes))
	for i, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = n.start(ctx, o)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func stopAll(nodes []*node) {
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.stop()
		}()
	}
	wg.Wait()
}

// article is the i-th generated one-article write.
func article(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	words := strings.Fields("market traders ministry figures quarter analysts forecast demand supply government officials report statement growth inflation budget deficit agreement shipments port strike harvest bank loans exporters farmers central week month year prices copper wheat oil Japan Germany Brazil Chile Canada France")
	var b strings.Builder
	for k := range 80 + r.IntN(120) {
		b.WriteString(words[r.IntN(len(words))])
		if k%11 == 10 {
			b.WriteString(". ")
		} else {
			b.WriteString(" ")
		}
	}
	out, _ := json.Marshal(map[string]string{
		"id": fmt.Sprintf("bench-%07d", i), "title": fmt.Sprintf("%s %s in %s (%d)", words[r.IntN(len(words))], words[r.IntN(len(words))], words[30+r.IntN(9)], i),
		"body": b.String(), "published_at": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
	})
	return out
}

// percentiles returns p50, p99 and max (nearest rank) in milliseconds.
func percentiles(d []time.Duration) string {
	if len(d) == 0 {
		return "none"
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(p float64) float64 {
		i := int(p*float64(len(d))+0.5) - 1
		return float64(d[min(max(i, 0), len(d)-1)]) / 1e6
	}
	return fmt.Sprintf("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d)", at(0.50), at(0.99), float64(d[len(d)-1])/1e6, len(d))
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func writes(ctx context.Context, o options, stdout io.Writer) error {
	nodes := clusterNodes(o, o.nodes, o.nodes == 1)
	defer stopAll(nodes)
	if err := startAll(ctx, o, nodes); err != nil {
		return err
	}
	for _, n := range nodes {
		if err := waitJoined(ctx, n, 0); err != nil {
			return err
		}
	}
	// A few writes first: the stream's leader elected, connections open.
	for i := range 20 {
		if code, _, out, err := post(ctx, nodes[i%len(nodes)].base()+"/api/articles", article(-1-i)); err != nil || code != 200 {
			return fmt.Errorf("warm-up write: %d %v %s", code, err, out)
		}
	}
	var (
		mu        sync.Mutex
		acks, lag []time.Duration
		failed    int
		lagFailed int
		lastSeq   uint64
		wg        sync.WaitGroup
	)
	total := int(o.rate * o.duration.Seconds())
	interval := time.Duration(float64(time.Second) / o.rate)
	sem := make(chan struct{}, 5000)
	start := time.Now()
	for i := range total {
		due := start.Add(time.Duration(i) * interval)
		if d := time.Until(due); d > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d):
			}
		}
		select {
		case sem <- struct{}{}:
		default:
			mu.Lock()
			failed++
			mu.Unlock()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			n := nodes[i%len(nodes)]
			code, seq, _, err := post(ctx, n.base()+"/api/articles", article(i))
			acked := time.Now()
			mu.Lock()
			if err != nil || code != 200 {
				failed++
				mu.Unlock()
				return
			}
			acks = append(acks, acked.Sub(due))
			lastSeq = max(lastSeq, seq)
			mu.Unlock()
			for _, other := range nodes {
				if other == n {
					continue
				}
				code, _, err := get(ctx, other.base()+"/healthz?min_seq="+strconv.FormatUint(seq, 10))
				mu.Lock()
				if err != nil || code != 200 {
					lagFailed++
				} else {
					lag = append(lag, time.Since(acked))
				}
				mu.Unlock()
			}
		}()
	}
	sent := time.Since(start)
	wg.Wait()
	all := time.Since(start)
	mode := "three nodes, embedded NATS cluster, stream R3"
	if o.nodes == 1 {
		mode = "one node, no cluster (the default)"
	}
	fmt.Fprintf(stdout, "%s: %d one-article writes offered at %.0f/s (sent in %s, all answered in %s)\n", mode, total, o.rate, sent.Round(time.Millisecond), all.Round(time.Millisecond))
	fmt.Fprintf(stdout, "  acknowledged %d (%.0f/s over the run), failed or not sent %d\n", len(acks), float64(len(acks))/all.Seconds(), failed)
	fmt.Fprintf(stdout, "  write acknowledgement latency (from due time): %s\n", percentiles(acks))
	if o.nodes > 1 {
		fmt.Fprintf(stdout, "  replication lag (acknowledgement to applied on each other node): %s; not reached %d\n", percentiles(lag), lagFailed)
		fmt.Fprintf(stdout, "  last sequence %d\n", lastSeq)
	}
	fmt.Fprintf(stdout, "  load average at end %s\n", loadavg())
	return nil
}

// ingest loads the corpus through n's API (pulse ingest --server).
func ingest(ctx context.Context, o options, n *node) error {
	cmd := exec.CommandContext(ctx, o.pulse, "ingest", "--server", n.base(), "--token", token, o.corpus)
	cmd.Env = append(os.Environ(), baseEnv()...)
	cmd.Dir = o.work
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pulse ingest --server: %v: %s", err, lastLines(out.String(), 5))
	}
	fmt.Fprintln(o.log, lastLines(out.String(), 3))
	return nil
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}

func join(ctx context.Context, o options, stdout io.Writer) error {
	first := clusterNodes(o, 1, false)[0]
	// One embedded server: its routes list itself alone.
	first.env = append(first.env, "PULSE_CLUSTER_SNAPSHOT_INTERVAL=24h", "PULSE_CLUSTER_LEASE_TTL=3s", "PULSE_CLUSTER_LEASE_RENEW=1s")
	defer first.stop()
	if err := first.start(ctx, o); err != nil {
		return err
	}
	start := time.Now()
	if err := ingest(ctx, o, first); err != nil {
		return err
	}
	_, r := ready(ctx, first)
	fmt.Fprintf(stdout, "loaded %d articles through the log of one node in %s (log sequence %d)\n", r.Articles, time.Since(start).Round(time.Millisecond), r.Seq)
	articles := r.Articles

	newNode := func(name string) *node {
		n := &node{name: name, addr: freeAddr(), dir: filepath.Join(o.work, name), env: append(baseEnv(), "PULSE_CLUSTER_NATS_URLS=nats://"+first.nats,
			"PULSE_CLUSTER_SNAPSHOT_INTERVAL=24h", "PULSE_CLUSTER_LEASE_TTL=3s", "PULSE_CLUSTER_LEASE_RENEW=1s")}
		return n
	}
	if o.replay {
		replay := newNode("replay")
		start = time.Now()
		if err := replay.start(ctx, o); err != nil {
			return err
		}
		if err := waitJoined(ctx, replay, articles); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "a new node joined by replaying the whole log (no snapshot) in %s\n", time.Since(start).Round(time.Millisecond))
		replay.stop()
		os.RemoveAll(replay.dir)
	}

	// The first node, restarted, takes the snapshots' lease and
	// publishes at once: it has applied more than the newest snapshot.
	first.stop()
	restarted := time.Now()
	if err := first.start(ctx, o); err != nil {
		return err
	}
	lctx, cancel := context.WithTimeout(ctx, time.Hour)
	defer cancel()
	l, err := cluster.Open(lctx, []string{"nats://" + first.nats}, 1, cluster.Options{})
	if err != nil {
		return err
	}
	defer l.Close()
	var snap cluster.Snapshot
	for {
		s, ok, err := l.LatestSnapshot(lctx)
		if err != nil {
			return err
		}
		if ok && s.Seq >= r.Seq {
			snap = s
			break
		}
		select {
		case <-lctx.Done():
			return fmt.Errorf("no snapshot within an hour of the first node's restart")
		case <-time.After(200 * time.Millisecond):
		}
	}
	fmt.Fprintf(stdout, "the restarted first node published a snapshot at sequence %d (%.1f MB) %s after its restart\n", snap.Seq, float64(snap.Bytes)/1e6, time.Since(restarted).Round(time.Millisecond))
	fromSnap := newNode("snapshot")
	start = time.Now()
	if err := fromSnap.start(ctx, o); err != nil {
		return err
	}
	if err := waitJoined(ctx, fromSnap, articles); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "a new node joined from the snapshot in %s\n", time.Since(start).Round(time.Millisecond))
	fromSnap.stop()
	fmt.Fprintf(stdout, "load average at end %s\n", loadavg())
	return nil
}

func serve(ctx context.Context, o options, stdout io.Writer) error {
	nodes := clusterNodes(o, o.nodes, false)
	if o.nodes == 1 {
		nodes = clusterNodes(o, 1, true)
	}
	defer stopAll(nodes)
	if err := startAll(ctx, o, nodes); err != nil {
		return err
	}
	if o.corpus != "" {
		start := time.Now()
		if err := ingest(ctx, o, nodes[0]); err != nil {
			return err
		}
		_, r := ready(ctx, nodes[0])
		for _, n := range nodes {
			if err := waitJoined(ctx, n, r.Articles); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "loaded %d articles on %d nodes in %s\n", r.Articles, len(nodes), time.Since(start).Round(time.Millisecond))
	}
	var urls []string
	for _, n := range nodes {
		urls = append(urls, n.base())
		if n.cmd != nil {
			fmt.Fprintf(stdout, "%s %s pid %d\n", n.name, n.base(), n.cmd.Process.Pid)
		}
	}
	fmt.Fprintf(stdout, "serving: -url %s (SIGINT to stop)\n", strings.Join(urls, ","))
	<-ctx.Done()
	return nil
}

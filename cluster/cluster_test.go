package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/internal/freeport"
)

// clusterConfigs returns the embedded configuration of n servers of one
// cluster on loopback.
func clusterConfigs(tb testing.TB, n int) []config.Cluster {
	tb.Helper()
	cfgs := make([]config.Cluster, n)
	var routes []string
	for i := range cfgs {
		cfgs[i] = config.Cluster{Embedded: true, Name: "test", NATSListen: freeport.Addr(tb), RouteListen: freeport.Addr(tb), MaxLag: 10}
		routes = append(routes, "nats-route://"+cfgs[i].RouteListen)
	}
	for i := range cfgs {
		cfgs[i].Routes = routes
	}
	return cfgs
}

func mustStartServer(tb testing.TB, cfg config.Cluster, dataDir string) *Server {
	tb.Helper()
	s, err := StartServer(cfg, dataDir)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func mustOpen(tb testing.TB, ctx context.Context, url string, servers int) *Log {
	tb.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	l, err := Open(ctx, []string{url}, servers, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(l.Close)
	return l
}

// node is one Pulse node's index and the applier feeding it.
type node struct {
	dir     string
	ix      *indexer.Index
	w       *indexer.Writer
	applier *Applier
	cancel  context.CancelFunc
	done    chan error
}

// mustStartNode opens the index in dir and applies l into it until stop.
func mustStartNode(tb testing.TB, l *Log, dir string) *node {
	tb.Helper()
	ix, err := indexer.Open(dir, "test")
	if err != nil {
		tb.Fatal(err)
	}
	w := indexer.NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 50, Workers: 1}, time.UTC)
	ctx, cancel := context.WithCancel(context.Background())
	n := &node{dir: dir, ix: ix, w: w, applier: NewApplier(l, w, 50), cancel: cancel, done: make(chan error, 1)}
	go func() { n.done <- n.applier.Run(ctx) }()
	tb.Cleanup(func() { n.stop(tb) })
	return n
}

// stop stops the applier and closes the index; later calls do nothing.
func (n *node) stop(tb testing.TB) {
	tb.Helper()
	if n.cancel == nil {
		return
	}
	n.cancel()
	n.cancel = nil
	select {
	case err := <-n.done:
		if !errors.Is(err, context.Canceled) {
			tb.Errorf("applier of %s: %v", n.dir, err)
		}
	case <-time.After(10 * time.Second):
		tb.Fatalf("applier of %s did not stop", n.dir)
	}
	n.w.WaitPurges()
	if err := n.ix.Close(); err != nil {
		tb.Error(err)
	}
}

// mustCatchUp waits until the node has applied seq.
func (n *node) mustCatchUp(tb testing.TB, seq uint64) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := n.applier.WaitFor(ctx, seq); err != nil {
		tb.Fatalf("node %s: %v", n.dir, err)
	}
	n.w.WaitPurges()
}

// contents returns "id title" of every article in the node's index,
// sorted, one a line.
func (n *node) contents(tb testing.TB) []string {
	tb.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 10000, 0, false)
	req.Fields = []string{pulse.FieldTitle}
	res, err := n.ix.Bleve().Search(req)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		t, _ := h.Fields[pulse.FieldTitle].(string)
		out = append(out, h.ID+" "+t)
	}
	sort.Strings(out)
	return out
}

func article(id, version string) *pulse.Article {
	return &pulse.Article{ID: id, Title: id + " " + version, Body: "The story " + id + " as of version " + version + "."}
}

// mustUpsert writes an article and returns its sequence; across a
// server's restart, Upsert itself sends again until acknowledged.
func mustUpsert(tb testing.TB, l *Log, a *pulse.Article) uint64 {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	seq, err := l.Upsert(ctx, a)
	if err != nil {
		tb.Fatalf("upsert %s: %v", a.ID, err)
	}
	return seq
}

func mustTakedown(tb testing.TB, l *Log, id string) uint64 {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	seq, err := l.Takedown(ctx, id)
	if err != nil {
		tb.Fatalf("takedown %s: %v", id, err)
	}
	return seq
}

// expected is what every index must hold at the end: the last
// acknowledged version of each article not taken down.
type expected map[string]string

func (e expected) lines() []string {
	var out []string
	for id, title := range e {
		out = append(out, id+" "+title)
	}
	sort.Strings(out)
	return out
}

func diff(got, want []string) string {
	if strings.Join(got, "\n") == strings.Join(want, "\n") {
		return ""
	}
	g := map[string]bool{}
	for _, s := range got {
		g[s] = true
	}
	w := map[string]bool{}
	var b strings.Builder
	for _, s := range want {
		w[s] = true
		if !g[s] {
			fmt.Fprintf(&b, "missing: %s\n", s)
		}
	}
	for _, s := range got {
		if !w[s] {
			fmt.Fprintf(&b, "extra: %s\n", s)
		}
	}
	fmt.Fprintf(&b, "(%d held, %d wanted)", len(got), len(want))
	return b.String()
}

// TestSingleServer writes articles, versions of them, repeats and a
// takedown through one embedded server, restarting the node's applier and
// then the server itself on the way. At the end the node holds the last
// acknowledged version of every article once and not the one taken down;
// the stream keeps no message of that article but its takedown; and a
// new node, replaying the stream from its start, holds the same.
func TestSingleServer(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	natsDir := t.TempDir()
	srv := mustStartServer(t, cfg, natsDir)
	defer func() { srv.Shutdown() }()
	l := mustOpen(t, context.Background(), srv.ClientURL(), len(cfg.Routes))

	nodeDir := filepath.Join(t.TempDir(), "node")
	n := mustStartNode(t, l, nodeDir)
	want := expected{}
	var last uint64
	const articles = 150
	for i := range articles {
		id := fmt.Sprintf("story-%03d", i)
		a := article(id, "v1")
		last = mustUpsert(t, l, a)
		want[id] = a.Title
		switch i {
		case 50:
			// The node is stopped and started again: it must resume
			// from the sequence its index records.
			n.stop(t)
			n = mustStartNode(t, l, nodeDir)
		case 100:
			// The server goes away and comes back on its store.
			srv.Shutdown()
			srv = mustStartServer(t, cfg, natsDir)
		}
	}
	// A retry of the same write is one message.
	if seq := mustUpsert(t, l, article("story-149", "v1")); seq != last {
		t.Errorf("a repeated write got sequence %d, want the original %d", seq, last)
	}
	// A, B, then A again: the third write is the article's state, even
	// though its message id is the first's.
	mustUpsert(t, l, article("story-007", "v2"))
	last = mustUpsert(t, l, article("story-007", "v1"))
	want["story-007"] = article("story-007", "v1").Title
	mustUpsert(t, l, article("story-008", "v2"))
	want["story-008"] = article("story-008", "v2").Title

	// Taken down, written again, taken down again: the second takedown's
	// message id is the first's, and it must still count.
	mustTakedown(t, l, "story-009")
	mustUpsert(t, l, article("story-009", "v2"))
	last = mustTakedown(t, l, "story-009")
	delete(want, "story-009")
	n.mustCatchUp(t, last)
	if d := diff(n.contents(t), want.lines()); d != "" {
		t.Errorf("the node's index differs from the acknowledged writes:\n%s", d)
	}
	if seq, err := n.w.AppliedSeq(); err != nil || seq != last {
		t.Errorf("the index records sequence %d (%v), want %d", seq, err, last)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	info, err := l.stream.Info(ctx, jetstream.WithSubjectFilter(SubjectFor("story-009")))
	if err != nil {
		t.Fatal(err)
	}
	if got := info.State.Subjects[SubjectFor("story-009")]; got != 1 {
		t.Errorf("the stream holds %d messages of the taken-down article, want its takedown alone", got)
	}
	if info.Config.Replicas != 1 {
		t.Errorf("a single server's stream has %d replicas", info.Config.Replicas)
	}

	fresh := mustStartNode(t, l, filepath.Join(t.TempDir(), "fresh"))
	fresh.mustCatchUp(t, last)
	if d := diff(fresh.contents(t), want.lines()); d != "" {
		t.Errorf("a new node replaying the stream differs:\n%s", d)
	}
	if lag, err := fresh.applier.Lag(ctx); err != nil || lag != 0 {
		t.Errorf("lag of a caught-up node: %d (%v)", lag, err)
	}
}

// TestThreeServers runs a cluster of three embedded servers, each with a
// node applying the stream through its own server, writes to it through
// all three while a node and then a server restart, and checks that the
// stream has three replicas and the three indexes converge to the same
// contents. With two servers stopped, a
// write fails with an EUnavailable error naming the article.
func TestThreeServers(t *testing.T) {
	cfgs := clusterConfigs(t, 3)
	servers := make([]*Server, 3)
	serverDirs := make([]string, 3)
	for i, cfg := range cfgs {
		serverDirs[i] = t.TempDir()
		servers[i] = mustStartServer(t, cfg, serverDirs[i])
		defer func() { servers[i].Shutdown() }()
	}
	logs := make([]*Log, 3)
	nodes := make([]*node, 3)
	for i := range servers {
		// The first node counts the servers as for an existing cluster
		// (cluster.nats_urls): the URL given and those it is told of.
		count := len(cfgs[i].Routes)
		if i == 0 {
			count = 0
		}
		logs[i] = mustOpen(t, context.Background(), servers[i].ClientURL(), count)
		nodes[i] = mustStartNode(t, logs[i], filepath.Join(t.TempDir(), fmt.Sprintf("node%d", i)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	info, err := logs[0].stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.Replicas != 3 {
		t.Errorf("the stream of three servers has %d replicas, want 3", info.Config.Replicas)
	}

	want := expected{}
	var last uint64
	for i := range 90 {
		id := fmt.Sprintf("story-%03d", i%60)
		a := article(id, fmt.Sprintf("v%d", i/60+1))
		last = max(last, mustUpsert(t, logs[i%3], a))
		want[id] = a.Title
		switch i {
		case 30:
			// One node stops and starts again on its index.
			nodes[1].stop(t)
			nodes[1] = mustStartNode(t, logs[1], nodes[1].dir)
		case 60:
			// One server goes away and comes back on its store; its
			// clients move to the others meanwhile.
			servers[2].Shutdown()
			servers[2] = mustStartServer(t, cfgs[2], serverDirs[2])
		}
	}
	last = mustTakedown(t, logs[2], "story-003")
	delete(want, "story-003")
	for i, n := range nodes {
		n.mustCatchUp(t, last)
		if d := diff(n.contents(t), want.lines()); d != "" {
			t.Errorf("node %d differs from the acknowledged writes:\n%s", i, d)
		}
	}

	servers[1].Shutdown()
	servers[2].Shutdown()
	wctx, wcancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer wcancel()
	_, err = logs[0].Upsert(wctx, article("story-lost", "v1"))
	if err == nil {
		t.Fatal("a write with one server of three was acknowledged")
	}
	if !errors.Is(err, ErrNotAcknowledged) || pulse.ErrorCode(err) != pulse.EUnavailable || !strings.Contains(err.Error(), `"story-lost"`) {
		t.Errorf("a write without quorum: %v (code %s), want an EUnavailable error naming the article", err, pulse.ErrorCode(err))
	}
}

func TestSubjectFor(t *testing.T) {
	for _, id := range []string{"a", "h-0123abc", "https://example.com/a.b/c d", "x.*.>", "ünï", ""} {
		s := SubjectFor(id)
		tok := strings.TrimPrefix(s, subjectPrefix)
		if tok == s || strings.ContainsAny(tok, ".*> \t") {
			t.Errorf("SubjectFor(%q) = %q: not one token under %s", id, s, subjectPrefix)
		}
		if got, err := idOf(s); err != nil || got != id {
			t.Errorf("idOf(SubjectFor(%q)) = %q, %v", id, got, err)
		}
	}
}

// TestAuth runs servers that ask for credentials: a single server with a
// token, and a cluster of three with a user and password, whose routes
// must give them too (the stream gets its three replicas only if they
// do). A client without the credentials is refused; one with them
// writes.
func TestAuth(t *testing.T) {
	for _, c := range []struct {
		name    string
		servers int
		opts    Options
	}{
		{"token, one server", 1, Options{Token: "s3cret-nats-token"}},
		{"user and password, three servers", 3, Options{User: "pulse", Password: "s3cret-nats-password"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfgs := clusterConfigs(t, c.servers)
			urls := make([]string, len(cfgs))
			for i := range cfgs {
				cfgs[i].User, cfgs[i].Password, cfgs[i].Token = c.opts.User, c.opts.Password, c.opts.Token
				s := mustStartServer(t, cfgs[i], t.TempDir())
				t.Cleanup(s.Shutdown)
				urls[i] = s.ClientURL()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			if l, err := Open(ctx, urls, c.servers, Options{}); err == nil {
				l.Close()
				t.Fatal("a client without credentials opened the log")
			} else if !strings.Contains(err.Error(), "uthorization") {
				t.Errorf("without credentials: %v, want the server's refusal", err)
			}
			ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			l, err := Open(ctx, urls, c.servers, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if _, err := l.Upsert(ctx, article("story-1", "v1")); err != nil {
				t.Fatal(err)
			}
			st, err := l.State(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := min(c.servers, 3); st.Replicas != want || st.LastSeq != 1 {
				t.Errorf("stream: %d replicas, last sequence %d; want %d and 1", st.Replicas, st.LastSeq, want)
			}
		})
	}
}

// TestUpsertAll writes articles together: in order, each once; a batch
// sent again is no new message; and an article written twice in one
// batch, or written back to an earlier version, ends as the batch's last
// version.
func TestUpsertAll(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	srv := mustStartServer(t, cfg, t.TempDir())
	t.Cleanup(srv.Shutdown)
	l := mustOpen(t, context.Background(), srv.ClientURL(), 1)
	n := mustStartNode(t, l, filepath.Join(t.TempDir(), "node"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	upsert := func(arts ...*pulse.Article) []uint64 {
		t.Helper()
		seqs, err := l.UpsertAll(ctx, arts)
		if err != nil {
			t.Fatal(err)
		}
		if len(seqs) != len(arts) {
			t.Fatalf("%d sequences for %d articles", len(seqs), len(arts))
		}
		return seqs
	}
	var batch []*pulse.Article
	for i := range 200 {
		batch = append(batch, article(fmt.Sprintf("story-%03d", i), "v1"))
	}
	first := upsert(batch...)
	for i := 1; i < len(first); i++ {
		if first[i] != first[i-1]+1 {
			t.Fatalf("sequences %v: not one message each, in order", first[i-1:i+1])
		}
	}
	if again := upsert(batch...); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Errorf("the batch sent again got new sequences")
	}
	seqs := upsert(article("story-001", "v2"), article("story-002", "v1"), article("story-001", "v3"), article("story-003", "v2"), article("story-003", "v1"))
	want := expected{}
	for i := range 200 {
		id := fmt.Sprintf("story-%03d", i)
		want[id] = article(id, "v1").Title
	}
	want["story-001"] = article("story-001", "v3").Title
	n.mustCatchUp(t, slices.Max(seqs))
	if d := diff(n.contents(t), want.lines()); d != "" {
		t.Errorf("the node's index differs from the batches' last versions:\n%s", d)
	}
}

// TestSnapshotChunks publishes a snapshot written in many small writes,
// as gzip writes a tarball: it is stored in whole chunks and reads back
// the same.
func TestSnapshotChunks(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	srv := mustStartServer(t, cfg, t.TempDir())
	t.Cleanup(srv.Shutdown)
	l := mustOpen(t, context.Background(), srv.ClientURL(), 1)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	want := make([]byte, 3*snapshotChunk+1234)
	for i := range want {
		want[i] = byte(i * 7)
	}
	snap, err := l.PublishSnapshot(ctx, 42, func(w io.Writer) error {
		for b := want; len(b) > 0; {
			n := min(len(b), 1000)
			if _, err := w.Write(b[:n]); err != nil {
				return err
			}
			b = b[n:]
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if snap.Seq != 42 || snap.Bytes != uint64(len(want)) {
		t.Errorf("snapshot %+v, want sequence 42 and %d bytes", snap, len(want))
	}
	os, err := l.snapshots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.GetInfo(ctx, snapshotObject)
	if err != nil {
		t.Fatal(err)
	}
	if info.Chunks != 4 {
		t.Errorf("stored in %d chunks, want 4 whole ones", info.Chunks)
	}
	rc, err := l.OpenSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("read back %d bytes (%v), want the %d written", len(got), err, len(want))
	}
}

// TestClientURLWildcard: a server listening on all interfaces is
// reached over loopback by the node's own client, and a log opens there.
func TestClientURLWildcard(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	_, port, err := net.SplitHostPort(cfg.NATSListen)
	if err != nil {
		t.Fatal(err)
	}
	cfg.NATSListen = net.JoinHostPort("0.0.0.0", port)
	srv := mustStartServer(t, cfg, t.TempDir())
	t.Cleanup(srv.Shutdown)
	if want := "nats://127.0.0.1:" + port; srv.ClientURL() != want {
		t.Fatalf("ClientURL() = %q, want %q", srv.ClientURL(), want)
	}
	mustOpen(t, context.Background(), srv.ClientURL(), 1)
}

package cluster

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
)

// batchHeaders returns the batch id, place and commit of the messages
// from first to last of l's stream.
func batchHeaders(tb testing.TB, l *Log, first, last uint64) []nats.Header {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out []nats.Header
	for seq := first; seq <= last; seq++ {
		m, err := l.stream.GetMsg(ctx, seq)
		if err != nil {
			tb.Fatalf("message %d: %v", seq, err)
		}
		out = append(out, m.Header)
	}
	return out
}

func articles(prefix string, n int) []*pulse.Article {
	arts := make([]*pulse.Article, n)
	for i := range arts {
		arts[i] = article(fmt.Sprintf("%s-%03d", prefix, i), "v1")
	}
	return arts
}

// TestUpsertAllBatches writes more articles than Options.MaxBatch: they
// go as atomic batches of at most MaxBatch messages, each carrying one
// batch id, places 1 to n and the commit on its last, in order, one
// message each.
func TestUpsertAllBatches(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	ctx, l := startLog(t, cfg, Options{MaxBatch: 50})
	seqs, err := l.UpsertAll(ctx, articles("story", 120))
	if err != nil {
		t.Fatal(err)
	}
	if len(seqs) != 120 || seqs[0] != 1 || seqs[119] != 120 {
		t.Fatalf("sequences %v…%v of %d articles, want 1…120", seqs[:1], seqs[len(seqs)-1:], len(seqs))
	}
	hdrs := batchHeaders(t, l, 1, 120)
	sizes := map[string]int{}
	var order []string
	for i, h := range hdrs {
		id := h.Get(batchIDHeader)
		if id == "" {
			t.Fatalf("message %d has no batch id: %v", i+1, h)
		}
		if sizes[id] == 0 {
			order = append(order, id)
		}
		sizes[id]++
		if got, want := h.Get(batchSeqHeader), fmt.Sprint(sizes[id]); got != want {
			t.Errorf("message %d: batch place %s, want %s", i+1, got, want)
		}
		commit := i+1 == len(hdrs) || hdrs[i+1].Get(batchIDHeader) != id
		if (h.Get(batchCommitHeader) == "1") != commit {
			t.Errorf("message %d: commit header %q, want one on the batch's last message only", i+1, h.Get(batchCommitHeader))
		}
	}
	var got []int
	for _, id := range order {
		got = append(got, sizes[id])
	}
	if fmt.Sprint(got) != "[50 50 20]" {
		t.Errorf("batches of %v messages, want [50 50 20]", got)
	}
}

// TestUpsertAllOverServerLimit asks for batches larger than the server
// takes (its max_batch_size, cluster.max_batch of the embedded server):
// the write is refused as too large, and nothing of it is in the log.
func TestUpsertAllOverServerLimit(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	cfg.MaxBatch = 20
	ctx, l := startLog(t, cfg, Options{MaxBatch: 100})
	if _, err := l.UpsertAll(ctx, articles("fits", 20)); err != nil {
		t.Fatalf("a batch at the server's limit: %v", err)
	}
	_, err := l.UpsertAll(ctx, articles("over", 30))
	if pulse.ErrorCode(err) != pulse.ETooLarge {
		t.Errorf("a batch over the server's limit: %v (code %s), want too_large", err, pulse.ErrorCode(err))
	}
	if last, err := l.LastSeq(ctx); err != nil || last != 20 {
		t.Errorf("the log ends at %d (%v), want 20: nothing of the refused batch", last, err)
	}
}

// TestOpenAllowsAtomic opens the log on a stream made without atomic
// publish (by a Pulse before it used batches): Open allows it, and a
// batch is then written.
func TestOpenAllowsAtomic(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	srv := mustStartServer(t, cfg, t.TempDir())
	t.Cleanup(srv.Shutdown)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: StreamName, Subjects: []string{subjectPrefix + ">"}, Storage: jetstream.FileStorage, Duplicates: dedupWindow}); err != nil {
		t.Fatal(err)
	}
	l := mustOpen(t, ctx, srv.ClientURL(), 1)
	info, err := l.stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Config.AllowAtomicPublish {
		t.Errorf("the existing stream does not allow atomic publish after Open")
	}
	if _, err := l.UpsertAll(ctx, articles("story", 3)); err != nil {
		t.Errorf("a batch on the updated stream: %v", err)
	}
}

// recorder is a Store that records each Apply call's changes.
type recorder struct {
	mu      sync.Mutex
	applied uint64
	calls   [][]pulse.Change
}

func (r *recorder) AppliedSeq() (uint64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.applied, nil
}

func (r *recorder) Apply(_ context.Context, changes []pulse.Change) ([]pulse.ItemResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, append([]pulse.Change(nil), changes...))
	r.applied = changes[len(changes)-1].Seq
	return nil, nil
}

// TestApplierWholeBatch writes a batch longer than the applier's batch
// size, between articles written alone, and takes down the batch's last
// article, which purges the batch's commit message from the stream: the
// store gets what the stream holds of the batch in one Apply call, each
// change of it naming the batch, and no call holds part of it.
func TestApplierWholeBatch(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	srv := mustStartServer(t, cfg, t.TempDir())
	t.Cleanup(srv.Shutdown)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l := mustOpen(t, ctx, srv.ClientURL(), 1)
	mustUpsert(t, l, article("alone-1", "v1"))
	seqs, err := l.UpsertAll(ctx, articles("batch", 35))
	if err != nil {
		t.Fatal(err)
	}
	mustTakedown(t, l, "batch-034")
	last := mustUpsert(t, l, article("alone-2", "v1"))
	held := len(seqs) - 1 // the stream no longer holds the batch's last

	rec := &recorder{}
	a := NewApplier(l, rec, 10)
	actx, acancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(actx) }()
	if err := a.WaitFor(ctx, last); err != nil {
		t.Fatal(err)
	}
	acancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("applier: %v", err)
	}
	var batchID string
	total := 0
	for i, call := range rec.calls {
		n := 0
		for _, c := range call {
			if c.Seq >= seqs[0] && c.Seq <= seqs[len(seqs)-1] {
				n++
				if c.Batch == "" || batchID != "" && c.Batch != batchID {
					t.Errorf("change %d of the batch names batch %q, want the batch's id (%q)", c.Seq, c.Batch, batchID)
				}
				batchID = c.Batch
			} else if c.Batch != "" {
				t.Errorf("change %d written alone names batch %q", c.Seq, c.Batch)
			}
		}
		total += n
		if n != 0 && n != held {
			t.Errorf("Apply call %d holds %d of the batch's %d changes the stream holds, want all or none", i, n, held)
		}
	}
	if total != held {
		t.Errorf("the store got %d of the batch's changes, want the %d the stream holds", total, held)
	}
	if len(rec.calls) == 0 || rec.applied != last {
		t.Errorf("%d Apply calls, applied up to %d, want up to %d", len(rec.calls), rec.applied, last)
	}
}

// TestUpsertAllNoQuorum writes a batch while two servers of three are
// stopped: it is refused as unavailable. Once they are back the stream,
// and a node applying it, hold all of the batch's articles or none.
func TestUpsertAllNoQuorum(t *testing.T) {
	cfgs := clusterConfigs(t, 3)
	servers := make([]*Server, 3)
	dirs := make([]string, 3)
	for i, cfg := range cfgs {
		dirs[i] = t.TempDir()
		servers[i] = mustStartServer(t, cfg, dirs[i])
		defer func() { servers[i].Shutdown() }()
	}
	l := mustOpen(t, context.Background(), servers[0].ClientURL(), 3)
	n := mustStartNode(t, l, filepath.Join(t.TempDir(), "node"))
	first := mustUpsert(t, l, article("before", "v1"))
	n.mustCatchUp(t, first)

	servers[1].Shutdown()
	servers[2].Shutdown()
	wctx, wcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer wcancel()
	batch := articles("refused", 12)
	_, err := l.UpsertAll(wctx, batch)
	if !errors.Is(err, ErrNotAcknowledged) || pulse.ErrorCode(err) != pulse.EUnavailable {
		t.Fatalf("a batch without quorum: %v (code %s), want an EUnavailable error", err, pulse.ErrorCode(err))
	}
	t.Logf("a batch without quorum: %v", err)
	for i := 1; i < 3; i++ {
		servers[i] = mustStartServer(t, cfgs[i], dirs[i])
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The servers may commit the refused batch a moment after they are
	// back: a write after it is ordered after it. Until the restarted
	// servers have elected their leaders, JetStream answers "temporarily
	// unavailable" (10008), refused as a client would see it: try again.
	var last uint64
	for {
		actx, acancel := context.WithTimeout(ctx, 5*time.Second)
		seq, err := l.Upsert(actx, article("after", "v1"))
		acancel()
		if err == nil {
			last = seq
			break
		}
		if pulse.ErrorCode(err) != pulse.EUnavailable || ctx.Err() != nil {
			t.Fatalf("upsert after the servers are back: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	n.mustCatchUp(t, last)
	inStream := 0
	for _, a := range batch {
		_, err := l.stream.GetLastMsgForSubject(ctx, SubjectFor(a.ID))
		for jetStreamUnavailable(err) && ctx.Err() == nil {
			time.Sleep(200 * time.Millisecond)
			_, err = l.stream.GetLastMsgForSubject(ctx, SubjectFor(a.ID))
		}
		switch {
		case err == nil:
			inStream++
		case !errors.Is(err, jetstream.ErrMsgNotFound):
			t.Fatal(err)
		}
	}
	inIndex := 0
	for _, line := range n.contents(t) {
		if strings.HasPrefix(line, "refused-") {
			inIndex++
		}
	}
	t.Logf("the refused batch: %d of %d articles in the stream, %d in the index", inStream, len(batch), inIndex)
	if inStream != 0 && inStream != len(batch) || inIndex != inStream {
		t.Errorf("the refused batch: %d of %d articles in the stream, %d in the node's index; want all or none, the same in both", inStream, len(batch), inIndex)
	}
}

// jetStreamUnavailable reports whether err is JetStream's 503, "temporarily
// unavailable" (10008), which restarted servers answer until they have
// elected their leaders.
func jetStreamUnavailable(err error) bool {
	var api *jetstream.APIError
	return errors.As(err, &api) && api.Code == 503
}

// startLog starts the server of cfg and opens the log on it with o,
// both closed at the test's end; ctx ends 30 s after the call.
func startLog(t *testing.T, cfg config.Cluster, o Options) (context.Context, *Log) {
	t.Helper()
	srv := mustStartServer(t, cfg, t.TempDir())
	t.Cleanup(srv.Shutdown)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	l, err := Open(ctx, []string{srv.ClientURL()}, 1, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return ctx, l
}

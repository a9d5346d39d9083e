package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/cluster"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/metrics"
)

// replica is a node fed from the replicated log (issue 18): its embedded
// NATS server (cluster.embedded), the log, and the applier that feeds
// its index. It is the API's Ingester on such a node: writes go to the
// log, and every node, this one included, applies them from there.
type replica struct {
	srv     *cluster.Server // nil with cluster.nats_urls
	log     *cluster.Log
	applier *cluster.Applier
	w       *indexer.Writer
	// maxBatch is the most articles of one request (cluster.max_batch).
	maxBatch int

	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
	// jobs are the lease holders (feed polling), which write to the log:
	// Close waits for them before it closes the log.
	jobs sync.WaitGroup
	// jobCtx ends when Close starts.
	jobCtx context.Context

	// The log's state as the metrics last read it (see logState).
	stateMu   sync.Mutex
	state     pulse.ClusterStats
	stateUp   bool
	stateTime time.Time
}

// stateAge is how long the metrics reuse the log's state: one scrape
// reads several gauges, which then cost the log one request, not one
// each.
const stateAge = time.Second

// stateWait bounds the metrics' request for the log's state, so that a
// scrape while the log is away answers.
const stateWait = 2 * time.Second

// logState returns the log's state for the metrics and whether the log
// answered; when it did not, the stream's figures are the last it gave.
func (r *replica) logState() (pulse.ClusterStats, bool) {
	r.stateMu.Lock()
	defer r.stateMu.Unlock()
	if time.Since(r.stateTime) < stateAge {
		return r.state, r.stateUp
	}
	ctx, cancel := context.WithTimeout(context.Background(), stateWait)
	defer cancel()
	cs := r.applier.Stats(ctx)
	r.stateUp = cs.Stream != nil
	if !r.stateUp && r.state.Stream != nil {
		cs.Stream = r.state.Stream
		cs.Lag = 0
		if cs.Stream.LastSeq > cs.AppliedSeq {
			cs.Lag = cs.Stream.LastSeq - cs.AppliedSeq
		}
	}
	r.state, r.stateTime = cs, time.Now()
	return r.state, r.stateUp
}

// registerMetrics adds the replica's gauges: its applied sequence, the
// log's state and the lag.
func (r *replica) registerMetrics(m *metrics.Metrics) {
	stream := func(f func(s *pulse.StreamStats) uint64) func() float64 {
		return func() float64 {
			cs, _ := r.logState()
			if cs.Stream == nil {
				return 0
			}
			return float64(f(cs.Stream))
		}
	}
	m.Gauge("pulse_cluster_applied_seq", "Sequence of the last change of the log this node's index holds.", func() float64 { return float64(r.applier.Applied()) })
	m.Gauge("pulse_cluster_lag", "Changes of the log this node has not applied (from the log's last answer).", func() float64 {
		cs, _ := r.logState()
		return float64(cs.Lag)
	})
	m.Gauge("pulse_cluster_log_up", "1 when the log answered this node's last request for its state, 0 when not.", func() float64 {
		if _, up := r.logState(); up {
			return 1
		}
		return 0
	})
	m.Gauge("pulse_cluster_stream_last_seq", "Sequence of the last message of the log's stream.", stream(func(s *pulse.StreamStats) uint64 { return s.LastSeq }))
	m.Gauge("pulse_cluster_stream_first_seq", "Sequence of the first message the log's stream still holds.", stream(func(s *pulse.StreamStats) uint64 { return s.FirstSeq }))
	m.Gauge("pulse_cluster_stream_messages", "Messages in the log's stream.", stream(func(s *pulse.StreamStats) uint64 { return s.Messages }))
	m.Gauge("pulse_cluster_stream_bytes", "Bytes of the log's stream.", stream(func(s *pulse.StreamStats) uint64 { return s.Bytes }))
	m.Gauge("pulse_cluster_stream_replicas", "Replicas of the log's stream.", stream(func(s *pulse.StreamStats) uint64 { return uint64(s.Replicas) }))
}

// connectLog starts the embedded server if configured and connects to
// the log, waiting, until ctx ends, for the cluster to elect its leader.
// The replica applies nothing until start.
//
// It returns an error when the server cannot start or the log cannot be
// reached before ctx ends.
func connectLog(ctx context.Context, cfg *config.Config) (*replica, error) {
	r := &replica{done: make(chan struct{}), maxBatch: cfg.Cluster.MaxBatch}
	urls, servers := cfg.Cluster.NATSURLs, 0
	if cfg.Cluster.Embedded {
		srv, err := cluster.StartServer(cfg.Cluster, cfg.DataDir)
		if err != nil {
			return nil, err
		}
		r.srv = srv
		urls, servers = []string{srv.ClientURL()}, len(cfg.Cluster.Routes)
	}
	slog.Info("connecting to the log", "nats", urls)
	c := cfg.Cluster
	l, err := cluster.Open(ctx, urls, servers, cluster.Options{
		User: c.User, Password: c.Password, Token: c.Token, MaxAge: c.StreamMaxAge, MaxBytes: c.StreamMaxBytes, MaxBatch: c.MaxBatch,
		TLS: cluster.TLSFiles{Cert: c.TLSCert, Key: c.TLSKey, CA: c.TLSCA},
	})
	if err != nil {
		if r.srv != nil {
			r.srv.Shutdown()
		}
		return nil, err
	}
	r.log = l
	return r, nil
}

// start applies the log into w's index from the sequence it holds.
func (r *replica) start(w *indexer.Writer, batch int) {
	r.w = w
	r.applier = cluster.NewApplier(r.log, w, batch)
	actx, cancel := context.WithCancel(context.Background())
	r.cancel, r.jobCtx = cancel, actx
	go func() {
		defer close(r.done)
		if err := r.applier.Run(actx); err != nil && !errors.Is(err, context.Canceled) {
			// The node stays up for reads; /readyz fails as it falls
			// behind, which tells the operator.
			slog.Error("applying the log stopped: this node falls behind until it restarts", "err", err)
		}
	}()
}

// Close stops applying and the lease holders, then closes the log and
// the embedded server; later calls do nothing.
func (r *replica) Close() {
	r.closeOnce.Do(func() {
		if r.cancel != nil {
			r.cancel()
			r.jobs.Wait()
			<-r.done
			r.w.WaitPurges()
		}
		r.log.Close()
		if r.srv != nil {
			r.srv.Shutdown()
		}
	})
}

// restoreSnapshot replaces the index in cfg's data directory with the
// newest snapshot when the index is empty (a new or wiped node) or
// behind the stream's first message, and the snapshot is ahead of it:
// the node then replays the log from the snapshot's sequence instead of
// from the start. The index must not be open. A snapshot that cannot be
// read, or that Restore refuses (another mapping version), leaves the
// index as it is, to be fed from the log alone.
//
// It returns an error when the index cannot be opened or the restore
// fails once begun.
func (r *replica) restoreSnapshot(ctx context.Context, cfg *config.Config) error {
	snap, ok, err := r.log.LatestSnapshot(ctx)
	if err != nil {
		slog.Warn("could not look for a snapshot: replaying the log instead", "err", err)
		return nil
	}
	if !ok {
		return nil
	}
	ix, err := indexer.Open(cfg.DataDir, "pulse serve")
	if err != nil {
		return err
	}
	applied, err := ix.NewWriter(newExtractor, cfg.Ingest, cfg.Location()).AppliedSeq()
	count, cerr := ix.Bleve().DocCount()
	if cerr != nil && err == nil {
		err = cerr
	}
	if cerr := ix.Close(); cerr != nil && err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	first, err := r.log.FirstSeq(ctx)
	if err != nil {
		slog.Warn("could not read the log's first sequence: replaying the log instead of restoring the snapshot", "err", err)
		return nil
	}
	empty := applied == 0 && count == 0
	if !empty && applied+1 >= first || snap.Seq <= applied {
		return nil
	}
	slog.Info("restoring the newest snapshot", "snapshot_seq", snap.Seq, "bytes", snap.Bytes, "applied", applied, "articles", count, "log_first_seq", first)
	rc, err := r.log.OpenSnapshot(ctx)
	if err != nil {
		slog.Warn("could not read the snapshot: replaying the log instead", "err", err)
		return nil
	}
	defer rc.Close()
	n, err := indexer.Restore(cfg.DataDir, rc)
	if pulse.ErrorCode(err) == pulse.EInvalid {
		// Refused before it replaced anything (another mapping version,
		// a damaged tarball): the index as it was is fed from the log.
		slog.Warn("the snapshot cannot be restored: replaying the log instead", "snapshot_seq", snap.Seq, "err", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("restore the snapshot at log sequence %d: %w", snap.Seq, err)
	}
	slog.Info("restored the snapshot: replaying the log from it", "snapshot_seq", snap.Seq, "articles", n)
	return nil
}

// leaseSetupWait bounds the making of the leases' bucket at start: the
// log answered the node a moment before, so a bucket it cannot make in
// this time (an account without the right, a cluster without quorum) is
// an error to report, not to wait on.
const leaseSetupWait = 30 * time.Second

// snapshotsLease is the key of the snapshot publisher's lease.
const snapshotsLease = "snapshots"

// publishSnapshots publishes ix to the object store every
// cluster.snapshot_interval while this node holds the snapshots' lease
// and has applied something since the newest snapshot, until Close: one
// node copies its index, the others serve.
//
// It returns an error when the lease's bucket cannot be made before ctx
// ends.
func (r *replica) publishSnapshots(ctx context.Context, cfg *config.Config, ix *indexer.Index) error {
	return r.whileHolding(ctx, cfg, snapshotsLease, func(ctx context.Context) {
		var published uint64
		if snap, ok, err := r.log.LatestSnapshot(ctx); err == nil && ok {
			published = snap.Seq
		}
		t := time.NewTimer(cfg.Cluster.SnapshotInterval)
		defer t.Stop()
		for {
			wait := cfg.Cluster.SnapshotInterval
			// The sequence is read before the copy starts: the copy
			// holds at least that much, and its own record says how
			// much more.
			if seq := r.applier.Applied(); seq > published {
				start := time.Now()
				snap, err := r.log.PublishSnapshot(ctx, seq, ix.Backup)
				if err != nil {
					if ctx.Err() == nil {
						// Tried again sooner than the interval: a new
						// node replays the log from the last one.
						wait = min(wait, snapshotRetry)
						slog.Warn("could not publish a snapshot", "seq", seq, "err", err, "retry_in", wait)
					}
				} else {
					published = seq
					slog.Info("published a snapshot", "seq", snap.Seq, "bytes", snap.Bytes, "took", time.Since(start).Round(time.Millisecond))
				}
			}
			t.Reset(wait)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

// snapshotRetry is how soon a snapshot that could not be published is
// tried again, when cluster.snapshot_interval is longer.
const snapshotRetry = time.Minute

// whileHolding runs job whenever this node holds the lease key, from
// now until Close (job's ctx ends when the lease is lost or the node
// closes): the one place the leases are taken, for feeds and snapshots.
//
// It returns an error when the lease's bucket cannot be made before ctx
// ends.
func (r *replica) whileHolding(ctx context.Context, cfg *config.Config, key string, job func(ctx context.Context)) error {
	lctx, cancel := context.WithTimeout(ctx, leaseSetupWait)
	defer cancel()
	le, err := r.log.Lease(lctx, key, holderName(cfg), cfg.Cluster.LeaseTTL, cfg.Cluster.LeaseRenew)
	if err != nil {
		return err
	}
	r.jobs.Add(1)
	go func() {
		defer r.jobs.Done()
		le.Hold(r.jobCtx, job)
	}()
	return nil
}

// holderName names this node in the leases: its host and data
// directory, the same across its restarts (it takes its own lease back
// at once) and different from every other node's.
func holderName(cfg *config.Config) string {
	host, _ := os.Hostname()
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		dir = cfg.DataDir
	}
	return host + ":" + dir
}

// feedsLease is the key of the feed-polling lease in cluster.LeaseBucket.
const feedsLease = "feeds"

// pollFeeds polls cfg's feeds while this node holds the feeds' lease,
// writing what they publish through the log, until Close; the other
// nodes wait to take the lease over when this one stops renewing it.
//
// It returns an error when the lease's bucket cannot be made before ctx
// ends.
func (r *replica) pollFeeds(ctx context.Context, cfg *config.Config) error {
	return r.whileHolding(ctx, cfg, feedsLease, func(ctx context.Context) {
		// A fresh watcher each time the lease is taken: it reads the
		// feeds' state (validators, next polls) as this node last
		// saved it.
		w := newWatcher(cfg, r.Write, nil)
		slog.Info("watching feeds: this node holds the feeds' lease", "feeds", len(cfg.Feeds.URLs), "interval", cfg.Feeds.Interval)
		if err := w.Run(ctx, logReport); err != nil {
			slog.Error("feed watcher stopped", "err", err)
		}
	})
}

// catchUp waits until this node has applied the whole log as it is now,
// so that what it reports of the index (an update or a new article, a
// takedown found or not) is the log's state.
func (r *replica) catchUp(ctx context.Context) error {
	last, err := r.log.LastSeq(ctx)
	if err != nil {
		return &pulse.Error{Code: pulse.EUnavailable, Message: "the log does not answer (JetStream without a quorum, or no server reachable), so nothing was written: " + err.Error(), Err: err}
	}
	return r.waitFor(ctx, last)
}

func (r *replica) waitFor(ctx context.Context, seq uint64) error {
	if err := r.applier.WaitFor(ctx, seq); err != nil {
		return &pulse.Error{Code: pulse.EUnavailable, Message: fmt.Sprintf("this node has not applied the log up to sequence %d in time (it is at %d); what was written is in the log", seq, r.applier.Applied()), Err: err}
	}
	return nil
}

// IngestJSON writes the articles of a request body to the log and
// returns once this node has applied them, so that the writer reads its
// own writes here. Each result says what the write does to the index as
// the log stood; an unchanged article is not written again. The
// request's articles are written all or none: one atomic batch of the
// log, so at most cluster.max_batch of them.
//
// It returns an EInvalid error for a body that is not JSON articles, an
// ETooLarge one for more than cluster.max_batch articles, and an
// EUnavailable one when the log does not acknowledge the write (none of
// it is written) or this node does not apply it in time.
func (r *replica) IngestJSON(ctx context.Context, body []byte) ([]pulse.ItemResult, error) {
	items, names, err := r.w.ParseJSON(body)
	if err != nil {
		return nil, err
	}
	if r.maxBatch > 0 && len(items) > r.maxBatch {
		return nil, pulse.Errorf(pulse.ETooLarge, "%d articles in one request, over the limit of %d on a cluster (cluster.max_batch: a request is written to the log as one atomic batch); send smaller batches", len(items), r.maxBatch)
	}
	return r.Write(ctx, items, names)
}

// Write writes items to the log, as IngestJSON does, and returns once
// this node has applied them: the feed watcher's sink on the node that
// holds the feeds' lease, so that what it polls reaches every node. More
// than cluster.max_batch items go in several atomic batches.
//
// It returns an EUnavailable error when the log does not acknowledge a
// batch (the batches before it are written, the error says how many
// articles) or this node does not apply them in time.
func (r *replica) Write(ctx context.Context, items []format.Item, names []string) ([]pulse.ItemResult, error) {
	if err := r.catchUp(ctx); err != nil {
		return nil, err
	}
	results := make([]pulse.ItemResult, len(items))
	arts := make([]*pulse.Article, len(items))
	var ids []string
	for i, it := range items {
		results[i] = pulse.ItemResult{Item: names[i], ID: it.Article.ID}
		err := it.Err
		if err == nil {
			a := it.Article
			if err = indexer.Prepare(&a); err == nil {
				arts[i] = &a
				results[i].ID = a.ID
				ids = append(ids, a.ID)
			}
		}
		if err != nil {
			results[i].Outcome, results[i].Err, results[i].Reason = pulse.Rejected, err, err.Error()
		}
	}
	stored, err := r.w.StoredHashes(ids)
	if err != nil {
		return nil, err
	}
	var send []*pulse.Article
	for i, a := range arts {
		if a == nil {
			continue
		}
		hash, had := stored[a.ID]
		switch {
		case had && hash == a.ContentHash():
			results[i].Outcome = pulse.Unchanged
			continue
		case had:
			results[i].Outcome = pulse.Updated
		default:
			results[i].Outcome = pulse.Indexed
		}
		send = append(send, a)
		stored[a.ID] = a.ContentHash()
	}
	seqs, err := r.log.UpsertAll(ctx, send)
	if err != nil {
		return nil, err
	}
	var last uint64
	for _, seq := range seqs {
		last = max(last, seq)
	}
	if last > 0 {
		if err := r.waitFor(ctx, last); err != nil {
			return nil, err
		}
	}
	return results, nil
}

// DeleteID takes an article down through the log, which also purges its
// earlier versions from the log, and returns once this node has applied
// it; found is false when the article is not in the index as the log
// stands.
//
// It returns an EUnavailable error when the log does not acknowledge the
// takedown or this node does not apply it in time.
func (r *replica) DeleteID(ctx context.Context, id string) (bool, error) {
	if err := r.catchUp(ctx); err != nil {
		return false, err
	}
	stored, err := r.w.StoredHashes([]string{id})
	if err != nil {
		return false, err
	}
	if _, ok := stored[id]; !ok {
		return false, nil
	}
	seq, err := r.log.Takedown(ctx, id)
	if err != nil {
		return false, err
	}
	return true, r.waitFor(ctx, seq)
}

// refuseLocalWrite returns an error when cfg configures a cluster: a
// command writing to the local index (ingest, delete, watch without
// --server) would change this node's index alone, behind the log's back,
// and the nodes would differ for good.
func refuseLocalWrite(cfg *config.Config, command string) error {
	if !cfg.Cluster.Enabled() {
		return nil
	}
	return usageError{fmt.Errorf("%s: this node is one of a cluster (cluster.embedded or cluster.nats_urls is set): a local write would reach its index alone, not the log; give --server URL of a running node, which writes through the log", command)}
}

package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pulsesearch/pulse"
)

// Store is a node's index as the applier sees it: indexer.Writer.
type Store interface {
	// AppliedSeq returns the sequence of the last change the index holds.
	AppliedSeq() (uint64, error)
	// Apply writes changes in order, skipping those at or below the
	// applied sequence, and records the last one's sequence with them.
	Apply(ctx context.Context, changes []pulse.Change) ([]pulse.ItemResult, error)
}

// Applier feeds a node's index from the log, in order.
type Applier struct {
	log   *Log
	store Store
	batch int

	mu      sync.Mutex
	applied uint64
	failed  error         // why Run stopped, other than its ctx ending
	moved   chan struct{} // closed and replaced when applied moves
}

// NewApplier returns an applier of l into store, handing it at most
// batch changes at a time (ingest.batch_size: one batch of the index).
func NewApplier(l *Log, store Store, batch int) *Applier {
	return &Applier{log: l, store: store, batch: max(batch, 1), moved: make(chan struct{})}
}

// Run applies the log into the store until ctx ends, from the sequence
// after the one the store holds. It returns ctx's error when ctx ends,
// and the store's error when a change cannot be applied, after which the
// index holds every change up to the sequence it records and Run may be
// called again.
//
// Messages come from an ordered consumer, which JetStream delivers in
// the stream's order and the client recreates from the last delivered
// sequence when a server goes away, so a restarted server costs a pause,
// never a gap.
func (a *Applier) Run(ctx context.Context) (err error) {
	a.setFailed(nil)
	defer func() {
		if ctx.Err() == nil {
			a.setFailed(err)
		}
	}()
	from, err := a.store.AppliedSeq()
	if err != nil {
		return err
	}
	a.setApplied(from)
	cfg := jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverAllPolicy}
	if from > 0 {
		cfg = jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverByStartSequencePolicy, OptStartSeq: from + 1}
	}
	var cons jetstream.Consumer
	for {
		cons, err = a.log.js.OrderedConsumer(ctx, StreamName, cfg)
		if err == nil {
			break
		}
		// The stream may have no leader for a moment (a server restarting).
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(reconnectWait):
		}
	}
	msgs := make(chan jetstream.Msg, a.batch)
	cc, err := cons.Consume(func(m jetstream.Msg) {
		select {
		case msgs <- m:
		case <-ctx.Done():
		}
	}, jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
		if ctx.Err() == nil && !errors.Is(err, jetstream.ErrNoHeartbeat) {
			slog.Warn("reading the log", "err", err)
		}
	}))
	if err != nil {
		return fmt.Errorf("read the log from sequence %d: %w", from+1, err)
	}
	// Stopping waits for the client's lock, which it holds while it
	// re-creates the consumer after a server went away (up to 10 s a
	// try): the node need not wait for that, the callback above returns
	// once ctx ends.
	defer func() { go cc.Stop() }()
	changes := make([]pulse.Change, 0, a.batch)
	prev := from // the last sequence received
	if a.log.opts.retains() {
		// The node has started from the newest snapshot if that helped
		// (serve does it before the index opens): what the stream no
		// longer holds now is on no snapshot either. Only a gap opened
		// while running stops the applier.
		if first, err := a.log.FirstSeq(ctx); err == nil && first > from+1 {
			slog.Error("the log's stream no longer holds changes this node has not applied, and no snapshot covers them: they are missing here", "applied", from, "stream_first_seq", first)
			prev = first - 1
		}
	}
	for {
		var m jetstream.Msg
		select {
		case <-ctx.Done():
			return ctx.Err()
		case m = <-msgs:
		}
		changes = changes[:0]
		// Whatever has arrived meanwhile goes into the same batch: one
		// commit (and one fsync) for many changes when writes come fast.
		// While the stream says more messages follow the last one
		// received (a request's articles are published together), the
		// batch waits for them, up to lingerWait: each batch is a segment
		// of the index, and thousands of small ones cost more to merge
		// than to write (half a node's CPU in the chaos test).
		linger := time.NewTimer(lingerWait)
		open := false // the last change received is inside an atomic batch
		for m != nil {
			c, err := decode(m)
			if err != nil {
				return err
			}
			if c.Seq > prev+1 && a.log.opts.retains() {
				// A gap: takedowns purge earlier messages, but so does
				// the stream's retention, of messages this node never
				// applied. The changes before the gap are applied first,
				// unless they end inside an atomic batch, which is
				// applied whole or not at all.
				if len(changes) > 0 && !open {
					if _, err := a.store.Apply(ctx, changes); err != nil {
						return fmt.Errorf("apply the log: %w", err)
					}
					a.setApplied(changes[len(changes)-1].Seq)
					changes = changes[:0]
				}
				if err := a.checkGap(ctx, prev); err != nil {
					return err
				}
			}
			prev = max(prev, c.Seq)
			changes = append(changes, c)
			open = batchOpen(m)
			more := false
			if meta, err := m.Metadata(); err == nil {
				more = meta.NumPending > 0
			}
			m = nil
			switch {
			case open:
				// The rest of an atomic batch follows (JetStream writes
				// a committed batch's messages one after the other, at
				// once): the index takes it in the same batch, whatever
				// its length. A takedown may have purged the batch's
				// last messages, so the wait is bounded.
				select {
				case m = <-msgs:
				case <-time.After(batchRestWait):
				case <-ctx.Done():
					linger.Stop()
					return ctx.Err()
				}
			case len(changes) >= a.batch:
			case more:
				select {
				case m = <-msgs:
				case <-linger.C:
				case <-ctx.Done():
					linger.Stop()
					return ctx.Err()
				}
			default:
				select {
				case m = <-msgs:
				default:
				}
			}
		}
		linger.Stop()
		if len(changes) == 0 {
			continue
		}
		if _, err := a.store.Apply(ctx, changes); err != nil {
			return fmt.Errorf("apply the log: %w", err)
		}
		a.setApplied(changes[len(changes)-1].Seq)
	}
}

// lingerWait bounds how long a batch waits for messages the stream says
// follow: the replication lag it may add.
const lingerWait = 20 * time.Millisecond

// batchRestWait bounds the wait for the next message of an atomic batch
// once one of it arrived. JetStream writes a committed batch's messages
// together, so the rest comes within milliseconds, unless a takedown
// purged it; then the part the stream holds is applied after this
// pause.
const batchRestWait = time.Second

// ErrBehindLog is wrapped by the error of an applier that found the
// stream no longer holds changes it has not applied (dropped by the
// stream's retention while the node was away).
var ErrBehindLog = errors.New("this node is behind the log's retention")

// checkGap returns an ErrBehindLog error when the stream's first message
// comes after prev+1: the messages between are gone from the stream,
// and with retention on (Options.MaxAge, MaxBytes) they may be writes
// this node never applied. A gap inside the stream is a takedown's
// purge, which loses nothing.
func (a *Applier) checkGap(ctx context.Context, prev uint64) error {
	for {
		first, err := a.log.FirstSeq(ctx)
		if err == nil {
			if first > prev+1 {
				return fmt.Errorf("%w: it applied up to sequence %d, the stream starts at %d: restart the node to restore the newest snapshot", ErrBehindLog, prev, first)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(reconnectWait):
		}
	}
}

func (a *Applier) setApplied(seq uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if seq > a.applied {
		a.applied = seq
		close(a.moved)
		a.moved = make(chan struct{})
	}
}

func (a *Applier) setFailed(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.failed = err
}

// Applied returns the sequence of the last change applied.
func (a *Applier) Applied() uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.applied
}

// WaitFor blocks until the change at seq is applied, or ctx ends.
//
// It returns ctx's error when ctx ends first.
func (a *Applier) WaitFor(ctx context.Context, seq uint64) error {
	for {
		a.mu.Lock()
		applied, moved := a.applied, a.moved
		a.mu.Unlock()
		if applied >= seq {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for log sequence %d (applied %d): %w", seq, applied, ctx.Err())
		case <-moved:
		}
	}
}

// Lag returns how many changes of the log this node has not applied.
//
// It returns Run's error when Run stopped (the node applies nothing more
// until it restarts), and an error when the log's state cannot be read.
func (a *Applier) Lag(ctx context.Context) (uint64, error) {
	a.mu.Lock()
	failed := a.failed
	a.mu.Unlock()
	if failed != nil {
		return 0, fmt.Errorf("applying the log stopped: %w", failed)
	}
	last, err := a.log.LastSeq(ctx)
	if err != nil {
		return 0, err
	}
	if applied := a.Applied(); last > applied {
		return last - applied, nil
	}
	return 0, nil
}

// Stats returns the node's applied sequence with the log's state and
// the lag; when the log does not answer, LogError says why and Lag is 0.
func (a *Applier) Stats(ctx context.Context) pulse.ClusterStats {
	applied := a.Applied()
	st, err := a.log.State(ctx)
	if err != nil {
		return pulse.ClusterStats{AppliedSeq: applied, LogError: err.Error()}
	}
	cs := pulse.ClusterStats{AppliedSeq: applied, Stream: &st}
	if st.LastSeq > applied {
		cs.Lag = st.LastSeq - applied
	}
	return cs
}

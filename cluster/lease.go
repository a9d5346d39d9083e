package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// LeaseBucket is the key-value bucket of the cluster's leases.
const LeaseBucket = "PULSE_LEASES"

// Lease is a job that one node of the cluster runs at a time (feed
// polling): a key of LeaseBucket whose value names its holder. It is
// taken with a create that fails when the key exists, renewed with an
// update that fails unless the key is still at the revision its holder
// wrote, and lapses when its holder stops renewing: the bucket's TTL then
// removes the key and another node's create succeeds.
type Lease struct {
	kv     jetstream.KeyValue
	key    string
	holder string
	renew  time.Duration
}

// Lease returns the lease of key in LeaseBucket, held as holder (a name
// that differs between nodes and stays the same across a node's
// restarts, so that a restarted holder takes its lease back at once).
// The bucket is made, or its TTL set, with ttl: how long a lease outlives
// its holder's last renewal (cluster.lease_ttl, the same on every node);
// renew is the holder's period (cluster.lease_renew), less than ttl.
// The bucket has as many replicas as the stream.
//
// It returns an error when the bucket cannot be made before ctx ends.
func (l *Log) Lease(ctx context.Context, key, holder string, ttl, renew time.Duration) (*Lease, error) {
	cfg := jetstream.KeyValueConfig{
		Bucket:      LeaseBucket,
		Description: "Pulse's leases: which node runs a job of which there must be one",
		TTL:         ttl,
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    l.stream.CachedInfo().Config.Replicas,
	}
	for {
		// As for the stream: a request before the cluster has a leader
		// gets no answer, so each attempt has its own bound.
		actx, cancel := context.WithTimeout(ctx, attemptWait)
		kv, err := l.js.CreateOrUpdateKeyValue(actx, cfg)
		cancel()
		if err == nil {
			return &Lease{kv: kv, key: key, holder: holder, renew: renew}, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("lease %q: make bucket %s (ttl %s): %w", key, LeaseBucket, ttl, err)
		case <-time.After(reconnectWait):
		}
	}
}

// Hold takes the lease whenever it is free and keeps it, renewing it
// every renew period, until ctx ends. While it holds the lease it runs
// job, with a context that ends when a renewal fails or is refused (the
// lease lapsed, or another node holds it) or ctx ends; Hold waits for job
// to return before it tries to take the lease again, so that this node
// never runs two. When ctx ends, Hold stops the job and then gives the
// lease up (deletes the key at the revision it wrote), so that another
// node takes it over at its next attempt; a holder that cannot (its
// process killed, the log out of reach) leaves the key to lapse after
// the bucket's TTL.
func (le *Lease) Hold(ctx context.Context, job func(ctx context.Context)) {
	var rev uint64 // 0 while not held
	var stop context.CancelFunc
	done := make(chan struct{})
	release := func() {
		if stop != nil {
			stop()
			<-done
			stop = nil
		}
		rev = 0
	}
	defer func() {
		held := rev
		release()
		if held > 0 {
			le.release(held)
		}
	}()
	t := time.NewTicker(le.renew)
	defer t.Stop()
	for {
		var err error
		if rev == 0 {
			rev, err = le.take(ctx)
			if err == nil && rev > 0 {
				slog.Info("took the lease: this node runs its job", "lease", le.key, "holder", le.holder)
				jctx, cancel := context.WithCancel(ctx)
				stop, done = cancel, make(chan struct{})
				go func(done chan struct{}) {
					defer close(done)
					job(jctx)
				}(done)
			}
		} else {
			actx, cancel := context.WithTimeout(ctx, min(attemptWait, le.renew))
			var next uint64
			next, err = le.kv.Update(actx, le.key, []byte(le.holder), rev)
			cancel()
			if err == nil {
				rev = next
			} else if ctx.Err() == nil {
				slog.Warn("lost the lease: this node stops its job", "lease", le.key, "holder", le.holder, "err", err)
				release()
			}
		}
		if err != nil && ctx.Err() == nil && !errors.Is(err, jetstream.ErrKeyExists) {
			slog.Debug("lease not taken", "lease", le.key, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// releaseWait bounds the giving up of a lease when its holder stops.
const releaseWait = 2 * time.Second

// release deletes the lease's key if it is still at rev, the revision
// this holder last wrote; a key another node took meanwhile is left.
func (le *Lease) release(rev uint64) {
	ctx, cancel := context.WithTimeout(context.Background(), releaseWait)
	defer cancel()
	err := le.kv.Delete(ctx, le.key, jetstream.LastRevision(rev))
	if err != nil {
		// A renewal sent as the holder stopped may have reached the
		// server unanswered (the delete is then refused: a revision
		// mismatch): the key moved on, and still names this holder if
		// no other node took it.
		if e, gerr := le.kv.Get(ctx, le.key); gerr == nil && string(e.Value()) == le.holder {
			err = le.kv.Delete(ctx, le.key, jetstream.LastRevision(e.Revision()))
		}
	}
	if err != nil {
		slog.Warn("could not give the lease up: it lapses after cluster.lease_ttl", "lease", le.key, "holder", le.holder, "err", err)
		return
	}
	slog.Info("gave the lease up", "lease", le.key, "holder", le.holder)
}

// take creates the lease's key, or takes it back when its value already
// names this holder (a restarted node whose lease has not lapsed). It
// returns the key's revision, 0 when another node holds the lease.
func (le *Lease) take(ctx context.Context) (uint64, error) {
	actx, cancel := context.WithTimeout(ctx, min(attemptWait, le.renew))
	defer cancel()
	rev, err := le.kv.Create(actx, le.key, []byte(le.holder))
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return rev, err
	}
	e, gerr := le.kv.Get(actx, le.key)
	if gerr != nil || string(e.Value()) != le.holder {
		return 0, err
	}
	return le.kv.Update(actx, le.key, []byte(le.holder), e.Revision())
}

// Holder returns the name of the lease's holder, "" when none holds it.
//
// It returns an error when the bucket cannot be read.
func (le *Lease) Holder(ctx context.Context) (string, error) {
	e, err := le.kv.Get(ctx, le.key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("lease %q: %w", le.key, err)
	}
	return string(e.Value()), nil
}

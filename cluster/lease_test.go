package cluster

import (
	"context"
	"sync"
	"testing"
	"time"
)

// holding runs Lease.Hold for one holder and records whether its job
// runs.
type holding struct {
	mu      sync.Mutex
	running bool
	started chan struct{} // closed when the job first runs
	cancel  context.CancelFunc
	done    chan struct{}
}

func hold(tb testing.TB, le *Lease) *holding {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h := &holding{started: make(chan struct{}), cancel: cancel, done: make(chan struct{})}
	var once sync.Once
	go func() {
		defer close(h.done)
		le.Hold(ctx, func(jctx context.Context) {
			h.mu.Lock()
			h.running = true
			h.mu.Unlock()
			once.Do(func() { close(h.started) })
			<-jctx.Done()
			h.mu.Lock()
			h.running = false
			h.mu.Unlock()
		})
	}()
	tb.Cleanup(h.stop)
	return h
}

// stop ends Hold as a node's clean stop does: the job stops and the
// lease is given up. (A node killed: close its log first, so that the
// key is left to lapse.)
func (h *holding) stop() {
	h.cancel()
	<-h.done
}

func (h *holding) isRunning() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.running
}

// TestLease checks that of two nodes holding the same lease one runs the
// job, the other not while the first renews; that when the first dies
// (its connection gone) the second takes over once the lease's TTL has
// passed, never before; that when a holder stops cleanly it gives the
// lease up and another takes it over at once; and that the lease names
// its holder.
func TestLease(t *testing.T) {
	cfg := clusterConfigs(t, 1)[0]
	srv := mustStartServer(t, cfg, t.TempDir())
	t.Cleanup(srv.Shutdown)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const ttl, renew = 2 * time.Second, 300 * time.Millisecond
	logs := make([]*Log, 3)
	leases := make([]*Lease, 3)
	for i, name := range []string{"node-a", "node-b", "node-c"} {
		// Each node its own connection, so that one can die alone.
		logs[i] = mustOpen(t, ctx, srv.ClientURL(), 1)
		le, err := logs[i].Lease(ctx, "feeds", name, ttl, renew)
		if err != nil {
			t.Fatal(err)
		}
		leases[i] = le
	}

	a := hold(t, leases[0])
	select {
	case <-a.started:
	case <-time.After(10 * time.Second):
		t.Fatal("node-a did not take the free lease within 10s")
	}
	b := hold(t, leases[1])
	// Several TTLs: node-a's renewals keep the lease from lapsing.
	for end := time.Now().Add(3 * ttl); time.Now().Before(end); time.Sleep(renew / 2) {
		if b.isRunning() {
			t.Fatal("node-b runs the job while node-a holds the lease")
		}
	}
	if h, err := leases[1].Holder(ctx); err != nil || h != "node-a" {
		t.Errorf("Holder() = %q, %v, want node-a", h, err)
	}

	// node-a dies: its connection goes first, so that it cannot give
	// the lease up.
	logs[0].Close()
	a.stop()
	stopped := time.Now()
	select {
	case <-b.started:
	case <-time.After(ttl + 10*time.Second):
		t.Fatalf("node-b did not take the lease within %s of node-a's stop", ttl+10*time.Second)
	}
	// The key lapses a TTL after node-a's last renewal, at most one
	// renewal period before it stopped.
	if took := time.Since(stopped); took < ttl-renew {
		t.Errorf("node-b took the lease %s after node-a stopped, before the TTL (%s) could pass", took, ttl)
	}
	if h, err := leases[2].Holder(ctx); err != nil || h != "node-b" {
		t.Errorf("Holder() = %q, %v, want node-b", h, err)
	}

	// node-b stops cleanly: node-c takes the lease at its next attempt,
	// long before the TTL.
	c := hold(t, leases[2])
	time.Sleep(2 * renew)
	if c.isRunning() {
		t.Fatal("node-c runs the job while node-b holds the lease")
	}
	b.stop()
	stopped = time.Now()
	select {
	case <-c.started:
	case <-time.After(ttl + 10*time.Second):
		t.Fatalf("node-c did not take the lease within %s of node-b's stop", ttl+10*time.Second)
	}
	if took := time.Since(stopped); took >= ttl-renew {
		t.Errorf("node-c took the lease %s after node-b's clean stop: not given up (TTL %s)", took, ttl)
	}
}

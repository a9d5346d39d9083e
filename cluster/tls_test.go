package cluster

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pulsesearch/pulse/internal/testcert"
)

// issue writes a certificate of ca for the loopback addresses and
// returns its files as a node's TLS.
func issue(tb testing.TB, ca *testcert.CA, dir, name string) TLSFiles {
	tb.Helper()
	f := ca.Issue(tb, dir, name)
	return TLSFiles{Cert: f.Cert, Key: f.Key, CA: f.CA}
}

// TestTLS runs three embedded servers with TLS, each with its own
// certificate of one authority: they form a cluster (the stream gets
// three replicas), and a write through one reaches a node on each.
// Clients without that authority's trust, or without a certificate of
// it, are refused; so is a node whose TLS files are of another
// authority.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	ca := testcert.NewCA(t, dir, "pulse")
	cfgs := clusterConfigs(t, 3)
	files := make([]TLSFiles, 3)
	servers := make([]*Server, 3)
	for i := range cfgs {
		files[i] = issue(t, ca, dir, fmt.Sprintf("node%d", i))
		cfgs[i].TLSCert, cfgs[i].TLSKey, cfgs[i].TLSCA = files[i].Cert, files[i].Key, files[i].CA
		servers[i] = mustStartServer(t, cfgs[i], t.TempDir())
		t.Cleanup(servers[i].Shutdown)
		if u := servers[i].ClientURL(); !strings.HasPrefix(u, "tls://") {
			t.Errorf("server %d's client URL is %s, want tls://", i, u)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	logs := make([]*Log, 3)
	nodes := make([]*node, 3)
	for i := range servers {
		l, err := Open(ctx, []string{servers[i].ClientURL()}, 3, Options{TLS: files[i]})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(l.Close)
		logs[i] = l
		nodes[i] = mustStartNode(t, l, filepath.Join(t.TempDir(), fmt.Sprintf("node%d", i)))
	}
	st, err := logs[0].State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Replicas != 3 {
		t.Errorf("the stream has %d replicas over TLS routes, want 3", st.Replicas)
	}
	seqs, err := logs[1].UpsertAll(ctx, articles("tls", 5))
	if err != nil {
		t.Fatal(err)
	}
	want := expected{}
	for _, a := range articles("tls", 5) {
		want[a.ID] = a.Title
	}
	for i, n := range nodes {
		n.mustCatchUp(t, seqs[len(seqs)-1])
		if d := diff(n.contents(t), want.lines()); d != "" {
			t.Errorf("node %d differs from the write:\n%s", i, d)
		}
	}

	url := servers[0].ClientURL()
	otherFiles := issue(t, testcert.NewCA(t, dir, "other"), dir, "stranger")
	cert, err := tls.LoadX509KeyPair(files[0].Cert, files[0].Key)
	if err != nil {
		t.Fatal(err)
	}
	caPool := x509.NewCertPool()
	caPool.AddCert(ca.Cert)
	for _, c := range []struct {
		name string
		opts []nats.Option
	}{
		{"in clear", nil},
		{"trusting the system's authorities", []nats.Option{nats.Secure(&tls.Config{Certificates: []tls.Certificate{cert}})}},
		{"trusting the authority, without a certificate", []nats.Option{nats.Secure(&tls.Config{RootCAs: caPool})}},
	} {
		nc, err := nats.Connect(strings.Replace(url, "tls://", "nats://", 1), append(c.opts, nats.NoReconnect(), nats.Timeout(5*time.Second))...)
		if err == nil {
			nc.Close()
			t.Errorf("a client %s connected to a TLS server", c.name)
			continue
		}
		// Under TLS 1.3 the server's refusal of a client certificate
		// may reach the client as the connection closed after the
		// handshake: the error names TLS, not always the certificate.
		if !strings.Contains(err.Error(), "tls") {
			t.Errorf("a client %s: %v, want a refusal by TLS", c.name, err)
		}
	}
	octx, ocancel := context.WithTimeout(ctx, 3*time.Second)
	defer ocancel()
	if l, err := Open(octx, []string{url}, 3, Options{TLS: otherFiles}); err == nil {
		l.Close()
		t.Errorf("a node with TLS files of another authority opened the log")
	} else if !strings.Contains(err.Error(), "certificate signed by unknown authority") {
		t.Errorf("a node with TLS files of another authority: %v, want the server's certificate refused", err)
	}
}

// TestTLSFiles refuses a server or a node whose TLS files are missing
// or partial, naming the key.
func TestTLSFiles(t *testing.T) {
	dir := t.TempDir()
	files := issue(t, testcert.NewCA(t, dir, "pulse"), dir, "node")
	cfg := clusterConfigs(t, 1)[0]
	cfg.TLSCert, cfg.TLSKey, cfg.TLSCA = files.Cert, filepath.Join(dir, "missing-key.pem"), files.CA
	if s, err := StartServer(cfg, t.TempDir()); err == nil {
		s.Shutdown()
		t.Errorf("a server started without its key file")
	} else if !strings.Contains(err.Error(), "cluster.tls_key") {
		t.Errorf("a server without its key file: %v, want an error naming cluster.tls_key", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Open(ctx, []string{"tls://127.0.0.1:1"}, 1, Options{TLS: TLSFiles{Cert: files.Cert}})
	if err == nil || !strings.Contains(err.Error(), "cluster.tls_ca") {
		t.Errorf("a node with a certificate alone: %v, want an error naming the TLS keys", err)
	}
}

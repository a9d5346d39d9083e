package cluster

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	file string // its certificate, PEM
}

func newTestCA(tb testing.TB, dir, name string) *testCA {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	ca := &testCA{cert: cert, key: key, file: filepath.Join(dir, name+"-ca.pem")}
	writePEM(tb, ca.file, "CERTIFICATE", der)
	return ca
}

// issue writes a certificate of ca for the loopback addresses, for
// server and client use (a NATS server is both on its routes), and its
// key, and returns their files.
func (ca *testCA) issue(tb testing.TB, dir, name string) TLSFiles {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		tb.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	f := TLSFiles{Cert: filepath.Join(dir, name+".pem"), Key: filepath.Join(dir, name+"-key.pem"), CA: ca.file}
	writePEM(tb, f.Cert, "CERTIFICATE", der)
	writePEM(tb, f.Key, "EC PRIVATE KEY", kder)
	return f
}

func writePEM(tb testing.TB, path, typ string, der []byte) {
	tb.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// TestTLS runs three embedded servers with TLS, each with its own
// certificate of one authority: they form a cluster (the stream gets
// three replicas), and a write through one reaches a node on each.
// Clients without that authority's trust, or without a certificate of
// it, are refused; so is a node whose TLS files are of another
// authority.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	ca := newTestCA(t, dir, "pulse")
	cfgs := clusterConfigs(t, 3)
	files := make([]TLSFiles, 3)
	servers := make([]*Server, 3)
	for i := range cfgs {
		files[i] = ca.issue(t, dir, fmt.Sprintf("node%d", i))
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
	other := newTestCA(t, dir, "other")
	otherFiles := other.issue(t, dir, "stranger")
	cert, err := tls.LoadX509KeyPair(files[0].Cert, files[0].Key)
	if err != nil {
		t.Fatal(err)
	}
	caPool := x509.NewCertPool()
	caPool.AddCert(ca.cert)
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
	files := newTestCA(t, dir, "pulse").issue(t, dir, "node")
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

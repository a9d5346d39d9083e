package cli

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate and key for 127.0.0.1.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}

func TestTLS(t *testing.T) {
	cert, key := selfSigned(t)
	s := startServer(t, "PULSE_SERVER_TLS_CERT="+cert, "PULSE_SERVER_TLS_KEY="+key)
	if !strings.HasPrefix(s.base, "https://") {
		t.Fatalf("served at %s, want https", s.base)
	}
	pool := x509.NewCertPool()
	pem, _ := os.ReadFile(cert)
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get(s.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz over TLS: %d", resp.StatusCode)
	}
	page, err := client.Get(s.base + "/search?q=oil")
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"} {
		if got := page.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("page CSP: %q", csp)
	}
}

// TestDamagedIndex checks that an index that fails to open gets a clear
// message with the way out, never a panic.
func TestDamagedIndex(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"ingest", "--data-dir", dir, "testdata/fixtures.jsonl"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("ingest: %d %s", code, errb.String())
	}
	damage := []struct {
		name string
		do   func() error
	}{
		{"meta file garbage", func() error {
			return os.WriteFile(filepath.Join(dir, "index", "index_meta.json"), []byte("{not json"), 0o644)
		}},
		{"root bolt garbage", func() error {
			os.WriteFile(filepath.Join(dir, "index", "index_meta.json"), []byte(`{"storage":"boltdb","index_type":"scorch"}`), 0o644)
			return os.WriteFile(filepath.Join(dir, "index", "store", "root.bolt"), bytes.Repeat([]byte{0xde, 0xad}, 5000), 0o644)
		}},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			if err := d.do(); err != nil {
				t.Fatal(err)
			}
			out.Reset()
			errb.Reset()
			cmd := pulseCmd(t, "stats", "--data-dir", dir)
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			msg := errb.String()
			if err == nil || !strings.Contains(msg, "pulse restore") || strings.Contains(msg, "goroutine ") || strings.Contains(msg, "panic") {
				t.Errorf("damaged index: err %v, message %q", err, msg)
			}
		})
	}
}

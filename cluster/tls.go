package cluster

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// TLSFiles are the PEM files of a node's TLS (cluster.tls_cert,
// cluster.tls_key, cluster.tls_ca): its certificate and private key, and
// the certificate authority that signed every node's. Empty: no TLS.
type TLSFiles struct {
	Cert, Key, CA string
}

// set reports whether f turns TLS on; config.Cluster.Validate has made
// sure the three are given together.
func (f TLSFiles) set() bool { return f.Cert != "" || f.Key != "" || f.CA != "" }

// check returns an error naming the keys when only part of f is given.
func (f TLSFiles) check() error {
	if f.set() && (f.Cert == "" || f.Key == "" || f.CA == "") {
		return errors.New("cluster.tls_cert, cluster.tls_key and cluster.tls_ca go together: all three or none")
	}
	return nil
}

// serverConfigs returns the embedded server's TLS for its clients and
// for its routes. Both ask the other side for a certificate of f's
// authority: a client or a server without one is refused. A route is
// also a client of the server it dials, so it trusts the same
// authority, as nats-server does for a cluster's tls block.
func (f TLSFiles) serverConfigs() (clients, routes *tls.Config, err error) {
	if err := f.check(); err != nil {
		return nil, nil, err
	}
	if err := f.readable(); err != nil {
		return nil, nil, err
	}
	opts := &server.TLSConfigOpts{CertFile: f.Cert, KeyFile: f.Key, CaFile: f.CA, Verify: true}
	clients, err = server.GenTLSConfig(opts)
	if err != nil {
		return nil, nil, f.wrap(err)
	}
	routes, err = server.GenTLSConfig(opts)
	if err != nil {
		return nil, nil, f.wrap(err)
	}
	routes.ClientAuth = tls.RequireAndVerifyClientCert
	routes.RootCAs = routes.ClientCAs
	return clients, routes, nil
}

// clientOption returns the node's client TLS: its certificate, and f's
// authority as the only one it trusts.
func (f TLSFiles) clientOption() (nats.Option, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	if err := f.readable(); err != nil {
		return nil, err
	}
	cert, err := tls.LoadX509KeyPair(f.Cert, f.Key)
	if err != nil {
		return nil, f.wrap(err)
	}
	pem, err := os.ReadFile(f.CA)
	if err != nil {
		return nil, fmt.Errorf("cluster.tls_ca %q: %w", f.CA, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("cluster.tls_ca %q: no PEM certificate in it", f.CA)
	}
	return nats.Secure(&tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}, RootCAs: pool}), nil
}

// readable returns an error naming the key of the first file that
// cannot be read.
func (f TLSFiles) readable() error {
	for _, k := range []struct{ key, path string }{{"cluster.tls_cert", f.Cert}, {"cluster.tls_key", f.Key}, {"cluster.tls_ca", f.CA}} {
		if _, err := os.Stat(k.path); err != nil {
			return fmt.Errorf("%s: %w", k.key, err)
		}
	}
	return nil
}

func (f TLSFiles) wrap(err error) error {
	return fmt.Errorf("TLS files cluster.tls_cert %q, cluster.tls_key %q, cluster.tls_ca %q: %w", f.Cert, f.Key, f.CA, err)
}

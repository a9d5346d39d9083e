package cluster

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/pulsesearch/pulse/config"
)

// StoreDir is JetStream's directory inside a node's data directory.
const StoreDir = "nats"

// maxPayload is the largest message the embedded server takes. NATS's 1
// MiB default is below what ingest accepts for one article's text
// (ingest.max_text_bytes, 4 MiB, plus its JSON escaping); NATS warns
// above 8 MiB, which holds that.
const maxPayload = 8 << 20

// tlsTimeout bounds a TLS handshake with the embedded server, a client's
// or a route's: above NATS's 2 s default, which a loaded machine's
// handshake can exceed, and short enough that a peer that does not
// speak TLS is let go within seconds.
const tlsTimeout = 5 * time.Second

// readyWait bounds the wait for the embedded server to accept clients;
// it listens within milliseconds when its ports are free.
const readyWait = 10 * time.Second

// Server is the NATS server embedded in a node (cluster.embedded).
type Server struct {
	ns *server.Server
}

// StartServer starts the embedded NATS server of cfg with JetStream on,
// its store in dataDir/nats, listening for clients on cfg.NATSListen and,
// in a cluster of three or more, for the other servers on
// cfg.RouteListen, and returns once it accepts clients. The cluster's
// JetStream may still be electing its leader: Open waits for that. With
// cfg's TLS files, both listeners speak TLS only and ask the other side
// for a certificate of cfg.TLSCA.
//
// With one route (a single server) every message is synced to disk
// before it is acknowledged, since no other server holds a copy; with
// three, a write is acknowledged once a majority holds it, as NATS
// recommends, and synced within JetStream's interval.
//
// It returns an error naming the address when a port is taken or the
// store cannot be opened, and one naming the keys when the TLS files
// cannot be read.
func StartServer(cfg config.Cluster, dataDir string) (*Server, error) {
	host, port, err := splitHostPort(cfg.NATSListen)
	if err != nil {
		return nil, fmt.Errorf("cluster.nats_listen %q: %w", cfg.NATSListen, err)
	}
	rhost, rport, err := splitHostPort(cfg.RouteListen)
	if err != nil {
		return nil, fmt.Errorf("cluster.route_listen %q: %w", cfg.RouteListen, err)
	}
	opts := &server.Options{
		// JetStream knows its peers by server name, which must stay the
		// same across restarts and differ between servers: the route
		// address does both.
		ServerName: cfg.Name + "-" + strings.NewReplacer(":", "-", "[", "", "]", "").Replace(cfg.RouteListen),
		Host:       host,
		Port:       port,
		MaxPayload: maxPayload,
		JetStream:  true,
		StoreDir:   filepath.Join(dataDir, StoreDir),
		SyncAlways: len(cfg.Routes) == 1,
		NoSigs:     true,
		// A request's articles are one atomic batch (Log.UpsertAll),
		// of at most cluster.max_batch.
		JetStreamLimits: server.JSLimitOpts{MaxBatchSize: cfg.MaxBatch},
	}
	// Clients give cluster.user and cluster.password, or cluster.token.
	opts.Username, opts.Password, opts.Authorization = cfg.User, cfg.Password, cfg.Token
	tlsFiles := TLSFiles{Cert: cfg.TLSCert, Key: cfg.TLSKey, CA: cfg.TLSCA}
	var routeTLS *tls.Config
	if tlsFiles.set() {
		// Clients and routes alike speak TLS only, and show a
		// certificate of cluster.tls_ca.
		clientTLS, rt, err := tlsFiles.serverConfigs()
		if err != nil {
			return nil, fmt.Errorf("embedded NATS server: %w", err)
		}
		opts.TLSConfig, opts.TLSVerify, opts.TLSTimeout = clientTLS, true, tlsTimeout.Seconds()
		routeTLS = rt
	}
	if len(cfg.Routes) > 1 {
		// A single server runs JetStream alone: clustered, it would wait
		// for routes to peers that do not exist before electing itself.
		opts.Cluster = server.ClusterOpts{Name: cfg.Name, Host: rhost, Port: rport}
		if routeTLS != nil {
			opts.Cluster.TLSConfig, opts.Cluster.TLSTimeout = routeTLS, tlsTimeout.Seconds()
		}
		routes := server.RoutesFromStr(strings.Join(cfg.Routes, ","))
		// Routes take a user and password only: with a token, the user
		// is "pulse" and the token its password. The other servers are
		// asked for them, and given them in the routes' URLs.
		if user, pass := routeCredentials(cfg); user != "" {
			opts.Cluster.Username, opts.Cluster.Password = user, pass
			for _, r := range routes {
				if r.User == nil {
					r.User = url.UserPassword(user, pass)
				}
			}
		}
		opts.Routes = routes
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded NATS server: %w", err)
	}
	ns.SetLoggerV2(slogger{}, false, false, false)
	ns.Start()
	if !ns.ReadyForConnections(readyWait) {
		ns.Shutdown()
		return nil, fmt.Errorf("embedded NATS server: not accepting clients on %s (cluster.nats_listen) or routes on %s (cluster.route_listen) after %s: is a port taken?", cfg.NATSListen, cfg.RouteListen, readyWait)
	}
	return &Server{ns: ns}, nil
}

// routeCredentials are the user and password of the cluster's routes:
// cluster.user and cluster.password, or "pulse" and cluster.token; none
// without credentials.
func routeCredentials(cfg config.Cluster) (user, pass string) {
	switch {
	case cfg.Token != "":
		return "pulse", cfg.Token
	case cfg.User != "":
		return cfg.User, cfg.Password
	}
	return "", ""
}

// ClientURL is the nats:// URL the node's own client connects to. A
// server listening on all interfaces is reached over loopback: dialling
// 0.0.0.0 works on Linux only, and under TLS the certificate would have
// to name 0.0.0.0 rather than 127.0.0.1 (which the README asks for).
func (s *Server) ClientURL() string {
	u, err := url.Parse(s.ns.ClientURL())
	if err != nil {
		return s.ns.ClientURL()
	}
	if ip := net.ParseIP(u.Hostname()); ip != nil && ip.IsUnspecified() {
		loop := "127.0.0.1"
		if ip.To4() == nil {
			loop = "::1"
		}
		u.Host = net.JoinHostPort(loop, u.Port())
	}
	return u.String()
}

// Shutdown stops the server and waits until it has.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("port %q is not a number", p)
	}
	return host, port, nil
}

// slogger sends the NATS server's log to slog: its notices are details
// for debugging, its warnings and errors the node's own.
type slogger struct{}

func (slogger) Noticef(format string, v ...any) { slog.Debug("nats: " + fmt.Sprintf(format, v...)) }
func (slogger) Warnf(format string, v ...any)   { slog.Warn("nats: " + fmt.Sprintf(format, v...)) }
func (slogger) Fatalf(format string, v ...any)  { slog.Error("nats: " + fmt.Sprintf(format, v...)) }
func (slogger) Errorf(format string, v ...any)  { slog.Error("nats: " + fmt.Sprintf(format, v...)) }
func (slogger) Debugf(format string, v ...any)  {}
func (slogger) Tracef(format string, v ...any)  {}

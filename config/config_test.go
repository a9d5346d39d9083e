package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pulse.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func flags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.String("addr", "", "")
	fs.String("data-dir", "", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

var bind = map[string]string{"addr": "server.addr", "data-dir": "data_dir"}

func TestPrecedence(t *testing.T) {
	file := writeFile(t, "server:\n  addr: 127.0.0.1:7001\n  read_timeout: 3s\nsearch:\n  max_per_page: 50\n")
	cases := []struct {
		name    string
		env     []string
		args    []string
		addr    string
		perPage int
	}{
		{"file over defaults", nil, nil, "127.0.0.1:7001", 50},
		{"env over file", []string{"PULSE_SERVER_ADDR=127.0.0.1:7002"}, nil, "127.0.0.1:7002", 50},
		{"flag over env", []string{"PULSE_SERVER_ADDR=127.0.0.1:7002"}, []string{"--addr", "127.0.0.1:7003"}, "127.0.0.1:7003", 50},
		{"env for a nested key with underscores", []string{"PULSE_SEARCH_MAX_PER_PAGE=20"}, nil, "127.0.0.1:7001", 20},
		{"unset flag does not override", []string{"PULSE_SERVER_ADDR=127.0.0.1:7002"}, []string{"--data-dir", "x"}, "127.0.0.1:7002", 50},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Load(Options{File: file, Flags: flags(t, c.args...), Bind: bind, Environ: c.env})
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Server.Addr != c.addr || cfg.Search.MaxPerPage != c.perPage {
				t.Errorf("got addr %s per_page %d, want %s %d", cfg.Server.Addr, cfg.Search.MaxPerPage, c.addr, c.perPage)
			}
			if cfg.Server.ReadTimeout != 3*time.Second {
				t.Errorf("read_timeout from file: got %s", cfg.Server.ReadTimeout)
			}
			if cfg.Server.WriteTimeout != Defaults().Server.WriteTimeout {
				t.Errorf("write_timeout default lost: %s", cfg.Server.WriteTimeout)
			}
		})
	}
}

func TestDefaultsAreValid(t *testing.T) {
	cfg, err := Load(Options{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Location() != time.UTC || cfg.DataDir != "pulse-data" || !cfg.Sample.Load {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
}

func TestValidation(t *testing.T) {
	cases := []struct {
		name string
		file string
		env  []string
		want string // the error must contain this
	}{
		{"unknown key in file", "search:\n  max_page_size: 10\n", nil, `unknown key "search.max_page_size"`},
		{"unknown key suggests", "server:\n  adr: x\n", nil, `did you mean "server.addr"`},
		{"bad address", "server:\n  addr: nowhere\n", nil, `server.addr: must be HOST:PORT, got "nowhere"`},
		{"bad duration", "", []string{"PULSE_SEARCH_TIMEOUT=soon"}, "search.timeout"},
		{"zero duration", "search:\n  timeout: 0s\n", nil, `search.timeout: must be a positive duration`},
		{"per page out of range", "", []string{"PULSE_SEARCH_MAX_PER_PAGE=0"}, `search.max_per_page: must be between 1 and 10000, got "0"`},
		{"not a number", "", []string{"PULSE_SEARCH_MAX_PER_PAGE=lots"}, "max_per_page"},
		{"bad time zone", "timezone: Mars/Olympus\n", nil, `timezone: must be an IANA time zone`},
		{"bad log level", "log:\n  level: loud\n", nil, `log.level: must be debug, info, warn or error, got "loud"`},
		{"short token", "", []string{"PULSE_AUTH_WRITE_TOKENS=abc"}, "auth.write_tokens[0]: must be at least 16 characters, got 3"},
		{"bad proxy", "server:\n  trusted_proxies: [\"not-an-ip\"]\n", nil, `server.trusted_proxies: must be an IP address or CIDR range, got "not-an-ip"`},
		{"default per page above max", "search:\n  max_per_page: 5\n", nil, "search.default_per_page: must be between 1 and 5"},
		{"not yaml", "server: [\n", nil, "config file"},
		{"page limit above max limit", "", []string{"PULSE_RELATED_MAX_LIMIT=6"}, `related.page_limit: must be between 1 and 6, got "8"`},
		{"copy similarity over 1", "", []string{"PULSE_RELATED_COPY_SIMILARITY=1.5"}, `related.copy_similarity: must be between 0 and 1, got "1.5"`},
		{"user agent with a line break", "", []string{"PULSE_FEEDS_USER_AGENT=Pulse\r\nX-Evil: 1"}, "feeds.user_agent: must not hold control characters"},
		{"story cap too small", "", []string{"PULSE_INGEST_MAX_STORY_BYTES=10"}, `ingest.max_story_bytes: must be between 1024 and`},
		{"embedded and nats_urls", "", []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222", "PULSE_CLUSTER_ROUTE_LISTEN=127.0.0.1:6222", "PULSE_CLUSTER_ROUTES=nats-route://127.0.0.1:6222", "PULSE_CLUSTER_NATS_URLS=nats://127.0.0.1:4333"}, "cluster.nats_urls: must be empty with cluster.embedded"},
		{"embedded without routes", "", []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222", "PULSE_CLUSTER_ROUTE_LISTEN=127.0.0.1:6222"}, `cluster.routes: must list one server, or three or more`},
		{"embedded with two routes", "", []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222", "PULSE_CLUSTER_ROUTE_LISTEN=127.0.0.1:6222", "PULSE_CLUSTER_ROUTES=nats-route://127.0.0.1:6222,nats-route://127.0.0.1:6223"}, `got 2`},
		{"embedded without nats_listen", "", []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_ROUTE_LISTEN=127.0.0.1:6222", "PULSE_CLUSTER_ROUTES=nats-route://127.0.0.1:6222"}, `cluster.nats_listen: must be HOST:PORT with cluster.embedded`},
		{"embedded without route_listen", "", []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222", "PULSE_CLUSTER_ROUTES=nats-route://127.0.0.1:6222"}, `cluster.route_listen: must be HOST:PORT`},
		{"same client and route address", "", []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222", "PULSE_CLUSTER_ROUTE_LISTEN=127.0.0.1:4222", "PULSE_CLUSTER_ROUTES=nats-route://127.0.0.1:4222"}, `cluster.route_listen: must differ`},
		{"route not a route URL", "", []string{"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222", "PULSE_CLUSTER_ROUTE_LISTEN=127.0.0.1:6222", "PULSE_CLUSTER_ROUTES=nats://127.0.0.1:6222"}, `cluster.routes: must be a nats-route://host:port URL, got "nats://127.0.0.1:6222"`},
		{"negative min_seq wait", "", []string{"PULSE_CLUSTER_MIN_SEQ_WAIT=-1s"}, `cluster.min_seq_wait: must be 0 (do not wait) or a positive duration`},
		{"zero lease ttl", "", []string{"PULSE_CLUSTER_LEASE_TTL=0s"}, `cluster.lease_ttl: must be a positive duration`},
		{"renewal not within the ttl", "", []string{"PULSE_CLUSTER_LEASE_TTL=10s", "PULSE_CLUSTER_LEASE_RENEW=10s"}, `cluster.lease_renew: must be a positive duration less than cluster.lease_ttl (10s)`},
		{"zero snapshot interval", "", []string{"PULSE_CLUSTER_SNAPSHOT_INTERVAL=0s"}, `cluster.snapshot_interval: must be a positive duration`},
		{"routes without embedded", "", []string{"PULSE_CLUSTER_ROUTES=nats-route://127.0.0.1:6222"}, `cluster.routes: is for the embedded server`},
		{"nats_listen without embedded", "", []string{"PULSE_CLUSTER_NATS_URLS=nats://127.0.0.1:4222", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222"}, `cluster.nats_listen: is for the embedded server`},
		{"bad nats url", "", []string{"PULSE_CLUSTER_NATS_URLS=http://127.0.0.1:4222"}, `cluster.nats_urls: must be a nats://host:port`},
		{"bad cluster name", "", []string{"PULSE_CLUSTER_NAME=my cluster"}, `cluster.name: must be letters, digits, - and _, got "my cluster"`},
		{"negative max lag", "", []string{"PULSE_CLUSTER_MAX_LAG=-1"}, `cluster.max_lag: must be 0 or more`},
		{"retention within the snapshot interval", "", []string{"PULSE_CLUSTER_STREAM_MAX_AGE=30m"}, `cluster.stream_max_age: must be 0 (no bound) or longer than cluster.snapshot_interval (1h0m0s)`},
		{"tls cert without key and ca", "", []string{"PULSE_CLUSTER_NATS_URLS=tls://127.0.0.1:4222", "PULSE_CLUSTER_TLS_CERT=node.pem"}, `cluster.tls_key: must be set with cluster.tls_cert: the TLS files (certificate, private key, certificate authority) go together, all three or none`},
		{"tls without ca", "", []string{"PULSE_CLUSTER_NATS_URLS=tls://127.0.0.1:4222", "PULSE_CLUSTER_TLS_CERT=node.pem", "PULSE_CLUSTER_TLS_KEY=node-key.pem"}, `cluster.tls_ca: must be set with cluster.tls_cert and cluster.tls_key`},
		{"tls without a cluster", "", []string{"PULSE_CLUSTER_TLS_CERT=node.pem", "PULSE_CLUSTER_TLS_KEY=node-key.pem", "PULSE_CLUSTER_TLS_CA=ca.pem"}, `cluster.tls_cert: is for a cluster`},
		{"zero batch", "", []string{"PULSE_CLUSTER_MAX_BATCH=0"}, `cluster.max_batch: must be between 1 and 100000, got "0"`},
		{"negative retention bytes", "", []string{"PULSE_CLUSTER_STREAM_MAX_BYTES=-1"}, `cluster.stream_max_bytes: must be 0 (no bound)`},
		{"token and user", "", []string{"PULSE_CLUSTER_TOKEN=s3cret-token", "PULSE_CLUSTER_USER=pulse", "PULSE_CLUSTER_PASSWORD=pw"}, `cluster.token: must be empty with cluster.user and cluster.password`},
		{"user without password", "", []string{"PULSE_CLUSTER_USER=pulse"}, `cluster.user: and cluster.password must be set together`},
		{"negative widen_below", "", []string{"PULSE_SEARCH_WIDEN_BELOW=-1"}, `search.widen_below: must be between 0 and search.max_result_window, got "-1"`},
		{"widen_below over the result window", "", []string{"PULSE_SEARCH_WIDEN_BELOW=20000"}, `search.widen_below: must be between 0 and search.max_result_window, got "20000"`},
		{"bm25 k1 of 0", "", []string{"PULSE_SEARCH_BM25_K1=0"}, `search.bm25_k1: must be above 0 and at most 10, got "0"`},
		{"bm25 b over 1", "", []string{"PULSE_SEARCH_BM25_B=1.5"}, `search.bm25_b: must be between 0 and 1, got "1.5"`},
		{"negative proximity", "", []string{"PULSE_SEARCH_PROXIMITY_WEIGHT=-1"}, `search.proximity_weight: must be between 0 and 10, got "-1"`},
		{"feedback weight of 1", "", []string{"PULSE_SEARCH_FEEDBACK_WEIGHT=1"}, `search.feedback_weight: must be at least 0 and below 1, got "1"`},
		{"negative feedback context", "", []string{"PULSE_SEARCH_FEEDBACK_CONTEXT=-1"}, `search.feedback_context: must be between 0 and 10000, got "-1"`},
		{"feedback contrast over 1", "", []string{"PULSE_SEARCH_FEEDBACK_CONTRAST=2"}, `search.feedback_contrast: must be between 0 and 1, got "2"`},
		{"feedback smoothing negative", "", []string{"PULSE_SEARCH_FEEDBACK_SMOOTHING=-1"}, `search.feedback_smoothing: must be between 0 and 100, got "-1"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := Options{Environ: c.env}
			if opts.Environ == nil {
				opts.Environ = []string{}
			}
			if c.file != "" {
				opts.File = writeFile(t, c.file)
			}
			_, err := Load(opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got error %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestCluster loads the cluster keys from the environment (lists
// comma-separated) and from a file, and checks what each mode sets.
func TestCluster(t *testing.T) {
	routes := []string{"nats-route://127.0.0.1:6222", "nats-route://127.0.0.1:6223", "nats-route://127.0.0.1:6224"}
	for _, c := range []struct {
		name    string
		file    string
		env     []string
		enabled bool
		want    Cluster
	}{
		{"default: no cluster", "", nil, false, Defaults().Cluster},
		{"embedded from the environment", "", []string{
			"PULSE_CLUSTER_EMBEDDED=true", "PULSE_CLUSTER_NAME=news", "PULSE_CLUSTER_NATS_LISTEN=127.0.0.1:4222",
			"PULSE_CLUSTER_ROUTE_LISTEN=127.0.0.1:6222", "PULSE_CLUSTER_ROUTES=" + strings.Join(routes, ", "), "PULSE_CLUSTER_MAX_LAG=50",
			"PULSE_CLUSTER_MIN_SEQ_WAIT=0s", "PULSE_CLUSTER_LEASE_TTL=3s", "PULSE_CLUSTER_LEASE_RENEW=1s",
			"PULSE_CLUSTER_SNAPSHOT_INTERVAL=15m", "PULSE_CLUSTER_MAX_BATCH=200",
		}, true, Cluster{Embedded: true, Name: "news", NATSListen: "127.0.0.1:4222", RouteListen: "127.0.0.1:6222", Routes: routes, NATSURLs: []string{}, MaxLag: 50, LeaseTTL: 3 * time.Second, LeaseRenew: time.Second, SnapshotInterval: 15 * time.Minute, MaxBatch: 200}},
		{"embedded single server from a file", "cluster:\n  embedded: true\n  nats_listen: 127.0.0.1:4222\n  route_listen: 127.0.0.1:6222\n  routes: [nats-route://127.0.0.1:6222]\n", nil, true,
			Cluster{Embedded: true, Name: "pulse", NATSListen: "127.0.0.1:4222", RouteListen: "127.0.0.1:6222", Routes: routes[:1], NATSURLs: []string{}, MaxLag: 1000, MinSeqWait: 5 * time.Second, LeaseTTL: 30 * time.Second, LeaseRenew: 10 * time.Second, SnapshotInterval: time.Hour, MaxBatch: 1000}},
		{"existing cluster", "", []string{"PULSE_CLUSTER_NATS_URLS=nats://10.0.0.1:4222,nats://10.0.0.2:4222", "PULSE_CLUSTER_MAX_LAG=0",
			"PULSE_CLUSTER_STREAM_MAX_AGE=720h", "PULSE_CLUSTER_STREAM_MAX_BYTES=10000000000", "PULSE_CLUSTER_USER=pulse", "PULSE_CLUSTER_PASSWORD=s3cret",
			"PULSE_CLUSTER_TLS_CERT=/etc/pulse/node.pem", "PULSE_CLUSTER_TLS_KEY=/etc/pulse/node-key.pem", "PULSE_CLUSTER_TLS_CA=/etc/pulse/ca.pem"}, true,
			Cluster{Name: "pulse", Routes: []string{}, NATSURLs: []string{"nats://10.0.0.1:4222", "nats://10.0.0.2:4222"}, MaxLag: 0, MinSeqWait: 5 * time.Second, LeaseTTL: 30 * time.Second, LeaseRenew: 10 * time.Second, SnapshotInterval: time.Hour, MaxBatch: 1000,
				StreamMaxAge: 720 * time.Hour, StreamMaxBytes: 10000000000, User: "pulse", Password: "s3cret",
				TLSCert: "/etc/pulse/node.pem", TLSKey: "/etc/pulse/node-key.pem", TLSCA: "/etc/pulse/ca.pem"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := Options{Environ: append([]string{}, c.env...)}
			if c.file != "" {
				opts.File = writeFile(t, c.file)
			}
			cfg, err := Load(opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Cluster; !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
			if cfg.Cluster.Enabled() != c.enabled {
				t.Errorf("Enabled() = %v, want %v", cfg.Cluster.Enabled(), c.enabled)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Load(Options{File: filepath.Join(t.TempDir(), "nope.yaml"), Environ: []string{}})
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("got %v, want an error naming the file", err)
	}
}

func TestRedaction(t *testing.T) {
	secret := "s3cret-token-value-123456"
	cfg, err := Load(Options{Environ: []string{"PULSE_AUTH_WRITE_TOKENS=" + secret + ",another-token-value-7890", "PULSE_CLUSTER_TOKEN=nats-token-value-4567"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Auth.WriteTokens) != 2 {
		t.Fatalf("tokens: %v", cfg.Auth.WriteTokens)
	}
	out := cfg.Redacted()
	if strings.Contains(out, secret) || strings.Contains(out, "another-token") || strings.Contains(out, "nats-token") {
		t.Errorf("redacted output leaks a token:\n%s", out)
	}
	if strings.Count(out, "REDACTED") != 3 || !strings.Contains(out, "max_per_page: 100") {
		t.Errorf("redacted output:\n%s", out)
	}
	if cfg.Auth.WriteTokens[0] != secret {
		t.Errorf("Redacted changed the configuration itself")
	}
}

func TestOtherPulseVariablesIgnored(t *testing.T) {
	// PulseAudio uses PULSE_SERVER; it is not ours and must not break us.
	if _, err := Load(Options{Environ: []string{"PULSE_SERVER=unix:/run/pulse", "PULSE_SINK=x"}}); err != nil {
		t.Errorf("foreign PULSE_ variable broke loading: %v", err)
	}
}

func TestEnvNames(t *testing.T) {
	if got := EnvName("search.max_per_page"); got != "PULSE_SEARCH_MAX_PER_PAGE" {
		t.Errorf("EnvName: %s", got)
	}
	keys := Keys()
	for _, want := range []string{"data_dir", "server.addr", "search.max_per_page", "auth.write_tokens", "sample.load"} {
		found := false
		for _, k := range keys {
			found = found || k == want
		}
		if !found {
			t.Errorf("key %s missing from %v", want, keys)
		}
	}
}

func FuzzLoadFile(f *testing.F) {
	f.Add("server:\n  addr: 127.0.0.1:1\n")
	f.Add("search: {max_per_page: 3}\n")
	f.Add("[")
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(t.TempDir(), "c.yaml")
		os.WriteFile(p, []byte(body), 0o644)
		cfg, err := Load(Options{File: p, Environ: []string{}})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		// Whatever loads must be valid.
		if err := cfg.Validate(); err != nil {
			t.Fatalf("loaded config fails validation: %v", err)
		}
	})
}

// TestRedactionTLS prints the TLS files' paths, which say where the
// key is, never what it is: the configuration holds no key material.
func TestRedactionTLS(t *testing.T) {
	cfg, err := Load(Options{Environ: []string{"PULSE_CLUSTER_NATS_URLS=tls://10.0.0.1:4222",
		"PULSE_CLUSTER_TLS_CERT=/etc/pulse/node.pem", "PULSE_CLUSTER_TLS_KEY=/etc/pulse/node-key.pem", "PULSE_CLUSTER_TLS_CA=/etc/pulse/ca.pem"}})
	if err != nil {
		t.Fatal(err)
	}
	out := cfg.Redacted()
	for _, want := range []string{"tls_cert: /etc/pulse/node.pem", "tls_key: /etc/pulse/node-key.pem", "tls_ca: /etc/pulse/ca.pem"} {
		if !strings.Contains(out, want) {
			t.Errorf("pulse config does not show %q:\n%s", want, out)
		}
	}
}

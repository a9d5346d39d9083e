package api_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pulsesearch/pulse/config"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// captureLog sends the default logger's warnings to a buffer for the
// test's duration.
func captureLog(t *testing.T) *syncBuffer {
	t.Helper()
	buf := &syncBuffer{}
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	t.Cleanup(func() { slog.SetDefault(old) })
	return buf
}

// TestUntrustedProxyWarned sends requests through a "proxy" on loopback
// that is not in server.trusted_proxies: one warning names the peer and
// the setting, however many requests, and each request is counted in the
// metrics; once the proxy is trusted, nothing is said.
func TestUntrustedProxyWarned(t *testing.T) {
	for _, c := range []struct {
		name    string
		trusted []string
		warned  int
	}{
		{"untrusted", nil, 1},
		{"trusted", []string{"127.0.0.1"}, 0},
		{"trusted range", []string{"127.0.0.0/8"}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs := captureLog(t)
			srv, m := newServer(t, func(cfg *config.Config) { cfg.Server.TrustedProxies = c.trusted }, 0)
			for i, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-For"} {
				val := "203.0.113.7"
				if h == "Forwarded" {
					val = "for=203.0.113.7"
				}
				if r := do(t, "GET", srv.URL+"/api/search?q=oil", "", nil, h, val); r.StatusCode != http.StatusOK {
					t.Fatalf("request %d: status %d", i, r.StatusCode)
				}
			}
			do(t, "GET", srv.URL+"/api/search?q=oil", "", nil) // not forwarded
			if got := strings.Count(logs.String(), "not trusted"); got != c.warned {
				t.Errorf("%d warnings, want %d:\n%s", got, c.warned, logs)
			}
			if c.warned > 0 && (!strings.Contains(logs.String(), "peer=127.0.0.1") || !strings.Contains(logs.String(), "server.trusted_proxies") || !strings.Contains(logs.String(), "PULSE_SERVER_TRUSTED_PROXIES=127.0.0.1")) {
				t.Errorf("the warning does not name the peer and the setting:\n%s", logs)
			}
			want := float64(4 * c.warned)
			if got := m.Snapshot()["pulse_http_untrusted_forwarded_total"]; got != want {
				t.Errorf("metric %g, want %g", got, want)
			}
		})
	}
}

// TestTokenLimitedPerToken: a client with a valid API token is limited by
// its token's own bucket, not its address's; readers at that address keep
// theirs, and a wrong token is just an address.
func TestTokenLimitedPerToken(t *testing.T) {
	srv, _ := newServer(t, func(cfg *config.Config) {
		cfg.Limits.SearchRate, cfg.Limits.SearchBurst = 0.001, 2
		cfg.Limits.TokenRate, cfg.Limits.TokenBurst = 0.001, 50
	}, 0)
	for i := range 50 {
		if r := do(t, "GET", srv.URL+"/api/search?q=oil", token, nil); r.StatusCode != http.StatusOK {
			t.Fatalf("token request %d: status %d", i, r.StatusCode)
		}
	}
	if r := do(t, "GET", srv.URL+"/api/search?q=oil", token, nil); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("past the token's burst: status %d, want 429", r.StatusCode)
	}
	// The address's bucket was not touched by the token's requests.
	for i := range 2 {
		if r := do(t, "GET", srv.URL+"/api/search?q=oil", "", nil); r.StatusCode != http.StatusOK {
			t.Fatalf("reader request %d: status %d", i, r.StatusCode)
		}
	}
	if r := do(t, "GET", srv.URL+"/api/search?q=oil", "not-the-token-at-all", nil); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a wrong token past the address's burst: status %d, want 429", r.StatusCode)
	}
}

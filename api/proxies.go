package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse/metrics"
)

// forwardHeaders are the headers a reverse proxy sets to name the reader.
var forwardHeaders = []string{"X-Forwarded-For", "Forwarded", "X-Real-IP"}

// maxWarnedPeers bounds the peers remembered as warned about, so a stream
// of forged headers from many addresses cannot grow the set without end.
const maxWarnedPeers = 1024

// proxyWatch notices requests that a reverse proxy forwarded but whose
// peer is not in server.trusted_proxies. Pulse then sees every reader
// behind that proxy as the proxy's one address, so they share its rate
// limits: the site starts answering 429 at modest traffic. Each such peer
// is logged once, naming the setting, and every such request is counted.
type proxyWatch struct {
	trusted []netip.Prefix
	m       *metrics.Metrics
	mu      sync.Mutex
	warned  map[string]bool
}

// newProxyWatch reads the trusted proxies, IPs or CIDR ranges that
// config.Validate has checked; one that does not parse trusts nothing.
func newProxyWatch(trusted []string, m *metrics.Metrics) *proxyWatch {
	w := &proxyWatch{m: m, warned: map[string]bool{}}
	for _, t := range trusted {
		if p, err := netip.ParsePrefix(t); err == nil {
			w.trusted = append(w.trusted, p)
		} else if a, err := netip.ParseAddr(t); err == nil {
			w.trusted = append(w.trusted, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		}
	}
	return w
}

func (w *proxyWatch) handle(c *gin.Context) {
	header := ""
	for _, h := range forwardHeaders {
		if c.GetHeader(h) != "" {
			header = h
			break
		}
	}
	if header == "" {
		c.Next()
		return
	}
	host, _, err := net.SplitHostPort(strings.TrimSpace(c.Request.RemoteAddr))
	if err != nil {
		host = c.Request.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || w.isTrusted(peer.Unmap()) {
		c.Next()
		return
	}
	w.m.UntrustedForward()
	if w.first(peer.Unmap().String()) {
		slog.WarnContext(c.Request.Context(), "requests arrive through a proxy that is not trusted: every reader behind it has its address and shares its rate limits",
			"peer", peer.Unmap().String(), "header", header,
			"fix", "if "+peer.Unmap().String()+" is your reverse proxy, add it to server.trusted_proxies (PULSE_SERVER_TRUSTED_PROXIES="+peer.Unmap().String()+")")
	}
	c.Next()
}

func (w *proxyWatch) isTrusted(a netip.Addr) bool {
	for _, p := range w.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// first reports whether peer is seen for the first time, and records it.
func (w *proxyWatch) first(peer string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.warned[peer] || len(w.warned) >= maxWarnedPeers {
		return false
	}
	w.warned[peer] = true
	return true
}

// tokenKey returns the rate-limit key of a request that carries one of
// tokens as its bearer token: a digest, so the table never holds a token.
// It returns "" for a request without a valid token, limited by address.
func tokenKey(c *gin.Context, tokens []string) string {
	got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || got == "" || len(tokens) == 0 {
		return ""
	}
	match := 0
	for _, t := range tokens {
		match |= subtle.ConstantTimeCompare([]byte(got), []byte(t))
	}
	if match != 1 {
		return ""
	}
	sum := sha256.Sum256([]byte(got))
	return "token:" + hex.EncodeToString(sum[:8])
}

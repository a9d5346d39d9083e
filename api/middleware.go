package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"math"
	"net/http"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/metrics"
)

type ctxKey int

// refusedKey marks, in the gin context, a request a limit refused.
const refusedKey = "pulse.refused"

const requestIDKey ctxKey = 0

// RequestID returns the id of the request a context belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithRequestIDs wraps a log handler so that every record logged with a
// request's context carries its request_id.
func WithRequestIDs(h slog.Handler) slog.Handler { return requestIDHandler{h} }

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// observe gives each request an id (the client's X-Request-ID when it is
// sane), logs one line when it ends, and records it in the metrics. The
// line has the route, never the Authorization header.
func observe(m *metrics.Metrics) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		id := c.GetHeader("X-Request-ID")
		if !validRequestID.MatchString(id) {
			var b [8]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Header("X-Request-ID", id)
		c.Header("X-Content-Type-Options", "nosniff")
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey, id))
		c.Next()
		d := time.Since(start)
		status := c.Writer.Status()
		route := c.FullPath()
		if m != nil {
			m.Request(route, c.Request.Method, status, d)
		}
		level := slog.LevelInfo
		switch {
		case c.GetBool(refusedKey):
			// A request refused by a limit is counted in the metrics;
			// a line each would flood the log exactly under overload.
			level = slog.LevelDebug
		case status >= 500:
			level = slog.LevelError
		}
		slog.Log(c.Request.Context(), level, "request",
			"method", c.Request.Method, "route", route, "path", c.Request.URL.Path,
			"status", status, "bytes", c.Writer.Size(), "ms", float64(d.Microseconds())/1000,
			"client", c.ClientIP())
	}
}

// Endpoint classes that limits apply to.
const (
	classNone    = ""
	classSearch  = "search"
	classRelated = "related"
	classWrite   = "write"
)

// classify names the limit class of a route.
func classify(method, route string) string {
	switch {
	case route == "":
		return classNone
	case method != http.MethodGet && method != http.MethodHead && route != "/api/related":
		return classWrite
	case strings.HasSuffix(route, "/related") || strings.HasPrefix(route, "/widget") || route == "/api/related":
		return classRelated
	case route == "/api/search" || strings.HasPrefix(route, "/api/facets") || route == "/" ||
		strings.HasPrefix(route, "/search") || route == "/compare":
		return classSearch
	}
	return classNone
}

// limiter applies per-client rate limits by class and bounds the
// searches running at once.
type limiter struct {
	cfg     config.Limits
	tokens  []string // requests with one of these are limited per token
	m       *metrics.Metrics
	mu      sync.Mutex
	clients map[string]*client
	slots   chan struct{}
	swept   time.Time
}

type client struct {
	byClass map[string]*rate.Limiter
	seen    time.Time
}

func newLimiter(cfg config.Limits, tokens []string, m *metrics.Metrics) *limiter {
	slots := cfg.MaxConcurrent
	if slots <= 0 {
		// Two searches per core keep both busy without queueing inside.
		slots = 2 * runtime.GOMAXPROCS(0)
	}
	return &limiter{cfg: cfg, tokens: tokens, m: m, clients: map[string]*client{}, slots: make(chan struct{}, slots), swept: time.Now()}
}

func (l *limiter) rateFor(key, class string) (rate.Limit, int) {
	if strings.HasPrefix(key, "token:") {
		return rate.Limit(l.cfg.TokenRate), l.cfg.TokenBurst
	}
	switch class {
	case classSearch:
		return rate.Limit(l.cfg.SearchRate), l.cfg.SearchBurst
	case classRelated:
		return rate.Limit(l.cfg.RelatedRate), l.cfg.RelatedBurst
	}
	return rate.Limit(l.cfg.WriteRate), l.cfg.WriteBurst
}

// allow takes a token for the client (an address, or an API token's
// key) in the class, or says how long to wait for one.
func (l *limiter) allow(ip, class string) (bool, time.Duration) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		// Forget idle clients, so the table does not grow without bound.
		for k, c := range l.clients {
			if now.Sub(c.seen) > 10*time.Minute {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c := l.clients[ip]
	if c == nil {
		c = &client{byClass: map[string]*rate.Limiter{}}
		l.clients[ip] = c
	}
	c.seen = now
	lim := c.byClass[class]
	if lim == nil {
		lim = rate.NewLimiter(l.rateFor(ip, class))
		c.byClass[class] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

func (l *limiter) handle(c *gin.Context) {
	class := classify(c.Request.Method, c.FullPath())
	if class == classNone {
		c.Next()
		return
	}
	key := tokenKey(c, l.tokens)
	if key == "" {
		key = c.ClientIP()
	}
	if ok, wait := l.allow(key, class); !ok {
		l.m.Limited("rate_" + class)
		c.Set(refusedKey, true)
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeError(c, &pulse.Error{Code: pulse.ERateLimited, Message: "too many " + class + " requests from this client: the limit is " +
			strconv.FormatFloat(float64(mustRate(l, key, class)), 'g', -1, 64) + " per second; retry after " + wait.Round(time.Millisecond).String()})
		return
	}
	if class != classSearch {
		c.Next()
		return
	}
	t := time.NewTimer(l.cfg.QueueWait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		defer func() { <-l.slots }()
		c.Next()
	case <-t.C:
		l.m.Limited("concurrency")
		c.Set(refusedKey, true)
		c.Header("Retry-After", "1")
		writeError(c, pulse.Errorf(pulse.EUnavailable, "the server is busy: %d searches are running (limits.max_concurrent); retry shortly", cap(l.slots)))
	case <-c.Request.Context().Done():
		c.Abort()
	}
}

func mustRate(l *limiter, key, class string) rate.Limit {
	r, _ := l.rateFor(key, class)
	return r
}

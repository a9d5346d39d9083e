package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/metrics"
	"github.com/pulsesearch/pulse/search"
)

// Searcher answers searches and reads articles.
type Searcher interface {
	Search(ctx context.Context, r search.Request) (*search.Result, error)
	FacetValues(ctx context.Context, r search.Request, facet, prefix string, limit int) ([]search.FacetValue, error)
	Article(ctx context.Context, id string) (*pulse.Article, error)
}

// Ingester writes articles sent over HTTP.
type Ingester interface {
	IngestJSON(ctx context.Context, body []byte) ([]pulse.ItemResult, error)
	DeleteID(ctx context.Context, id string) (bool, error)
}

// StatsFunc reports on the index.
type StatsFunc func(ctx context.Context) (pulse.Stats, error)

// Backuper writes a consistent backup of the live index.
type Backuper interface {
	Backup(w io.Writer) error
}

// Handler holds the API's dependencies.
type Handler struct {
	Searcher Searcher
	// Ingester may be nil: writes are then unavailable.
	Ingester Ingester
	Stats    StatsFunc
	// Config holds the sections of the configuration the API reads.
	Config Config
	// Metrics may be nil: nothing is recorded and /metrics is absent.
	Metrics *metrics.Metrics
	// Backuper may be nil: backups over HTTP are then unavailable.
	Backuper Backuper
	// Related may be nil: related stories are then unavailable.
	Related Relater
	// Replica is nil on a node on its own; on a replica it gives the
	// node's place in the log (Pulse-Seq, /readyz, min_seq).
	Replica Replica
	// PageError, when not nil, renders the errors of requests outside
	// /api/ (the pages, which package web registers on the same router)
	// as pages; the API's own are JSON.
	PageError func(c *gin.Context, err error)
}

// Replica is a node fed from the replicated log.
type Replica interface {
	// Applied returns the sequence of the last change of the log applied.
	Applied() uint64
	// Lag returns how many changes of the log are not applied yet.
	Lag(ctx context.Context) (uint64, error)
	// WaitFor blocks until the change at seq is applied or ctx ends,
	// and returns ctx's error then.
	WaitFor(ctx context.Context, seq uint64) error
}

// Config is what the API reads of the configuration: the server's
// limits, the searches', the rate limits, the write tokens, and those of
// related stories and the widget it serves. cmd copies it from a
// validated configuration; every value is used as given.
type Config struct {
	Server  config.Server
	Search  config.Search
	Limits  config.Limits
	Auth    config.Auth
	Related config.Related
	Widget  config.Widget
	// MaxLag is how far behind the log a replica may be and be ready
	// (cluster.max_lag).
	MaxLag int64
	// MinSeqWait bounds a read's wait for its min_seq
	// (cluster.min_seq_wait).
	MinSeqWait time.Duration
	// Location is the zone of dates given without one; not nil.
	Location *time.Location
}

// NewRouter returns the Gin engine with every API route registered; the
// page's routes are added to it by package web.
func NewRouter(h *Handler) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// Article ids may hold "/" (given by the input); clients escape it as
	// %2F, and the router matches on the escaped path so it stays in :id.
	r.UseRawPath = true
	r.UnescapePathValues = true
	r.RemoveExtraSlash = false
	r.HandleMethodNotAllowed = true
	_ = r.SetTrustedProxies(h.Config.Server.TrustedProxies)
	r.Use(observe(h.Metrics))
	r.Use(gin.CustomRecovery(func(c *gin.Context, rec any) {
		writeError(c, fmt.Errorf("panic: %v", rec))
	}))
	r.Use(newProxyWatch(h.Config.Server.TrustedProxies, h.Metrics).handle)
	if h.Config.Limits.Enabled {
		r.Use(newLimiter(h.Config.Limits, h.Config.Auth.WriteTokens, h.Metrics).handle)
	}
	r.Use(h.timeout)
	if h.Replica != nil {
		r.Use(h.seqHeader, h.minSeq)
	}
	r.NoRoute(func(c *gin.Context) {
		writeError(c, pulse.Errorf(pulse.ENotFound, "no route %s %s", c.Request.Method, c.Request.URL.Path))
	})
	r.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, errorBody{errorDetail{Code: "method_not_allowed", Message: fmt.Sprintf("%s is not allowed on %s", c.Request.Method, c.Request.URL.Path)}})
	})

	r.GET("/healthz", h.health)
	r.GET("/readyz", h.ready)
	if h.Metrics != nil {
		r.GET("/metrics", gin.WrapH(h.Metrics.Handler()))
	}
	admin := r.Group("/api/admin", h.authorize)
	admin.GET("/backup", h.backup)
	admin.GET("/zero-results", h.zeroResults)
	g := r.Group("/api")
	g.GET("/search", h.search)
	g.GET("/facets/:field", h.facetValues)
	g.GET("/stats", h.stats)
	g.GET("/articles/:id", h.article)
	g.GET("/articles/:id/related", h.related)
	g.POST("/related", h.relatedDraft)
	g.POST("/articles", h.authorize, h.ingest)
	g.DELETE("/articles/:id", h.authorize, h.delete)
	return r
}

// timeout bounds every request's context.
func (h *Handler) timeout(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), h.Config.Server.RequestTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

func (h *Handler) health(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// seqHeader tells, on every response of a replica, the sequence of the
// last change of the log its index holds, so a client can tell how fresh
// what it read is. It is taken when the response starts, after the
// handler's work: a write's response tells a sequence that includes it.
func (h *Handler) seqHeader(c *gin.Context) {
	c.Writer = &seqWriter{ResponseWriter: c.Writer, seq: h.Replica.Applied}
	c.Next()
}

// minSeq lets a client read its own write on any node: a request with
// min_seq=N (the Pulse-Seq of the write's response) is served once this
// node has applied change N, waiting up to cluster.min_seq_wait, and
// answered 503 otherwise. The parameter is taken off the query before
// the handler parses it, so every route accepts it, reads and pages
// alike.
func (h *Handler) minSeq(c *gin.Context) {
	q := c.Request.URL.Query()
	raw, ok := q["min_seq"]
	if !ok {
		c.Next()
		return
	}
	fail := func(err error) {
		if h.PageError != nil && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
			h.PageError(c, err)
			c.Abort()
			return
		}
		writeError(c, err)
	}
	seq, err := strconv.ParseUint(raw[0], 10, 64)
	if len(raw) != 1 || err != nil {
		fail(pulse.ParamError("min_seq", "must be one sequence of the log, a whole number from 0, got %q", strings.Join(raw, ",")))
		return
	}
	q.Del("min_seq")
	u := *c.Request.URL
	u.RawQuery = q.Encode()
	c.Request.URL = &u
	ctx, cancel := context.WithTimeout(c.Request.Context(), h.Config.MinSeqWait)
	err = h.Replica.WaitFor(ctx, seq)
	cancel()
	if err != nil {
		fail(&pulse.Error{Code: pulse.EUnavailable, Parameter: "min_seq", Err: err, Message: fmt.Sprintf(
			"min_seq=%d: this node has applied the log up to sequence %d and did not reach %d within %s (cluster.min_seq_wait); retry, or read from another node",
			seq, h.Replica.Applied(), seq, h.Config.MinSeqWait)})
		return
	}
	c.Next()
}

// seqWriter sets Pulse-Seq just before the status line goes out.
type seqWriter struct {
	gin.ResponseWriter
	seq     func() uint64
	stamped bool
}

func (w *seqWriter) stamp() {
	if !w.stamped && !w.Written() {
		w.stamped = true
		w.Header().Set("Pulse-Seq", strconv.FormatUint(w.seq(), 10))
	}
}

func (w *seqWriter) WriteHeaderNow() {
	w.stamp()
	w.ResponseWriter.WriteHeaderNow()
}

func (w *seqWriter) Write(b []byte) (int, error) {
	w.stamp()
	return w.ResponseWriter.Write(b)
}

func (w *seqWriter) WriteString(s string) (int, error) {
	w.stamp()
	return w.ResponseWriter.WriteString(s)
}

// ready answers 200 when the index is open and answers a search, with
// the number of articles (copies each counted: collapse is off).
func (h *Handler) ready(c *gin.Context) {
	req, _ := search.ParseRequest(url.Values{"per_page": {"1"}, "facets": {""}, "histogram": {"off"}, "collapse": {"off"}}, h.Config.Search, h.Config.Location)
	res, err := h.Searcher.Search(c.Request.Context(), req)
	if err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "not ready", "reason": "the index does not answer"})
		return
	}
	if h.Replica == nil {
		c.JSON(http.StatusOK, gin.H{"status": "ready", "articles": res.Total})
		return
	}
	lag, err := h.Replica.Lag(c.Request.Context())
	seq := h.Replica.Applied()
	switch {
	case err != nil:
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "not ready", "reason": "the log does not answer", "articles": res.Total, "seq": seq})
	case lag > uint64(h.Config.MaxLag):
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "not ready", "reason": fmt.Sprintf("%d changes behind the log, more than cluster.max_lag (%d)", lag, h.Config.MaxLag), "articles": res.Total, "seq": seq, "lag": lag})
	default:
		c.JSON(http.StatusOK, gin.H{"status": "ready", "articles": res.Total, "seq": seq, "lag": lag})
	}
}

func (h *Handler) search(c *gin.Context) {
	req, err := search.ParseRequest(c.Request.URL.Query(), h.Config.Search, h.Config.Location)
	if err != nil {
		writeError(c, err)
		return
	}
	start := time.Now()
	res, err := h.Searcher.Search(c.Request.Context(), req)
	if err != nil {
		writeError(c, err)
		return
	}
	h.Metrics.Search(req.Query, res.Total, time.Since(start))
	c.JSON(http.StatusOK, res)
}

// backup streams a consistent copy of the live index as a gzipped tar.
func (h *Handler) backup(c *gin.Context) {
	if h.Backuper == nil {
		writeError(c, pulse.Errorf(pulse.EUnavailable, "backups are not available on this server"))
		return
	}
	c.Header("Content-Type", "application/gzip")
	c.Header("Content-Disposition", `attachment; filename="pulse-backup.tar.gz"`)
	c.Status(http.StatusOK)
	if err := h.Backuper.Backup(c.Writer); err != nil {
		// The status is gone with the first byte; the client sees a cut
		// archive, which restore refuses, and the log says why.
		slog.ErrorContext(c.Request.Context(), "backup failed", "err", err)
		c.Abort()
	}
}

// zeroResults lists recent queries that found nothing, for editors.
func (h *Handler) zeroResults(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"queries": h.Metrics.ZeroQueries()})
}

// facetValues answers GET /api/facets/{field}?prefix=&limit= plus the
// search's own parameters, whose matches the values are counted over.
func (h *Handler) facetValues(c *gin.Context) {
	q := c.Request.URL.Query()
	prefix := q.Get("prefix")
	limit := 20
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > h.Config.Search.FacetSize*100 {
			writeError(c, pulse.ParamError("limit", "must be between 1 and %d, got %q", h.Config.Search.FacetSize*100, s))
			return
		}
		limit = n
	}
	if len(prefix) > 200 {
		writeError(c, pulse.ParamError("prefix", "must be at most 200 bytes, got %d", len(prefix)))
		return
	}
	q.Del("prefix")
	q.Del("limit")
	req, err := search.ParseRequest(q, h.Config.Search, h.Config.Location)
	if err != nil {
		writeError(c, err)
		return
	}
	vals, err := h.Searcher.FacetValues(c.Request.Context(), req, c.Param("field"), prefix, limit)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"field": c.Param("field"), "prefix": prefix, "values": vals})
}

func (h *Handler) article(c *gin.Context) {
	a, err := h.Searcher.Article(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (h *Handler) stats(c *gin.Context) {
	s, err := h.Stats(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, s)
}

// authorize lets a request through only with one of the configured write
// tokens as its bearer token, compared in constant time.
func (h *Handler) authorize(c *gin.Context) {
	tokens := h.Config.Auth.WriteTokens
	if len(tokens) == 0 || h.Ingester == nil {
		writeError(c, pulse.Errorf(pulse.EForbidden, "writes over HTTP are disabled: no write token is configured (set auth.write_tokens or PULSE_AUTH_WRITE_TOKENS)"))
		return
	}
	got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || got == "" {
		c.Header("WWW-Authenticate", `Bearer realm="pulse"`)
		writeError(c, pulse.Errorf(pulse.EUnauthorized, "this endpoint needs an Authorization: Bearer <token> header"))
		return
	}
	match := 0
	for _, t := range tokens {
		match |= subtle.ConstantTimeCompare([]byte(got), []byte(t))
	}
	if match != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="pulse", error="invalid_token"`)
		writeError(c, pulse.Errorf(pulse.EUnauthorized, "the bearer token is not one of the configured write tokens"))
		return
	}
	c.Next()
}

// readBody reads the request body up to server.max_body_bytes; on error
// it has written the response (413 over the limit, with hint) and returns
// false.
func (h *Handler) readBody(c *gin.Context, hint string) ([]byte, bool) {
	limit := h.Config.Server.MaxBodyBytes
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(c, pulse.Errorf(pulse.ETooLarge, "request body over the limit of %d bytes (server.max_body_bytes)%s", limit, hint))
		} else {
			writeError(c, pulse.Errorf(pulse.EInvalid, "reading body: %v", err))
		}
		return nil, false
	}
	return body, true
}

func (h *Handler) ingest(c *gin.Context) {
	body, ok := h.readBody(c, "; send smaller batches")
	if !ok {
		return
	}
	start := time.Now()
	results, err := h.Ingester.IngestJSON(c.Request.Context(), body)
	if err != nil {
		writeError(c, err)
		return
	}
	counts := map[pulse.Outcome]int{}
	for _, r := range results {
		counts[r.Outcome]++
	}
	h.Metrics.Ingest("read", len(results))
	for o, n := range counts {
		h.Metrics.Ingest(string(o), n)
	}
	status := http.StatusOK
	if counts[pulse.Rejected] == len(results) {
		// Nothing was written: say so with a 4xx, the reasons inside.
		status = http.StatusUnprocessableEntity
	}
	c.JSON(status, gin.H{
		"results":   results,
		"indexed":   counts[pulse.Indexed],
		"updated":   counts[pulse.Updated],
		"unchanged": counts[pulse.Unchanged],
		"rejected":  counts[pulse.Rejected],
		"took_ms":   float64(time.Since(start).Microseconds()) / 1000,
	})
}

func (h *Handler) delete(c *gin.Context) {
	id := c.Param("id")
	found, err := h.Ingester.DeleteID(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return
	}
	if !found {
		writeError(c, &pulse.Error{Code: pulse.ENotFound, Message: fmt.Sprintf("article %q: not found", id), Parameter: "id"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": id, "deleted": true})
}

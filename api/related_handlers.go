package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/search/related"
)

// Relater finds related stories for an indexed article or a draft.
type Relater interface {
	Related(ctx context.Context, id string, q related.Query) ([]related.Story, error)
	RelatedTo(ctx context.Context, a *pulse.Article, q related.Query) ([]related.Story, error)
}

// relatedParams are the query parameters of the related endpoints.
var relatedParams = []string{"limit", "max_age_days", "since", "exclude"}

// ParseRelatedQuery reads limit, max_age_days, since and exclude.
//
// It returns an EInvalid error naming the first bad parameter.
func ParseRelatedQuery(v url.Values, cfg config.Related, loc *time.Location) (related.Query, error) {
	var q related.Query
	for key := range v {
		if !slices.Contains(relatedParams, key) {
			return q, pulse.ParamError(key, "unknown parameter; known: %s", strings.Join(relatedParams, ", "))
		}
	}
	q.Limit = cfg.DefaultLimit
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > cfg.MaxLimit {
			return q, pulse.ParamError("limit", "must be between 1 and %d, got %q", cfg.MaxLimit, s)
		}
		q.Limit = n
	}
	if s := v.Get("max_age_days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100*366 {
			return q, pulse.ParamError("max_age_days", "must be a number of days from 1 to %d, got %q", 100*366, s)
		}
		q.MaxAgeDays = n
	}
	if s := v.Get("since"); s != "" {
		t, err := pulse.ParseTime(s, loc)
		if err != nil {
			return q, pulse.ParamError("since", "%v", err)
		}
		q.Since = t
	}
	for _, list := range v["exclude"] {
		for _, id := range strings.Split(list, ",") {
			if id = strings.TrimSpace(id); id != "" {
				q.Exclude = append(q.Exclude, id)
			}
		}
	}
	if len(q.Exclude) > cfg.MaxExclude {
		return q, pulse.ParamError("exclude", "at most %d ids, got %d", cfg.MaxExclude, len(q.Exclude))
	}
	return q, nil
}

// relatedQuery reads a related request's parameters, or answers the
// error (no related stories here, or a bad parameter) and returns false.
func (h *Handler) relatedQuery(c *gin.Context) (related.Query, bool) {
	if h.Related == nil {
		writeError(c, pulse.Errorf(pulse.EUnavailable, "related stories are not available on this server"))
		return related.Query{}, false
	}
	q, err := ParseRelatedQuery(c.Request.URL.Query(), h.Config.Related, h.Config.Location)
	if err != nil {
		writeError(c, err)
		return related.Query{}, false
	}
	return q, true
}

func (h *Handler) related(c *gin.Context) {
	q, ok := h.relatedQuery(c)
	if !ok {
		return
	}
	start := time.Now()
	stories, err := h.Related.Related(c.Request.Context(), c.Param("id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	h.Metrics.Related(time.Since(start))
	h.writeRelated(c, stories, true)
}

// draft is what POST /api/related takes: an article not yet indexed.
type draft struct {
	Title       string `json:"title"`
	Body        string `json:"body"`
	Summary     string `json:"summary"`
	PublishedAt string `json:"published_at"`
	Language    string `json:"language"`
}

func (h *Handler) relatedDraft(c *gin.Context) {
	q, ok := h.relatedQuery(c)
	if !ok {
		return
	}
	body, ok := h.readBody(c, "")
	if !ok {
		return
	}
	var d draft
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		writeError(c, pulse.Errorf(pulse.EInvalid, "body: want a JSON object with title and body: %v", err))
		return
	}
	a := &pulse.Article{Title: d.Title, Body: d.Body, Summary: d.Summary, Language: d.Language}
	if !a.HasText() {
		writeError(c, &pulse.Error{Code: pulse.EInvalid, Parameter: "body", Message: "body: the draft has neither title nor body"})
		return
	}
	if d.PublishedAt != "" {
		t, err := pulse.ParseTime(d.PublishedAt, h.Config.Location)
		if err != nil {
			writeError(c, pulse.ParamError("published_at", "%v", err))
			return
		}
		a.PublishedAt = t
	}
	start := time.Now()
	stories, err := h.Related.RelatedTo(c.Request.Context(), a, q)
	if err != nil {
		writeError(c, err)
		return
	}
	h.Metrics.Related(time.Since(start))
	h.writeRelated(c, stories, false)
}

// writeRelated answers with the list, cacheable by browsers and proxies
// for widget.max_age, with an ETag so an unchanged list costs a 304, and
// readable cross-origin by the configured sites.
func (h *Handler) writeRelated(c *gin.Context, stories []related.Story, cacheable bool) {
	if stories == nil {
		stories = []related.Story{}
	}
	body, err := json.Marshal(gin.H{"related": stories})
	if err != nil {
		writeError(c, err)
		return
	}
	allowOrigin(c, h.Config.Widget.AllowedOrigins)
	if cacheable {
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:12]) + `"`
		c.Header("ETag", etag)
		c.Header("Cache-Control", "public, max-age="+strconv.Itoa(int(h.Config.Widget.MaxAge.Seconds())))
		if inm := c.GetHeader("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
			c.Status(http.StatusNotModified)
			return
		}
	} else {
		c.Header("Cache-Control", "no-store")
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// allowOrigin lets a configured origin read the response (CORS).
func allowOrigin(c *gin.Context, allowed []string) {
	c.Header("Vary", "Origin")
	if o := c.GetHeader("Origin"); o != "" && slices.Contains(allowed, o) {
		c.Header("Access-Control-Allow-Origin", o)
	}
}

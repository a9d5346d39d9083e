package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
)

// The related-stories widget: an HTML fragment a site frames beside an
// article (/widget/related/{id}), and a script (/widget.js) that renders
// the same cards into the site's page from the JSON API. Only the origins
// in widget.allowed_origins may frame the fragment (CSP frame-ancestors)
// or read the JSON (CORS).

//go:embed static/widget.js
var widgetJS []byte

type widgetView struct {
	Stories []widgetCard
}

type widgetCard struct {
	Title, Link, Date, ISODate, Source string
}

var widgetTemplate = template.Must(template.New("widget").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Related stories</title><link rel="stylesheet" href="/static/widget.css"></head>
<body>{{if .Stories}}<section class="pulse-related" aria-label="Related stories"><h2>Related stories</h2><ul>
{{range .Stories}}<li><a href="{{.Link}}" target="_top" rel="noopener">{{.Title}}</a><span class="meta">{{if .Date}}<time datetime="{{.ISODate}}">{{.Date}}</time>{{end}}{{if and .Date .Source}} · {{end}}{{.Source}}</span></li>
{{end}}</ul></section>{{end}}</body></html>
`))

// frameAncestors is the CSP frame-ancestors source list: the server
// itself and the configured origins.
func (p *Pages) frameAncestors() string {
	list := []string{"'self'"}
	list = append(list, p.cfg.Widget.AllowedOrigins...)
	return strings.Join(list, " ")
}

// widgetLimit reads the widget's limit as the API reads its own: absent,
// related.default_limit; otherwise 1 to related.max_limit, or an
// EInvalid error naming the value.
func (p *Pages) widgetLimit(c *gin.Context) (int, error) {
	s := c.Query("limit")
	if s == "" {
		return p.cfg.Related.DefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > p.cfg.Related.MaxLimit {
		return 0, pulse.ParamError("limit", "must be between 1 and %d, got %q", p.cfg.Related.MaxLimit, s)
	}
	return n, nil
}

// widget renders the related-stories fragment. A missing article, or a
// failure, renders an empty fragment: a site's page must not show an
// error box where the widget would be. A bad limit is the embedding
// site's mistake, not a reader's, and is answered 400 with the reason, as
// the API answers it.
func (p *Pages) widget(c *gin.Context) {
	limit, err := p.widgetLimit(c)
	if err != nil {
		c.Header("Content-Security-Policy", "default-src 'none'; frame-ancestors "+p.frameAncestors()+"; base-uri 'none'")
		c.Header("X-Content-Type-Options", "nosniff")
		c.String(pulse.HTTPStatus(err), err.Error())
		return
	}
	var v widgetView
	if p.Related != nil {
		stories, err := p.Related.Related(c.Request.Context(), c.Param("id"), limit)
		if err != nil {
			slog.DebugContext(c.Request.Context(), "widget: no related stories", "id", c.Param("id"), "err", err)
		}
		for _, s := range stories {
			card := widgetCard{Title: s.Title, Link: s.URL, Source: s.Source}
			if !pulse.WebURL(card.Link) {
				card.Link = ArticleURL(s.ID)
			}
			if !s.PublishedAt.IsZero() {
				card.Date = s.PublishedAt.In(p.cfg.Location).Format("2 Jan 2006")
				card.ISODate = s.PublishedAt.Format(time.RFC3339)
			}
			v.Stories = append(v.Stories, card)
		}
	}
	var buf bytes.Buffer
	if err := widgetTemplate.Execute(&buf, v); err != nil {
		slog.ErrorContext(c.Request.Context(), "render widget", "err", err)
		buf.Reset()
	}
	sum := sha256.Sum256(buf.Bytes())
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors "+p.frameAncestors()+"; base-uri 'none'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "strict-origin-when-cross-origin")
	c.Header("Cache-Control", "public, max-age="+strconv.Itoa(int(p.cfg.Widget.MaxAge.Seconds())))
	c.Header("ETag", etag)
	if strings.Contains(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// widgetScript serves /widget.js.
func (p *Pages) widgetScript(c *gin.Context) {
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "public, max-age="+strconv.Itoa(int(p.cfg.Widget.MaxAge.Seconds())))
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", widgetJS)
}

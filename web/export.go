package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

// exportPageSize is the number of hits fetched per step of an export.
const exportPageSize = 100

// exportColumns are the CSV header, and the JSON Lines keys.
var exportColumns = []string{
	"id", "published_at", "title", "source", "author", "section", "url", "page_url",
	"persons", "places", "orgs", "topics", "copies", "cluster", "snippet",
}

// exportRow is one exported article.
type exportRow struct {
	ID          string         `json:"id"`
	PublishedAt string         `json:"published_at,omitempty"`
	Title       string         `json:"title"`
	Source      string         `json:"source,omitempty"`
	Author      string         `json:"author,omitempty"`
	Section     string         `json:"section,omitempty"`
	URL         string         `json:"url,omitempty"`
	PageURL     string         `json:"page_url"`
	Persons     []pulse.Entity `json:"persons"`
	Places      []pulse.Entity `json:"places"`
	Orgs        []pulse.Entity `json:"orgs"`
	Topics      []pulse.Entity `json:"topics"`
	Copies      int            `json:"copies"`
	Cluster     string         `json:"cluster,omitempty"`
	Snippet     string         `json:"snippet"`
}

// Export headers: what the export holds, for scripts.
const (
	headerExportTotal = "Pulse-Export-Total"
	headerExportRows  = "Pulse-Export-Rows"
	headerExportLimit = "Pulse-Export-Limit"
)

// export answers GET /search/export?<search>&format=csv|jsonl: every
// match in the search's order, streamed page by page, up to the cap. A
// capped export says so in its file name and headers, and the search
// page says so beside the link.
func (p *Pages) export(c *gin.Context) {
	ctx := c.Request.Context()
	raw := c.Request.URL.Query()
	format := raw.Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "jsonl" {
		p.fail(c, pulse.ParamError("format", "must be csv or jsonl, got %q", abbrev(format)))
		return
	}
	req, err := p.parse(tidy(raw, "format"))
	if err != nil {
		p.fail(c, err)
		return
	}
	req.Page, req.PerPage, req.Cursor = 1, min(exportPageSize, p.cfg.Search.MaxPerPage), search.CursorStart
	req.Facets, req.Histogram, req.Explain = []string{}, search.IntervalOff, false
	res, err := p.searcher.Search(ctx, req)
	if err != nil {
		p.fail(c, err)
		return
	}
	limit := p.cfg.Web.ExportMax
	rows := min(res.Total, uint64(limit))
	name := "pulse-export"
	if res.Total > rows {
		name = fmt.Sprintf("pulse-export-first-%d-of-%d", rows, res.Total)
	}
	w := c.Writer
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	w.Header().Set(headerExportTotal, strconv.FormatUint(res.Total, 10))
	w.Header().Set(headerExportRows, strconv.FormatUint(rows, 10))
	w.Header().Set(headerExportLimit, strconv.Itoa(limit))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)

	out := newExportWriter(w, format)
	if err := out.header(); err != nil {
		return
	}
	// A cursor walk with collapse drops copies within a page only; the
	// clusters seen are kept so a copy on a later page is dropped too,
	// and the rows match the count the search page shows.
	seen := map[string]bool{}
	written := 0
	for {
		for _, h := range res.Hits {
			if req.Collapse && h.Cluster != "" {
				if seen[h.Cluster] {
					continue
				}
				seen[h.Cluster] = true
			}
			if written == limit {
				break
			}
			if err := out.row(toRow(h, p.cfg.Location)); err != nil {
				return // the client went away
			}
			written++
		}
		if err := out.flush(); err != nil {
			return
		}
		w.Flush()
		if written == limit || res.NextCursor == "" {
			return
		}
		req.Cursor = res.NextCursor
		if res, err = p.searcher.Search(ctx, req); err != nil {
			// The status is sent: cut the response so the client sees a
			// failed download rather than a short file.
			slog.ErrorContext(ctx, "export stopped", "rows", written, "err", err)
			panic(http.ErrAbortHandler)
		}
	}
}

func toRow(h search.Hit, loc *time.Location) exportRow {
	r := exportRow{
		ID: h.ID, Title: h.Title, Source: h.Source, Author: h.Author, Section: h.Section, URL: h.URL,
		PageURL: ArticleURL(h.ID), Persons: h.Persons, Places: h.Places, Orgs: h.Orgs, Topics: h.Topics,
		Copies: h.Copies, Cluster: h.Cluster, Snippet: plainSnippet(h.Snippet),
	}
	if !h.PublishedAt.IsZero() {
		r.PublishedAt = h.PublishedAt.In(loc).Format(time.RFC3339)
	}
	for _, es := range []*[]pulse.Entity{&r.Persons, &r.Places, &r.Orgs, &r.Topics} {
		if *es == nil {
			*es = []pulse.Entity{}
		}
	}
	return r
}

// plainSnippet turns a snippet's HTML (escaped text and <mark>) back into
// text.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return html.UnescapeString(s)
}

type exportWriter struct {
	format string
	csv    *csv.Writer
	json   *json.Encoder
}

func newExportWriter(w io.Writer, format string) *exportWriter {
	if format == "csv" {
		return &exportWriter{format: format, csv: csv.NewWriter(w)}
	}
	return &exportWriter{format: format, json: json.NewEncoder(w)}
}

func (e *exportWriter) header() error {
	if e.csv == nil {
		return nil
	}
	return e.csv.Write(exportColumns)
}

func (e *exportWriter) row(r exportRow) error {
	if e.csv == nil {
		return e.json.Encode(r)
	}
	rec := []string{
		r.ID, r.PublishedAt, r.Title, r.Source, r.Author, r.Section, r.URL, r.PageURL,
		entityNames(r.Persons), entityNames(r.Places), entityNames(r.Orgs), entityNames(r.Topics),
		strconv.Itoa(r.Copies), r.Cluster, r.Snippet,
	}
	for i, s := range rec {
		rec[i] = neutralise(s)
	}
	return e.csv.Write(rec)
}

func (e *exportWriter) flush() error {
	if e.csv == nil {
		return nil
	}
	e.csv.Flush()
	return e.csv.Error()
}

func entityNames(es []pulse.Entity) string {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name
		if names[i] == "" {
			names[i] = e.ID
		}
	}
	return strings.Join(names, "; ")
}

// neutralise defuses a cell a spreadsheet would run as a formula: one
// starting with =, +, -, @ (or a tab or carriage return, which some
// spreadsheets skip before reading one) is prefixed with a quote, as
// OWASP advises.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

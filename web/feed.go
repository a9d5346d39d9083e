package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

// feedSize is the number of entries in a feed unless per_page says.
const feedSize = 20

// atomFeed is an Atom 1.0 document (RFC 4287).
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title      atomText       `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Summary    atomText       `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

// feed answers GET /search/feed?<search>: the newest matches as an Atom
// feed, so a search can be followed in a feed reader. A search without
// matches is a valid feed without entries.
func (p *Pages) feed(c *gin.Context) {
	raw := c.Request.URL.Query()
	params := tidy(raw)
	base := without(params, "sort")
	req, err := p.parse(params)
	if err != nil {
		p.fail(c, err)
		return
	}
	if _, ok := base["per_page"]; !ok {
		req.PerPage = min(feedSize, p.cfg.Search.MaxPerPage)
	}
	req.Sort, req.Page, req.Facets, req.Histogram = search.SortNewest, 1, []string{}, search.IntervalOff
	res, err := p.searcher.Search(c.Request.Context(), req)
	if err != nil {
		p.fail(c, err)
		return
	}
	origin := requestOrigin(c.Request)
	page := clone(base)
	page.Set("sort", search.SortNewest)
	f := atomFeed{
		Title:     feedTitle(req),
		Subtitle:  fmt.Sprintf("%s %s, newest first", thousands(res.Total), plural(res.Total, "article", "articles")),
		ID:        origin + link("/search/feed", base),
		Author:    atomPerson{Name: "Pulse"},
		Generator: "Pulse",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: origin + link("/search/feed", base)},
			{Rel: "alternate", Type: "text/html", Href: origin + link("/search", page)},
		},
	}
	var newest time.Time
	for _, h := range res.Hits {
		if h.PublishedAt.After(newest) {
			newest = h.PublishedAt
		}
	}
	if newest.IsZero() {
		// A feed must say when it was updated; with no dated entry, now.
		newest = time.Now()
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	for _, h := range res.Hits {
		e := atomEntry{
			Title:   atomText{Type: "text", Body: h.Title},
			ID:      origin + ArticleURL(h.ID),
			Updated: f.Updated,
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: origin + ArticleURL(h.ID)}},
			Summary: atomText{Type: "html", Body: h.Snippet},
		}
		if e.Title.Body == "" {
			e.Title.Body = "(untitled)"
		}
		if !h.PublishedAt.IsZero() {
			e.Updated = h.PublishedAt.UTC().Format(time.RFC3339)
			e.Published = e.Updated
		}
		if pulse.WebURL(h.URL) {
			e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: h.URL})
		}
		switch {
		case h.Author != "":
			e.Author = &atomPerson{Name: h.Author}
		case h.Source != "":
			e.Author = &atomPerson{Name: h.Source}
		}
		for _, es := range [][]pulse.Entity{h.Topics, h.Places, h.Persons, h.Orgs} {
			for _, en := range es {
				e.Categories = append(e.Categories, atomCategory{Term: en.ID, Label: en.Name})
			}
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		p.fail(c, fmt.Errorf("encode feed: %w", err))
		return
	}
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

// feedTitle names a feed by its query and filters.
func feedTitle(r search.Request) string {
	var parts []string
	for _, f := range pulse.Facets {
		if vals := r.Filters[f]; len(vals) > 0 {
			parts = append(parts, strings.ToLower(facetSingular[f])+": "+strings.Join(vals, " or "))
		}
	}
	title := "Pulse: all articles"
	if r.Query != "" {
		title = "Pulse: " + r.Query
	}
	if len(parts) > 0 {
		title += " (" + strings.Join(parts, "; ") + ")"
	}
	return title
}

// requestOrigin is the scheme and host the request came to, for the
// absolute links a feed needs.
func requestOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

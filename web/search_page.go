package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

// hitEntityLimit bounds the entity chips under one result.
const hitEntityLimit = 8

// searchView is what the search template shows.
type searchView struct {
	frame
	Error string
	Res   *search.Result
	Hits  []hitView
	// Facets are the sidebar's lists; Chips the active filters, each a
	// link that removes it; ClearAll removes them all.
	Facets   []facetView
	Chips    []chip
	ClearAll string
	Sorts    []option
	Pager    pager
	// From and To fill the date fields (YYYY-MM-DD); DateHidden keeps
	// the rest of the search when the date form is sent.
	From, To   string
	DateHidden []hidden
	Showing    string
	Start      int
	DidYouMean *suggestion
	// Uncollapsed is the link back to collapsed copies when the search
	// shows every copy.
	Uncollapsed string
	Take        takeAway
	// Chart is the small coverage chart, a link to CoverageURL.
	Chart       *chart
	CoverageURL string
}

type hitView struct {
	search.Hit
	Link      string
	Snippet   template.HTML
	Entities  []entityChip
	CopiesURL string
}

type entityChip struct {
	Facet, Kind, Name, URL string
	Selected               bool
}

type facetView struct {
	Name   string
	Label  string
	Values []facetValueView
	// More lists all the facet's values when the sidebar shows only the
	// first ones.
	More string
}

type facetValueView struct {
	search.FacetValue
	URL string
}

type chip struct {
	Label string
	URL   string
}

type option struct {
	Name, Label, URL string
	Selected         bool
}

type suggestion struct {
	Query string
	URL   string
}

// takeAway links the export and the feed of a search, and says plainly
// when an export would stop at the cap.
type takeAway struct {
	CSV, JSONL, Feed string
	Limit            int
	Total            uint64
	Capped           bool
}

type pager struct {
	Prev, Next string
	Pages      []pageLink
}

type pageLink struct {
	N       int
	URL     string
	Current bool
}

func (p *Pages) search(c *gin.Context) {
	raw := c.Request.URL.Query()
	params := tidy(raw)
	base := without(params)
	v := searchView{frame: searchFrame("Search", "/search", base)}
	req, err := p.parse(params)
	p.dateFields(&v, req, base)
	if err != nil {
		v.Error = err.Error()
		p.render(c, http.StatusBadRequest, "search.html", v)
		return
	}
	res, err := p.searcher.Search(c.Request.Context(), req)
	if err != nil {
		if pulse.ErrorCode(err) == pulse.EInvalid {
			v.Error = err.Error()
			p.render(c, http.StatusBadRequest, "search.html", v)
			return
		}
		p.fail(c, err)
		return
	}
	if req.Query != "" {
		v.Title = req.Query + " – Search"
	}
	v.Res = res
	links := base // the search without its page: links start on page one
	for _, h := range res.Hits {
		hv := hitView{Hit: h, Link: ArticleURL(h.ID), Snippet: template.HTML(h.Snippet)}
		hv.Entities = hitEntities(h, req, links)
		if h.Copies > 0 && h.Cluster != "" {
			// The story's copies, all of them.
			hv.CopiesURL = link("/search", url.Values{"cluster": {h.Cluster}, "collapse": {"off"}})
		}
		v.Hits = append(v.Hits, hv)
	}
	v.Facets, v.Chips = p.facetViews(res, req, links)
	v.Chips = append(v.Chips, dateChips(req, links, p.cfg.Location)...)
	if len(v.Chips) > 0 {
		u := url.Values{}
		if req.Query != "" {
			u.Set("q", req.Query)
		}
		v.ClearAll = link("/search", u)
	}
	for _, s := range []struct{ name, label string }{{search.SortRelevance, "Relevance"}, {search.SortNewest, "Newest first"}, {search.SortOldest, "Oldest first"}} {
		u := clone(links)
		u.Set("sort", s.name)
		if s.name == search.SortRelevance {
			u.Del("sort")
		}
		v.Sorts = append(v.Sorts, option{Name: s.name, Label: s.label, URL: link("/search", u), Selected: req.Sort == s.name})
	}
	if !req.Collapse {
		v.Uncollapsed = link("/search", without(links, "collapse"))
	}
	v.Pager = makePager(links, req, res.Total, p.cfg.Search.MaxResultWindow)
	if res.Total > 0 && len(res.Hits) > 0 {
		first := (req.Page-1)*req.PerPage + 1
		last := first + len(res.Hits) - 1
		v.Showing = fmt.Sprintf("%s–%s of %s", thousands(first), thousands(last), thousands(res.Total))
		v.Start = first
	} else if res.Total > 0 {
		v.Showing = "0 of " + thousands(res.Total) // a page past the last
	}
	if p.Suggest != nil {
		if s := p.Suggest(c.Request.Context(), req, res); s != "" && s != req.Query {
			u := clone(links)
			u.Set("q", s)
			v.DidYouMean = &suggestion{Query: s, URL: link("/search", u)}
		}
	}
	v.Take = p.takeAway(links, res.Total)
	if res.Histogram != nil && len(res.Histogram.Buckets) > 1 {
		v.Chart = sparkChart(res.Histogram, res.Total, p.cfg.Location)
		v.CoverageURL = link("/coverage", links)
	}
	p.render(c, http.StatusOK, "search.html", v)
}

// dateFields fills the date form: the dates of the range in the site's
// zone, and the rest of the search as hidden fields.
func (p *Pages) dateFields(v *searchView, req search.Request, base url.Values) {
	loc := p.cfg.Location
	if !req.From.IsZero() {
		v.From = req.From.In(loc).Format("2006-01-02")
	} else {
		v.From = base.Get("from")
	}
	if !req.To.IsZero() {
		v.To = req.To.In(loc).Format("2006-01-02")
	} else {
		v.To = base.Get("to")
	}
	v.DateHidden = hiddenFields(base, "from", "to", "page")
}

func (p *Pages) takeAway(links url.Values, total uint64) takeAway {
	csv, jsonl := clone(links), clone(links)
	csv.Set("format", "csv")
	jsonl.Set("format", "jsonl")
	limit := p.cfg.Web.ExportMax
	return takeAway{
		CSV: link("/search/export", csv), JSONL: link("/search/export", jsonl),
		Feed:  link("/search/feed", links),
		Limit: limit, Total: total, Capped: total > uint64(limit),
	}
}

// hitEntities are the chips under a result: its people, places,
// organisations and topics, each adding that filter.
func hitEntities(h search.Hit, req search.Request, links url.Values) []entityChip {
	var out []entityChip
	for _, g := range []struct {
		facet string
		es    []pulse.Entity
	}{{pulse.FacetPerson, h.Persons}, {pulse.FacetOrg, h.Orgs}, {pulse.FacetPlace, h.Places}, {pulse.FacetTopic, h.Topics}} {
		for _, e := range g.es {
			if len(out) == hitEntityLimit {
				return out
			}
			ch := entityChip{Facet: g.facet, Kind: facetSingular[g.facet], Name: e.Name, URL: withFilter(links, g.facet, e.ID)}
			ch.Selected = hasValue(req.Filters[g.facet], e.ID, e.Name)
			if ch.Name == "" {
				ch.Name = e.ID
			}
			out = append(out, ch)
		}
	}
	return out
}

// facetViews builds the sidebar and the chips of the selected values.
func (p *Pages) facetViews(res *search.Result, req search.Request, links url.Values) ([]facetView, []chip) {
	var views []facetView
	var chips []chip
	for _, f := range pulse.Facets {
		vals, counted := res.Facets[f]
		if !counted {
			// A filter on a facet the request does not count still shows
			// as a chip, named as given.
			for _, s := range req.Filters[f] {
				chips = append(chips, chip{Label: facetSingular[f] + ": " + s, URL: toggle(links, f, search.FacetValue{ID: s, Value: s, Selected: true})})
			}
			continue
		}
		if len(vals) == 0 {
			continue
		}
		fv := facetView{Name: f, Label: facetLabels[f]}
		for _, val := range vals {
			u := toggle(links, f, val)
			fv.Values = append(fv.Values, facetValueView{FacetValue: val, URL: u})
			if val.Selected {
				chips = append(chips, chip{Label: facetSingular[f] + ": " + val.Value, URL: u})
			}
		}
		if len(vals) >= req.FacetSize {
			fv.More = link("/search/facets/"+f, links)
		}
		views = append(views, fv)
	}
	return views, chips
}

func dateChips(req search.Request, links url.Values, loc *time.Location) []chip {
	var out []chip
	if !req.From.IsZero() {
		out = append(out, chip{Label: "From " + dateLabel(req.From, loc), URL: link("/search", without(links, "from"))})
	}
	if !req.To.IsZero() {
		out = append(out, chip{Label: "To " + dateLabel(req.To, loc), URL: link("/search", without(links, "to"))})
	}
	return out
}

func makePager(base url.Values, req search.Request, total uint64, window int) pager {
	pages := int((total + uint64(req.PerPage) - 1) / uint64(req.PerPage))
	if maxPages := max(1, window/req.PerPage); pages > maxPages {
		pages = maxPages
	}
	pageLinkURL := func(n int) string {
		u := clone(base)
		if n > 1 {
			u.Set("page", strconv.Itoa(n))
		}
		return link("/search", u)
	}
	var pg pager
	if req.Page > 1 {
		pg.Prev = pageLinkURL(req.Page - 1)
	}
	if req.Page < pages {
		pg.Next = pageLinkURL(req.Page + 1)
	}
	for n := max(1, req.Page-4); n <= min(pages, req.Page+4); n++ {
		pg.Pages = append(pg.Pages, pageLink{N: n, URL: pageLinkURL(n), Current: n == req.Page})
	}
	return pg
}

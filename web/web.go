package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/search"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Searcher answers searches and reads articles.
type Searcher interface {
	Search(ctx context.Context, r search.Request) (*search.Result, error)
	Article(ctx context.Context, id string) (*pulse.Article, error)
}

// Pages renders the HTML pages.
type Pages struct {
	searcher Searcher
	cfg      *config.Config
	tmpl     map[string]*template.Template
}

// facetLabels are the headings of the facet sidebar.
var facetLabels = map[string]string{
	pulse.FacetTopic: "Topics", pulse.FacetPlace: "Places", pulse.FacetPerson: "People",
	pulse.FacetOrg: "Organisations", pulse.FacetSource: "Sources", pulse.FacetAuthor: "Authors",
	pulse.FacetSection: "Sections", pulse.FacetLanguage: "Languages", pulse.FacetTag: "Tags",
}

// New parses the embedded templates.
func New(s Searcher, cfg *config.Config) (*Pages, error) {
	funcs := template.FuncMap{
		"articleURL": ArticleURL,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(cfg.Location()).Format("2 Jan 2006")
		},
		"isodate":    func(t time.Time) string { return t.Format(time.RFC3339) },
		"paragraphs": paragraphs,
		"facetLabel": func(f string) string { return facetLabels[f] },
		"filterURL": func(facet, id string) string {
			return "/search?" + url.Values{facet: {id}}.Encode()
		},
	}
	p := &Pages{searcher: s, cfg: cfg, tmpl: map[string]*template.Template{}}
	for _, page := range []string{"search.html", "article.html", "error.html"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+page)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", page, err)
		}
		p.tmpl[page] = t
	}
	return p, nil
}

// Register adds the page routes to r.
func (p *Pages) Register(r gin.IRouter) {
	static, _ := fs.Sub(staticFS, "static")
	r.StaticFS("/static", http.FS(static))
	r.GET("/", p.search)
	r.GET("/search", p.search)
	r.GET("/articles/:id", p.article)
}

// ArticleURL is the page of an article; ids may hold "/", so it is
// escaped as one path segment.
func ArticleURL(id string) string { return "/articles/" + url.PathEscape(id) }

func (p *Pages) render(c *gin.Context, status int, page string, data any) {
	var buf bytes.Buffer
	if err := p.tmpl[page].Execute(&buf, data); err != nil {
		slog.ErrorContext(c.Request.Context(), "render page", "page", page, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "strict-origin-when-cross-origin")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func (p *Pages) fail(c *gin.Context, err error) {
	status := http.StatusInternalServerError
	msg := "Something went wrong on our side; please try again."
	switch pulse.ErrorCode(err) {
	case pulse.EInvalid:
		status, msg = http.StatusBadRequest, err.Error()
	case pulse.ENotFound:
		status, msg = http.StatusNotFound, err.Error()
	case pulse.EUnavailable:
		status, msg = http.StatusServiceUnavailable, err.Error()
	default:
		slog.ErrorContext(c.Request.Context(), "page failed", "path", c.Request.URL.Path, "err", err)
	}
	p.render(c, status, "error.html", map[string]any{"Title": "Error", "Status": status, "Message": msg})
}

// searchView is what the search template shows.
type searchView struct {
	Title   string
	Query   string
	Req     search.Request
	Res     *search.Result
	Error   string
	Hits    []hitView
	Facets  []facetView
	Chips   []chip
	Sorts   []option
	Pager   pager
	From    string
	To      string
	Hidden  []hidden
	Showing string
	Start   int
}

type hitView struct {
	search.Hit
	Link    string
	Snippet template.HTML
}

type facetView struct {
	Name   string
	Label  string
	Values []facetValueView
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

type hidden struct{ Name, Value string }

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
	q := c.Request.URL.Query()
	req, err := search.ParseRequest(q, p.cfg.Search, p.cfg.Location())
	v := searchView{Title: "Search", Query: q.Get("q"), Req: req, From: q.Get("from"), To: q.Get("to")}
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
	base := c.Request.URL.Query()
	base.Del("page")
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, hitView{Hit: h, Link: ArticleURL(h.ID), Snippet: template.HTML(h.Snippet)})
	}
	for _, f := range pulse.Facets {
		vals := res.Facets[f]
		if len(vals) == 0 {
			continue
		}
		fv := facetView{Name: f, Label: facetLabels[f]}
		for _, val := range vals {
			fv.Values = append(fv.Values, facetValueView{FacetValue: val, URL: toggle(base, f, val, req.Filters[f])})
		}
		v.Facets = append(v.Facets, fv)
		for _, val := range vals {
			if val.Selected {
				v.Chips = append(v.Chips, chip{Label: facetLabels[f] + ": " + val.Value, URL: toggle(base, f, val, req.Filters[f])})
			}
		}
	}
	for _, s := range []struct{ name, label string }{{search.SortRelevance, "Relevance"}, {search.SortNewest, "Newest"}, {search.SortOldest, "Oldest"}} {
		u := clone(base)
		u.Set("sort", s.name)
		v.Sorts = append(v.Sorts, option{Name: s.name, Label: s.label, URL: "/search?" + u.Encode(), Selected: req.Sort == s.name})
	}
	for key, vals := range base {
		if key == "q" || key == "from" || key == "to" {
			continue
		}
		for _, val := range vals {
			v.Hidden = append(v.Hidden, hidden{key, val})
		}
	}
	v.Pager = makePager(base, req, res.Total, p.cfg.Search.MaxResultWindow)
	if res.Total > 0 {
		first := (req.Page-1)*req.PerPage + 1
		last := first + len(res.Hits) - 1
		v.Showing = fmt.Sprintf("%d–%d of %d", first, last, res.Total)
		v.Start = first
	}
	p.render(c, http.StatusOK, "search.html", v)
}

// toggle returns the search URL with a facet value added or, when it is
// selected, removed (matching the request's value by id or name).
func toggle(base url.Values, facet string, val search.FacetValue, selected []string) string {
	u := clone(base)
	u.Del(facet)
	keep := []string{}
	removed := false
	for _, s := range selected {
		k := pulse.NormalizeKey(s)
		if val.Selected && (k == pulse.NormalizeKey(val.ID) || k == pulse.NormalizeKey(val.Value)) {
			removed = true
			continue
		}
		keep = append(keep, s)
	}
	if !val.Selected || !removed {
		keep = append(keep, val.ID)
	}
	for _, s := range keep {
		u.Add(facet, s)
	}
	return "/search?" + u.Encode()
}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func makePager(base url.Values, req search.Request, total uint64, window int) pager {
	pages := int((total + uint64(req.PerPage) - 1) / uint64(req.PerPage))
	if maxPages := max(1, window/req.PerPage); pages > maxPages {
		pages = maxPages
	}
	link := func(n int) string {
		u := clone(base)
		if n > 1 {
			u.Set("page", strconv.Itoa(n))
		}
		return "/search?" + u.Encode()
	}
	var pg pager
	if req.Page > 1 {
		pg.Prev = link(req.Page - 1)
	}
	if req.Page < pages {
		pg.Next = link(req.Page + 1)
	}
	for n := max(1, req.Page-4); n <= min(pages, req.Page+4); n++ {
		pg.Pages = append(pg.Pages, pageLink{N: n, URL: link(n), Current: n == req.Page})
	}
	return pg
}

// articleView is what the article template shows.
type articleView struct {
	Title    string
	Article  *pulse.Article
	Entities []facetView
}

func (p *Pages) article(c *gin.Context) {
	a, err := p.searcher.Article(c.Request.Context(), c.Param("id"))
	if err != nil {
		p.fail(c, err)
		return
	}
	v := articleView{Title: a.Title, Article: a}
	for _, f := range pulse.EntityFacets {
		es := a.Entities(f)
		if len(es) == 0 {
			continue
		}
		fv := facetView{Name: f, Label: facetLabels[f]}
		for _, e := range es {
			fv.Values = append(fv.Values, facetValueView{FacetValue: search.FacetValue{ID: e.ID, Value: e.Name}, URL: "/search?" + url.Values{f: {e.ID}}.Encode()})
		}
		v.Entities = append(v.Entities, fv)
	}
	if v.Title == "" {
		v.Title = "Article " + a.ID
	}
	p.render(c, http.StatusOK, "article.html", v)
}

// paragraphs splits an article body into paragraphs: on blank lines, or,
// in wire copy where each paragraph starts indented, on indented lines.
func paragraphs(body string) []string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	var parts []string
	if strings.Contains(body, "\n\n") {
		parts = strings.Split(body, "\n\n")
	} else {
		parts = strings.Split(body, "\n    ")
	}
	var out []string
	for _, p := range parts {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

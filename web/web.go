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

// Searcher answers searches, lists a facet's values and reads articles.
// *search.Searcher implements it.
type Searcher interface {
	Search(ctx context.Context, r search.Request) (*search.Result, error)
	FacetValues(ctx context.Context, r search.Request, facet, prefix string, limit int) ([]search.FacetValue, error)
	Article(ctx context.Context, id string) (*pulse.Article, error)
}

// Relater finds the stories related to an article, best first, at most
// limit of them.
type Relater interface {
	Related(ctx context.Context, id string, limit int) ([]Story, error)
}

// Story is one related story as the article page lists it.
type Story struct {
	ID          string
	Title       string
	URL         string
	PublishedAt time.Time
	Source      string
	// Score orders the list; it is not shown.
	Score float64
	// Reason says what the two stories share, for people.
	Reason string
}

// Suggester offers a corrected query for a search that found little:
// the "did you mean" line. An empty answer shows nothing.
type Suggester func(ctx context.Context, r search.Request, res *search.Result) string

// Pages renders the HTML pages, the export and the feed. Set the optional
// fields after New and before Register.
type Pages struct {
	// Related lists an article's related stories; nil hides the section.
	Related Relater
	// Suggest fills the "did you mean" line; nil hides it.
	Suggest Suggester

	searcher Searcher
	cfg      Config
	tmpl     map[string]*template.Template
}

// Config is what the pages read of the configuration: the page's own
// section, and those of the searches, related stories and widget they
// show. cmd copies it from a validated configuration.
type Config struct {
	Web     config.Web
	Search  config.Search
	Related config.Related
	Widget  config.Widget
	// Location is the zone dates are shown in and read in; not nil.
	Location *time.Location
}

// pageFiles are the page templates; each is parsed with the layout and
// the shared parts.
var pageFiles = []string{
	"search.html", "article.html", "error.html", "facets.html", "coverage.html",
	"compare.html", "entities.html", "help.html",
}

// New parses the embedded templates. cfg's values are used as given; they
// must have been validated (config.Validate).
//
// It returns an error when a template does not parse.
func New(s Searcher, cfg Config) (*Pages, error) {
	loc := cfg.Location
	funcs := template.FuncMap{
		"articleURL": ArticleURL,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("2 Jan 2006")
		},
		"isodate":    func(t time.Time) string { return t.Format(time.RFC3339) },
		"paragraphs": paragraphs,
		"facetLabel": func(f string) string { return facetLabels[f] },
		"filterURL": func(facet, id string) string {
			return "/search?" + url.Values{facet: {id}}.Encode()
		},
		"num":    thousands,
		"plural": plural,
		"pct":    func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" },
		"f1":     func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
		"add":    func(a, b float64) float64 { return a + b },
		"lower":  strings.ToLower,
	}
	p := &Pages{searcher: s, cfg: cfg, tmpl: map[string]*template.Template{}}
	for _, page := range pageFiles {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/parts.html", "templates/"+page)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", page, err)
		}
		p.tmpl[page] = t
	}
	return p, nil
}

// Register adds the page routes to r:
//
//	GET /, /search            the search page
//	GET /search/facets/:facet all values of one facet for a search
//	GET /search/export        CSV or JSON Lines of a search's matches
//	GET /search/feed          an Atom feed of a search, newest first
//	GET /coverage             matches per period, as a chart and a table
//	GET /compare              up to four queries on one chart
//	GET /entities             who and where: the top entities of a search
//	GET /articles/:id         one article and its related stories
//	GET /help                 the query language
//	GET /static/*             the stylesheet
func (p *Pages) Register(r gin.IRouter) {
	static, _ := fs.Sub(staticFS, "static")
	r.StaticFS("/static", http.FS(static))
	r.GET("/", p.search)
	r.GET("/search", p.search)
	r.GET("/search/facets/:facet", p.facets)
	r.GET("/search/export", p.export)
	r.GET("/search/feed", p.feed)
	r.GET("/coverage", p.coverage)
	r.GET("/compare", p.compare)
	r.GET("/entities", p.entities)
	r.GET("/articles/:id", p.article)
	r.GET("/help", p.help)
	r.GET("/widget/related/:id", p.widget)
	r.GET("/widget.js", p.widgetScript)
}

// ArticleURL is the page of an article; ids may hold "/", so it is
// escaped as one path segment.
func ArticleURL(id string) string { return "/articles/" + url.PathEscape(id) }

// securityHeaders are sent with every page: no inline script or style,
// nothing from another origin.
func securityHeaders(c *gin.Context) {
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "strict-origin-when-cross-origin")
}

func (p *Pages) render(c *gin.Context, status int, page string, data any) {
	var buf bytes.Buffer
	if err := p.tmpl[page].Execute(&buf, data); err != nil {
		slog.ErrorContext(c.Request.Context(), "render page", "page", page, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	securityHeaders(c)
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// errorView is what the error page shows.
type errorView struct {
	frame
	Status  int
	Message string
}

// fail renders the error page for err: a user's mistake with its message,
// an internal fault as a plain apology (logged in full).
func (p *Pages) fail(c *gin.Context, err error) {
	status, msg := p.userError(c, err)
	p.render(c, status, "error.html", errorView{frame: newFrame("Error", ""), Status: status, Message: msg})
}

// Fail renders the error page for err, for middleware that runs before
// the page's handler (the API's min_seq wait on a replica).
func (p *Pages) Fail(c *gin.Context, err error) { p.fail(c, err) }

// userError maps err to a status (by the table of pulse.HTTPStatus, as
// the API does) and a message fit to show.
func (p *Pages) userError(c *gin.Context, err error) (int, string) {
	if status := pulse.HTTPStatus(err); status != http.StatusInternalServerError {
		return status, err.Error()
	}
	slog.ErrorContext(c.Request.Context(), "page failed", "path", c.Request.URL.Path, "err", err)
	return http.StatusInternalServerError, "Something went wrong on our side; please try again."
}

// frame is what the layout shows around every page: the title, the query
// box (which keeps the page's filters in hidden fields and submits to the
// page's own view) and the links between the views of one search.
type frame struct {
	Title string
	Query string
	// Action is where the query box submits; Hidden are the search's
	// other parameters, kept across a new query.
	Action string
	Hidden []hidden
	// Views link the views of the current search (results, coverage,
	// who and where); empty on pages that are not a search.
	Views []viewLink
	// FeedURL is the Atom feed of the current search, for <link>.
	FeedURL string
}

type hidden struct{ Name, Value string }

type viewLink struct {
	Label, URL string
	Current    bool
}

func newFrame(title, query string) frame {
	return frame{Title: title, Query: query, Action: "/search"}
}

// searchFrame is the frame of a view of a search: the query box submits
// to path and keeps base's parameters.
func searchFrame(title string, path string, base url.Values) frame {
	f := frame{Title: title, Query: base.Get("q"), Action: path}
	f.Hidden = hiddenFields(base, "q")
	views := []struct{ label, path string }{
		{"Results", "/search"}, {"Coverage over time", "/coverage"}, {"Who and where", "/entities"},
	}
	for _, v := range views {
		f.Views = append(f.Views, viewLink{Label: v.label, URL: link(v.path, base), Current: v.path == path})
	}
	f.FeedURL = link("/search/feed", base)
	return f
}

// facetLabels are the headings of the facet sidebar.
var facetLabels = map[string]string{
	pulse.FacetTopic: "Topics", pulse.FacetPlace: "Places", pulse.FacetPerson: "People",
	pulse.FacetOrg: "Organisations", pulse.FacetSource: "Sources", pulse.FacetAuthor: "Authors",
	pulse.FacetSection: "Sections", pulse.FacetLanguage: "Languages", pulse.FacetTag: "Tags",
}

// facetSingular names one value of a facet, for chips ("Place: Brazil").
var facetSingular = map[string]string{
	pulse.FacetTopic: "Topic", pulse.FacetPlace: "Place", pulse.FacetPerson: "Person",
	pulse.FacetOrg: "Organisation", pulse.FacetSource: "Source", pulse.FacetAuthor: "Author",
	pulse.FacetSection: "Section", pulse.FacetLanguage: "Language", pulse.FacetTag: "Tag",
}

// thousands formats n with thousands separators: 12,345.
func thousands(n any) string {
	var s string
	switch v := n.(type) {
	case int:
		s = strconv.Itoa(v)
	case uint64:
		s = strconv.FormatUint(v, 10)
	case int64:
		s = strconv.FormatInt(v, 10)
	default:
		return fmt.Sprint(n)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// plural picks the singular or plural form for n.
func plural(n any, one, many string) string {
	switch v := n.(type) {
	case int:
		if v == 1 {
			return one
		}
	case uint64:
		if v == 1 {
			return one
		}
	}
	return many
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

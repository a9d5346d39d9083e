package web

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/cascadia"
	"github.com/blevesearch/bleve/v2"
	"github.com/gin-gonic/gin"
	"golang.org/x/net/html"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format/jsonl"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/sample"
	"github.com/pulsesearch/pulse/search"
)

// sampleArticles reads the shipped sample corpus.
func sampleArticles(tb testing.TB) []pulse.Article {
	tb.Helper()
	var arts []pulse.Article
	sc := bufio.NewScanner(sample.Open())
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		a, err := jsonl.Reader{}.Decode(line)
		if err != nil {
			tb.Fatalf("sample line %d: %v", n, err)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return arts
}

// testSite is the pages over a real index of a corpus.
type testSite struct {
	pages    *Pages
	engine   *gin.Engine
	searcher *search.Searcher
	cfg      *config.Config
	arts     map[string]pulse.Article
}

// mustSite indexes arts and serves the pages over them, with a fake
// related-stories finder.
func mustSite(tb testing.TB, arts []pulse.Article) *testSite {
	tb.Helper()
	return mustSiteOver(tb, testindex.Build(tb, arts), arts)
}

// mustSiteOver serves the pages over idx, an index of arts.
func mustSiteOver(tb testing.TB, idx bleve.Index, arts []pulse.Article) *testSite {
	tb.Helper()
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		tb.Fatal(err)
	}
	s := search.New(idx, cfg.Search, cfg.Location())
	p, err := New(s, Config{Web: cfg.Web, Search: cfg.Search, Related: cfg.Related, Widget: cfg.Widget, Location: cfg.Location()})
	if err != nil {
		tb.Fatal(err)
	}
	byID := map[string]pulse.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	p.Related = fakeRelated{arts: arts}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.UseRawPath = true
	e.UnescapePathValues = true
	p.Register(e)
	return &testSite{pages: p, engine: e, searcher: s, cfg: &cfg, arts: byID}
}

// fakeRelated relates an article to the others that share its first
// place, in corpus order.
type fakeRelated struct{ arts []pulse.Article }

func (f fakeRelated) Related(_ context.Context, id string, limit int) ([]Story, error) {
	var place string
	for _, a := range f.arts {
		if a.ID == id && len(a.Places) > 0 {
			place = a.Places[0].ID
		}
	}
	var out []Story
	for _, a := range f.arts {
		if a.ID == id || len(a.Places) == 0 || a.Places[0].ID != place || place == "" {
			continue
		}
		out = append(out, Story{ID: a.ID, Title: a.Title, PublishedAt: a.PublishedAt, Source: a.Source, Score: 1, Reason: "shared: " + a.Places[0].Name})
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// get serves one GET request.
func (s *testSite) get(tb testing.TB, target string) (int, http.Header, string) {
	tb.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	s.engine.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Result().Header, string(body)
}

// mustGet serves a GET that must answer want.
func (s *testSite) mustGet(tb testing.TB, target string, want int) string {
	tb.Helper()
	code, _, body := s.get(tb, target)
	if code != want {
		tb.Fatalf("GET %s: status %d, want %d\n%s", target, code, want, abbrevBody(body))
	}
	return body
}

func abbrevBody(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// mustTotal is the search's total as the searcher counts it.
func (s *testSite) mustTotal(tb testing.TB, query string) uint64 {
	tb.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		tb.Fatal(err)
	}
	req, err := search.ParseRequest(v, s.cfg.Search, s.cfg.Location())
	if err != nil {
		tb.Fatal(err)
	}
	res, err := s.searcher.Search(context.Background(), req)
	if err != nil {
		tb.Fatal(err)
	}
	return res.Total
}

// day is a UTC date for fixtures.
func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}

// mustParse parses a page.
func mustParse(tb testing.TB, body string) *html.Node {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// all returns the nodes under n matching a CSS selector.
func all(n *html.Node, selector string) []*html.Node {
	return cascadia.MustCompile(selector).MatchAll(n)
}

// one returns the node matching selector, failing when there is none.
func one(tb testing.TB, n *html.Node, selector string) *html.Node {
	tb.Helper()
	m := cascadia.MustCompile(selector).MatchFirst(n)
	if m == nil {
		tb.Fatalf("no %s in the page", selector)
	}
	return m
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// text is the text content of n, spaces collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// pageTotal is the result count a search page shows.
func pageTotal(tb testing.TB, doc *html.Node) int {
	tb.Helper()
	n, err := strconv.Atoi(attr(one(tb, doc, "#result-count"), "data-total"))
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

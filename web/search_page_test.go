package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse/search"
)

func TestSearchPage(t *testing.T) {
	s := mustSite(t, sampleArticles(t))

	t.Run("count, hits and highlights", func(t *testing.T) {
		body := s.mustGet(t, "/search?q=coffee", http.StatusOK)
		doc := mustParse(t, body)
		want := s.mustTotal(t, "q=coffee")
		if got := pageTotal(t, doc); uint64(got) != want || want == 0 {
			t.Fatalf("shown total %d, searcher total %d", got, want)
		}
		hits := all(doc, "li.hit")
		if uint64(len(hits)) != min(want, 10) {
			t.Errorf("%d hits listed, want %d", len(hits), min(want, 10))
		}
		if len(all(doc, "li.hit .snippet mark")) == 0 {
			t.Error("no highlighted word in the snippets")
		}
		for _, h := range hits {
			a := one(t, h, "h2 a")
			if !strings.HasPrefix(attr(a, "href"), "/articles/") {
				t.Errorf("hit link %q", attr(a, "href"))
			}
			if text(one(t, h, ".meta")) == "" {
				t.Error("hit without date or source")
			}
		}
		if got := text(one(t, doc, "#result-count")); !strings.HasPrefix(got, "1–") {
			t.Errorf("count text %q", got)
		}
		if got := attr(one(t, doc, "input#q"), "value"); got != "coffee" {
			t.Errorf("query box holds %q", got)
		}
	})

	t.Run("a widened query says so", func(t *testing.T) {
		// No article has "zzyzx": the page lists the coffee articles and
		// says why they lack the other word.
		doc := mustParse(t, s.mustGet(t, "/search?q=coffee+zzyzx", http.StatusOK))
		if got, want := pageTotal(t, doc), s.mustTotal(t, "q=coffee"); uint64(got) != want || want == 0 {
			t.Errorf("coffee zzyzx shows %d results; want the %d of coffee", got, want)
		}
		if got := text(one(t, doc, "p.widened")); !strings.Contains(got, "No article has all of these words") {
			t.Errorf("notice %q", got)
		}
		if n := len(all(mustParse(t, s.mustGet(t, "/search?q=coffee", http.StatusOK)), "p.widened")); n != 0 {
			t.Errorf("a query as typed shows %d widening notices", n)
		}
	})

	t.Run("every facet value's count is the count of its search", func(t *testing.T) {
		doc := mustParse(t, s.mustGet(t, "/search?q=trade", http.StatusOK))
		links := all(doc, "aside .facet li a")
		if len(links) < 10 {
			t.Fatalf("only %d facet values", len(links))
		}
		for _, a := range links {
			count, err := strconv.Atoi(strings.Fields(text(one(t, a, ".count")))[0])
			if err != nil {
				t.Fatal(err)
			}
			href := attr(a, "href")
			got := pageTotal(t, mustParse(t, s.mustGet(t, href, http.StatusOK)))
			if got != count {
				t.Errorf("%s: page shows %d results, the facet said %d", href, got, count)
			}
		}
	})

	t.Run("selected values are shown first, ticked and removable", func(t *testing.T) {
		doc := mustParse(t, s.mustGet(t, "/search?q=trade&place=japan&place=usa", http.StatusOK))
		sel := all(doc, "#facet-place ~ ul a.selected")
		if len(sel) != 2 {
			t.Fatalf("%d selected places, want 2", len(sel))
		}
		first := all(doc, "#facet-place ~ ul li a")[:2]
		for i, a := range first {
			if attr(a, "class") != "selected" {
				t.Errorf("place %d is not a selected one", i)
			}
		}
		for _, a := range sel {
			u := mustURL(t, attr(a, "href"))
			if got := len(u.Query()["place"]); got != 1 {
				t.Errorf("removing link %s keeps %d places, want 1", u, got)
			}
		}
		chips := all(doc, ".chips a[aria-label^='Remove filter']")
		if len(chips) != 2 {
			t.Fatalf("%d filter chips, want 2", len(chips))
		}
		u := mustURL(t, attr(chips[0], "href"))
		if u.Query().Get("q") != "trade" || len(u.Query()["place"]) != 1 {
			t.Errorf("chip link %s", u)
		}
		clear := mustURL(t, attr(one(t, doc, ".chips a.clear"), "href"))
		if clear.RawQuery != "q=trade" {
			t.Errorf("clear-all link %s", clear)
		}
	})

	t.Run("entity chips add their filter", func(t *testing.T) {
		doc := mustParse(t, s.mustGet(t, "/search?q=coffee", http.StatusOK))
		chips := all(doc, "li.hit a.entity")
		if len(chips) == 0 {
			t.Fatal("no entity chips")
		}
		for _, a := range chips {
			u := mustURL(t, attr(a, "href"))
			if u.Path != "/search" || u.Query().Get("q") != "coffee" || len(u.Query()) != 2 {
				t.Errorf("chip link %s: want the query plus one filter", u)
			}
			got := pageTotal(t, mustParse(t, s.mustGet(t, u.String(), http.StatusOK)))
			if got == 0 {
				t.Errorf("chip %s finds nothing", u)
			}
		}
	})

	t.Run("pages, sort and dates stay in the URL", func(t *testing.T) {
		doc := mustParse(t, s.mustGet(t, "/search?sort=newest", http.StatusOK))
		if got := pageTotal(t, doc); got != 342 {
			t.Errorf("all articles: %d, want 342", got)
		}
		next := mustURL(t, attr(one(t, doc, "nav.pager a[rel=next]"), "href"))
		if next.Query().Get("page") != "2" || next.Query().Get("sort") != "newest" {
			t.Errorf("next page link %s", next)
		}
		doc = mustParse(t, s.mustGet(t, next.String(), http.StatusOK))
		if got := text(one(t, doc, "#result-count")); got != "11–20 of 342" {
			t.Errorf("page 2 count %q", got)
		}
		if attr(one(t, doc, "ol.hits"), "start") != "11" {
			t.Error("page 2 list does not start at 11")
		}
		if got := text(one(t, doc, ".sort a.current")); got != "Newest first" {
			t.Errorf("current sort %q", got)
		}

		doc = mustParse(t, s.mustGet(t, "/search?q=oil&from=1987-03-01&to=1987-03-31", http.StatusOK))
		if attr(one(t, doc, "input#from"), "value") != "1987-03-01" || attr(one(t, doc, "input#to"), "value") != "1987-03-31" {
			t.Error("date fields do not show the range")
		}
		if got, want := pageTotal(t, doc), s.mustTotal(t, "q=oil&from=1987-03-01&to=1987-03-31"); uint64(got) != want {
			t.Errorf("dated total %d, want %d", got, want)
		}
		labels := []string{}
		for _, c := range all(doc, ".chips a[aria-label]") {
			labels = append(labels, text(c))
		}
		if got := strings.Join(labels, "|"); got != "From 1 Mar 1987 ×|To 31 Mar 1987 ×" {
			t.Errorf("date chips %q", got)
		}
		hidden := map[string]string{}
		for _, in := range all(doc, "form.dates input[type=hidden]") {
			hidden[attr(in, "name")] = attr(in, "value")
		}
		if len(hidden) != 1 || hidden["q"] != "oil" {
			t.Errorf("date form keeps %v, want only q", hidden)
		}
		// The header's query box keeps the dates for a new query.
		kept := map[string]string{}
		for _, in := range all(doc, "form.searchbox input[type=hidden]") {
			kept[attr(in, "name")] = attr(in, "value")
		}
		if kept["from"] != "1987-03-01" || kept["to"] != "1987-03-31" {
			t.Errorf("query box keeps %v", kept)
		}
	})

	t.Run("more lists every value of a long facet", func(t *testing.T) {
		doc := mustParse(t, s.mustGet(t, "/search?q=trade", http.StatusOK))
		more := mustURL(t, attr(one(t, doc, "#facet-place ~ p.more a"), "href"))
		if more.Path != "/search/facets/place" || more.Query().Get("q") != "trade" {
			t.Fatalf("more link %s", more)
		}
	})

	t.Run("views, export and feed links carry the search", func(t *testing.T) {
		doc := mustParse(t, s.mustGet(t, "/search?q=trade&place=japan&sort=oldest&page=2&per_page=5", http.StatusOK))
		var paths []string
		for _, a := range all(doc, "nav.views a") {
			u := mustURL(t, attr(a, "href"))
			paths = append(paths, u.Path)
			if u.Query().Get("q") != "trade" || u.Query().Get("place") != "japan" || u.Query().Has("page") {
				t.Errorf("view link %s", u)
			}
		}
		if strings.Join(paths, " ") != "/search /coverage /entities" {
			t.Errorf("views %v", paths)
		}
		for _, a := range all(doc, ".takeaway a") {
			u := mustURL(t, attr(a, "href"))
			if u.Query().Get("q") != "trade" || u.Query().Get("place") != "japan" || u.Query().Has("page") {
				t.Errorf("take-away link %s", u)
			}
		}
		if attr(one(t, doc, "link[rel=alternate][type='application/atom+xml']"), "href") == "" {
			t.Error("no feed link in the head")
		}
	})

	t.Run("pages send a strict content security policy", func(t *testing.T) {
		for _, path := range []string{"/", "/search?q=oil", "/coverage?q=oil", "/compare?q=oil", "/entities", "/help", "/search/facets/place", "/articles/reuters-290", "/articles/none", "/search?sort=bogus"} {
			_, h, body := s.get(t, path)
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe") {
				t.Errorf("%s: CSP %q", path, csp)
			}
			if strings.Contains(body, "<script") || strings.Contains(body, " style=") || strings.Contains(body, "http://") || strings.Contains(body, "https://") {
				t.Errorf("%s: inline script or style, or an external address, in the page", path)
			}
		}
	})
}

func TestCopies(t *testing.T) {
	s := mustSite(t, fixtures())
	doc := mustParse(t, s.mustGet(t, "/search?q=zinc", http.StatusOK))
	copies := all(doc, "li.copies a")
	if len(copies) != 1 || text(copies[0]) != "2 other copies" {
		t.Fatalf("copies links: %d", len(copies))
	}
	u := mustURL(t, attr(copies[0], "href"))
	if u.Query().Get("cluster") == "" || u.Query().Get("collapse") != "off" {
		t.Errorf("copies link %s does not list the story's cluster", u)
	}
	doc = mustParse(t, s.mustGet(t, u.String(), http.StatusOK))
	if got := pageTotal(t, doc); got != 3 {
		t.Errorf("the story's copies: %d results, want the story and its 2 copies", got)
	}
	back := mustURL(t, attr(one(t, doc, ".notice.info a"), "href"))
	if back.Query().Has("collapse") {
		t.Errorf("link back to collapsed copies %s", back)
	}
}

func TestDidYouMean(t *testing.T) {
	s := mustSite(t, sampleArticles(t))
	doc := mustParse(t, s.mustGet(t, "/search?q=xqcoffeex", http.StatusOK))
	if len(all(doc, ".didyoumean")) != 0 {
		t.Fatal("did-you-mean shown without a suggester")
	}
	s.pages.Suggest = func(_ context.Context, r search.Request, res *search.Result) string {
		if r.Query == "xqcoffeex" && res.Total == 0 {
			return "coffee"
		}
		return ""
	}
	doc = mustParse(t, s.mustGet(t, "/search?q=xqcoffeex&place=colombia", http.StatusOK))
	a := one(t, doc, ".didyoumean a")
	u := mustURL(t, attr(a, "href"))
	if text(a) != "coffee" || u.Query().Get("q") != "coffee" || u.Query().Get("place") != "colombia" {
		t.Errorf("suggestion %q → %s", text(a), u)
	}
	doc = mustParse(t, s.mustGet(t, "/search?q=coffee", http.StatusOK))
	if len(all(doc, ".didyoumean")) != 0 {
		t.Error("did-you-mean shown for a query that found articles")
	}
}

func TestFacetsPage(t *testing.T) {
	s := mustSite(t, sampleArticles(t))
	res, err := s.searcher.FacetValues(context.Background(), mustRequest(t, s, "q=trade"), "place", "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	doc := mustParse(t, s.mustGet(t, "/search/facets/place?q=trade", http.StatusOK))
	items := all(doc, "ul.facet-list li a")
	if len(items) != len(res) || len(items) <= s.cfg.Search.FacetSize {
		t.Fatalf("%d values listed, searcher has %d", len(items), len(res))
	}
	for i, a := range items {
		if got := text(one(t, a, ".name")); got != res[i].Value {
			t.Errorf("value %d: %q, want %q", i, got, res[i].Value)
		}
		u := mustURL(t, attr(a, "href"))
		if u.Path != "/search" || u.Query().Get("place") != res[i].ID || u.Query().Get("q") != "trade" {
			t.Errorf("value link %s", u)
		}
	}
	doc = mustParse(t, s.mustGet(t, "/search/facets/place?q=trade&place=japan&prefix=ja", http.StatusOK))
	items = all(doc, "ul.facet-list li a")
	if len(items) == 0 {
		t.Fatal("no place starting with ja")
	}
	for _, a := range items {
		name := text(one(t, a, ".name"))
		if !strings.Contains(strings.ToLower(name), "ja") {
			t.Errorf("prefix ja listed %q", name)
		}
	}
	if attr(one(t, doc, "input#prefix"), "value") != "ja" {
		t.Error("prefix field lost its value")
	}
	sel := one(t, doc, "ul.facet-list a.selected")
	if u := mustURL(t, attr(sel, "href")); u.Query().Has("place") {
		t.Errorf("selected value's link %s keeps the filter", u)
	}
	s.mustGet(t, "/search/facets/nope?q=trade", http.StatusNotFound)
	body := s.mustGet(t, "/search/facets/place?q=trade&prefix="+strings.Repeat("x", 300), http.StatusBadRequest)
	if !strings.Contains(body, "prefix: must be") {
		t.Error("long prefix not explained")
	}
}

func TestEntitiesPage(t *testing.T) {
	s := mustSite(t, sampleArticles(t))
	doc := mustParse(t, s.mustGet(t, "/entities?q=trade", http.StatusOK))
	var headings []string
	for _, h := range all(doc, ".group h2") {
		headings = append(headings, text(h))
	}
	if got := strings.Join(headings, ","); got != "People,Places,Organisations,Topics" {
		t.Errorf("groups %s", got)
	}
	items := all(doc, "#g-place ~ ol.ranked a")
	if len(items) < 10 {
		t.Fatalf("%d places", len(items))
	}
	for _, a := range items[:5] {
		count, err := strconv.Atoi(strings.Fields(text(one(t, a, ".count")))[0])
		if err != nil {
			t.Fatal(err)
		}
		got := pageTotal(t, mustParse(t, s.mustGet(t, attr(a, "href"), http.StatusOK)))
		if got != count {
			t.Errorf("%s: %d results, the list said %d", attr(a, "href"), got, count)
		}
	}
}

func TestArticlePage(t *testing.T) {
	arts := sampleArticles(t)
	s := mustSite(t, arts)
	a := s.arts["reuters-290"]
	doc := mustParse(t, s.mustGet(t, "/articles/reuters-290", http.StatusOK))
	if got := text(one(t, doc, "article h1")); got != a.Title {
		t.Errorf("headline %q", got)
	}
	if got := attr(one(t, doc, "article time"), "datetime"); got != a.PublishedAt.Format("2006-01-02T15:04:05Z07:00") {
		t.Errorf("date %q", got)
	}
	if got := text(one(t, doc, "article .source")); got != a.Source {
		t.Errorf("source %q", got)
	}
	if n := len(all(doc, "article .body p")); n < 2 {
		t.Errorf("%d paragraphs", n)
	}
	for _, e := range a.Places {
		sel := fmt.Sprintf("aside a[href='/search?place=%s']", url.QueryEscape(e.ID))
		one(t, doc, sel)
	}
	related := all(doc, "section.related li > a")
	want, _ := fakeRelated{arts: arts}.Related(context.Background(), a.ID, s.cfg.Related.PageLimit)
	if len(related) != len(want) || len(want) == 0 {
		t.Fatalf("%d related stories, want %d", len(related), len(want))
	}
	for i, r := range related {
		if attr(r, "href") != ArticleURL(want[i].ID) || text(r) != want[i].Title {
			t.Errorf("related %d: %s %q", i, attr(r, "href"), text(r))
		}
	}

	s.pages.Related = nil
	doc = mustParse(t, s.mustGet(t, "/articles/reuters-290", http.StatusOK))
	if len(all(doc, "section.related")) != 0 {
		t.Error("related section shown without a finder")
	}
	s.pages.Related = failingRelated{}
	body := s.mustGet(t, "/articles/reuters-290", http.StatusOK)
	if !strings.Contains(body, "Related stories cannot be shown right now") {
		t.Error("a failing finder is not explained")
	}

	body = s.mustGet(t, "/articles/no-such-story", http.StatusNotFound)
	if !strings.Contains(body, "no-such-story") || !strings.Contains(body, "Not found") {
		t.Error("missing article page does not name it")
	}
}

type failingRelated struct{}

func (failingRelated) Related(context.Context, string, int) ([]Story, error) {
	return nil, fmt.Errorf("related index unavailable")
}

func TestHelpPage(t *testing.T) {
	s := mustSite(t, fixtures())
	doc := mustParse(t, s.mustGet(t, "/help", http.StatusOK))
	if n := len(all(doc, "main table.syntax tbody tr")); n < 15 {
		t.Errorf("help lists %d forms", n)
	}
	// The short help is one click away on every page, without script.
	doc = mustParse(t, s.mustGet(t, "/search?q=zinc", http.StatusOK))
	one(t, doc, "header details.syntax-help summary")
}

func mustURL(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func mustRequest(tb testing.TB, s *testSite, query string) search.Request {
	tb.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := search.ParseRequest(v, s.cfg.Search, s.cfg.Location())
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// hostileLinks run script, or carry a page, where they are clicked.
var hostileLinks = []string{"javascript:alert(5)", "data:text/html,<script>alert(5)</script>", "vbscript:msgbox(5)", "JAVASCRIPT:alert(5)"}

// staleRelated lists the given stories whatever the article, as a
// related-stories finder over an old index might.
type staleRelated []Story

func (s staleRelated) Related(context.Context, string, int) ([]Story, error) { return s, nil }

// hostileArticles are articles whose links are hostile, and one with a
// web link.
func hostileArticles() ([]pulse.Article, []Story) {
	var arts []pulse.Article
	var stories []Story
	for i, u := range append([]string{"https://example.com/zinc"}, hostileLinks...) {
		a := pulse.Article{ID: fmt.Sprintf("h%d", i), Title: fmt.Sprintf("Zinc report %d", i), Body: "Zinc prices rose in London.", URL: u, PublishedAt: day("2024-03-01")}
		arts = append(arts, a)
		stories = append(stories, Story{ID: a.ID, Title: a.Title, URL: u, PublishedAt: a.PublishedAt})
	}
	return arts, stories
}

// safeHref reports whether a link emitted by Pulse is a web link or one
// of Pulse's own paths (or a fragment of the page).
func safeHref(h string) bool {
	h = strings.TrimSpace(h)
	switch {
	case pulse.WebURL(h):
		return true
	case strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "//"):
		return true
	case strings.HasPrefix(h, "?"):
		return true
	case strings.HasPrefix(h, "#"):
		// html/template's mark for a URL it refused: the page's own
		// check should have caught it first.
		return h != "#ZgotmplZ"
	}
	return false
}

var reHref = regexp.MustCompile(`(?i)\bhref="([^"]*)"`)

// TestHostileLinksNeverEmitted serves an index written before ingest
// refused javascript:, data: and vbscript: links (testindex.Legacy): no
// page, feed, export or widget fragment links to them, and the article
// with a web link keeps it.
func TestHostileLinksNeverEmitted(t *testing.T) {
	arts, stories := hostileArticles()
	s := mustSiteOver(t, testindex.Legacy(t, arts), arts)
	s.pages.Related = staleRelated(stories)
	pages := []string{"/search?q=zinc", "/search/feed?q=zinc", "/widget/related/h1"}
	for _, a := range arts {
		pages = append(pages, ArticleURL(a.ID))
	}
	for _, path := range pages {
		body := s.mustGet(t, path, http.StatusOK)
		for _, m := range reHref.FindAllStringSubmatch(body, -1) {
			if !safeHref(m[1]) {
				t.Errorf("%s: links to %q", path, m[1])
			}
		}
		for _, u := range hostileLinks {
			if strings.Contains(strings.ToLower(body), strings.ToLower(strings.SplitN(u, ",", 2)[0])) {
				t.Errorf("%s: holds %q", path, u)
			}
		}
	}
	if body := s.mustGet(t, ArticleURL("h0"), http.StatusOK); !strings.Contains(body, `href="https://example.com/zinc"`) {
		t.Error("the article page lost its web link")
	}
	if body := s.mustGet(t, "/widget/related/h1", http.StatusOK); !strings.Contains(body, `href="https://example.com/zinc"`) || !strings.Contains(body, `href="`+ArticleURL("h1")+`"`) {
		t.Errorf("widget: want the web link and the Pulse page of a story without one:\n%s", body)
	}

	rows := mustJSONL(t, s.mustGet(t, "/search/export?q=zinc&format=jsonl", http.StatusOK))
	if len(rows) != len(arts) {
		t.Fatalf("export: %d rows, want %d", len(rows), len(arts))
	}
	for _, r := range rows {
		if want := map[bool]string{true: "https://example.com/zinc"}[r.ID == "h0"]; r.URL != want {
			t.Errorf("jsonl export %s: url %q, want %q", r.ID, r.URL, want)
		}
	}
	for _, r := range mustCSV(t, s.mustGet(t, "/search/export?q=zinc&format=csv", http.StatusOK)) {
		if r[6] != "" && !pulse.WebURL(r[6]) {
			t.Errorf("csv export %s: url %q", r[0], r[6])
		}
	}
}

package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWidgetScriptLinks runs /widget.js in the real browser on a page that
// embeds it, fed related stories whose links are javascript:, data: and
// vbscript: URLs (as an old server, or a hostile one in between, might
// send): every card links to a web URL or to the story's Pulse page, so a
// click never runs script on the embedding site.
func TestWidgetScriptLinks(t *testing.T) {
	exe := needBrowser(t)
	if testing.Short() {
		t.Skip("the browser tests do not run with -short")
	}
	_, stories := hostileArticles()
	// java\tscript: is read by the browser's URL parser as javascript:.
	stories = append(stories, Story{ID: "tab", Title: "Tab in the scheme", URL: "java\tscript:alert(5)"})
	var related []map[string]string
	for _, s := range stories {
		related = append(related, map[string]string{"id": s.ID, "title": s.Title, "url": s.URL})
	}
	list, _ := json.Marshal(map[string]any{"related": related})
	site := mustSite(t, nil)
	mux := http.NewServeMux()
	mux.Handle("/widget.js", site.engine)
	mux.HandleFunc("/api/articles/h1/related", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(list)
	})
	mux.HandleFunc("/host.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="en"><head><title>A news site</title></head><body><article><h1>Zinc</h1></article>` +
			`<script src="/widget.js" data-article="h1" data-limit="6"></script></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b := &tab{t: t, ctx: startBrowser(t, exe), base: srv.URL}
	b.open("/host.html")
	// The widget renders after its fetch: wait for the cards.
	hrefs, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`new Promise(done => {
		const look = () => {
			const links = document.querySelectorAll(".pulse-related a");
			if (links.length) { done(Array.from(links, a => a.href)); } else { setTimeout(look, 20); }
		};
		look();
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(hrefs) != 6 {
		t.Fatalf("%d cards, want 6: %q", len(hrefs), hrefs)
	}
	for i, h := range hrefs {
		want := srv.URL + "/articles/" + stories[i].ID
		if i == 0 {
			want = "https://example.com/zinc"
		}
		if h != want {
			t.Errorf("card %d (%q) links to %q, want %q", i, stories[i].URL, h, want)
		}
		if strings.Contains(strings.ToLower(h), "script:") || strings.HasPrefix(h, "data:") {
			t.Errorf("card %d runs script: %q", i, h)
		}
	}
}

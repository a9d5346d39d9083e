package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHostileLinksEndToEnd ingests, into the real server, JSON Lines
// articles (over the API) and feed items (with `pulse ingest --server`)
// whose links are javascript:, data: and vbscript: URLs: each is indexed
// with a warning, and neither the API, the Atom feed of a search nor the
// widget fragment links to them.
func TestHostileLinksEndToEnd(t *testing.T) {
	s := startServer(t)
	hostile := []string{"javascript:alert(5)", "data:text/html,<script>alert(5)</script>", "vbscript:msgbox(5)"}

	var body bytes.Buffer
	for i, u := range hostile {
		fmt.Fprintf(&body, `{"id":"hostile-%d","title":"Zorblax mine %d","body":"The zorblax mine reopened after the strike ended, its owners said.","url":%q}`+"\n", i, i, u)
	}
	code, b := s.post(t, "/api/articles", testToken, body.Bytes())
	var res struct {
		Results []struct {
			ID       string   `json:"id"`
			Outcome  string   `json:"outcome"`
			Warnings []string `json:"warnings"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &res); err != nil || code != http.StatusOK || len(res.Results) != len(hostile) {
		t.Fatalf("POST: %d %s", code, b)
	}
	for _, r := range res.Results {
		if r.Outcome != "indexed" || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "not an http(s) link") {
			t.Errorf("%s: %s, warnings %q", r.ID, r.Outcome, r.Warnings)
		}
	}

	var items strings.Builder
	for i, u := range hostile {
		fmt.Fprintf(&items, `<item><title>Zorblax feed item %d</title><description>The zorblax smelter in the valley shut for repairs on Monday, the company said, and will reopen within a month as ore stocks run low.</description><link>%s</link><guid isPermaLink="false">tag:hostile.example,2024:%d</guid></item>`,
			i, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(u), i)
	}
	feed := filepath.Join(t.TempDir(), "hostile.xml")
	os.WriteFile(feed, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>`+items.String()+`</channel></rss>`), 0o644)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"ingest", "--server", s.base, "--token", testToken, feed}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out.String(), errb.String())
	}
	if n := strings.Count(errb.String(), "not an http(s) link; dropped"); n != len(hostile) {
		t.Errorf("ingest printed %d warnings, want %d:\n%s", n, len(hostile), errb.String())
	}
	if !strings.Contains(out.String(), fmt.Sprintf("with warnings %d", len(hostile))) {
		t.Errorf("summary: %s", out.String())
	}

	var found searchResp
	s.getJSON(t, "/api/search?q=zorblax&per_page=20&collapse=off", &found)
	if found.Total != 2*len(hostile) {
		t.Fatalf("%d articles found, want %d", found.Total, 2*len(hostile))
	}
	href := regexp.MustCompile(`(?i)href="([^"]*)"`)
	for _, h := range found.Hits {
		var a struct {
			URL string `json:"url"`
		}
		s.getJSON(t, "/api/articles/"+h.ID, &a)
		if a.URL != "" {
			t.Errorf("%s: url %q", h.ID, a.URL)
		}
		for _, path := range []string{"/widget/related/" + h.ID, "/articles/" + h.ID} {
			_, page := s.get(t, path)
			for _, m := range href.FindAllStringSubmatch(string(page), -1) {
				if l := strings.ToLower(m[1]); strings.Contains(l, "script:") || strings.HasPrefix(l, "data:") {
					t.Errorf("%s links to %q", path, m[1])
				}
			}
		}
	}
	_, atom := s.get(t, "/search/feed?q=zorblax")
	if strings.Contains(strings.ToLower(string(atom)), "script:") || strings.Contains(string(atom), `href="data:`) {
		t.Errorf("the feed carries a hostile link:\n%s", atom)
	}
}

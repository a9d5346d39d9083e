package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// TestForgivenQuery: a reader's typo never ends a search. The page
// searches the closest sensible reading and says so, escaped; with
// strict=true the page refuses the query, naming the position.
func TestForgivenQuery(t *testing.T) {
	s := mustSite(t, fixtures())
	for _, c := range []struct{ q, says string }{
		{`"><img src=x onerror=alert(1)>`, "(the closing quote was missing)"},
		{`zinc (oil`, "Showing results for zinc (oil) (the closing parenthesis was missing)"},
		{`zinc AND`, "Showing results for zinc (AND with nothing after it was dropped)"},
		{`zinc)`, `Showing results for zinc (an unmatched ")" was dropped)`},
	} {
		body := s.mustGet(t, "/search?"+url.Values{"q": {c.q}}.Encode(), http.StatusOK)
		assertEscaped(t, c.q, body)
		doc := mustParse(t, body)
		if got := text(one(t, doc, ".forgiven")); !strings.Contains(got, c.says) {
			t.Errorf("%q: the page says %q, want %q", c.q, got, c.says)
		}
		if got := attr(one(t, doc, "input#q"), "value"); got != c.q {
			t.Errorf("%q: the query box holds %q, not what was typed", c.q, got)
		}
	}
	// The other pages of a search say it too.
	for _, path := range []string{"/coverage", "/entities", "/compare"} {
		body := s.mustGet(t, path+"?"+url.Values{"q": {`zinc "oil`}}.Encode(), http.StatusOK)
		if got := text(one(t, mustParse(t, body), ".forgiven")); !strings.Contains(got, "(the closing quote was missing)") {
			t.Errorf("%s says %q", path, got)
		}
	}
	body := s.mustGet(t, "/search?"+url.Values{"q": {"zinc (oil"}, "strict": {"true"}}.Encode(), http.StatusBadRequest)
	if got := text(one(t, mustParse(t, body), ".notice.error")); !strings.Contains(got, "at position 10") {
		t.Errorf("strict: %q", got)
	}
}

// FuzzSearchPage: whatever is typed in the search box, up to the length
// limit, the page answers 200 with the text escaped; beyond the limit (or
// in bytes no browser sends, invalid UTF-8) a 400 naming q.
func FuzzSearchPage(f *testing.F) {
	for _, q := range []string{`"><img src=x onerror=alert(1)>`, `zinc (oil`, `(`, `)`, `"`, `-`, `AND`, `NOT -`, `title:`, `published:x`, `"a"~x`, `*`, `<script>alert(1)</script>`, `" onmouseover="alert(1)`, strings.Repeat("(", 40), strings.Repeat("a OR ", 300)} {
		f.Add(q)
	}
	s := mustSite(f, fixtures())
	max := s.cfg.Search.MaxQueryLength
	f.Fuzz(func(t *testing.T, q string) {
		code, _, body := s.get(t, "/search?"+url.Values{"q": {q}}.Encode())
		switch {
		case !utf8.ValidString(q) || utf8.RuneCountInString(q) > max:
			if code != http.StatusBadRequest || !strings.Contains(body, "q: ") {
				t.Fatalf("%q: status %d, want a 400 naming q", q, code)
			}
		case code == http.StatusBadRequest:
			// Only a limit refuses a query the reader could type.
			if !strings.Contains(body, "limit search.max_") {
				t.Fatalf("%q: 400 without a limit: %s", q, abbrevBody(body))
			}
		case code != http.StatusOK:
			t.Fatalf("%q: status %d", q, code)
		}
		assertNoMarkup(t, q, body)
	})
}

// assertNoMarkup checks that a page holds no markup but its own: no
// script, image, frame or object, and no event handler attribute.
func assertNoMarkup(tb testing.TB, q, body string) {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "object", "embed", "base", "meta", "link", "style":
				if n.Data != "meta" && n.Data != "link" || n.Parent == nil || n.Parent.Data != "head" {
					tb.Fatalf("%q: a <%s> element in the page", q, n.Data)
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					tb.Fatalf("%q: attribute %s=%q on <%s>", q, a.Key, a.Val, n.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestHostileInput sends markup, oversized and malformed parameters to
// every page: each is escaped or refused with a message on the page,
// never run and never a server error.
func TestHostileInput(t *testing.T) {
	s := mustSite(t, fixtures())
	script := "<script>alert(1)</script>"
	img := `"><img src=x onerror=alert(1)>`
	for _, c := range []struct {
		name   string
		params url.Values
		status int
		// message is what the page must say (escaped as HTML).
		message string
	}{
		{"script in the query", url.Values{"q": {script}}, http.StatusOK, ""},
		{"attribute break-out in the query", url.Values{"q": {img}}, http.StatusOK, ""},
		{"markup in a phrase", url.Values{"q": {`"<img src=x onerror=alert(1)>"`}}, http.StatusOK, ""},
		{"markup in a filter", url.Values{"q": {"zinc"}, "place": {img}}, http.StatusOK, ""},
		{"markup in a date", url.Values{"from": {img}}, http.StatusBadRequest, "from: "},
		{"malformed date", url.Values{"from": {"2024-13-45"}}, http.StatusBadRequest, "is not a date"},
		{"range ends before it starts", url.Values{"from": {"2024-03-10"}, "to": {"2024-03-01"}}, http.StatusBadRequest, "to: must not be before from"},
		{"very long query", url.Values{"q": {strings.Repeat("zinc ", 1000)}}, http.StatusBadRequest, "q: must be at most"},
		{"unknown parameter", url.Values{"q": {"zinc"}, "<b>x</b>": {"1"}}, http.StatusBadRequest, "unknown parameter"},
		{"bad sort", url.Values{"sort": {img}}, http.StatusBadRequest, "sort: must be"},
		{"bad page", url.Values{"page": {"0"}}, http.StatusBadRequest, "page: must be"},
		{"cursor", url.Values{"cursor": {"*"}}, http.StatusBadRequest, "cursor: "},
		{"malformed query", url.Values{"q": {"zinc (oil"}}, http.StatusOK, ""},
		{"malformed query, strict", url.Values{"q": {"zinc (oil"}, "strict": {"true"}}, http.StatusBadRequest, "expected"},
		{"invalid UTF-8", url.Values{"q": {"zinc \xff"}}, http.StatusBadRequest, "not valid UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/search", "/coverage", "/entities", "/search/facets/place"} {
				code, _, body := s.get(t, path+"?"+c.params.Encode())
				if code != c.status {
					t.Errorf("%s: status %d, want %d", path, code, c.status)
				}
				assertEscaped(t, path, body)
				if c.status != http.StatusOK {
					doc := mustParse(t, body)
					alert := one(t, doc, ".notice.error")
					if !strings.Contains(text(alert), c.message) {
						t.Errorf("%s: message %q lacks %q", path, text(alert), c.message)
					}
					// The page still offers the search box with what was
					// typed, to correct it.
					if got := attr(one(t, doc, "input#q"), "value"); got != strings.TrimSpace(c.params.Get("q")) && !strings.Contains(c.params.Get("q"), "\xff") && got != c.params.Get("q") {
						t.Errorf("%s: query box holds %q", path, got)
					}
				}
			}
			// The export and the feed refuse what the page refuses, with
			// the error page.
			for _, path := range []string{"/search/export", "/search/feed"} {
				code, h, body := s.get(t, path+"?"+c.params.Encode())
				if c.status == http.StatusOK {
					if code != http.StatusOK {
						t.Errorf("%s: status %d", path, code)
					}
					// A download holds the articles' text as it is; the
					// feed is XML, so markup in it must be escaped.
					if strings.Contains(h.Get("Content-Type"), "xml") && (strings.Contains(body, "<script") || strings.Contains(body, "<img")) {
						t.Errorf("%s: raw markup", path)
					}
					continue
				}
				if code != c.status || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
					t.Errorf("%s: status %d, type %s", path, code, h.Get("Content-Type"))
				}
				assertEscaped(t, path, body)
			}
		})
	}

	t.Run("compare", func(t *testing.T) {
		for _, q := range []url.Values{
			{"q": {script, img}},
			{"q": {"zinc"}, "from": {img}},
			{"q": {strings.Repeat("x", 5000)}},
		} {
			_, _, body := s.get(t, "/compare?"+q.Encode())
			assertEscaped(t, "/compare", body)
		}
	})
	t.Run("article id", func(t *testing.T) {
		_, _, body := s.get(t, "/articles/"+url.PathEscape(img))
		assertEscaped(t, "/articles", body)
	})
}

// assertEscaped fails when a page holds live markup from the hostile
// inputs.
func assertEscaped(tb testing.TB, path, body string) {
	tb.Helper()
	for _, bad := range []string{"<script", "<img", "onerror=alert(1)>", "<b>x</b>"} {
		if strings.Contains(body, bad) {
			i := strings.Index(body, bad)
			tb.Errorf("%s: raw %q in the page: …%s…", path, bad, body[max(0, i-80):min(len(body), i+80)])
		}
	}
}

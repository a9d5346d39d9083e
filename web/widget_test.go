package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestWidgetLimit checks that the widget takes related.default_limit and
// related.max_limit, and answers a bad limit 400 with the reason as the
// API does, never a silently clamped list.
func TestWidgetLimit(t *testing.T) {
	s := mustSite(t, sampleArticles(t))
	s.pages.cfg.Related.DefaultLimit, s.pages.cfg.Related.MaxLimit = 2, 3
	cases := []struct {
		name   string
		query  string
		status int
		cards  int
		want   string
	}{
		{"absent takes related.default_limit", "", http.StatusOK, 2, ""},
		{"in range", "?limit=1", http.StatusOK, 1, ""},
		{"at related.max_limit", "?limit=3", http.StatusOK, 3, ""},
		{"over related.max_limit", "?limit=4", http.StatusBadRequest, 0, `limit: must be between 1 and 3, got "4"`},
		{"zero", "?limit=0", http.StatusBadRequest, 0, `limit: must be between 1 and 3, got "0"`},
		{"not a number", "?limit=many", http.StatusBadRequest, 0, `limit: must be between 1 and 3, got "many"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, h, body := s.get(t, "/widget/related/reuters-290"+c.query)
			if code != c.status {
				t.Fatalf("status %d, want %d\n%s", code, c.status, abbrevBody(body))
			}
			if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
				t.Errorf("CSP %q: the site's frame must be allowed to show the answer", h.Get("Content-Security-Policy"))
			}
			if c.want != "" && !strings.Contains(body, c.want) {
				t.Errorf("body %q, want %q", body, c.want)
			}
			if n := strings.Count(body, "<li>"); n != c.cards {
				t.Errorf("%d cards, want %d", n, c.cards)
			}
		})
	}
}

package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/api"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// searchRouter serves the API over a small index, without rate limits.
func searchRouter(tb testing.TB) (http.Handler, config.Config) {
	tb.Helper()
	cfg := config.Defaults()
	cfg.Limits.Enabled = false
	if err := cfg.Validate(); err != nil {
		tb.Fatal(err)
	}
	idx := testindex.Build(tb, []pulse.Article{
		{ID: "a", Title: "Oil prices", Body: "Oil prices rose (again) in London."},
		{ID: "b", Title: "Gas talks", Body: "Gas talks ended without a deal."},
	})
	return api.NewRouter(&api.Handler{Searcher: search.New(idx, cfg.Search, time.UTC), Config: apiConfig(&cfg)}), cfg
}

func serve(h http.Handler, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

// TestSearchForgives: the API searches the closest reading of a query
// with a syntax error and says so; strict=true keeps the positioned 400.
func TestSearchForgives(t *testing.T) {
	h, _ := searchRouter(t)
	rec := serve(h, "/api/search?"+url.Values{"q": {`"oil prices`}}.Encode())
	var res search.Result
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if res.Total != 1 || res.Forgiven == nil || res.Forgiven.Query != `"oil prices"` || res.Forgiven.Message != `Showing results for "oil prices" (the closing quote was missing).` {
		t.Errorf("total %d, forgiven %+v", res.Total, res.Forgiven)
	}
	rec = serve(h, "/api/search?"+url.Values{"q": {`"oil prices`}, "strict": {"true"}}.Encode())
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "at position 12: expected a closing quote") {
		t.Errorf("strict: %d %s", rec.Code, rec.Body)
	}
	rec = serve(h, "/api/search?"+url.Values{"q": {"oil"}}.Encode())
	if strings.Contains(rec.Body.String(), "forgiven") {
		t.Errorf("a well-formed query was forgiven: %s", rec.Body)
	}
}

// FuzzSearchAPI: any query up to the length limit answers 200 without
// strict, or the 400 of a limit; beyond it, or in invalid UTF-8, a 400
// naming q. JSON escapes what it carries.
func FuzzSearchAPI(f *testing.F) {
	for _, q := range []string{`"><img src=x onerror=alert(1)>`, `oil (gas`, `(`, `)`, `"`, `-`, `OR`, `NOT -`, `title:`, `published:x`, `"a"~x`, `*`, `oil~9`, strings.Repeat("(", 40), strings.Repeat("a OR ", 300)} {
		f.Add(q)
	}
	h, cfg := searchRouter(f)
	f.Fuzz(func(t *testing.T, q string) {
		rec := serve(h, "/api/search?"+url.Values{"q": {q}}.Encode())
		var body struct {
			Error *struct{ Code, Message, Parameter string } `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%q: not JSON: %v", q, err)
		}
		switch {
		case !utf8.ValidString(q) || utf8.RuneCountInString(q) > cfg.Search.MaxQueryLength:
			if rec.Code != http.StatusBadRequest || body.Error == nil || body.Error.Parameter != "q" {
				t.Fatalf("%q: %d %s, want a 400 naming q", q, rec.Code, rec.Body)
			}
		case rec.Code == http.StatusBadRequest:
			if body.Error == nil || !strings.Contains(body.Error.Message, "limit search.max_") {
				t.Fatalf("%q: a 400 without a limit: %s", q, rec.Body)
			}
		case rec.Code != http.StatusOK:
			t.Fatalf("%q: %d %s", q, rec.Code, rec.Body)
		}
		if strings.ContainsAny(rec.Body.String(), "<>") {
			t.Fatalf("%q: unescaped markup in the JSON: %s", q, rec.Body)
		}
	})
}

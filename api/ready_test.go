package api_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/api"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// TestReadyCountsArticles: /readyz says how many articles the index
// holds, copies included, not how many stories a search shows.
func TestReadyCountsArticles(t *testing.T) {
	body := "The central bank of Ruritania raised its main interest rate by half a point on Tuesday, the third rise this year, saying inflation had not slowed as fast as it had forecast in the spring and that wages were still climbing quickly."
	arts := []pulse.Article{
		{ID: "a", Title: "Ruritania raises rates", Body: body, Source: "Wire"},
		{ID: "a-copy", Title: "Ruritania raises rates", Body: body, Source: "Herald"},
		{ID: "b", Title: "Coffee prices fall", Body: "Coffee prices fell in London as Brazil's harvest looked large."},
	}
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	s := search.New(testindex.Build(t, arts), cfg.Search, time.UTC)
	if n, err := s.Stories(t.Context()); err != nil || n != 2 {
		t.Fatalf("the index holds %d stories (%v), want 2: the copy was not clustered", n, err)
	}
	srv := httptest.NewServer(api.NewRouter(&api.Handler{Searcher: s, Config: apiConfig(&cfg)}))
	defer srv.Close()
	var ready struct {
		Status   string `json:"status"`
		Articles int    `json:"articles"`
	}
	resp := do(t, "GET", srv.URL+"/readyz", "", nil)
	if err := json.NewDecoder(resp.Body).Decode(&ready); err != nil {
		t.Fatal(err)
	}
	if ready.Status != "ready" || ready.Articles != len(arts) {
		t.Errorf("readyz: %+v, want %d articles", ready, len(arts))
	}
}

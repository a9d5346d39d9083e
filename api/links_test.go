package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/api"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/metrics"
	"github.com/pulsesearch/pulse/search"
)

// TestHostileLinksNotServed reads an index written before ingest refused
// javascript:, data: and vbscript: links (testindex.Legacy): the article
// and the search hits carry no such URL, and a web link stays. Related
// stories (what /widget.js renders) decode articles the same way
// (pulse.StoredArticle).
func TestHostileLinksNotServed(t *testing.T) {
	links := []string{"https://example.com/zinc", "javascript:alert(5)", "data:text/html,<script>alert(5)</script>", "vbscript:msgbox(5)"}
	// Reports of one event in different words, and two others.
	texts := [][2]string{
		{"Earthquake strikes Aceh province", "A strong earthquake struck Aceh province on Friday, damaging houses and injuring dozens, the disaster agency said."},
		{"Aceh earthquake death toll rises", "The death toll from Friday's earthquake in Aceh rose to twelve as rescuers searched collapsed houses."},
		{"Rescuers dig through Aceh rubble", "Rescuers in Aceh dug through the rubble of houses felled by the earthquake, looking for survivors."},
		{"Aid reaches Aceh after earthquake", "Aid trucks reached villages in Aceh cut off since the earthquake damaged roads and houses."},
		{"Central bank holds rates", "The central bank kept interest rates unchanged on Wednesday."},
		{"Coffee prices fall", "Coffee prices fell in London as Brazil's harvest looked large."},
	}
	var arts []pulse.Article
	for i, tx := range texts {
		u := links[0]
		if i < len(links) {
			u = links[i]
		}
		arts = append(arts, pulse.Article{ID: fmt.Sprintf("h%d", i), Title: tx[0], Body: tx[1], URL: u, PublishedAt: time.Date(2024, 3, i+1, 0, 0, 0, 0, time.UTC)})
	}
	cfg := config.Defaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	idx := testindex.Legacy(t, arts)
	h := &api.Handler{
		Searcher: search.New(idx, cfg.Search, time.UTC),
		Config:   apiConfig(&cfg),
		Metrics:  metrics.New(10),
	}
	srv := httptest.NewServer(api.NewRouter(h))
	defer srv.Close()

	wantURL := func(id, got string) {
		t.Helper()
		want := ""
		if id == "h0" || id == "h4" || id == "h5" {
			want = links[0]
		}
		if got != want {
			t.Errorf("%s: url %q, want %q", id, got, want)
		}
	}
	for _, a := range arts {
		var got pulse.Article
		getJSON(t, srv.URL+"/api/articles/"+a.ID, &got)
		wantURL(a.ID, got.URL)
	}
	var res struct {
		Hits []struct{ ID, URL string } `json:"hits"`
	}
	getJSON(t, srv.URL+"/api/search?q=aceh&collapse=off", &res)
	if len(res.Hits) != len(links) {
		t.Fatalf("%d hits, want %d", len(res.Hits), len(links))
	}
	for _, hit := range res.Hits {
		wantURL(hit.ID, hit.URL)
	}
}

func getJSON(t *testing.T, url string, out any) {
	t.Helper()
	resp := do(t, http.MethodGet, url, "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	if b, _ := json.Marshal(out); strings.Contains(string(b), "script:") {
		t.Errorf("GET %s: %s", url, b)
	}
}

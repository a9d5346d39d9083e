package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// limitRelater records the limit the page asks for.
type limitRelater struct{ limit *int }

func (r limitRelater) Related(_ context.Context, _ string, limit int) ([]Story, error) {
	*r.limit = limit
	return nil, nil
}

// TestArticlePageLimit sets related.page_limit through the configuration
// and checks that the article page asks for that many related stories,
// also under a related.max_limit below the shipped page limit.
func TestArticlePageLimit(t *testing.T) {
	idx := testindex.Build(t, sampleArticles(t))
	gin.SetMode(gin.ReleaseMode)
	for _, tc := range []struct {
		name string
		env  []string
		want int
	}{
		{"shipped", nil, config.Defaults().Related.PageLimit},
		{"page limit 1", []string{"PULSE_RELATED_PAGE_LIMIT=1"}, 1},
		{"max limit 3", []string{"PULSE_RELATED_MAX_LIMIT=3", "PULSE_RELATED_DEFAULT_LIMIT=3", "PULSE_RELATED_PAGE_LIMIT=3"}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Load(config.Options{Environ: append([]string{}, tc.env...)})
			if err != nil {
				t.Fatal(err)
			}
			p, err := New(search.New(idx, cfg.Search, cfg.Location()), Config{Web: cfg.Web, Search: cfg.Search, Related: cfg.Related, Widget: cfg.Widget, Location: cfg.Location()})
			if err != nil {
				t.Fatal(err)
			}
			got := -1
			p.Related = limitRelater{limit: &got}
			e := gin.New()
			p.Register(e)
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/articles/reuters-290", nil))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			if got != tc.want {
				t.Errorf("the page asked for %d related stories, want %d", got, tc.want)
			}
		})
	}
}

package search

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
)

func TestParseRequest(t *testing.T) {
	cfg := config.Defaults().Search
	ny, _ := time.LoadLocation("America/New_York")
	cases := []struct {
		name  string
		query string
		param string // "" = valid
		check func(t *testing.T, r Request)
	}{
		{"defaults", "", "", func(t *testing.T, r Request) {
			if r.Page != 1 || r.PerPage != 10 || r.Sort != SortRelevance || len(r.Facets) != len(pulse.Facets) {
				t.Errorf("%+v", r)
			}
		}},
		{"repeated filter", "place=Iraq&place=iran&place=iraq&tag=x", "", func(t *testing.T, r Request) {
			if strings.Join(r.Filters["place"], ",") != "Iraq,iran,iraq" || len(r.Filters["tag"]) != 1 {
				t.Errorf("filters %v", r.Filters)
			}
		}},
		{"dates in the zone, to inclusive", "from=2024-03-01&to=2024-03", "", func(t *testing.T, r Request) {
			if r.From.Format(time.RFC3339) != "2024-03-01T05:00:00Z" || r.To.Format(time.RFC3339Nano) != "2024-04-01T03:59:59.999999999Z" {
				t.Errorf("from %s to %s", r.From, r.To)
			}
		}},
		{"facets list", "facets=place,topic", "", func(t *testing.T, r Request) {
			if strings.Join(r.Facets, ",") != "place,topic" {
				t.Errorf("facets %v", r.Facets)
			}
		}},
		{"per_page too big", "per_page=100000", "per_page", nil},
		{"page zero", "page=0", "page", nil},
		{"page not a number", "page=two", "page", nil},
		{"too deep", "page=1001&per_page=10", "page", nil},
		{"sort", "sort=bogus", "sort", nil},
		{"from", "from=31/12/2024", "from", nil},
		{"inverted range", "from=2024-05-01&to=2024-04-01", "to", nil},
		{"unknown parameter", "colour=red", "colour", nil},
		{"twice", "q=a&q=b", "q", nil},
		{"long query", "q=" + strings.Repeat("a", cfg.MaxQueryLength+1), "q", nil},
		{"bad facet", "facets=colour", "facets", nil},
		{"too many values", "tag=" + strings.Repeat("a&tag=", cfg.MaxFilterValues) + "a", "tag", nil},
		{"a value naming nothing", "place=%2C%2C", "place", nil},
		{"invalid utf-8", "q=%ff", "q", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := url.ParseQuery(c.query)
			if err != nil {
				t.Fatal(err)
			}
			r, err := ParseRequest(v, cfg, ny)
			if c.param == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				c.check(t, r)
				return
			}
			e, ok := err.(*pulse.Error)
			if !ok || e.Code != pulse.EInvalid || e.Parameter != c.param || !strings.HasPrefix(e.Message, c.param+": ") {
				t.Errorf("got %#v, want an invalid_parameter error naming %s", err, c.param)
			}
		})
	}
}

func TestValuesRoundTrip(t *testing.T) {
	cfg := config.Defaults().Search
	v, _ := url.ParseQuery("q=oil+prices&page=3&per_page=20&sort=newest&place=iraq&place=iran&tag=crude&from=2024-01-01T00:00:00Z")
	r, err := ParseRequest(v, cfg, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := ParseRequest(r.Values(), cfg, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Query != r.Query || r2.Page != 3 || r2.PerPage != 20 || r2.Sort != SortNewest || len(r2.Filters["place"]) != 2 || !r2.From.Equal(r.From) {
		t.Errorf("round trip: %+v", r2)
	}
}

func FuzzParseRequest(f *testing.F) {
	f.Add("q=oil&place=iraq&page=2")
	f.Add("per_page=-1&from=2024-13-45")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		cfg := config.Defaults().Search
		r, err := ParseRequest(v, cfg, time.UTC)
		if err != nil {
			if e, ok := err.(*pulse.Error); !ok || e.Parameter == "" {
				t.Fatalf("error without a parameter: %v", err)
			}
			return
		}
		if r.Page < 1 || r.PerPage < 1 || r.PerPage > cfg.MaxPerPage || r.Page*r.PerPage > cfg.MaxResultWindow+r.PerPage {
			t.Fatalf("accepted out-of-range paging: %+v", r)
		}
	})
}

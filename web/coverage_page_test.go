package web

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// svgDoc is what the tests read of a chart.
type svgDoc struct {
	XMLName xml.Name `xml:"svg"`
	Title   string   `xml:"title"`
	Desc    string   `xml:"desc"`
	Links   []struct {
		Href  string `xml:"href,attr"`
		Title string `xml:"title"`
		Rects []struct {
			Class  string  `xml:"class,attr"`
			Height float64 `xml:"height,attr"`
		} `xml:"rect"`
	} `xml:"g>a"`
	Rects []struct {
		Class string `xml:"class,attr"`
		Title string `xml:"title"`
	} `xml:"g>rect"`
}

// mustChart finds the chart in a page and parses it as XML, which also
// proves it well-formed.
func mustChart(tb testing.TB, body, id string) svgDoc {
	tb.Helper()
	start := strings.Index(body, `<svg class="chart`)
	for start >= 0 && !strings.Contains(body[start:start+300], `aria-labelledby="`+id+`-title`) {
		next := strings.Index(body[start+1:], `<svg class="chart`)
		if next < 0 {
			start = -1
			break
		}
		start += 1 + next
	}
	if start < 0 {
		tb.Fatalf("no %s chart in the page", id)
	}
	end := strings.Index(body[start:], "</svg>")
	var doc svgDoc
	if err := xml.Unmarshal([]byte(body[start:start+end+len("</svg>")]), &doc); err != nil {
		tb.Fatalf("chart is not well-formed XML: %v", err)
	}
	return doc
}

var articlesIn = regexp.MustCompile(`: ([\d,]+) articles?$`)

func countOf(tb testing.TB, label string) int {
	tb.Helper()
	m := articlesIn.FindStringSubmatch(label)
	if m == nil {
		tb.Fatalf("bar label %q names no count", label)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	return n
}

func TestCoveragePage(t *testing.T) {
	s := mustSite(t, sampleArticles(t))
	for _, c := range []struct{ name, query, interval string }{
		{"auto", "q=trade", "week"},
		{"day", "q=coffee&histogram=day", "day"},
		{"month with a filter", "place=usa&histogram=month", "month"},
		{"dates", "q=oil&from=1987-03-04&to=1987-03-20&histogram=week", "week"},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := s.mustGet(t, "/coverage?"+c.query, http.StatusOK)
			chart := mustChart(t, body, "coverage")
			if !strings.Contains(chart.Title, "per "+c.interval) || chart.Desc == "" {
				t.Errorf("chart title %q, desc %q", chart.Title, chart.Desc)
			}
			total := s.mustTotal(t, c.query)
			sum := 0
			for _, l := range chart.Links {
				n := countOf(t, l.Title)
				sum += n
				if n == 0 {
					t.Errorf("bar %q links although empty", l.Title)
				}
				if len(l.Rects) != 2 || l.Rects[1].Height <= 0 {
					t.Errorf("bar %q has no visible rectangle", l.Title)
				}
				u := mustURL(t, l.Href)
				q := u.Query()
				if u.Path != "/search" || q.Get("from") == "" || q.Get("to") == "" || q.Has("histogram") {
					t.Errorf("bar link %s", u)
				}
				got := pageTotal(t, mustParse(t, s.mustGet(t, l.Href, http.StatusOK)))
				if got != n {
					t.Errorf("bar %q links to %d results", l.Title, got)
				}
			}
			if uint64(sum) != total || total == 0 {
				t.Errorf("bars add up to %d, the search has %d", sum, total)
			}
			for _, r := range chart.Rects {
				if countOf(t, r.Title) != 0 {
					t.Errorf("bar %q has articles but no link", r.Title)
				}
			}
			doc := mustParse(t, body)
			rows := all(doc, "#coverage-table tbody tr")
			if len(rows) != len(chart.Links)+len(chart.Rects) {
				t.Errorf("table has %d rows, chart %d bars", len(rows), len(chart.Links)+len(chart.Rects))
			}
			if got := text(one(t, doc, ".intervals a.current")); c.name != "auto" && !strings.EqualFold(got, c.interval) {
				t.Errorf("current interval %q", got)
			}
		})
	}

	t.Run("a bar on the edge of the range keeps the range", func(t *testing.T) {
		body := s.mustGet(t, "/coverage?q=oil&from=1987-03-04&to=1987-03-20&histogram=week", http.StatusOK)
		chart := mustChart(t, body, "coverage")
		first := mustURL(t, chart.Links[0].Href).Query()
		last := mustURL(t, chart.Links[len(chart.Links)-1].Href).Query()
		if first.Get("from") != "1987-03-04" || last.Get("to") != "1987-03-20" {
			t.Errorf("edge bars span %s.. and ..%s", first.Get("from"), last.Get("to"))
		}
	})

	t.Run("undated matches are counted but not charted", func(t *testing.T) {
		fx := mustSite(t, fixtures())
		body := fx.mustGet(t, "/coverage?q=zinc", http.StatusOK)
		if !strings.Contains(body, "1 matching article has no date and is not charted") {
			t.Error("undated article not mentioned")
		}
	})

	t.Run("no matches", func(t *testing.T) {
		body := s.mustGet(t, "/coverage?q=xqzzyx", http.StatusOK)
		if !strings.Contains(body, "No dated articles match") {
			t.Error("empty coverage not explained")
		}
	})

	t.Run("refused", func(t *testing.T) {
		for _, q := range []string{"histogram=off", "histogram=hourly", "from=1987-13-45", "q=oil+AND&strict=true"} {
			body := s.mustGet(t, "/coverage?"+q, http.StatusBadRequest)
			if !strings.Contains(body, "We could not run that search") {
				t.Errorf("%s: no friendly message", q)
			}
		}
	})
}

func TestComparePage(t *testing.T) {
	s := mustSite(t, sampleArticles(t))
	body := s.mustGet(t, "/compare?q=coffee&q=oil&q=trade", http.StatusOK)
	doc := mustParse(t, body)
	chart := mustChart(t, body, "compare")
	if !strings.Contains(chart.Title, "coffee, oil, trade") {
		t.Errorf("chart title %q", chart.Title)
	}
	rows := all(doc, "#compare-table tbody tr")
	if len(rows) == 0 {
		t.Fatal("no table rows")
	}
	allSum := 0
	sums := make([]int, 3)
	for _, r := range rows {
		cells := all(r, "td")
		if len(cells) != 1+2*3 {
			t.Fatalf("row has %d cells", len(cells))
		}
		n := atoi(t, text(cells[0]))
		allSum += n
		for qi := range 3 {
			c := atoi(t, text(cells[1+2*qi]))
			sums[qi] += c
			share := strings.TrimSuffix(text(cells[2+2*qi]), "%")
			want := 0.0
			if n > 0 {
				want = float64(int(float64(c)/float64(n)*1000+0.5)) / 10
			}
			if got, _ := strconv.ParseFloat(share, 64); got != want {
				t.Errorf("share %s%%, want %.1f%% (%d of %d)", share, want, c, n)
			}
		}
	}
	if allSum != 342 {
		t.Errorf("all articles add up to %d, want 342", allSum)
	}
	for qi, q := range []string{"coffee", "oil", "trade"} {
		if want := s.mustTotal(t, "q="+q); uint64(sums[qi]) != want {
			t.Errorf("%s adds up to %d, the search has %d", q, sums[qi], want)
		}
	}
	// Bars link to their query's articles of that period.
	for _, l := range chart.Links[:6] {
		u := mustURL(t, l.Href)
		m := regexp.MustCompile(`: ([\d,]+) articles?, `).FindStringSubmatch(l.Title)
		if m == nil {
			t.Fatalf("bar label %q", l.Title)
		}
		got := pageTotal(t, mustParse(t, s.mustGet(t, l.Href, http.StatusOK)))
		if strconv.Itoa(got) != m[1] || u.Query().Get("q") == "" {
			t.Errorf("bar %q links to %s with %d results", l.Title, u, got)
		}
	}
	var fields []string
	for _, in := range all(doc, "form.compare input[name=q]") {
		fields = append(fields, attr(in, "value"))
	}
	if strings.Join(fields, ",") != "coffee,oil,trade," {
		t.Errorf("query fields %q", fields)
	}

	t.Run("form only", func(t *testing.T) {
		doc := mustParse(t, s.mustGet(t, "/compare", http.StatusOK))
		if n := len(all(doc, "form.compare input[name=q]")); n != maxCompare {
			t.Errorf("%d query fields", n)
		}
	})
	t.Run("filters apply to every query and to the whole", func(t *testing.T) {
		body := s.mustGet(t, "/compare?q=coffee&q=oil&place=usa&histogram=month", http.StatusOK)
		doc := mustParse(t, body)
		whole := 0
		for _, r := range all(doc, "#compare-table tbody tr") {
			whole += atoi(t, text(all(r, "td")[0]))
		}
		if want := s.mustTotal(t, "place=usa"); uint64(whole) != want {
			t.Errorf("whole is %d, want %d", whole, want)
		}
		one(t, doc, "form.compare input[type=hidden][name=place][value=usa]")
	})
	t.Run("refused", func(t *testing.T) {
		body := s.mustGet(t, "/compare?q=a&q=b&q=c&q=d&q=e", http.StatusBadRequest)
		if !strings.Contains(body, "at most 4 queries") {
			t.Error("five queries not explained")
		}
		body = s.mustGet(t, "/compare?q=oil&q=oil+AND&strict=true", http.StatusBadRequest)
		if !strings.Contains(body, "query 2") {
			t.Error("bad second query not named")
		}
	})
}

func atoi(tb testing.TB, s string) int {
	tb.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestChartHelpers(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{0, 1}, {1, 1}, {3, 5}, {7, 10}, {10, 10}, {11, 20}, {33.3, 50}, {0.4, 0.5}} {
		if got := niceCeil(c.in); got != c.want {
			t.Errorf("niceCeil(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		n, k int
		want string
	}{{3, 6, "[0 1 2]"}, {10, 6, "[0 2 4 5 7 9]"}, {100, 3, "[0 50 99]"}} {
		if got := sprintInts(labelIndexes(c.n, c.k)); got != c.want {
			t.Errorf("labelIndexes(%d, %d) = %s, want %s", c.n, c.k, got, c.want)
		}
	}
}

func sprintInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

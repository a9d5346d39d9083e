package web

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
)

func mustCSV(tb testing.TB, body string) [][]string {
	tb.Helper()
	r := csv.NewReader(strings.NewReader(body))
	r.FieldsPerRecord = len(exportColumns)
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("export is not valid CSV: %v", err)
	}
	if len(recs) == 0 || !slices.Equal(recs[0], exportColumns) {
		tb.Fatalf("CSV header %v", recs)
	}
	return recs[1:]
}

func mustJSONL(tb testing.TB, body string) []exportRow {
	tb.Helper()
	var rows []exportRow
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		var r exportRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("line %d is not JSON: %v", len(rows)+1, err)
		}
		rows = append(rows, r)
	}
	return rows
}

func TestExport(t *testing.T) {
	s := mustSite(t, sampleArticles(t))

	t.Run("csv holds every match in the search's order", func(t *testing.T) {
		code, h, body := s.get(t, "/search/export?q=trade&sort=newest&format=csv&page=3")
		if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
			t.Fatalf("status %d, type %q", code, h.Get("Content-Type"))
		}
		if h.Get("Content-Disposition") != `attachment; filename="pulse-export.csv"` {
			t.Errorf("disposition %q", h.Get("Content-Disposition"))
		}
		rows := mustCSV(t, body)
		total := s.mustTotal(t, "q=trade")
		if uint64(len(rows)) != total || h.Get(headerExportTotal) != strconv.FormatUint(total, 10) {
			t.Fatalf("%d rows, header says %s, search has %d", len(rows), h.Get(headerExportTotal), total)
		}
		seen := map[string]bool{}
		var prev time.Time
		for i, r := range rows {
			if seen[r[0]] {
				t.Errorf("row %d repeats %s", i, r[0])
			}
			seen[r[0]] = true
			a, ok := s.arts[r[0]]
			if !ok {
				t.Fatalf("row %d: unknown id %q", i, r[0])
			}
			if r[2] != a.Title || r[7] != ArticleURL(a.ID) {
				t.Errorf("row %d: %q %q", i, r[2], r[7])
			}
			at, err := time.Parse(time.RFC3339, r[1])
			if err != nil || !at.Equal(a.PublishedAt.Truncate(time.Second)) {
				t.Errorf("row %d date %q, want %s", i, r[1], a.PublishedAt)
			}
			if i > 0 && at.After(prev) {
				t.Errorf("row %d is newer than the one before", i)
			}
			prev = at
		}
	})

	t.Run("jsonl", func(t *testing.T) {
		code, h, body := s.get(t, "/search/export?q=coffee&place=colombia&format=jsonl")
		if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "application/x-ndjson") {
			t.Fatalf("status %d, type %q", code, h.Get("Content-Type"))
		}
		rows := mustJSONL(t, body)
		if want := s.mustTotal(t, "q=coffee&place=colombia"); uint64(len(rows)) != want || want == 0 {
			t.Fatalf("%d lines, want %d", len(rows), want)
		}
		for _, r := range rows {
			if !slices.ContainsFunc(r.Places, func(e pulse.Entity) bool { return e.ID == "colombia" }) {
				t.Errorf("%s: not in colombia: %+v", r.ID, r.Places)
			}
		}
	})

	t.Run("the cap is said plainly", func(t *testing.T) {
		s.pages.cfg.Web.ExportMax = 7
		defer func() { s.pages.cfg.Web.ExportMax = s.cfg.Web.ExportMax }()
		_, h, body := s.get(t, "/search/export?q=trade&format=csv")
		rows := mustCSV(t, body)
		total := s.mustTotal(t, "q=trade")
		if len(rows) != 7 || h.Get(headerExportRows) != "7" || h.Get(headerExportLimit) != "7" {
			t.Errorf("%d rows, headers %v", len(rows), h)
		}
		want := `attachment; filename="pulse-export-first-7-of-` + strconv.FormatUint(total, 10) + `.csv"`
		if h.Get("Content-Disposition") != want {
			t.Errorf("disposition %q, want %q", h.Get("Content-Disposition"), want)
		}
		doc := mustParse(t, s.mustGet(t, "/search?q=trade", http.StatusOK))
		if got := text(one(t, doc, ".takeaway .cap")); !strings.Contains(got, "stop at the first 7") || !strings.Contains(got, strconv.FormatUint(total, 10)) {
			t.Errorf("page says %q", got)
		}
		if got := len(mustJSONL(t, s.mustGet(t, "/search/export?q=trade&format=jsonl", http.StatusOK))); got != 7 {
			t.Errorf("jsonl: %d lines", got)
		}
	})

	t.Run("no matches is a valid empty export", func(t *testing.T) {
		if rows := mustCSV(t, s.mustGet(t, "/search/export?q=xqzzyx&format=csv", http.StatusOK)); len(rows) != 0 {
			t.Errorf("%d rows", len(rows))
		}
		if body := s.mustGet(t, "/search/export?q=xqzzyx&format=jsonl", http.StatusOK); body != "" {
			t.Errorf("jsonl body %q", body)
		}
	})

	t.Run("refused", func(t *testing.T) {
		for _, q := range []string{"format=xlsx", "q=oil&from=soon", "q=oil+AND&strict=true", "bogus=1"} {
			body := s.mustGet(t, "/search/export?"+q, http.StatusBadRequest)
			if !strings.Contains(body, "That request is not right") {
				t.Errorf("%s: no friendly page", q)
			}
		}
	})
}

func TestExportNeutralisesFormulas(t *testing.T) {
	s := mustSite(t, fixtures())
	rows := mustCSV(t, s.mustGet(t, "/search/export?q=zinc&format=csv", http.StatusOK))
	byID := map[string][]string{}
	for _, r := range rows {
		byID[r[0]] = r
	}
	for _, c := range []struct {
		id   string
		col  int
		want string
	}{
		{"inject-1", 2, `'=HYPERLINK("http://evil.example/","zinc prices")`},
		{"inject-1", 3, "'@SUM(1+1)"},
		{"inject-1", 4, "'+cmd|' /C calc'!A0"},
		{"inject-1", 9, "'-Peru"},
		{"inject-2", 2, "'-2+3 zinc futures"},
		{"xss", 2, "<script>alert(1)</script> zinc"},
	} {
		r, ok := byID[c.id]
		if !ok {
			t.Fatalf("%s not exported", c.id)
		}
		if r[c.col] != c.want {
			t.Errorf("%s %s: %q, want %q", c.id, exportColumns[c.col], r[c.col], c.want)
		}
	}
	for _, r := range rows {
		for i, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s %s starts with %q", r[0], exportColumns[i], cell[:1])
			}
		}
	}
	// Copies count once, as on the page; with collapse=off every copy is
	// a row.
	if total := s.mustTotal(t, "q=zinc"); uint64(len(rows)) != total {
		t.Errorf("%d rows, the page counts %d", len(rows), total)
	}
	all := mustCSV(t, s.mustGet(t, "/search/export?q=zinc&collapse=off&format=csv", http.StatusOK))
	if len(all) != len(fixtures()) {
		t.Errorf("collapse=off: %d rows, want %d", len(all), len(fixtures()))
	}
	// JSON Lines is not for spreadsheets: values stay as they are.
	for _, r := range mustJSONL(t, s.mustGet(t, "/search/export?q=zinc&format=jsonl", http.StatusOK)) {
		if r.ID == "inject-1" && !strings.HasPrefix(r.Title, "=HYPERLINK") {
			t.Errorf("jsonl title %q", r.Title)
		}
	}
}

func TestNeutralise(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""}, {"plain", "plain"}, {"=1+1", "'=1+1"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@A1", "'@A1"},
		{"\t=1", "'\t=1"}, {"\r=1", "'\r=1"}, {"a=1", "a=1"}, {"'quoted", "'quoted"},
	} {
		if got := neutralise(c.in); got != c.want {
			t.Errorf("neutralise(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// atom is what the tests read of a feed.
type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Author  string   `xml:"author>name"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Summary struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"summary"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func mustFeed(tb testing.TB, s *testSite, query string) atom {
	tb.Helper()
	code, h, body := s.get(tb, "/search/feed?"+query)
	if code != http.StatusOK || h.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		tb.Fatalf("status %d, type %q", code, h.Get("Content-Type"))
	}
	var f atom
	d := xml.NewDecoder(strings.NewReader(body))
	d.Strict = true
	if err := d.Decode(&f); err != nil {
		tb.Fatalf("feed is not valid XML: %v\n%s", err, abbrevBody(body))
	}
	return f
}

func TestFeed(t *testing.T) {
	s := mustSite(t, sampleArticles(t))
	f := mustFeed(t, s, "q=trade&place=japan")
	if f.Title != "Pulse: trade (place: japan)" || f.Author == "" || f.ID != "http://example.com/search/feed?place=japan&q=trade" {
		t.Errorf("feed title %q, id %q, author %q", f.Title, f.ID, f.Author)
	}
	rels := map[string]string{}
	for _, l := range f.Links {
		rels[l.Rel] = l.Href
	}
	if rels["self"] != f.ID || !strings.Contains(rels["alternate"], "/search?") || !strings.Contains(rels["alternate"], "sort=newest") {
		t.Errorf("feed links %v", rels)
	}
	want := min(s.mustTotal(t, "q=trade&place=japan"), feedSize)
	if uint64(len(f.Entries)) != want || want == 0 {
		t.Fatalf("%d entries, want %d", len(f.Entries), want)
	}
	if f.Updated != f.Entries[0].Updated {
		t.Errorf("feed updated %s, newest entry %s", f.Updated, f.Entries[0].Updated)
	}
	for i, e := range f.Entries {
		if i > 0 && e.Updated > f.Entries[i-1].Updated {
			t.Errorf("entry %d is newer than the one before", i)
		}
		if !strings.HasPrefix(e.ID, "http://example.com/articles/") || e.Title == "" || e.Summary.Type != "html" {
			t.Errorf("entry %d: %+v", i, e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry %d updated %q", i, e.Updated)
		}
	}
	if got := len(mustFeed(t, s, "per_page=3").Entries); got != 3 {
		t.Errorf("per_page=3: %d entries", got)
	}

	t.Run("no matches is a valid empty feed", func(t *testing.T) {
		f := mustFeed(t, s, "q=xqzzyx")
		if len(f.Entries) != 0 || f.Updated == "" || f.Title != "Pulse: xqzzyx" {
			t.Errorf("%+v", f)
		}
	})
	t.Run("refused", func(t *testing.T) {
		s.mustGet(t, "/search/feed?from=yesterday", http.StatusBadRequest)
	})
}

func TestFeedEscapes(t *testing.T) {
	s := mustSite(t, fixtures())
	_, _, body := s.get(t, "/search/feed?q=zinc")
	if strings.Contains(body, "<script") || strings.Contains(body, "<img") {
		t.Errorf("raw markup in the feed:\n%s", body)
	}
	f := mustFeed(t, s, "q=zinc")
	found := false
	for _, e := range f.Entries {
		if e.Title == "<script>alert(1)</script> zinc" {
			found = true
			// The summary is HTML: decoded once, the markup of the
			// article is still text.
			if strings.Contains(e.Summary.Body, "<img") || !strings.Contains(e.Summary.Body, "&lt;img") {
				t.Errorf("summary %q", e.Summary.Body)
			}
		}
	}
	if !found {
		t.Error("hostile title lost")
	}
	if n := len(f.Entries); n != int(s.mustTotal(t, "q=zinc")) {
		t.Errorf("%d entries", n)
	}
}

package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/internal/sharedtest"
	"github.com/pulsesearch/pulse/sample"
)

const testToken = "test-token-0123456789abcdef"

// server is a running `pulse serve` for a test.
type server struct {
	base    string
	dataDir string
	stop    func()
}

// startServer runs the real serve command on 127.0.0.1:0 with a fresh
// data directory and waits until it answers.
func startServer(t testing.TB, extraEnv ...string) *server {
	t.Helper()
	return startServerIn(t, t.TempDir(), extraEnv...)
}

// startServerIn is startServer on the data directory dir.
func startServerIn(t testing.TB, dir string, extraEnv ...string) *server {
	t.Helper()
	t.Setenv("PULSE_AUTH_WRITE_TOKENS", testToken)
	for _, kv := range extraEnv {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, strings.NewReader(""), pw, &stderr)
		pw.Close()
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		re := regexp.MustCompile(`serving (https?://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	s := &server{dataDir: dir}
	select {
	case s.base = <-addr:
	case code := <-done:
		cancel()
		t.Fatalf("serve exited with %d before listening: %s", code, stderr.String())
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("serve did not start within 60s: %s", stderr.String())
	}
	var once sync.Once
	s.stop = func() {
		// A test may stop the server itself before the cleanup does.
		once.Do(func() {
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("serve exited with %d: %s", code, stderr.String())
				}
			case <-time.After(60 * time.Second):
				t.Errorf("serve did not stop within 60s")
			}
		})
	}
	t.Cleanup(s.stop)
	return s
}

func (s *server) get(t testing.TB, path string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (s *server) getJSON(t testing.TB, path string, out any) int {
	t.Helper()
	code, b := s.get(t, path)
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("GET %s: %d, not JSON: %v: %s", path, code, err, b)
	}
	return code
}

func (s *server) post(t testing.TB, path, token string, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.base+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

type searchResp struct {
	Query string `json:"query"`
	Total int    `json:"total"`
	Hits  []struct {
		ID      string `json:"id"`
		Title   string `json:"title"`
		Snippet string `json:"snippet"`
	} `json:"hits"`
	Facets map[string][]struct {
		ID       string `json:"id"`
		Value    string `json:"value"`
		Count    int    `json:"count"`
		Selected bool   `json:"selected"`
	} `json:"facets"`
}

type errResp struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		Parameter string `json:"parameter"`
	} `json:"error"`
}

// corpusArticle is what the checks need of an article, read from the
// sample and fixture files independently of Pulse's readers.
type corpusArticle struct {
	ID     string   `json:"id"`
	Tags   []string `json:"tags"`
	Source string   `json:"source"`
}

func readArticles(t testing.TB, r io.Reader) []corpusArticle {
	t.Helper()
	var out []corpusArticle
	dec := json.NewDecoder(r)
	for dec.More() {
		var a corpusArticle
		if err := dec.Decode(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func sampleArticles(t testing.TB) []corpusArticle { return readArticles(t, sample.Open()) }

func TestEndToEnd(t *testing.T) {
	s := startServer(t)
	arts := sampleArticles(t)

	fixture, err := os.ReadFile(filepath.Join("testdata", "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	extra, err := os.ReadFile(filepath.Join("testdata", "fixtures.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	arts = append(arts, readArticles(t, bytes.NewReader(fixture))...)
	arts = append(arts, readArticles(t, bytes.NewReader(extra))...)
	if code, body := s.post(t, "/api/articles", "", fixture); code != http.StatusUnauthorized {
		t.Errorf("POST without token: got %d %s, want 401", code, body)
	}
	if code, body := s.post(t, "/api/articles", "wrong-token-0123456789", fixture); code != http.StatusUnauthorized {
		t.Errorf("POST with a wrong token: got %d %s, want 401", code, body)
	}
	code, body := s.post(t, "/api/articles", testToken, fixture)
	if code != http.StatusOK || !bytes.Contains(body, []byte(`"indexed":1`)) {
		t.Fatalf("POST fixture: %d %s", code, body)
	}
	if code, body := s.post(t, "/api/articles", testToken, extra); code != http.StatusOK || bytes.Contains(body, []byte(`"rejected"`)) && !bytes.Contains(body, []byte(`"rejected":0`)) {
		t.Fatalf("POST fixtures: %d %s", code, body)
	}

	t.Run("known query", func(t *testing.T) {
		var r searchResp
		s.getJSON(t, "/api/search?q=coffee+quotas", &r)
		if len(r.Hits) == 0 || r.Hits[0].ID != "reuters-290" {
			t.Fatalf("top hit for coffee quotas: got %+v, want reuters-290 (ICO TALKS ON COFFEE QUOTAS…)", r.Hits)
		}
		if !strings.Contains(r.Hits[0].Snippet, "<mark>") {
			t.Errorf("snippet has no <mark>: %q", r.Hits[0].Snippet)
		}
	})

	t.Run("facet counts match the files", func(t *testing.T) {
		want := map[string]int{}
		for _, a := range arts {
			for _, tag := range a.Tags {
				want[pulse.NormalizeKey(tag)]++
			}
		}
		var r searchResp
		s.getJSON(t, "/api/search?facet_size=1000&facets=tag", &r)
		if r.Total != len(arts) {
			t.Errorf("total: got %d, want %d (sample and fixtures)", r.Total, len(arts))
		}
		got := map[string]int{}
		for _, v := range r.Facets["tag"] {
			got[v.ID] = v.Count
		}
		if len(got) != len(want) {
			t.Errorf("tag facet has %d values, the files %d", len(got), len(want))
		}
		for id, n := range want {
			if got[id] != n {
				t.Errorf("tag %s: facet count %d, files have %d", id, got[id], n)
			}
		}
	})

	t.Run("repeated and combined filters", func(t *testing.T) {
		count := func(pred func(a corpusArticle) bool) int {
			n := 0
			for _, a := range arts {
				if pred(a) {
					n++
				}
			}
			return n
		}
		has := func(a corpusArticle, tags ...string) bool {
			for _, x := range a.Tags {
				for _, t := range tags {
					if pulse.NormalizeKey(x) == pulse.NormalizeKey(t) {
						return true
					}
				}
			}
			return false
		}
		fixtureWire := func(a corpusArticle) bool { return a.Source == "Fixture Wire" }
		cases := []struct {
			query string
			want  int
		}{
			{"tag=trade&tag=crude", count(func(a corpusArticle) bool { return has(a, "trade", "crude") })},
			{"tag=TRADE&tag=Crude", count(func(a corpusArticle) bool { return has(a, "trade", "crude") })},
			{"tag=trade&tag=crude&source=Fixture+Wire", count(func(a corpusArticle) bool { return has(a, "trade", "crude") && fixtureWire(a) })},
			{"tag=trade&source=fixture+wire", count(func(a corpusArticle) bool { return has(a, "trade") && fixtureWire(a) })},
		}
		if cases[2].want == 0 || cases[2].want == cases[0].want {
			t.Fatalf("fixtures give no discriminating case: %+v", cases)
		}
		for _, c := range cases {
			var r searchResp
			s.getJSON(t, "/api/search?"+c.query, &r)
			if r.Total != c.want {
				t.Errorf("%s: total %d, want %d", c.query, r.Total, c.want)
			}
		}
		// A selected value is returned as selected, and the other values
		// of its facet keep the counts they have without that filter.
		var r, all searchResp
		s.getJSON(t, "/api/search?source=fixture+wire&tag=trade&facets=tag&facet_size=1000", &r)
		s.getJSON(t, "/api/search?source=fixture+wire&facets=tag&facet_size=1000", &all)
		allCounts := map[string]int{}
		for _, v := range all.Facets["tag"] {
			allCounts[v.ID] = v.Count
		}
		sawTrade := false
		for _, v := range r.Facets["tag"] {
			if v.ID == "trade" {
				sawTrade = v.Selected
			}
			if v.Count != allCounts[v.ID] {
				t.Errorf("tag %s under source=fixture wire&tag=trade: count %d, want %d (its count without the tag filter)", v.ID, v.Count, allCounts[v.ID])
			}
		}
		if !sawTrade {
			t.Errorf("selected tag trade not returned as selected: %+v", r.Facets["tag"])
		}
	})

	t.Run("aliases find entities and highlight what the page says", func(t *testing.T) {
		for _, q := range []string{"q=Daesh", "q=org:Daesh", "q=person:shaibani", "q=person:%22Al+Shaibani%22", "org=ISIL", "person=al-shaibani", "place=baghdad", "place=Iraq"} {
			var r searchResp
			s.getJSON(t, "/api/search?"+q, &r)
			found := false
			for _, h := range r.Hits {
				found = found || h.ID == "fixture-is"
			}
			if !found {
				t.Errorf("%s: the article about the Islamic State and al-Shaibani not found (%d hits)", q, r.Total)
			}
		}
		var r searchResp
		s.getJSON(t, "/api/search?q=Daesh", &r)
		for _, h := range r.Hits {
			if h.ID == "fixture-is" && !strings.Contains(h.Snippet, "<mark>Islamic State</mark>") {
				t.Errorf("q=Daesh: the snippet does not highlight the name on the page: %q", h.Snippet)
			}
		}
		var a struct {
			Orgs    []struct{ ID, Name string }
			Persons []struct {
				ID       string
				Mentions int
			}
		}
		s.getJSON(t, "/api/articles/fixture-is", &a)
		if len(a.Orgs) == 0 || a.Orgs[0].ID != "islamic-state" || len(a.Persons) == 0 || a.Persons[0].ID != "asaad-al-shaibani" || a.Persons[0].Mentions != 2 {
			t.Errorf("the article does not carry its extracted entities: %+v", a)
		}
	})

	t.Run("entities are extracted", func(t *testing.T) {
		var r searchResp
		s.getJSON(t, "/api/search?q=zanzibar+clove&facets=place", &r)
		found := false
		for _, v := range r.Facets["place"] {
			found = found || v.ID == "tz"
		}
		if !found {
			t.Errorf("the fixture about Zanzibar has no Tanzania among its places: %+v", r.Facets["place"])
		}
	})

	t.Run("snippet is escaped in JSON and on the page", func(t *testing.T) {
		var r searchResp
		s.getJSON(t, "/api/search?q=zanzibar+clove", &r)
		if len(r.Hits) != 1 || r.Hits[0].ID != "fixture-xss" {
			t.Fatalf("fixture not found: %+v", r.Hits)
		}
		sn := r.Hits[0].Snippet
		if !strings.Contains(sn, "&lt;script&gt;") || strings.Contains(sn, "<script") {
			t.Errorf("JSON snippet not escaped: %q", sn)
		}
		code, page := s.get(t, "/search?q=zanzibar+clove")
		if code != 200 {
			t.Fatalf("page: %d", code)
		}
		if !bytes.Contains(page, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) || bytes.Contains(page, []byte("<script>alert")) {
			t.Errorf("page snippet not escaped:\n%s", page)
		}
		code, art := s.get(t, "/articles/fixture-xss")
		if code != 200 || bytes.Contains(art, []byte("<script>alert")) || !bytes.Contains(art, []byte("&lt;script&gt;")) {
			t.Errorf("article page: %d, escaped text missing or raw tag present", code)
		}
	})

	t.Run("bad parameters are 400s naming them", func(t *testing.T) {
		for _, c := range []struct{ query, param string }{
			{"per_page=100000", "per_page"},
			{"page=0", "page"},
			{"sort=bogus", "sort"},
			{"from=yesterday", "from"},
			{"frobnicate=1", "frobnicate"},
			{"q=" + url.QueryEscape(strings.Repeat("x", 1001)), "q"},
		} {
			var e errResp
			code := s.getJSON(t, "/api/search?"+c.query, &e)
			if code != http.StatusBadRequest || e.Error.Code != "invalid_parameter" || e.Error.Parameter != c.param || !strings.HasPrefix(e.Error.Message, c.param+":") {
				t.Errorf("%s: got %d %+v, want 400 invalid_parameter naming %s", c.query, code, e, c.param)
			}
		}
		var e errResp
		if code := s.getJSON(t, "/api/search?per_page=100000", &e); !strings.Contains(e.Error.Message, "between 1 and 100, got 100000") {
			t.Errorf("per_page message: %d %q", code, e.Error.Message)
		}
		code, page := s.get(t, "/search?sort=bogus")
		if code != 400 || !bytes.Contains(page, []byte("sort: must be")) {
			t.Errorf("page with bad sort: %d", code)
		}
	})

	t.Run("articles", func(t *testing.T) {
		var a struct {
			ID, Title, Body string
		}
		if code := s.getJSON(t, "/api/articles/reuters-290", &a); code != 200 || !strings.Contains(a.Title, "COFFEE") {
			t.Errorf("article reuters-290: %d %+v", code, a)
		}
		var e errResp
		if code := s.getJSON(t, "/api/articles/no-such-id", &e); code != 404 || !strings.Contains(e.Error.Message, "no-such-id") {
			t.Errorf("missing article: %d %+v", code, e)
		}
	})

	t.Run("page", func(t *testing.T) {
		code, page := s.get(t, "/search?q=coffee&tag=coffee")
		if code != 200 {
			t.Fatalf("page: %d", code)
		}
		for _, want := range []string{"<mark>", "Places", "aria-label=\"Remove filter"} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("page lacks %q", want)
			}
		}
		if code, _ := s.get(t, "/healthz"); code != 200 {
			t.Errorf("healthz: %d", code)
		}
	})
}

// TestMain lets a test run the pulse command in a child process: the test
// binary re-executed with PULSE_TEST_MAIN=1 acts as `pulse`.
func TestMain(m *testing.M) {
	if os.Getenv("PULSE_TEST_MAIN") == "1" {
		Main() // exits; signals are handled as in the real binary
	}
	os.Exit(m.Run())
}

// pulseCmd returns a child process running pulse with args.
func pulseCmd(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PULSE_TEST_MAIN=1")
	return cmd
}

// TestSecondProcess checks that a second process on the same data
// directory fails at once with a message naming the holder and the way
// to go through it.
func TestSecondProcess(t *testing.T) {
	s := startServer(t)
	var out, errb bytes.Buffer
	start := time.Now()
	cmd := pulseCmd(t, "stats", "--data-dir", s.dataDir)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err == nil {
		t.Fatalf("stats on a held data directory succeeded: %s", out.String())
	}
	msg := errb.String()
	if !strings.Contains(msg, fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("message %q does not name the holder's pid %d", msg, os.Getpid())
	}
	host := strings.TrimPrefix(s.base, "http://")
	for _, want := range []string{"in use by pid", "pulse serve", "--server " + s.base} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q (holder at %s)", msg, want, host)
		}
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("second process took %s to fail", d)
	}
	// Through the server it works.
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"stats", "--server", s.base}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), fmt.Sprintf("articles:        %d", len(sampleArticles(t)))) {
		t.Errorf("stats --server: %d %s %s", code, out.String(), errb.String())
	}
	// Articles are articles; stories and the requests forwarded by an
	// untrusted proxy have their own lines.
	for _, want := range []string{"stories:", "pulse_http_untrusted_forwarded_total"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stats --server lacks %q:\n%s", want, out.String())
		}
	}
}

// TestExtractSamplePage runs `pulse extract` on the raw sample page: the
// reader must drop the site chrome and author bio, and extraction must
// find the story's people, places and organisations, one entity each.
func TestExtractSamplePage(t *testing.T) {
	page := sharedtest.Path(t, "seed", "sample-page.txt")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"extract", page}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("extract: %d %s", code, errb.String())
	}
	var a struct {
		Title                         string
		Body                          string
		Persons, Places, Orgs, Topics []struct{ ID, Name, Country string }
	}
	if err := json.Unmarshal(out.Bytes(), &a); err != nil {
		t.Fatalf("not one JSON article: %v: %s", err, out.String())
	}
	names := func(es []struct{ ID, Name, Country string }) string {
		var n []string
		for _, e := range es {
			n = append(n, e.Name)
		}
		sort.Strings(n)
		return strings.Join(n, ", ")
	}
	checks := []struct{ what, got, want string }{
		{"persons", names(a.Persons), "Abdullah Makki Muslih al-Rufayi, Asaad al-Shaibani, Bashar al-Assad, Fuad Hussein, Mohammed Shia al-Sudani"},
		{"places", names(a.Places), "Baghdad, Iran, Iraq, Russia, Syria, United States"},
		{"orgs", names(a.Orgs), "Hezbollah, Islamic State"},
		{"title", a.Title, "Syria and Iraq Strengthen Cooperation Amid Security Challenges"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
		}
	}
	for _, junk := range []string{"Clara Lopez", "Leave a Reply", "nigeriapulse.com", "Original Source"} {
		if strings.Contains(a.Body, junk) {
			t.Errorf("body keeps %q", junk)
		}
	}
}

func TestRelatedEndToEnd(t *testing.T) {
	s := startServer(t, "PULSE_WIDGET_ALLOWED_ORIGINS=https://news.example.com")
	type story struct {
		ID, Title, Reason string
		Score             float64
	}
	var r struct{ Related []story }
	if code := s.getJSON(t, "/api/articles/reuters-290/related", &r); code != 200 || len(r.Related) == 0 || len(r.Related) > 5 {
		t.Fatalf("related: %d %+v", code, r)
	}
	for _, st := range r.Related {
		if st.ID == "reuters-290" || st.Reason == "" || st.Title == "" {
			t.Errorf("bad related story %+v", st)
		}
	}
	for _, c := range []struct{ query, param string }{{"limit=0", "limit"}, {"limit=51", "limit"}, {"since=someday", "since"}, {"colour=1", "colour"}} {
		var e errResp
		if code := s.getJSON(t, "/api/articles/reuters-290/related?"+c.query, &e); code != 400 || e.Error.Parameter != c.param {
			t.Errorf("%s: %d %+v", c.query, code, e)
		}
	}
	var e errResp
	if code := s.getJSON(t, "/api/articles/no-such-id/related", &e); code != 404 || !strings.Contains(e.Error.Message, "no-such-id") {
		t.Errorf("related of a missing article: %d %+v", code, e)
	}

	// Cache headers, conditional requests and CORS.
	req, _ := http.NewRequest("GET", s.base+"/api/articles/reuters-290/related", nil)
	req.Header.Set("Origin", "https://news.example.com")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if etag == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age") || resp.Header.Get("Access-Control-Allow-Origin") != "https://news.example.com" {
		t.Errorf("related headers: %v", resp.Header)
	}
	req.Header.Set("If-None-Match", etag)
	req.Header.Set("Origin", "https://evil.example.org")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("conditional request from another origin: %d %v", resp.StatusCode, resp.Header)
	}

	// A draft.
	code, body := s.post(t, "/api/related?limit=3", "", []byte(`{"title": "Coffee export quotas talks", "body": "Talks on coffee export quotas at the International Coffee Organization resumed in London as producers and consumers sought a deal."}`))
	if code != 200 || !bytes.Contains(body, []byte(`"related":[{`)) {
		t.Errorf("draft: %d %s", code, body)
	}
	if code, body := s.post(t, "/api/related", "", []byte(`{"title": ""}`)); code != 400 {
		t.Errorf("empty draft: %d %s", code, body)
	}

	// The widget.
	code, frag := s.get(t, "/widget/related/reuters-290?limit=3")
	if code != 200 || bytes.Count(frag, []byte("<li>")) != 3 {
		t.Errorf("widget: %d, %d cards", code, bytes.Count(frag, []byte("<li>")))
	}
	wresp, _ := http.Get(s.base + "/widget/related/reuters-290")
	wresp.Body.Close()
	if csp := wresp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self' https://news.example.com") {
		t.Errorf("widget CSP: %q", csp)
	}
	code, frag = s.get(t, "/widget/related/no-such-id")
	if code != 200 || bytes.Contains(frag, []byte("<li>")) || bytes.Contains(frag, []byte("rror")) {
		t.Errorf("widget for a missing article must render nothing visible: %d %s", code, frag)
	}
	if code, js := s.get(t, "/widget.js"); code != 200 || !bytes.Contains(js, []byte("data-article")) {
		t.Errorf("widget.js: %d", code)
	}

	// Writes invalidate the cached lists: a near-copy of the article's
	// story ingested now shows up beside it.
	fresh := `{"id": "fresh-ico", "title": "ICO coffee quota talks resume at noon", "body": "Talks on coffee export quotas at the International Coffee Organization (ICO) special council session resumed at noon gmt today, ICO officials said, after a decision to extend the meeting by 24 hours.", "published_at": "1987-03-02"}`
	if code, body := s.post(t, "/api/articles", testToken, []byte(fresh)); code != 200 {
		t.Fatalf("post: %d %s", code, body)
	}
	s.getJSON(t, "/api/articles/reuters-290/related?limit=10", &r)
	found := false
	for _, st := range r.Related {
		found = found || st.ID == "fresh-ico"
	}
	if !found {
		t.Errorf("after ingesting a follow-up, the related list (cached before) does not show it: %+v", r.Related)
	}
}

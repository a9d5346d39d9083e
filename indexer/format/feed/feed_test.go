package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/indexer/format/formattest"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, head string
		want             bool
	}{
		{"rss", "x.xml", `<?xml version="1.0"?><rss version="2.0"><channel>`, true},
		{"rss no extension", "feed", `<rss version="2.0">`, true},
		{"atom", "a.atom", `<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom">`, true},
		{"rdf", "x.rdf", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`, true},
		{"bom and space", "x.xml", "\ufeff  \n<rss>", true},
		{"json feed", "feed.json", `{"version": "https://jsonfeed.org/version/1.1", "title": "x"}`, true},
		{"other json", "a.json", `{"version": "2", "uri": "urn:x"}`, false},
		{"html", "index.html", `<!DOCTYPE html><html><head>`, false},
		{"sgml", "reut2-000.sgm", `<!DOCTYPE lewis SYSTEM "lewis.dtd"><REUTERS>`, false},
		{"text", "page.txt", "Headline", false},
		{"empty", "x.xml", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Reader{}).Detect(tt.file, []byte(tt.head)); got != tt.want {
				t.Fatalf("Detect(%q, %q) = %v, want %v", tt.file, tt.head, got, tt.want)
			}
		})
	}
}

func TestSummaryOnly(t *testing.T) {
	long := strings.Repeat("Word after word of the story goes on. ", 30)
	tests := []struct {
		name, desc, content string
		want                bool
	}{
		{"full content", "A summary.", "<p>" + long + "</p>", false},
		{"full text in description", "<p>" + long + "</p>", "", false},
		{"short description", "Oil prices steadied on Monday.", "", true},
		{"cut with ellipsis", long + " […]", "", true},
		{"read more link", "<p>" + long + "</p><p><a href='/x'>Read more</a></p>", "", true},
		{"title only", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feed := fmt.Sprintf(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><item><title>Headline</title><link>https://example.com/a</link><description><![CDATA[%s]]></description><content:encoded><![CDATA[%s]]></content:encoded></item></channel></rss>`, tt.desc, tt.content)
			items := mustReadAll(t, []byte(feed))
			if len(items) != 1 || items[0].Err != nil {
				t.Fatalf("items = %+v", items)
			}
			if got := SummaryOnly(&items[0].Article); got != tt.want {
				t.Fatalf("SummaryOnly = %v, want %v (body %q)", got, tt.want, items[0].Article.Body)
			}
		})
	}
}

// mustReadAll reads a feed and returns its items; a file-level error fails.
func mustReadAll(tb testing.TB, data []byte) []format.Item {
	tb.Helper()
	var items []format.Item
	if err := testReader.Read(bytes.NewReader(data), "feed.xml", func(it format.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return items
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name  string
		rd    Reader
		data  string
		cause error
		code  string
	}{
		{"too large", Reader{MaxBytes: 32}, `<rss version="2.0"><channel><title>A long enough feed</title></channel></rss>`, format.ErrTooLarge, pulse.ETooLarge},
		{"truncated", testReader, `<rss version="2.0"><channel><title>T</title><item><title>A`, ErrMalformed, pulse.EInvalid},
		{"binary", testReader, "\x00\x01\x02\x03", ErrMalformed, pulse.EInvalid},
		{"not a feed", testReader, `<html><body>x</body></html>`, ErrMalformed, pulse.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rd.Read(strings.NewReader(tt.data), "f.xml", func(format.Item) error { return nil })
			if !errors.Is(err, tt.cause) {
				t.Fatalf("Read = %v, want %v", err, tt.cause)
			}
			if pulse.ErrorCode(err) != tt.code {
				t.Fatalf("ErrorCode = %s, want %s", pulse.ErrorCode(err), tt.code)
			}
			if !strings.HasPrefix(err.Error(), "f.xml: ") {
				t.Fatalf("error %q does not name the file", err)
			}
		})
	}
}

func TestReadStopsOnEmitError(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "rss2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	full := errors.New("queue full")
	for _, tt := range []struct {
		stop, want error
	}{{format.ErrStop, nil}, {full, full}} {
		n := 0
		err = testReader.Read(bytes.NewReader(data), "rss2.xml", func(format.Item) error {
			n++
			return tt.stop
		})
		if err != tt.want || n != 1 {
			t.Fatalf("emit returning %v: Read = %v after %d items, want %v after 1", tt.stop, err, n, tt.want)
		}
	}
}

// feedServer serves a feed with an ETag and Last-Modified, answering 304
// to a matching conditional request, and records the requests.
type feedServer struct {
	mu      sync.Mutex
	body    string
	status  int // when not 0, answered instead of the feed
	header  map[string]string
	etag    string
	lastMod string
	reqs    []http.Header
}

func (s *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r.Header.Clone())
	for k, v := range s.header {
		w.Header().Set(k, v)
	}
	if s.status != 0 {
		w.WriteHeader(s.status)
		return
	}
	if s.etag != "" && r.Header.Get("If-None-Match") == s.etag || s.lastMod != "" && r.Header.Get("If-Modified-Since") == s.lastMod {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if s.etag != "" {
		w.Header().Set("ETag", s.etag)
	}
	if s.lastMod != "" {
		w.Header().Set("Last-Modified", s.lastMod)
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, s.body)
}

func mustFeed(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestFetchConditional(t *testing.T) {
	fs := &feedServer{body: mustFeed(t, "rss2.xml"), etag: `"v1"`, lastMod: "Wed, 12 Mar 2025 11:00:00 GMT"}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	f := &Fetcher{Client: srv.Client(), UserAgent: "Pulse-test/1", MaxBytes: testReader.MaxBytes}
	ctx := context.Background()

	res, err := f.Fetch(ctx, srv.URL+"/feed", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if res.NotModified || len(res.Entries) != 5 {
		t.Fatalf("first poll: NotModified=%v entries=%d, want false and 5", res.NotModified, len(res.Entries))
	}
	want := Validators{ETag: `"v1"`, LastModified: "Wed, 12 Mar 2025 11:00:00 GMT"}
	if res.Validators != want {
		t.Fatalf("Validators = %+v, want %+v", res.Validators, want)
	}
	if res.Title != "Global Wire – World" {
		t.Fatalf("Title = %q", res.Title)
	}
	var summaryOnly []string
	for _, e := range res.Entries {
		if e.Err == nil && e.SummaryOnly {
			summaryOnly = append(summaryOnly, e.Pos)
		}
		if e.Err == nil && e.SummaryOnly != SummaryOnly(&e.Article) {
			t.Errorf("%s: Entry.SummaryOnly=%v but SummaryOnly(article)=%v", e.Pos, e.SummaryOnly, SummaryOnly(&e.Article))
		}
	}
	if got := strings.Join(summaryOnly, ","); got != "item 2,item 5" {
		t.Fatalf("summary-only entries = %s, want item 2,item 5", got)
	}

	res, err = f.Fetch(ctx, srv.URL+"/feed", res.Validators)
	if err != nil {
		t.Fatal(err)
	}
	if !res.NotModified || len(res.Entries) != 0 || res.Validators != want {
		t.Fatalf("second poll: %+v, want 304 with the same validators", res)
	}
	fs.mu.Lock()
	last := fs.reqs[len(fs.reqs)-1]
	fs.mu.Unlock()
	if last.Get("If-None-Match") != `"v1"` || last.Get("If-Modified-Since") != want.LastModified {
		t.Fatalf("conditional headers not sent: %v", last)
	}
	if last.Get("User-Agent") != f.UserAgent {
		t.Fatalf("User-Agent = %q", last.Get("User-Agent"))
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name      string
		fs        *feedServer
		max       int64
		check     func(error) bool
		temporary bool
	}{
		{"server error", &feedServer{status: 500}, 0, func(err error) bool {
			var se *StatusError
			return errors.As(err, &se) && se.StatusCode == 500 && se.Temporary()
		}, true},
		{"rate limited", &feedServer{status: 429, header: map[string]string{"Retry-After": "120"}}, 0, func(err error) bool {
			var se *StatusError
			return errors.As(err, &se) && se.RetryAfter == 120*time.Second && se.Temporary()
		}, true},
		{"gone", &feedServer{status: 410}, 0, func(err error) bool {
			var se *StatusError
			return errors.As(err, &se) && !se.Temporary()
		}, false},
		{"malformed", &feedServer{body: `<rss version="2.0"><channel><item><title>cut`}, 0, func(err error) bool {
			return errors.Is(err, ErrMalformed)
		}, false},
		{"html instead of feed", &feedServer{body: "<!DOCTYPE html><html><body>Log in</body></html>"}, 0, func(err error) bool {
			return errors.Is(err, ErrMalformed)
		}, false},
		{"too large", &feedServer{body: mustFeed(t, "rss2.xml")}, 100, func(err error) bool {
			return errors.Is(err, format.ErrTooLarge)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.fs)
			defer srv.Close()
			max := tt.max
			if max == 0 {
				max = testReader.MaxBytes
			}
			_, err := (&Fetcher{Client: srv.Client(), MaxBytes: max}).Fetch(context.Background(), srv.URL, Validators{})
			if err == nil || !tt.check(err) {
				t.Fatalf("Fetch error = %v", err)
			}
			if !strings.Contains(err.Error(), srv.URL) {
				t.Fatalf("error %q does not name the feed URL", err)
			}
		})
	}
}

func TestFetchRedirect(t *testing.T) {
	fs := &feedServer{body: mustFeed(t, "atom.xml")}
	mux := http.NewServeMux()
	mux.Handle("/new", fs)
	mux.Handle("/old", http.RedirectHandler("/new", http.StatusMovedPermanently))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	res, err := (&Fetcher{Client: srv.Client(), MaxBytes: testReader.MaxBytes}).Fetch(context.Background(), srv.URL+"/old", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if res.URL != srv.URL+"/new" || len(res.Entries) != 2 {
		t.Fatalf("URL = %q, entries = %d; want %s/new and 2", res.URL, len(res.Entries), srv.URL)
	}
}

func TestFetchCanceled(t *testing.T) {
	srv := httptest.NewServer(&feedServer{body: "<rss/>"})
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Fetcher{Client: srv.Client(), MaxBytes: testReader.MaxBytes}).Fetch(ctx, srv.URL, Validators{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Fetch = %v, want context.Canceled", err)
	}
}

func TestFetchBadURL(t *testing.T) {
	_, err := (&Fetcher{}).Fetch(context.Background(), "http://[::1", Validators{})
	if pulse.ErrorCode(err) != pulse.EInvalid {
		t.Fatalf("Fetch = %v, want an invalid_parameter error", err)
	}
}

// FuzzRead checks that any input is either rejected whole with a clear
// error or gives items that are valid articles or clear errors.
func FuzzRead(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".golden") {
			if b, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := testReader.Read(bytes.NewReader(data), "fuzz.xml", func(it format.Item) error {
			formattest.CheckItem(t, it)
			return nil
		})
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, format.ErrTooLarge) {
			t.Fatalf("Read returned an unclassified error: %v", err)
		}
	})
}

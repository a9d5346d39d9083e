package watch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format"
)

// feeds is the shipped configuration's feeds section: the watcher's
// timeout and byte caps.
var feeds = config.Defaults().Feeds

const rss = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test wire</title><link>%[1]s</link>
<item><title>Full story</title><link>%[1]s/full</link><guid>tag:test,2024:full</guid>
<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>
<description>%[2]s</description></item>
<item><title>Short item</title><link>%[1]s/page</link><guid>tag:test,2024:short</guid>
<pubDate>Mon, 06 May 2024 11:00:00 GMT</pubDate>
<description>A teaser only.</description></item>
</channel></rss>`

const page = `<!doctype html><html><head><title>Short item | Test</title>
<meta property="og:title" content="Short item"></head><body><nav>Home News</nav>
<article><h1>Short item</h1><p>The full text of the short item lives on the article page, with several sentences of reporting so that readability keeps it as the main content of the page.</p>
<p>A second paragraph adds detail about the minister's visit and what officials said afterwards about the talks and their results for the region.</p></article>
<footer>Copyright</footer></body></html>`

type fakeServer struct {
	mu   sync.Mutex
	mode string // "ok", "500", "bad", "429"
	hits int
	cond int // conditional requests answered 304
	// agents are the User-Agent headers received, by path; a request
	// without one records "(none)".
	agents map[string][]string
	server *httptest.Server
}

func newFake(t *testing.T) *fakeServer {
	f := &fakeServer{mode: "ok", agents: map[string][]string{}}
	long := strings.Repeat("The full story is in the feed itself, with enough words to count as an article body. ", 20)
	f.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		ua, ok := r.Header["User-Agent"]
		if !ok {
			ua = []string{"(none)"}
		}
		f.agents[r.URL.Path] = append(f.agents[r.URL.Path], ua...)
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
			return
		case "/feed":
		default:
			http.NotFound(w, r)
			return
		}
		f.hits++
		switch f.mode {
		case "500":
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		case "429":
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		case "bad":
			fmt.Fprint(w, "<rss><channel><item><title>cut")
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			f.cond++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, rss, f.server.URL, long)
	}))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeServer) set(mode string) {
	f.mu.Lock()
	f.mode = mode
	f.mu.Unlock()
}

func TestPoll(t *testing.T) {
	f := newFake(t)
	var got []pulse.Article
	sink := func(_ context.Context, items []format.Item, names []string) ([]pulse.ItemResult, error) {
		var out []pulse.ItemResult
		for i, it := range items {
			if it.Err != nil {
				out = append(out, pulse.ItemResult{Item: names[i], Outcome: pulse.Rejected, Reason: it.Err.Error()})
				continue
			}
			got = append(got, it.Article)
			out = append(out, pulse.ItemResult{Item: names[i], Outcome: pulse.Indexed})
		}
		return out, nil
	}
	state := filepath.Join(t.TempDir(), StateFile)
	w := &Watcher{Feeds: []string{f.server.URL + "/feed"}, Interval: time.Minute, MaxBackoff: 30 * time.Minute, Sink: sink, StatePath: state,
		Timeout: feeds.Timeout, MaxFeedBytes: feeds.MaxBytes, MaxPageBytes: feeds.MaxPageBytes}
	feedURL := f.server.URL + "/feed"
	ctx := context.Background()

	r := w.Poll(ctx, feedURL)
	if r.Err != nil || r.Items != 2 || r.Indexed != 2 || r.PagesRead != 1 {
		t.Fatalf("first poll: %+v", r)
	}
	var short pulse.Article
	for _, a := range got {
		if a.Title == "Short item" {
			short = a
		}
	}
	if !strings.Contains(short.Body, "lives on the article page") || strings.Contains(short.Body, "Copyright") {
		t.Errorf("summary-only item not completed from its page: %q", short.Body)
	}
	if short.Summary != "A teaser only." {
		t.Errorf("the feed's teaser should become the summary: %q", short.Summary)
	}

	r = w.Poll(ctx, feedURL)
	if r.Err != nil || !r.NotModified || f.cond != 1 {
		t.Errorf("second poll should be a conditional 304: %+v (conditional %d)", r, f.cond)
	}

	// The validators survive a restart.
	w2 := &Watcher{Feeds: w.Feeds, Interval: time.Minute, MaxBackoff: 30 * time.Minute, Sink: sink, StatePath: state,
		Timeout: feeds.Timeout, MaxFeedBytes: feeds.MaxBytes, MaxPageBytes: feeds.MaxPageBytes}
	if r := w2.Poll(ctx, feedURL); !r.NotModified {
		t.Errorf("after a restart the poll is not conditional: %+v", r)
	}

	f.set("500")
	r1 := w2.Poll(ctx, feedURL)
	r2 := w2.Poll(ctx, feedURL)
	if r1.Err == nil || r2.Err == nil {
		t.Fatal("a 500 is not reported")
	}
	if gap1, gap2 := time.Until(r1.NextPoll), time.Until(r2.NextPoll); gap2 <= gap1 || gap1 > 2*time.Minute {
		t.Errorf("no backoff: next polls in %s then %s", gap1, gap2)
	}
	if st := w2.State(feedURL); st.Failures != 2 || !strings.Contains(st.LastError, "500") {
		t.Errorf("state after two failures: %+v", st)
	}

	f.set("429")
	if r := w2.Poll(ctx, feedURL); time.Until(r.NextPoll) < 29*time.Minute {
		t.Errorf("Retry-After not honoured (capped at the max backoff): next poll in %s", time.Until(r.NextPoll))
	}

	f.set("bad")
	if r := w2.Poll(ctx, feedURL); r.Err == nil {
		t.Error("a malformed feed is not reported")
	}

	f.set("ok")
	if r := w2.Poll(ctx, feedURL); r.Err != nil {
		t.Errorf("recovery: %+v", r)
	} else if st := w2.State(feedURL); st.Failures != 0 {
		t.Errorf("failures not reset after success: %+v", st)
	}
}

func TestRunStops(t *testing.T) {
	f := newFake(t)
	n := 0
	var mu sync.Mutex
	w := &Watcher{Feeds: []string{f.server.URL + "/feed"}, Interval: 20 * time.Millisecond, MaxBackoff: time.Second,
		Timeout: feeds.Timeout, MaxFeedBytes: feeds.MaxBytes, MaxPageBytes: feeds.MaxPageBytes,
		Sink: func(_ context.Context, items []format.Item, names []string) ([]pulse.ItemResult, error) {
			return make([]pulse.ItemResult, len(items)), nil
		}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- w.Run(ctx, func(Report) {
			mu.Lock()
			n++
			if n == 3 {
				cancel()
			}
			mu.Unlock()
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Run did not stop after its context ended")
	}
	if err := (&Watcher{}).Run(context.Background(), nil); err == nil {
		t.Error("Run without feeds should say so")
	}
}

// TestWatcherTakesFeedsCaps sets feeds.max_bytes and feeds.max_page_bytes
// below the fake feed's and page's sizes: the feed is refused as too
// large, and a page over its cap is not read (the summary is kept).
func TestWatcherTakesFeedsCaps(t *testing.T) {
	f := newFake(t)
	feedURL := f.server.URL + "/feed"
	sink := func(_ context.Context, items []format.Item, names []string) ([]pulse.ItemResult, error) {
		out := make([]pulse.ItemResult, len(items))
		for i := range items {
			out[i] = pulse.ItemResult{Item: names[i], Outcome: pulse.Indexed}
		}
		return out, nil
	}
	cases := []struct {
		name            string
		feedMax, pgMax  int64
		tooLarge        bool
		items, pageRead int
	}{
		{"feeds.max_bytes under the feed", 256, feeds.MaxPageBytes, true, 0, 0},
		{"feeds.max_page_bytes under the page", feeds.MaxBytes, 128, false, 2, 0},
		{"shipped caps", feeds.MaxBytes, feeds.MaxPageBytes, false, 2, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := &Watcher{Feeds: []string{feedURL}, Interval: time.Minute, MaxBackoff: time.Hour, Sink: sink,
				Timeout: feeds.Timeout, MaxFeedBytes: c.feedMax, MaxPageBytes: c.pgMax}
			r := w.Poll(context.Background(), feedURL)
			if got := errors.Is(r.Err, format.ErrTooLarge); got != c.tooLarge {
				t.Fatalf("poll error %v; too large %v, want %v", r.Err, got, c.tooLarge)
			}
			if r.Items != c.items || r.PagesRead != c.pageRead {
				t.Errorf("items %d, pages read %d; want %d, %d", r.Items, r.PagesRead, c.items, c.pageRead)
			}
		})
	}
}

// TestWatcherTakesUserAgent sets feeds.user_agent through the
// configuration and checks that the feed and the page requests carry it;
// set to "", they carry none (not Go's own).
func TestWatcherTakesUserAgent(t *testing.T) {
	sink := func(_ context.Context, items []format.Item, names []string) ([]pulse.ItemResult, error) {
		return make([]pulse.ItemResult, len(items)), nil
	}
	cases := []struct {
		name string
		env  []string
		want string
	}{
		{"shipped", nil, config.Defaults().Feeds.UserAgent},
		{"set", []string{"PULSE_FEEDS_USER_AGENT=ExampleBot/2 (+https://example.com/bot)"}, "ExampleBot/2 (+https://example.com/bot)"},
		{"empty", []string{"PULSE_FEEDS_USER_AGENT="}, "(none)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := config.Load(config.Options{Environ: append([]string{}, c.env...)})
			if err != nil {
				t.Fatal(err)
			}
			f := newFake(t)
			feedURL := f.server.URL + "/feed"
			w := &Watcher{Feeds: []string{feedURL}, Interval: time.Minute, MaxBackoff: time.Hour, Sink: sink,
				Timeout: cfg.Feeds.Timeout, MaxFeedBytes: cfg.Feeds.MaxBytes, MaxPageBytes: cfg.Feeds.MaxPageBytes, UserAgent: cfg.Feeds.UserAgent}
			if r := w.Poll(context.Background(), feedURL); r.Err != nil || r.PagesRead != 1 {
				t.Fatalf("poll: error %v, %d pages read, want none and 1", r.Err, r.PagesRead)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			for _, path := range []string{"/feed", "/page"} {
				if got := f.agents[path]; len(got) != 1 || got[0] != c.want {
					t.Errorf("%s: User-Agent %q, want %q", path, got, c.want)
				}
			}
		})
	}
}

package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/feed"
	"github.com/pulsesearch/pulse/indexer/format/html"
)

// StateFile holds the feeds' state in the data directory.
const StateFile = "feeds-state.json"

// Watcher polls feeds. Set the fields, then call Run or Poll.
type Watcher struct {
	Feeds      []string
	Interval   time.Duration
	MaxBackoff time.Duration
	Sink       format.Sink
	// Client makes the requests; nil means a client whose requests time
	// out after Timeout (feeds.timeout).
	Client   *http.Client
	Timeout  time.Duration
	Location *time.Location
	// StatePath is where feed state persists; "" keeps it in memory.
	StatePath string
	// MaxFeedBytes bounds a fetched feed (feeds.max_bytes), MaxPageBytes
	// a fetched article page (feeds.max_page_bytes).
	MaxFeedBytes int64
	MaxPageBytes int64
	// UserAgent is sent with every request for a feed or a page
	// (feeds.user_agent), as given: "" sends none.
	UserAgent string

	mu    sync.Mutex
	state map[string]*FeedState
}

// FeedState is what the watcher knows of one feed.
type FeedState struct {
	Validators feed.Validators `json:"validators"`
	Failures   int             `json:"failures"`
	LastError  string          `json:"last_error,omitempty"`
	LastPoll   time.Time       `json:"last_poll"`
	NextPoll   time.Time       `json:"next_poll"`
}

// Report says what one poll did.
type Report struct {
	Feed        string
	NotModified bool
	Items       int
	Indexed     int
	Rejected    int
	PagesRead   int
	Err         error
	NextPoll    time.Time
}

func (w *Watcher) load() {
	if w.state != nil {
		return
	}
	w.state = map[string]*FeedState{}
	if w.StatePath == "" {
		return
	}
	b, err := os.ReadFile(w.StatePath)
	if err != nil {
		return
	}
	if err := json.Unmarshal(b, &w.state); err != nil {
		slog.Warn("feed state unreadable; starting afresh", "path", w.StatePath, "err", err)
		w.state = map[string]*FeedState{}
	}
}

func (w *Watcher) save() {
	if w.StatePath == "" {
		return
	}
	b, _ := json.MarshalIndent(w.state, "", "  ")
	tmp := w.StatePath + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err == nil {
		os.Rename(tmp, w.StatePath)
	}
}

// State returns a copy of a feed's state.
func (w *Watcher) State(feedURL string) FeedState {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.load()
	if s := w.state[feedURL]; s != nil {
		return *s
	}
	return FeedState{}
}

// Run polls every feed when it is due, until ctx ends.
func (w *Watcher) Run(ctx context.Context, report func(Report)) error {
	if len(w.Feeds) == 0 {
		return errors.New("watch: no feeds configured (feeds.urls)")
	}
	for {
		next := time.Now().Add(w.Interval)
		for _, f := range w.Feeds {
			st := w.State(f)
			if time.Now().Before(st.NextPoll) {
				next = earliest(next, st.NextPoll)
				continue
			}
			r := w.Poll(ctx, f)
			if report != nil {
				report(r)
			}
			next = earliest(next, r.NextPoll)
			if ctx.Err() != nil {
				return nil
			}
		}
		t := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// Poll polls one feed now and indexes its new items.
func (w *Watcher) Poll(ctx context.Context, feedURL string) Report {
	w.mu.Lock()
	w.load()
	st := w.state[feedURL]
	if st == nil {
		st = &FeedState{}
		w.state[feedURL] = st
	}
	v := st.Validators
	w.mu.Unlock()

	rep := Report{Feed: feedURL}
	f := feed.Fetcher{Client: w.client(), UserAgent: w.UserAgent, MaxBytes: w.MaxFeedBytes, Location: w.Location}
	res, err := f.Fetch(ctx, feedURL, v)
	if err == nil && !res.NotModified {
		rep.Items = len(res.Entries)
		err = w.index(ctx, feedURL, res, &rep)
	}
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	st.LastPoll = now
	if err != nil {
		st.Failures++
		st.LastError = err.Error()
		wait := w.backoff(st.Failures)
		var se *feed.StatusError
		if errors.As(err, &se) && se.RetryAfter > wait {
			wait = min(se.RetryAfter, w.MaxBackoff)
		}
		st.NextPoll = now.Add(wait)
		rep.Err = err
	} else {
		st.Failures = 0
		st.LastError = ""
		st.Validators = res.Validators
		rep.NotModified = res.NotModified
		st.NextPoll = now.Add(w.Interval)
	}
	rep.NextPoll = st.NextPoll
	w.save()
	return rep
}

// backoff doubles the interval with each failure, up to MaxBackoff.
func (w *Watcher) backoff(failures int) time.Duration {
	d := w.Interval
	for i := 1; i < failures && d < w.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.MaxBackoff)
}

// index writes a feed's entries, fetching the page of summary-only ones.
func (w *Watcher) index(ctx context.Context, feedURL string, res *feed.Result, rep *Report) error {
	var items []format.Item
	var names []string
	for i, e := range res.Entries {
		it := e.Item
		if it.Err == nil && e.SummaryOnly && it.Article.URL != "" {
			if full, err := w.page(ctx, it.Article.URL); err != nil {
				slog.Warn("article page not read; indexing the feed's summary", "feed", feedURL, "url", it.Article.URL, "err", err)
			} else {
				rep.PagesRead++
				it.Article = merge(it.Article, full)
			}
		}
		if it.Err == nil && !it.Article.HasText() {
			it.Err = fmt.Errorf("no text in the feed item nor on its page")
		}
		items = append(items, it)
		names = append(names, feedURL+", entry "+strconv.Itoa(i+1))
	}
	results, err := w.Sink(ctx, items, names)
	for _, r := range results {
		for _, w := range r.Warnings {
			slog.Warn("feed item indexed with a warning", "item", r.Item, "warning", w)
		}
		switch r.Outcome {
		case pulse.Indexed, pulse.Updated:
			rep.Indexed++
		case pulse.Rejected:
			rep.Rejected++
			slog.Warn("feed item rejected", "item", r.Item, "reason", r.Reason)
		}
	}
	return err
}

// page fetches and reads an article page.
func (w *Watcher) page(ctx context.Context, url string) (pulse.Article, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return pulse.Article{}, err
	}
	req.Header.Set("User-Agent", w.UserAgent)
	resp, err := w.client().Do(req)
	if err != nil {
		return pulse.Article{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return pulse.Article{}, fmt.Errorf("page %s: HTTP %s", url, resp.Status)
	}
	limit := w.MaxPageBytes
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return pulse.Article{}, err
	}
	if int64(len(data)) > limit {
		return pulse.Article{}, fmt.Errorf("page %s: over %d bytes", url, limit)
	}
	return html.Reader{Location: w.Location}.Parse(data, resp.Request.URL.String(), resp.Header.Get("Content-Type"))
}

// client is the HTTP client of the feeds and pages.
func (w *Watcher) client() *http.Client {
	if w.Client != nil {
		return w.Client
	}
	return &http.Client{Timeout: w.Timeout}
}

// merge fills a feed item from its page: the page's text, and its
// metadata where the feed has none. The feed's URL and id stay, so the
// article keeps one identity however it arrived.
func merge(item, page pulse.Article) pulse.Article {
	out := item
	if page.Body != "" {
		out.Body = page.Body
	}
	if out.Summary == "" {
		out.Summary = item.Body
	}
	pick := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	pick(&out.Title, page.Title)
	pick(&out.Author, page.Author)
	pick(&out.Section, page.Section)
	pick(&out.Language, page.Language)
	pick(&out.OriginalSource, page.OriginalSource)
	pick(&out.Source, page.Source)
	if out.PublishedAt.IsZero() {
		out.PublishedAt = page.PublishedAt
	}
	if out.UpdatedAt.IsZero() {
		out.UpdatedAt = page.UpdatedAt
	}
	if len(out.Tags) == 0 {
		out.Tags = page.Tags
	}
	return out
}

// DefaultStatePath is the state file in a data directory.
func DefaultStatePath(dataDir string) string { return filepath.Join(dataDir, StateFile) }

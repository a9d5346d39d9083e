package feed

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/pulsesearch/pulse"
)

// Validators are a feed response's cache validators. Sent back with the
// next request (If-None-Match, If-Modified-Since), they let a server
// answer 304 Not Modified when the feed has not changed.
type Validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Result is the outcome of one poll of a feed.
type Result struct {
	// URL is where the feed was read from, after redirects.
	URL string
	// NotModified is true when the server answered 304: Entries is empty.
	NotModified bool
	// Validators are to be sent with the next poll: the response's, or
	// the ones sent when a 304 carries none.
	Validators Validators
	// Title is the feed's title.
	Title string
	// Entries are the feed's items in feed order.
	Entries []Entry
}

// StatusError is an HTTP response other than 200 or 304.
type StatusError struct {
	URL        string
	StatusCode int
	Status     string
	// RetryAfter is the delay the server asked for (429 and 503), or 0.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("feed %s: HTTP %s", e.URL, e.Status)
}

// Temporary reports whether a later poll may succeed: a server error,
// 408 Request Timeout or 429 Too Many Requests.
func (e *StatusError) Temporary() bool {
	return e.StatusCode >= 500 || e.StatusCode == http.StatusRequestTimeout || e.StatusCode == http.StatusTooManyRequests
}

// Fetcher polls feeds over HTTP with conditional requests.
type Fetcher struct {
	// Client makes the requests, not nil; its Timeout bounds one
	// (feeds.timeout). Cancel a poll with the context given to Fetch.
	Client *http.Client
	// UserAgent is sent with each request (feeds.user_agent), as given:
	// "" sends no User-Agent header.
	UserAgent string
	// MaxBytes caps a feed's size (feeds.max_bytes).
	MaxBytes int64
	// Location is as for Reader.Location.
	Location *time.Location
}

// Fetch polls the feed at feedURL, sending v as If-None-Match and
// If-Modified-Since. On 304 it returns a Result with NotModified set; on
// 200 it parses the feed into entries, each an article or an item error,
// flagged SummaryOnly when the linked page holds the text. It returns a
// *StatusError for other statuses, an error wrapping ErrMalformed or
// format.ErrTooLarge when the body is not a readable feed, or the transport's
// error (wrapped, naming the URL).
func (f *Fetcher) Fetch(ctx context.Context, feedURL string, v Validators) (*Result, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, feedURL, nil)
	if err != nil {
		return nil, &pulse.Error{Code: pulse.EInvalid, Err: err, Message: fmt.Sprintf("feed %q: bad URL: %v", feedURL, err)}
	}
	// An empty value is kept: net/http then sends no User-Agent at all,
	// rather than its own.
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", feedURL, err)
	}
	defer resp.Body.Close()
	// Drain what is left so the connection can be reused.
	defer io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))

	res := &Result{URL: resp.Request.URL.String(), Validators: v}
	switch resp.StatusCode {
	case http.StatusNotModified:
		res.NotModified = true
		if et := resp.Header.Get("ETag"); et != "" {
			res.Validators.ETag = et
		}
		if lm := resp.Header.Get("Last-Modified"); lm != "" {
			res.Validators.LastModified = lm
		}
		return res, nil
	case http.StatusOK:
	default:
		return nil, &StatusError{URL: feedURL, StatusCode: resp.StatusCode, Status: resp.Status, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	}
	limit := f.MaxBytes
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("feed %s: reading body: %w", feedURL, err)
	}
	res.Validators = Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	res.Entries, res.Title, err = parse(bytes.NewReader(body), feedURL, limit, f.Location)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// retryAfter reads a Retry-After header in its seconds form. The date
// form is left out (0): it needs the server's clock to mean anything.
func retryAfter(h string) time.Duration {
	if n, err := strconv.Atoi(h); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 0
}

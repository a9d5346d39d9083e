package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/html"
	"github.com/pulsesearch/pulse/indexer/format/newstext"
)

// SummaryWords is the length under which an item's text is taken for a
// summary of the article rather than the article itself.
const SummaryWords = 100

// Causes of errors, for errors.Is.
var (
	ErrMalformed = errors.New("malformed feed")
	ErrBadDate   = errors.New("bad date")
)

// Reader reads RSS, Atom and JSON Feed files.
type Reader struct {
	// Location is the zone of dates given without one that gofeed cannot
	// read itself (gofeed reads its own in UTC); nil means UTC.
	Location *time.Location
	// MaxBytes caps a feed's size (ingest.max_feed_bytes); a larger feed
	// is rejected whole with format.ErrTooLarge.
	MaxBytes int64
}

var _ format.Reader = Reader{}

// Name returns "feed".
func (Reader) Name() string { return "feed" }

var reJSONFeed = regexp.MustCompile(`"version"\s*:\s*"https?://jsonfeed\.org/version/`)

// Detect reports whether head is an RSS (0.9x, 1.0/RDF, 2.0) or Atom
// document, by its root element, or a JSON Feed, by its version URL. The
// name is not used: feeds come as .xml, .rss, .atom or with no extension.
func (Reader) Detect(_ string, head []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if len(h) == 0 {
		return false
	}
	switch h[0] {
	case '<':
		switch gofeed.DetectFeedType(bytes.NewReader(h)) {
		case gofeed.FeedTypeRSS, gofeed.FeedTypeAtom:
			return true
		}
	case '{':
		return reJSONFeed.Match(h)
	}
	return false
}

// Read parses the feed in r and emits one item per feed item, at Pos
// "item N". An item's Err wraps format.ErrNoText or ErrBadDate. Read returns an
// error wrapping format.ErrTooLarge or ErrMalformed when the feed as a whole
// cannot be read, and emit's error when emit fails (format.ErrStop is not
// an error). Use SummaryOnly to
// tell items that carry only a summary.
func (rd Reader) Read(r io.Reader, name string, emit func(format.Item) error) error {
	entries, _, err := parse(r, name, rd.MaxBytes, rd.Location)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := emit(e.Item); err == format.ErrStop {
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// SummaryOnly reports whether an article read from a feed carries only a
// summary of the story (or no text at all), so that the linked page
// should be fetched for the full text. Such an article has its summary
// as its body.
func SummaryOnly(a *pulse.Article) bool {
	return strings.TrimSpace(a.Body) == "" || a.Body == a.Summary
}

// Entry is one item of a feed, with whether it carries only a summary.
type Entry struct {
	format.Item
	// SummaryOnly is true when the item's text is only a summary (or
	// nothing): the watcher should fetch Article.URL for the full text.
	SummaryOnly bool
}

// parse reads a whole feed and converts its items. It returns the feed's
// title.
func parse(r io.Reader, name string, limit int64, loc *time.Location) ([]Entry, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, "", &pulse.Error{Code: pulse.ETooLarge, Err: format.ErrTooLarge,
			Message: fmt.Sprintf("%s: feed too large: over the %d-byte limit", name, limit)}
	}
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	f, err := p.Parse(bytes.NewReader(data))
	if err != nil {
		reason := err.Error()
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			reason = "not an RSS, Atom or JSON feed"
		}
		return nil, "", &pulse.Error{Code: pulse.EInvalid, Err: fmt.Errorf("%w: %w", ErrMalformed, err),
			Message: fmt.Sprintf("%s: malformed feed: %s", name, reason)}
	}
	var sources []*rss.Source
	if of, ok := f.OriginalFeed().(*rss.Feed); ok && len(of.Items) == len(f.Items) {
		for _, it := range of.Items {
			sources = append(sources, it.Source)
		}
	}
	title := html.Inline(f.Title)
	entries := make([]Entry, 0, len(f.Items))
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		var src *rss.Source
		if i < len(sources) {
			src = sources[i]
		}
		e := Entry{Item: format.Item{Pos: fmt.Sprintf("item %d", i+1)}}
		e.Raw, _ = json.Marshal(it) // a gofeed.Item always marshals
		e.Article, e.SummaryOnly, e.Err = convert(f, it, src, title, loc)
		if w := linkWarning(f, it); w != "" && e.Err == nil {
			e.Warnings = append(e.Warnings, w)
		}
		entries = append(entries, e)
	}
	return entries, title, nil
}

var (
	reMore      = regexp.MustCompile(`(?i)^(read more|read the (full|rest of the) (story|article|post)|continue reading|keep reading|more\s*»)\b`)
	rePostedOn  = regexp.MustCompile(`(?i)^the post .{1,300} appeared first on .{1,200}$`)
	reTruncated = regexp.MustCompile(`(\s*\[?(…|\.\.\.)\]?|\s*\[&hellip;\])$`)
)

// convert turns a feed item into an article.
func convert(f *gofeed.Feed, it *gofeed.Item, src *rss.Source, site string, loc *time.Location) (pulse.Article, bool, error) {
	var a pulse.Article
	a.Title = html.Inline(it.Title)
	content, cutContent := cleanText(it.Content)
	desc, cutDesc := cleanText(it.Description)

	body, truncated := content, cutContent
	if body == "" {
		body, truncated = desc, cutDesc
	}
	summaryOnly := body == "" || truncated || len(strings.Fields(body)) < SummaryWords
	a.Body = body
	switch {
	case summaryOnly:
		a.Summary = body
	case desc != "" && desc != body && !strings.HasPrefix(body, desc):
		a.Summary = desc
	}
	if a.Title == "" && a.Body == "" {
		return pulse.Article{}, true, &pulse.Error{Code: pulse.EInvalid, Err: format.ErrNoText, Message: "no title, description or content"}
	}

	base, _ := url.Parse(strings.TrimSpace(f.Link))
	links := append([]string{it.Link}, it.Links...)
	if isWebURL(it.GUID) {
		links = append(links, it.GUID)
	}
	a.URL = pickURL(base, links...)
	if u, err := url.Parse(strings.TrimSpace(it.GUID)); err == nil && u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		// A global identifier (tag:, urn:) is the item's own id; a web
		// URL or a bare number is not, and the id comes from the URL.
		a.ID = strings.TrimSpace(it.GUID)
	}

	var authors []string
	for _, p := range it.Authors {
		if p == nil {
			continue
		}
		if n := html.Inline(p.Name); n != "" {
			authors = append(authors, n)
		} else if e := html.Inline(p.Email); e != "" {
			authors = append(authors, e)
		}
	}
	if len(authors) == 0 && it.DublinCoreExt != nil {
		for _, c := range it.DublinCoreExt.Creator {
			if c = html.Inline(c); c != "" {
				authors = append(authors, c)
			}
		}
	}
	a.Author = strings.Join(dedupe(authors), ", ")

	for _, c := range it.Categories {
		if c = html.Inline(c); c != "" {
			a.Tags = append(a.Tags, c)
		}
	}
	a.Tags = dedupe(a.Tags)

	var err error
	if a.PublishedAt, err = itemTime("published", it.Published, it.PublishedParsed, loc); err != nil {
		return pulse.Article{}, summaryOnly, err
	}
	if a.UpdatedAt, err = itemTime("updated", it.Updated, it.UpdatedParsed, loc); err != nil {
		return pulse.Article{}, summaryOnly, err
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = a.UpdatedAt
	}
	if a.UpdatedAt.Equal(a.PublishedAt) {
		a.UpdatedAt = time.Time{}
	}

	a.Source = site
	a.Language = html.LanguageCode(f.Language)
	if src != nil {
		if s := html.Inline(src.Title); s != "" && !strings.EqualFold(s, site) {
			a.OriginalSource = s
		}
	}
	first, _, _ := strings.Cut(a.Body, "\n\n")
	dl, agency := newstext.SplitDateline(first)
	a.Dateline = dl
	if a.OriginalSource == "" && agency != "" && !strings.EqualFold(agency, site) {
		a.OriginalSource = agency
	}
	return a, summaryOnly, nil
}

// cleanText renders an item's HTML as text without feed trailers ("Read
// more", "The post … appeared first on …") and reports whether the text
// was cut short ("…", "[…]").
func cleanText(s string) (string, bool) {
	paras := strings.Split(html.Text(s), "\n\n")
	truncated := false
	for len(paras) > 0 {
		last := paras[len(paras)-1]
		if last == "" || reMore.MatchString(last) || rePostedOn.MatchString(last) || newstext.IsBoilerplate(last) {
			truncated = truncated || reMore.MatchString(last)
			paras = paras[:len(paras)-1]
			continue
		}
		if loc := reTruncated.FindStringIndex(last); loc != nil {
			truncated = true
			if t := strings.TrimSpace(last[:loc[0]]); t != "" {
				paras[len(paras)-1] = t
			} else {
				paras = paras[:len(paras)-1]
			}
		}
		break
	}
	return strings.Join(paras, "\n\n"), truncated
}

// itemTime returns the date gofeed parsed, or reads the raw value with
// newstext.ParseDateIn, or fails naming the field and the value.
func itemTime(field, raw string, parsed *time.Time, loc *time.Location) (time.Time, error) {
	if parsed != nil && parsed.Year() >= 1900 && parsed.Year() <= 2100 {
		return parsed.UTC(), nil
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return time.Time{}, nil
	}
	if t, ok := newstext.ParseDateIn(raw, loc); ok {
		return t, nil
	}
	return time.Time{}, &pulse.Error{Code: pulse.EInvalid, Err: ErrBadDate,
		Message: fmt.Sprintf("%s: %q is not a date", field, truncate(raw, 80))}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func isRuneStart(b byte) bool { return b&0xc0 != 0x80 }

func isWebURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// pickURL returns the first candidate that is, or resolves against base
// to, an absolute http(s) URL.
func pickURL(base *url.URL, candidates ...string) string {
	for _, c := range candidates {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		u, err := url.Parse(c)
		if err != nil {
			continue
		}
		if !u.IsAbs() && base != nil && base.IsAbs() {
			u = base.ResolveReference(u)
		}
		if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u.String()
		}
	}
	return ""
}

func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		k := strings.ToLower(s)
		if s != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

package html

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/newstext"
	"github.com/pulsesearch/pulse/indexer/format/rawpage"
)

// Reader reads HTML pages.
type Reader struct {
	// Location is the zone of dates given without one; nil means UTC.
	Location *time.Location
	// MaxBytes caps a page's size (ingest.max_page_bytes); a larger page
	// is rejected with format.ErrTooLarge.
	MaxBytes int64
	// Now is the clock a dateline's day without a year ("RIYADH, April
	// 9") is read against, the time of ingest; nil means time.Now.
	Now func() time.Time
}

var _ format.Reader = Reader{}

// Name returns "html".
func (Reader) Name() string { return "html" }

// htmlExts are the extensions of saved web pages.
var htmlExts = map[string]bool{".html": true, ".htm": true, ".xhtml": true, ".shtml": true}

// Detect reports whether the file is an HTML page: its name ends in .html,
// .htm, .xhtml or .shtml and head is not a feed, or head opens with an
// HTML doctype or <html>, or has a <head> or <body> element near the top.
func (Reader) Detect(name string, head []byte) bool {
	h := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n"))
	if len(h) > 1024 {
		h = h[:1024]
	}
	if bytes.Contains(h, []byte("<rss")) || bytes.Contains(h, []byte("<feed")) || bytes.Contains(h, []byte("<rdf:rdf")) {
		return false
	}
	if htmlExts[strings.ToLower(path.Ext(name))] {
		return true
	}
	if bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html")) {
		return true
	}
	return bytes.HasPrefix(h, []byte("<")) && (bytes.Contains(h, []byte("<html")) || bytes.Contains(h, []byte("<head")) || bytes.Contains(h, []byte("<body")))
}

// Read reads one page from r and emits it as one item at Pos "page". The
// item's Err wraps format.ErrTooLarge, format.ErrBinary or format.ErrNoBody. Read returns an
// error only when r fails or emit does (format.ErrStop is not an error).
func (rd Reader) Read(r io.Reader, name string, emit func(format.Item) error) error {
	limit := rd.MaxBytes
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	it := format.Item{Pos: "page", Raw: data}
	if int64(len(data)) > limit {
		it.Raw = nil
		it.Err = &pulse.Error{Code: pulse.EInvalid, Err: format.ErrTooLarge,
			Message: fmt.Sprintf("page too large: over the %d-byte limit", limit)}
	} else {
		it.Article, it.Err = rd.Parse(data, "", "")
		if it.Err == nil && it.Article.URL == "" {
			it.Warnings = linkWarnings(data)
		}
	}
	if err := emit(it); err != format.ErrStop {
		return err
	}
	return nil
}

// Parse extracts the article of an HTML page. pageURL, when not empty, is
// where the page was fetched from: it resolves a relative canonical link
// and is the URL when the page declares none. contentType is the HTTP
// Content-Type header, if any, for its charset. The error is a
// *pulse.Error (code invalid_parameter) wrapping format.ErrBinary, format.ErrNoBody, or
// the parser's error for HTML it cannot read (elements nested over 512
// deep).
func (rd Reader) Parse(data []byte, pageURL, contentType string) (pulse.Article, error) {
	loc := rd.Location
	text, err := decode(data, contentType)
	if err != nil {
		return pulse.Article{}, err
	}
	doc, err := xhtml.Parse(strings.NewReader(text))
	if err != nil {
		return pulse.Article{}, &pulse.Error{Code: pulse.EInvalid, Err: err, Message: "unreadable HTML: " + err.Error()}
	}
	pm := readMeta(doc)
	// The base for a relative canonical link: where the page came from,
	// else the absolute URL it declares.
	var base *url.URL
	for _, c := range []string{pageURL, pm.meta["og:url"], pm.ld.urlOrEmpty()} {
		if u, err := url.Parse(strings.TrimSpace(c)); err == nil && u.IsAbs() && u.Host != "" {
			base = u
			break
		}
	}

	var a pulse.Article
	ld := pm.ld
	if ld == nil {
		ld = &ldArticle{}
	}
	a.URL = pickURL(base, pm.canonical, pm.meta["og:url"], ld.url, pageURL)

	p := readability.NewParser()
	ra, rerr := p.ParseAndMutate(doc, base)

	a.Source = firstOf(Inline(pm.meta["og:site_name"]), ld.publisher, Inline(ra.SiteName()))
	a.Title = cleanTitle(firstOf(Inline(ld.headline), Inline(pm.meta["og:title"]), Inline(pm.meta["twitter:title"]), Inline(ra.Title()), pm.title), a.Source)
	a.Summary = firstOf(Inline(ld.description), Inline(pm.meta["og:description"]), Inline(pm.meta["description"]))
	a.Author = strings.Join(dedupe(firstList(ld.authors, pm.authors, splitByline(ra.Byline()))), ", ")
	a.Section = firstOf(Inline(first(ld.sections)), Inline(pm.meta["article:section"]))
	a.Tags = dedupe(append(append([]string(nil), pm.tags...), ld.keywords...))
	a.Language = LanguageCode(firstOf(pm.lang, ld.lang, pm.meta["og:locale"], ra.Language()))
	a.PublishedAt = pickTime(loc, ld.published, pm.meta["article:published_time"], pm.meta["og:article:published_time"], pm.meta["datepublished"])
	if a.PublishedAt.IsZero() {
		if t, err := ra.PublishedTime(); err == nil && t.Year() >= 1900 && t.Year() <= 2100 {
			a.PublishedAt = t.UTC()
		}
	}
	a.UpdatedAt = pickTime(loc, ld.modified, pm.meta["article:modified_time"], pm.meta["og:updated_time"], pm.meta["datemodified"])
	if a.UpdatedAt.IsZero() {
		if t, err := ra.ModifiedTime(); err == nil && t.Year() >= 1900 && t.Year() <= 2100 {
			a.UpdatedAt = t.UTC()
		}
	}

	var paras []string
	if rerr == nil && ra.Node != nil {
		paras = splitParas(Paragraphs(render.InnerText(ra.Node)))
	}
	if ldParas := splitParas(Paragraphs(ld.body)); len(strings.Join(paras, " ")) < len(strings.Join(ldParas, " "))/2 {
		// Readability missed most of the text the page declares.
		paras = ldParas
	}
	if len(paras) > 0 && strings.EqualFold(paras[0], a.Title) {
		paras = paras[1:]
	}
	paras, labels := rawpage.Clean(paras, loc)
	if !rawpage.HasProse(paras) {
		return pulse.Article{}, &pulse.Error{Code: pulse.EInvalid, Err: format.ErrNoBody, Message: format.ErrNoBody.Error()}
	}
	a.Body = strings.Join(paras, "\n\n")
	if a.Summary == a.Body {
		a.Summary = ""
	}
	a.Author = firstOf(a.Author, labels.Author)
	a.Section = firstOf(a.Section, labels.Section)
	a.Tags = dedupe(append(a.Tags, labels.Tags...))
	if a.PublishedAt.IsZero() {
		a.PublishedAt = labels.Published
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = labels.Updated
	}

	if a.UpdatedAt.Equal(a.PublishedAt) {
		a.UpdatedAt = time.Time{}
	}

	firstPara, _, _ := strings.Cut(a.Body, "\n\n")
	dl, agency := newstext.SplitDateline(firstPara)
	a.Dateline = dl
	if a.PublishedAt.IsZero() {
		if t, ok := newstext.InferDate(dl, rd.now(), loc); ok {
			a.PublishedAt, a.DateInferred = t, true
		}
	}
	a.OriginalSource = firstOf(ld.sourceOrg, labels.OriginalSource)
	if a.OriginalSource == "" && agency != "" && !strings.EqualFold(agency, a.Source) {
		a.OriginalSource = agency
	}
	return a, nil
}

// now returns the time of ingest from rd.Now, or time.Now.
func (rd Reader) now() time.Time {
	if rd.Now != nil {
		return rd.Now()
	}
	return time.Now()
}

// decode returns the page as UTF-8. A byte-order mark wins; valid UTF-8
// is taken as it is; otherwise the declared charset, or Windows-1252.
func decode(data []byte, contentType string) (string, error) {
	if bytes.HasPrefix(data, []byte{0xfe, 0xff}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) {
		b, _, err := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), data)
		if err != nil {
			return "", &pulse.Error{Code: pulse.EInvalid, Err: err, Message: "undecodable UTF-16: " + err.Error()}
		}
		data = b
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", &pulse.Error{Code: pulse.EInvalid, Err: format.ErrBinary,
			Message: fmt.Sprintf("binary data, not HTML: NUL byte at offset %d", i)}
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	enc, _, _ := charset.DetermineEncoding(data, contentType)
	b, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", &pulse.Error{Code: pulse.EInvalid, Err: err, Message: "undecodable page: " + err.Error()}
	}
	return strings.ToValidUTF8(string(b), "\ufffd"), nil
}

func splitParas(body string) []string {
	if body == "" {
		return nil
	}
	return strings.Split(body, "\n\n")
}

// pickURL returns the first absolute http(s) URL among the candidates,
// resolving relative ones against base.
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
		if !u.IsAbs() && base != nil {
			u = base.ResolveReference(u)
		}
		if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u.String()
		}
	}
	return ""
}

// pickTime returns the first candidate that is a date, in UTC.
func pickTime(loc *time.Location, candidates ...string) time.Time {
	for _, c := range candidates {
		if t, ok := newstext.ParseDateIn(c, loc); ok {
			return t
		}
	}
	return time.Time{}
}

// LanguageCode returns the primary subtag of a language tag or locale,
// lower case ("en-GB" and "en_US" give "en"), or "" when tag does not
// start with a two- or three-letter code.
func LanguageCode(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	tag = strings.ToLower(tag)
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	for _, r := range tag {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return tag
}

// splitByline turns a byline into names ("By Jane Doe and John Roe").
func splitByline(b string) []string {
	b = Inline(b)
	for _, p := range []string{"By ", "by ", "BY "} {
		b = strings.TrimPrefix(b, p)
	}
	if b == "" || len(b) > 120 {
		return nil
	}
	return []string{b}
}

// cleanTitle drops the site's name from the end of a headline.
func cleanTitle(t, site string) string {
	if site == "" {
		return t
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: "} {
		if strings.HasSuffix(strings.ToLower(t), strings.ToLower(sep+site)) {
			return strings.TrimSpace(t[:len(t)-len(sep+site)])
		}
	}
	return t
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func firstList(l ...[]string) []string {
	for _, v := range l {
		if len(v) > 0 {
			return v
		}
	}
	return nil
}

func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		s = strings.TrimSpace(s)
		k := strings.ToLower(s)
		if s != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
)

// Prepare cleans an article read from an input so it can be stored: text
// trimmed and made valid UTF-8, dates in UTC, the URL canonical, and an ID
// derived from the URL or the content when the input gave none.
//
// It returns an EInvalid error when the article has neither title nor body.
func Prepare(a *pulse.Article) error {
	clean := func(s string) string { return strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD")) }
	a.ID = clean(a.ID)
	a.Title = collapseSpace(clean(a.Title))
	a.Body = clean(a.Body)
	a.Summary = clean(a.Summary)
	a.Author = collapseSpace(clean(a.Author))
	a.Source = collapseSpace(clean(a.Source))
	a.OriginalSource = clean(a.OriginalSource)
	a.Section = collapseSpace(clean(a.Section))
	a.Language = strings.ToLower(clean(a.Language))
	a.Dateline = collapseSpace(clean(a.Dateline))
	if !a.PublishedAt.IsZero() {
		a.PublishedAt = a.PublishedAt.UTC()
	}
	if !a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.UpdatedAt.UTC()
	}
	a.Tags = uniqueStrings(a.Tags, clean)
	if a.URL != "" {
		if u, err := CanonicalURL(clean(a.URL)); err == nil {
			a.URL = u
		} else {
			a.URL = clean(a.URL)
		}
	}
	if !a.HasText() {
		return errNoText
	}
	if a.ID == "" {
		if a.URL != "" {
			a.ID = URLID(a.URL)
		} else {
			a.ID = "h-" + a.ContentHash()[:24]
		}
	}
	if !utf8.ValidString(a.ID) || len(a.ID) > 512 || strings.ContainsAny(a.ID, "\x00\n\r") {
		return pulse.Errorf(pulse.EInvalid, "id %q: must be valid UTF-8 without control characters, at most 512 bytes", a.ID)
	}
	return nil
}

var spaceRun = regexp.MustCompile(`\s+`)

func collapseSpace(s string) string { return spaceRun.ReplaceAllString(s, " ") }

func uniqueStrings(in []string, clean func(string) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = clean(s)
		k := pulse.NormalizeKey(s)
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// trackingParams are query parameters that say how a reader arrived, not
// which article it is.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true,
	"mc_eid": true, "igshid": true, "ref": true, "ref_src": true, "cmpid": true,
	"ocid": true, "_ga": true, "yclid": true, "smid": true,
}

// CanonicalURL normalises an article URL so that one article has one URL:
// lower-case scheme and host, https for http, no default port, no
// fragment, no tracking parameters (utm_* and the like), sorted query, and
// no trailing slash on the path.
//
// It returns an error when s is not an absolute http(s) URL.
func CanonicalURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", fmt.Errorf("url %q: %w", s, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("url %q: not an absolute http(s) URL", s)
	}
	u.Scheme = "https"
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	u.Host = host
	u.User = nil
	u.Fragment = ""
	u.RawFragment = ""
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") || trackingParams[strings.ToLower(k)] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode() // Encode sorts by key
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// URLID derives an article ID from its canonical URL: a digest, so the
// id is short, stable and safe in a URL path whatever the URL holds.
func URLID(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return "u-" + hex.EncodeToString(sum[:12])
}

// Document is what the index stores for one article.
type Document map[string]any

// NewDocument builds the index document of a prepared article. source is
// the JSON kept in the index for reindexing.
func NewDocument(a *pulse.Article, source []byte, hash string) Document {
	titleField, bodyField := pulse.FieldTitle, pulse.FieldBody
	if a.Language == "ar" {
		// Arabic text gets the Arabic analyser: English stemming would
		// leave its words unmatched.
		titleField, bodyField = pulse.FieldTitleAr, pulse.FieldBodyAr
	}
	d := Document{
		"_type":                docType,
		titleField:             a.Title,
		bodyField:              a.Body,
		pulse.FieldContentHash: hash,
		pulse.FieldArticleJSON: string(source),
		pulse.FieldEntities:    string(entityJSON(a)),
	}
	if a.Summary != "" {
		d[pulse.FieldSummary] = a.Summary
	}
	d[pulse.FieldSpell] = spellText(a)
	if a.URL != "" {
		d[pulse.FieldURL] = a.URL
	}
	if !a.PublishedAt.IsZero() {
		d[pulse.FieldPublishedAt] = a.PublishedAt.Format(time.RFC3339Nano)
	}
	for _, f := range pulse.EntityFacets {
		addEntities(d, f, a.Entities(f))
	}
	addValue(d, pulse.FacetSource, a.Source)
	addValue(d, pulse.FacetAuthor, a.Author)
	addValue(d, pulse.FacetSection, a.Section)
	addValue(d, pulse.FacetLanguage, a.Language)
	for _, t := range a.Tags {
		addValue(d, pulse.FacetTag, t)
	}
	return d
}

// spellText is what the spelling dictionary learns from an article: its
// title, summary and lead (enough for the vocabulary of a news archive,
// without analysing every body twice).
func spellText(a *pulse.Article) string {
	body := a.Body
	if len(body) > 600 {
		body = body[:600]
	}
	return a.Title + "\n" + a.Summary + "\n" + body
}

// addEntities indexes each entity's label (for facets) and its keys: the
// folded id, name and aliases (for filters by any of them).
func addEntities(d Document, facet string, es []pulse.Entity) {
	if len(es) == 0 {
		return
	}
	var labels []string
	keys := map[string]bool{}
	for _, e := range es {
		if e.ID == "" {
			continue
		}
		name := e.Name
		if name == "" {
			name = e.ID
		}
		labels = append(labels, e.ID+pulse.LabelSep+name)
		for _, k := range append([]string{e.ID, name}, e.Aliases...) {
			if k = pulse.NormalizeKey(k); k != "" {
				keys[k] = true
				if facet == pulse.FacetPerson {
					addTails(keys, k)
				}
			}
		}
	}
	d[pulse.LabelField(facet)] = labels
	d[pulse.KeyField(facet)] = sortedKeys(keys)
}

// addTails adds the trailing parts of a person's name as keys, so a
// filter by the surname with or without its particle ("al-Shaibani",
// "Al Shaibani", "Shaibani") finds "Asaad al-Shaibani".
func addTails(keys map[string]bool, name string) {
	for i := 0; i < len(name); i++ {
		if name[i] == ' ' {
			keys[name[i+1:]] = true
		}
	}
}

// addValue indexes a plain facet value (source, author, …), whose id is
// its folded form.
func addValue(d Document, facet, value string) {
	id := pulse.NormalizeKey(value)
	if id == "" {
		return
	}
	label := id + pulse.LabelSep + value
	if prev, ok := d[pulse.LabelField(facet)].([]string); ok {
		d[pulse.LabelField(facet)] = append(prev, label)
		d[pulse.KeyField(facet)] = append(d[pulse.KeyField(facet)].([]string), id)
		return
	}
	d[pulse.LabelField(facet)] = []string{label}
	d[pulse.KeyField(facet)] = []string{id}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// entityJSON is the stored EntityRecord of an extracted article; aliases
// and spans are left out (they serve indexing and `pulse extract`).
func entityJSON(a *pulse.Article) []byte {
	strip := func(es []pulse.Entity) []pulse.Entity {
		if len(es) == 0 {
			return nil
		}
		out := make([]pulse.Entity, len(es))
		for i, e := range es {
			e.Spans, e.Aliases, e.Surfaces = nil, nil, nil
			out[i] = e
		}
		return out
	}
	rec := pulse.EntityRecord{
		Language: a.Language,
		Persons:  strip(a.Persons), Places: strip(a.Places),
		Orgs: strip(a.Orgs), Topics: strip(a.Topics),
	}
	for _, f := range []string{pulse.FacetPerson, pulse.FacetPlace, pulse.FacetOrg} {
		for _, e := range a.Entities(f) {
			if len(e.Surfaces) == 0 {
				continue
			}
			if rec.Surfaces == nil {
				rec.Surfaces = map[string][]string{}
			}
			rec.Surfaces[e.ID] = e.Surfaces[:min(len(e.Surfaces), 8)]
		}
	}
	b, _ := json.Marshal(rec)
	return b
}

// SourceJSON is the JSON stored as an article's source: the cleaned
// article, entity aliases and spans left out (extraction recomputes them).
func SourceJSON(a *pulse.Article) ([]byte, error) {
	c := *a
	for _, f := range pulse.EntityFacets {
		es := a.Entities(f)
		if es == nil {
			continue
		}
		out := make([]pulse.Entity, len(es))
		for i, e := range es {
			e.Spans = nil
			out[i] = e
		}
		c.SetEntities(f, out)
	}
	// Title and body are stored raw in their own fields (see
	// pulse.StoredFields).
	c.Title, c.Body = "", ""
	return json.Marshal(&c)
}

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
// trimmed and made valid UTF-8, dates in UTC, the URL canonical (or
// dropped when it is not an http(s) link), and an ID derived from the URL
// or the content when the input gave none.
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
			a.URL = ""
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

// Document is what the index holds for one article, one value per index
// field; fields (fields.go) says how each is indexed and stored.
type Document struct {
	ID string
	// Title and Body hold the text of an article in any language but
	// Arabic, TitleAr and BodyAr that of an Arabic one: each pair has its
	// own analyser.
	Title, Body     string
	TitleAr, BodyAr string
	Summary         string
	// Spell is the text the spelling dictionary learns from (spellText).
	Spell       string
	URL         string
	ContentHash string
	PublishedAt time.Time
	// Labels and Keys hold, by facet name, the label terms facets count
	// and the key terms filters match (pulse.LabelField, pulse.KeyField).
	Labels, Keys map[string][]string
	// Cluster is the id of the article's copy cluster, if it is in one.
	Cluster string
	// MinHash and DupBands are the article's near-duplicate signature and
	// its bands, when the text is long enough to have one.
	MinHash  string
	DupBands []string
	// ArticleJSON is the stored source (SourceJSON), Entities the stored
	// EntityRecord.
	ArticleJSON string
	Entities    string
}

// NewDocument builds the index document of a prepared article. source is
// the JSON kept in the index for reindexing.
func NewDocument(a *pulse.Article, source []byte, hash string) Document {
	d := Document{
		ID:          a.ID,
		Summary:     a.Summary,
		Spell:       spellText(a),
		URL:         a.URL,
		ContentHash: hash,
		PublishedAt: a.PublishedAt,
		Labels:      map[string][]string{},
		Keys:        map[string][]string{},
		ArticleJSON: string(source),
		Entities:    string(entityJSON(a)),
	}
	if a.Language == "ar" {
		// Arabic text gets the Arabic analyser: English stemming would
		// leave its words unmatched.
		d.TitleAr, d.BodyAr = a.Title, a.Body
	} else {
		d.Title, d.Body = a.Title, a.Body
	}
	for _, f := range pulse.EntityFacets {
		d.addEntities(f, a.Entities(f))
	}
	d.addValue(pulse.FacetSource, a.Source)
	d.addValue(pulse.FacetAuthor, a.Author)
	d.addValue(pulse.FacetSection, a.Section)
	d.addValue(pulse.FacetLanguage, a.Language)
	for _, t := range a.Tags {
		d.addValue(pulse.FacetTag, t)
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
func (d *Document) addEntities(facet string, es []pulse.Entity) {
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
	d.Labels[facet] = labels
	d.Keys[facet] = sortedKeys(keys)
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
func (d *Document) addValue(facet, value string) {
	id := pulse.NormalizeKey(value)
	if id == "" {
		return
	}
	d.Labels[facet] = append(d.Labels[facet], id+pulse.LabelSep+value)
	d.Keys[facet] = append(d.Keys[facet], id)
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

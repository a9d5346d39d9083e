package pulse

import "time"

// Facet names: the filter parameters of the API and the keys of the
// facets in a search response.
const (
	FacetTopic    = "topic"
	FacetPlace    = "place"
	FacetPerson   = "person"
	FacetOrg      = "org"
	FacetSource   = "source"
	FacetAuthor   = "author"
	FacetSection  = "section"
	FacetLanguage = "language"
	FacetTag      = "tag"
)

// Facets lists every facet in the order the page shows them.
var Facets = []string{
	FacetTopic, FacetPlace, FacetPerson, FacetOrg,
	FacetSource, FacetAuthor, FacetSection, FacetLanguage, FacetTag,
}

// EntityFacets are the facets whose values are canonical entities.
var EntityFacets = []string{FacetPerson, FacetPlace, FacetOrg, FacetTopic}

// IsFacet reports whether name is a facet name.
func IsFacet(name string) bool {
	for _, f := range Facets {
		if f == name {
			return true
		}
	}
	return false
}

// Index field names. For every facet F the index holds two keyword fields:
// LabelField(F), one "id\x1fdisplay name" term per value, which facets
// count; and KeyField(F), the normalised id, name and aliases of every
// value, which filters match. Keeping the display name in the label means a
// facet needs no lookup table to show its values.
const (
	FieldTitle   = "title"
	FieldBody    = "body"
	FieldSummary = "summary"
	FieldURL     = "url"
	// FieldTitleAr and FieldBodyAr hold the title and body of an Arabic
	// article ("ar"), analysed for Arabic rather than English.
	FieldTitleAr     = "title_ar"
	FieldBodyAr      = "body_ar"
	FieldPublishedAt = "published_at"
	FieldContentHash = "content_hash"
	// FieldCluster holds, for an article that has copies or is one, the id
	// of its copy cluster (the first article of it Pulse saw); articles
	// without copies have none. Search collapses on it.
	FieldCluster = "cluster"
	// FieldMinHash stores an article's MinHash signature and FieldDupBand
	// indexes its bands, to find near-duplicates at ingest.
	FieldMinHash = "_minhash"
	FieldDupBand = "dup_band"
	// FieldPublishedNanos holds the publication time as one doc value of
	// 16 hex digits (Unix nanoseconds, see EncodeTime): the recency blend
	// and the histogram read it for every match, and the date field's doc
	// values carry a dozen prefix-coded terms per article.
	FieldPublishedNanos = "pub"
	// FieldSortID holds the article's id as a doc value: the tie-breaker
	// of cursor paging, read per match far more cheaply than bleve's _id.
	FieldSortID = "sid"
	// FieldSpell holds the article's words unstemmed, the dictionary
	// "did you mean" draws its suggestions from.
	FieldSpell = "spell"
	// FieldArticleJSON holds the article's cleaned JSON (without title and
	// body, which have fields of their own), as Elasticsearch keeps
	// _source, so the index can be rebuilt without the original files. It
	// is not FacetSource, the publisher.
	FieldArticleJSON = "_source"
	// FieldEntities holds the JSON of the entities and language the
	// extractor found (EntityRecord), stored apart from the source so that
	// the source stays what came in.
	FieldEntities = "_entities"
)

// LabelSep separates the id from the display name in a label term.
const LabelSep = "\x1f"

// LabelField is the index field counted by the facet named facet.
func LabelField(facet string) string { return facet }

// KeyField is the index field a filter on the facet named facet matches.
func KeyField(facet string) string { return facet + "_key" }

// EntityRecord is what FieldEntities stores: the article's language and
// canonical entities after extraction.
type EntityRecord struct {
	Language string   `json:"language,omitempty"`
	Persons  []Entity `json:"persons,omitempty"`
	Places   []Entity `json:"places,omitempty"`
	Orgs     []Entity `json:"orgs,omitempty"`
	Topics   []Entity `json:"topics,omitempty"`
	// Surfaces maps an entity id to the forms the article uses for it.
	Surfaces map[string][]string `json:"surfaces,omitempty"`
}

// Apply copies the record's language (when set) and entities onto a.
func (r *EntityRecord) Apply(a *Article) {
	if r.Language != "" {
		a.Language = r.Language
	}
	a.Persons, a.Places, a.Orgs, a.Topics = r.Persons, r.Places, r.Orgs, r.Topics
}

// EncodeTime is the FieldPublishedNanos term of t.
func EncodeTime(t time.Time) string {
	const hex = "0123456789abcdef"
	var b [16]byte
	v := uint64(t.UnixNano()) ^ (1 << 63) // order-preserving for negatives
	for i := 15; i >= 0; i-- {
		b[i] = hex[v&0xf]
		v >>= 4
	}
	return string(b[:])
}

// DecodeTime reads a FieldPublishedNanos term; ok is false for anything else.
func DecodeTime(term []byte) (unixNano int64, ok bool) {
	if len(term) != 16 {
		return 0, false
	}
	var v uint64
	for _, c := range term {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return int64(v ^ (1 << 63)), true
}

// PairedFields are the English text fields whose adjacent word pairs are
// indexed too, in PairField(f).
var PairedFields = []string{FieldTitle, FieldSummary, FieldBody}

// PairField names the field holding text field f's adjacent analysed word
// pairs ("interest rate"), as Elasticsearch's index_phrases does: a
// two-word phrase is then one term's postings instead of a walk over both
// words' positions, which at a million articles made phrases the slowest
// queries. A pair is the two terms joined by PairSep.
func PairField(f string) string { return f + "_pairs" }

// PairSep joins the two terms of a pair; analysed terms never hold it.
const PairSep = " "

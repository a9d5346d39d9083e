package indexer

import (
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// fieldKind is how the index holds a field.
type fieldKind int

const (
	// kindText is analysed text, or keyword terms (the keyword analyser).
	kindText fieldKind = iota
	// kindPairs is the adjacent word pairs of the text field just before
	// it in fields (pairs.go).
	kindPairs
	// kindDate is a date, as bleve's prefix-coded numeric terms.
	kindDate
	// kindStored is kept for reading back, not indexed.
	kindStored
	// kindLengths is the analysed lengths of the fields before it that
	// pulse.LengthFields names, as bit terms (fieldstats.go). It comes
	// last, so every field it measures has been analysed when it is.
	kindLengths
)

// field is one field of the index document: how the mapping declares it
// (NewMapping) and how the builder fills it from a Document (bleveDoc).
type field struct {
	name     string
	kind     fieldKind
	analyzer string // kindText and kindPairs: the analyser's name
	store    bool   // kept for reading back
	// vectors keeps term positions, for phrases and highlighting.
	vectors bool
	// docValues keeps the field's terms per document, for the fields
	// every search reads per match (facets, dates, collapse, sorting).
	docValues bool

	// The field's value in a Document: one for a single value (none when
	// empty), many for a list (every element, at its array position),
	// date for kindDate (none when zero). kindPairs and kindLengths take
	// none.
	one  func(*Document) string
	many func(*Document) []string
	date func(*Document) time.Time
}

// options are the bleve indexing options of the field. Doc values skip
// compression and chunking: otherwise each search decompresses every
// chunk of them it touches, which was half of a faceted query's time.
func (f *field) options() index.FieldIndexingOptions {
	var o index.FieldIndexingOptions
	if f.kind != kindStored {
		o |= index.IndexField
	}
	if f.store {
		o |= index.StoreField
	}
	if f.vectors {
		o |= index.IncludeTermVectors
	}
	if f.docValues {
		o |= index.DocValues | index.SkipDVCompression | index.SkipDVChunking
	}
	return o
}

// fields describes the index document, field by field, in the order the
// builder adds them: a pair field follows its text field, because bleve
// analyses a document's fields in order and the pairs are read from the
// text field's analysis. NewMapping and bleveDoc are both made from it,
// so the mapping and the documents cannot disagree.
//
// Title and body are stored raw (pulse.StoredFields reads them back) and
// kept out of the stored article JSON, so listing hits does not decode the
// body's text through JSON.
var fields = slices.Concat(
	[]field{
		{name: pulse.FieldTitle, analyzer: en.AnalyzerName, store: true, vectors: true, one: func(d *Document) string { return d.Title }},
		{name: pulse.PairField(pulse.FieldTitle), kind: kindPairs, analyzer: en.AnalyzerName},
		{name: pulse.FieldSummary, analyzer: en.AnalyzerName, vectors: true, one: func(d *Document) string { return d.Summary }},
		{name: pulse.PairField(pulse.FieldSummary), kind: kindPairs, analyzer: en.AnalyzerName},
		{name: pulse.FieldBody, analyzer: en.AnalyzerName, store: true, vectors: true, one: func(d *Document) string { return d.Body }},
		{name: pulse.PairField(pulse.FieldBody), kind: kindPairs, analyzer: en.AnalyzerName},
		{name: pulse.FieldTitleAr, analyzer: ar.AnalyzerName, store: true, vectors: true, one: func(d *Document) string { return d.TitleAr }},
		{name: pulse.FieldBodyAr, analyzer: ar.AnalyzerName, store: true, vectors: true, one: func(d *Document) string { return d.BodyAr }},
		{name: pulse.FieldSpell, analyzer: standard.Name, one: func(d *Document) string { return d.Spell }},
		{name: pulse.FieldURL, analyzer: keyword.Name, one: func(d *Document) string { return d.URL }},
		// The id again, as a doc value: cursor paging's tie-breaker.
		{name: pulse.FieldSortID, analyzer: keyword.Name, docValues: true, one: func(d *Document) string { return d.ID }},
		// Stored: read back to skip unchanged articles.
		{name: pulse.FieldContentHash, analyzer: keyword.Name, store: true, one: func(d *Document) string { return d.ContentHash }},
	},
	facetFields(),
	[]field{
		// Stored: read back by the near-duplicate lookup and by collapse.
		{name: pulse.FieldCluster, analyzer: keyword.Name, store: true, docValues: true, one: func(d *Document) string { return d.Cluster }},
		{name: pulse.FieldDupBand, analyzer: keyword.Name, many: func(d *Document) []string { return d.DupBands }},
		{name: pulse.FieldPublishedAt, kind: kindDate, docValues: true, date: func(d *Document) time.Time { return d.PublishedAt }},
		{name: pulse.FieldPublishedNanos, analyzer: keyword.Name, docValues: true, one: func(d *Document) string {
			if d.PublishedAt.IsZero() {
				return ""
			}
			return pulse.EncodeTime(d.PublishedAt)
		}},
		{name: pulse.FieldArticleJSON, kind: kindStored, store: true, one: func(d *Document) string { return d.ArticleJSON }},
		{name: pulse.FieldEntities, kind: kindStored, store: true, one: func(d *Document) string { return d.Entities }},
		{name: pulse.FieldMinHash, kind: kindStored, store: true, one: func(d *Document) string { return d.MinHash }},
		// Last: it reads the lengths of the fields before it.
		{name: pulse.FieldLengths, kind: kindLengths, analyzer: keyword.Name},
	},
)

// facetFields are the two keyword fields of every facet: its labels,
// which facets count from their doc values, and its keys, which filters
// match. Keys have no doc values: the facet pass tests filters against
// their postings (search/columns.go), never reads them per document.
func facetFields() []field {
	var out []field
	for _, f := range pulse.Facets {
		out = append(out,
			field{name: pulse.LabelField(f), analyzer: keyword.Name, docValues: true, many: func(d *Document) []string { return d.Labels[f] }},
			field{name: pulse.KeyField(f), analyzer: keyword.Name, many: func(d *Document) []string { return d.Keys[f] }},
		)
	}
	return out
}

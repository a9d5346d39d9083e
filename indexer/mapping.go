package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/pulsesearch/pulse"
)

// MappingVersion changes whenever the mapping or the document layout
// changes in a way an existing index cannot serve; an index built with
// another version must be rebuilt with `pulse reindex`.
const MappingVersion = 8

// docType is the single document type; bleve needs a name for it.
const docType = "article"

// NewMapping returns the index mapping: title, summary and body analysed
// for English with stemming and term vectors (positions for phrases and
// highlighting), with the adjacent word pairs of each for fast phrases;
// one label and one key keyword field per facet; the dates; and the
// cleaned source, stored but not indexed. Scoring is BM25.
func NewMapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = false
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	date := func() *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(pulse.FieldTitle, text())
	doc.AddFieldMappingsAt(pulse.FieldSummary, text())
	doc.AddFieldMappingsAt(pulse.FieldBody, text())
	for _, f := range pulse.PairedFields {
		// Built by the indexer from the text field's positions
		// (indexer/pairs.go); the mapping gives queries its analyser.
		p := text()
		p.IncludeTermVectors = false
		doc.AddFieldMappingsAt(pulse.PairField(f), p)
	}
	arabic := func() *mapping.FieldMapping {
		f := text()
		f.Analyzer = ar.AnalyzerName
		return f
	}
	doc.AddFieldMappingsAt(pulse.FieldTitleAr, arabic())
	doc.AddFieldMappingsAt(pulse.FieldBodyAr, arabic())
	spell := bleve.NewTextFieldMapping()
	spell.Analyzer = standard.Name
	spell.Store = false
	spell.IncludeTermVectors = false
	spell.IncludeInAll = false
	spell.DocValues = false
	doc.AddFieldMappingsAt(pulse.FieldSpell, spell)
	doc.AddFieldMappingsAt(pulse.FieldURL, kw(false))
	hash := kw(false)
	hash.Store = true // read back to skip unchanged articles
	doc.AddFieldMappingsAt(pulse.FieldContentHash, hash)
	for _, f := range pulse.Facets {
		doc.AddFieldMappingsAt(pulse.LabelField(f), kw(true))
		// Keys have no doc values: the facet pass tests filters against
		// their postings (search/columns.go).
		doc.AddFieldMappingsAt(pulse.KeyField(f), kw(false))
	}
	cluster := kw(true)
	cluster.Store = true
	doc.AddFieldMappingsAt(pulse.FieldCluster, cluster)
	doc.AddFieldMappingsAt(pulse.FieldDupBand, kw(false))
	doc.AddFieldMappingsAt(pulse.FieldLengths, kw(false)) // built by indexer/fieldstats.go
	doc.AddFieldMappingsAt(pulse.FieldSortID, kw(true))
	doc.AddFieldMappingsAt(pulse.FieldDay, kw(true))
	doc.AddFieldMappingsAt(pulse.FieldPublishedAt, date())

	src := bleve.NewTextFieldMapping()
	src.Index = false
	src.Store = true
	src.IncludeInAll = false
	src.IncludeTermVectors = false
	src.DocValues = false
	doc.AddFieldMappingsAt(pulse.FieldSource, src)
	ents := bleve.NewTextFieldMapping()
	*ents = *src
	doc.AddFieldMappingsAt(pulse.FieldEntities, ents)
	sig := bleve.NewTextFieldMapping()
	*sig = *src
	doc.AddFieldMappingsAt(pulse.FieldMinHash, sig)

	// No catch-all "_all" field: every query names its fields, and
	// building it costs a pass over every term of every article.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.TypeField = "_type"
	m.DefaultType = docType
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m
}

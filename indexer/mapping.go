package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping or the document layout
// changes in a way an existing index cannot serve; an index built with
// another version must be rebuilt with `pulse reindex`.
const MappingVersion = 9

// docType is the single document type; bleve needs a name for it.
const docType = "article"

// NewMapping returns the index mapping, made from fields: title, summary
// and body analysed for English with stemming and term vectors (positions
// for phrases and highlighting), with the adjacent word pairs of each for
// fast phrases; one label and one key keyword field per facet; the dates;
// and the cleaned source, stored but not indexed. Scoring is BM25.
func NewMapping() mapping.IndexMapping {
	doc := bleve.NewDocumentStaticMapping()
	for i := range fields {
		doc.AddFieldMappingsAt(fields[i].name, fields[i].mapping())
	}

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

// mapping is the field's bleve field mapping. Queries read their analyser
// from it; bleveDoc indexes with the same analyser and options.
func (f *field) mapping() *mapping.FieldMapping {
	m := bleve.NewTextFieldMapping()
	if f.kind == kindDate {
		m = bleve.NewDateTimeFieldMapping()
	}
	m.Analyzer = f.analyzer
	m.Index = f.kind != kindStored
	m.Store = f.store
	m.IncludeTermVectors = f.vectors
	m.IncludeInAll = false
	m.DocValues = f.docValues
	return m
}

package indexer

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// The index documents are built directly rather than through bleve's
// reflective mapping: it is faster at ingest, and it lets the doc values
// that every search reads (facet labels and keys, dates, clusters) skip
// compression — otherwise each search decompresses every chunk of them it
// touches, which was half of a faceted query's time. The mapping still
// describes the same fields, for query analysis and for bleve's field list.
const (
	optText     = index.IndexField | index.IncludeTermVectors
	optIndex    = index.IndexField
	optStored   = index.StoreField
	optFacet    = index.IndexField | index.DocValues | index.SkipDVCompression | index.SkipDVChunking
	optKeyStore = index.IndexField | index.StoreField
)

// builder turns Documents into bleve documents.
type builder struct {
	en, ar, std, kw analysis.Analyzer
}

func newBuilder(m mapping.IndexMapping) (*builder, error) {
	b := &builder{
		en: m.AnalyzerNamed(en.AnalyzerName), ar: m.AnalyzerNamed(ar.AnalyzerName),
		std: m.AnalyzerNamed(standard.Name), kw: m.AnalyzerNamed(keyword.Name),
	}
	if b.en == nil || b.ar == nil || b.std == nil || b.kw == nil {
		return nil, fmt.Errorf("index mapping lacks an analyser Pulse needs")
	}
	return b, nil
}

// bleveDoc builds the bleve document for one article's Document.
func (b *builder) bleveDoc(id string, d Document) (*document.Document, error) {
	doc := document.NewDocument(id)
	text := func(name string, a analysis.Analyzer, opts index.FieldIndexingOptions) *document.TextField {
		if v, ok := d[name].(string); ok && v != "" {
			f := document.NewTextFieldCustom(name, nil, []byte(v), opts, a)
			doc.AddField(f)
			return f
		}
		return nil
	}
	paired := func(name string, opts index.FieldIndexingOptions) {
		if f := text(name, b.en, opts); f != nil {
			// After its source: bleve analyses fields in order.
			doc.AddField(newPairField(f))
		}
	}
	terms := func(name string, opts index.FieldIndexingOptions) {
		switch v := d[name].(type) {
		case string:
			if v != "" {
				doc.AddField(document.NewTextFieldCustom(name, nil, []byte(v), opts, b.kw))
			}
		case []string:
			for i, s := range v {
				doc.AddField(document.NewTextFieldCustom(name, []uint64{uint64(i)}, []byte(s), opts, b.kw))
			}
		}
	}
	paired(pulse.FieldTitle, optText|index.StoreField)
	paired(pulse.FieldSummary, optText)
	paired(pulse.FieldBody, optText|index.StoreField)
	text(pulse.FieldTitleAr, b.ar, optText|index.StoreField)
	text(pulse.FieldBodyAr, b.ar, optText|index.StoreField)
	text(pulse.FieldSpell, b.std, optIndex)
	terms(pulse.FieldURL, optIndex)
	doc.AddField(document.NewTextFieldCustom(pulse.FieldSortID, nil, []byte(id), optFacet, b.kw))
	terms(pulse.FieldContentHash, optKeyStore)
	for _, f := range pulse.Facets {
		terms(pulse.LabelField(f), optFacet)
		// Keys are searched (filters read their postings), never read
		// per document: no doc values.
		terms(pulse.KeyField(f), optIndex)
	}
	terms(pulse.FieldCluster, optFacet|index.StoreField)
	terms(pulse.FieldDupBand, optIndex)
	if v, ok := d[pulse.FieldPublishedAt].(string); ok && v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, fmt.Errorf("published_at %q: %w", v, err)
		}
		f, err := document.NewDateTimeFieldWithIndexingOptions(pulse.FieldPublishedAt, nil, t, time.RFC3339, optFacet)
		if err != nil {
			return nil, fmt.Errorf("published_at %q: %w", v, err)
		}
		doc.AddField(f)
		doc.AddField(document.NewTextFieldCustom(pulse.FieldDay, nil, []byte(pulse.EncodeTime(t)), optFacet, b.kw))
	}
	for _, name := range []string{pulse.FieldSource, pulse.FieldEntities, pulse.FieldMinHash} {
		if v, ok := d[name].(string); ok && v != "" {
			doc.AddField(document.NewTextFieldWithIndexingOptions(name, nil, []byte(v), optStored))
		}
	}
	doc.AddField(newLengthField(doc)) // last: it reads the others' lengths
	return doc, nil
}

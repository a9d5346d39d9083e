package related

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/pulsesearch/pulse"
)

// Index builds a fresh scorch index of docs in dir. Only the articles go
// in: title, body and URL (and dates, which this corpus lacks); x, when
// not nil, adds the entities it extracts from their text. The gold
// groupings never reach the index.
//
// The layout is the production one (indexer.NewMapping and
// indexer.NewDocument) in the fields related stories read, copied here
// because only the command that wires the pieces imports the indexer:
// text fields analysed for English with term vectors, a label and a key
// field per entity facet, the stored source and entity record.
func Index(ctx context.Context, dir string, docs []Doc, x Extractor) (bleve.Index, error) {
	idx, err := bleve.New(filepath.Join(dir, "index"), indexMapping())
	if err != nil {
		return nil, fmt.Errorf("create index in %s: %w", dir, err)
	}
	b := idx.NewBatch()
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			idx.Close()
			return nil, err
		}
		a := d.Article
		if x != nil {
			x.Extract(&a)
		}
		doc, err := document(&a)
		if err == nil {
			err = b.Index(a.ID, doc)
		}
		if err != nil {
			idx.Close()
			return nil, fmt.Errorf("index %s: %w", a.ID, err)
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, fmt.Errorf("index: %w", err)
	}
	return idx, nil
}

// indexMapping mirrors indexer.NewMapping in the fields related stories
// read.
func indexMapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = false
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(pulse.FieldTitle, text())
	doc.AddFieldMappingsAt(pulse.FieldSummary, text())
	doc.AddFieldMappingsAt(pulse.FieldBody, text())
	doc.AddFieldMappingsAt(pulse.FieldURL, kw())
	for _, f := range pulse.EntityFacets {
		doc.AddFieldMappingsAt(pulse.LabelField(f), kw())
		doc.AddFieldMappingsAt(pulse.KeyField(f), kw())
	}
	cluster := kw()
	cluster.Store = true
	doc.AddFieldMappingsAt(pulse.FieldCluster, cluster)
	doc.AddFieldMappingsAt(pulse.FieldPublishedAt, date)
	doc.AddFieldMappingsAt(pulse.FieldSource, stored())
	doc.AddFieldMappingsAt(pulse.FieldEntities, stored())

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.TypeField = "_type"
	m.DefaultType = "article"
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"
	return m
}

// document is the index document of an article, shaped as
// indexer.NewDocument makes it: text, URL, date, per entity facet the
// "id\x1fname" labels and the normalised keys, the source as it came in
// and the entity record the extractor made.
func document(a *pulse.Article) (map[string]any, error) {
	src := *a
	src.Persons, src.Places, src.Orgs, src.Topics, src.Language = nil, nil, nil, nil, ""
	srcJSON, err := json.Marshal(&src)
	if err != nil {
		return nil, err
	}
	rec, err := json.Marshal(pulse.EntityRecord{Language: a.Language, Persons: strip(a.Persons), Places: strip(a.Places), Orgs: strip(a.Orgs), Topics: strip(a.Topics)})
	if err != nil {
		return nil, err
	}
	d := map[string]any{
		"_type":             "article",
		pulse.FieldTitle:    a.Title,
		pulse.FieldBody:     a.Body,
		pulse.FieldSource:   string(srcJSON),
		pulse.FieldEntities: string(rec),
	}
	if a.URL != "" {
		d[pulse.FieldURL] = a.URL
	}
	if !a.PublishedAt.IsZero() {
		d[pulse.FieldPublishedAt] = a.PublishedAt.Format(time.RFC3339Nano)
	}
	for _, f := range pulse.EntityFacets {
		var labels []string
		keys := map[string]bool{}
		for _, e := range a.Entities(f) {
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
				}
			}
		}
		if len(labels) > 0 {
			sorted := make([]string, 0, len(keys))
			for k := range keys {
				sorted = append(sorted, k)
			}
			sort.Strings(sorted)
			d[pulse.LabelField(f)] = labels
			d[pulse.KeyField(f)] = sorted
		}
	}
	return d, nil
}

// strip leaves out of the stored record what serves indexing only.
func strip(es []pulse.Entity) []pulse.Entity {
	out := make([]pulse.Entity, len(es))
	for i, e := range es {
		e.Spans, e.Aliases = nil, nil
		out[i] = e
	}
	return out
}

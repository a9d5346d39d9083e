package related

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/pulsesearch/pulse"
)

// testMapping mirrors indexer.NewMapping in the fields related stories
// read (package search never imports the indexer, tests included):
// English and Arabic text fields with term vectors, label and key keyword
// fields per facet, the copy cluster, the date, and the stored source and
// entities.
func testMapping() mapping.IndexMapping {
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
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(pulse.FieldTitle, text())
	doc.AddFieldMappingsAt(pulse.FieldSummary, text())
	doc.AddFieldMappingsAt(pulse.FieldBody, text())
	arabic := func() *mapping.FieldMapping {
		f := text()
		f.Analyzer = ar.AnalyzerName
		return f
	}
	doc.AddFieldMappingsAt(pulse.FieldTitleAr, arabic())
	doc.AddFieldMappingsAt(pulse.FieldBodyAr, arabic())
	doc.AddFieldMappingsAt(pulse.FieldURL, kw(false))
	for _, f := range pulse.Facets {
		doc.AddFieldMappingsAt(pulse.LabelField(f), kw(true))
		doc.AddFieldMappingsAt(pulse.KeyField(f), kw(true))
	}
	cluster := kw(true)
	cluster.Store = true
	doc.AddFieldMappingsAt(pulse.FieldCluster, cluster)
	doc.AddFieldMappingsAt(pulse.FieldPublishedAt, date())
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

// testDoc is the index document of an article, shaped as
// indexer.NewDocument makes it (an Arabic article's text in the Arabic
// fields), with the entity record stored and the copy cluster when given.
func testDoc(tb testing.TB, a *pulse.Article, cluster string) map[string]any {
	tb.Helper()
	src, err := json.Marshal(a)
	if err != nil {
		tb.Fatal(err)
	}
	title, body := pulse.FieldTitle, pulse.FieldBody
	if a.Language == "ar" {
		title, body = pulse.FieldTitleAr, pulse.FieldBodyAr
	}
	d := map[string]any{
		"_type":           "article",
		title:             a.Title,
		body:              a.Body,
		pulse.FieldSource: string(src),
	}
	if a.Summary != "" {
		d[pulse.FieldSummary] = a.Summary
	}
	if a.URL != "" {
		d[pulse.FieldURL] = a.URL
	}
	if !a.PublishedAt.IsZero() {
		d[pulse.FieldPublishedAt] = a.PublishedAt.Format(time.RFC3339Nano)
	}
	if cluster != "" {
		d[pulse.FieldCluster] = cluster
	}
	for _, f := range pulse.EntityFacets {
		var labels []string
		keys := map[string]bool{}
		for _, e := range a.Entities(f) {
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
			d[pulse.LabelField(f)] = labels
			d[pulse.KeyField(f)] = sortedKeys(keys)
		}
	}
	if a.Source != "" {
		id := pulse.NormalizeKey(a.Source)
		d[pulse.LabelField(pulse.FacetSource)] = []string{id + pulse.LabelSep + a.Source}
		d[pulse.KeyField(pulse.FacetSource)] = []string{id}
	}
	rec, err := json.Marshal(pulse.EntityRecord{Language: a.Language, Persons: a.Persons, Places: a.Places, Orgs: a.Orgs, Topics: a.Topics})
	if err != nil {
		tb.Fatal(err)
	}
	d[pulse.FieldEntities] = string(rec)
	return d
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// corpusDoc is an article of a test corpus and its copy cluster.
type corpusDoc struct {
	Article pulse.Article `json:"article"`
	Cluster string        `json:"cluster,omitempty"`
}

// mustIndex builds a scorch index of docs in a new directory under dir,
// in batches of 1000.
func mustIndex(tb testing.TB, dir string, docs []corpusDoc) bleve.Index {
	tb.Helper()
	idx, err := bleve.New(filepath.Join(dir, "index"), testMapping())
	if err != nil {
		tb.Fatal(err)
	}
	b := idx.NewBatch()
	for i := range docs {
		if err := b.Index(docs[i].Article.ID, testDoc(tb, &docs[i].Article, docs[i].Cluster)); err != nil {
			tb.Fatal(err)
		}
		if b.Size() == 1000 {
			if err := idx.Batch(b); err != nil {
				tb.Fatal(err)
			}
			b = idx.NewBatch()
		}
	}
	if err := idx.Batch(b); err != nil {
		tb.Fatal(err)
	}
	return idx
}

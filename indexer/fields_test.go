package indexer

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
)

// TestDocumentsMatchMapping builds the documents of articles that fill
// every field and checks each field they hold against the mapping: the
// field is mapped, with the same type and options, and the mapping's
// analyser gives the terms the document indexes (queries analyse with the
// mapping, so a difference would be a word that can never be found).
// Every mapped field must be filled by one of the articles, so the mapping
// declares nothing the documents never hold.
func TestDocumentsMatchMapping(t *testing.T) {
	m := NewMapping().(*mapping.IndexMappingImpl)
	b, err := newBuilder(m)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("The foreign minister visited Baghdad on Tuesday to discuss the oil budget with the cabinet. ", 8)
	cases := []struct {
		name    string
		article pulse.Article
	}{
		{"english", pulse.Article{
			ID: "en-1", Title: "Minister visits Baghdad", Body: long, Summary: "A short visit",
			URL: "https://example.com/a?utm_source=x", Source: "Reuters", Author: "Jane Doe",
			Section: "World", Language: "en", Tags: []string{"oil", "Iraq"},
			PublishedAt: time.Date(2024, 3, 1, 12, 30, 0, 5, time.UTC),
			Persons:     []pulse.Entity{{ID: "asaad-al-shaibani", Name: "Asaad al-Shaibani", Aliases: []string{"Shaibani"}}},
			Places:      []pulse.Entity{{ID: "iraq", Name: "Iraq"}},
			Orgs:        []pulse.Entity{{ID: "opec", Name: "OPEC"}},
			Topics:      []pulse.Entity{{ID: "crude", Name: "crude oil"}},
		}},
		{"arabic", pulse.Article{
			ID: "ar-1", Title: "وزير الخارجية يزور بغداد", Body: "زار وزير الخارجية العراقي بغداد اليوم", Language: "ar",
		}},
	}
	held := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := (&Writer{}).prepareOne(&format.Item{Article: tc.article}, tc.name)
			if p.err != nil {
				t.Fatal(p.err)
			}
			p.doc.Cluster = p.id
			doc, err := b.bleveDoc(&p.doc)
			if err != nil {
				t.Fatal(err)
			}
			values := map[string][]byte{}
			for _, f := range doc.Fields {
				if _, pad := f.(*wholeTextField); !pad {
					values[f.Name()] = f.Value()
				}
			}
			for _, f := range doc.Fields {
				if _, pad := f.(*wholeTextField); pad {
					continue // checked by TestWholeTextNorms
				}
				held[f.Name()] = true
				fm := fieldMapping(m, f.Name())
				if fm == nil {
					t.Errorf("%s: held by the document, not in the mapping", f.Name())
					continue
				}
				if err := sameOptions(fm, f); err != nil {
					t.Errorf("%s: %v", f.Name(), err)
				}
				if err := sameTerms(m, fm, f, values); err != nil {
					t.Errorf("%s: %v", f.Name(), err)
				}
			}
		})
	}
	for name, dm := range m.DefaultMapping.Properties {
		if len(dm.Fields) > 0 && !held[name] {
			t.Errorf("%s: in the mapping, held by no document", name)
		}
	}
	for _, f := range pulse.PairedFields {
		if fieldMapping(m, pulse.PairField(f)) == nil {
			t.Errorf("%s: pulse.PairedFields lists it, the mapping has no %s", f, pulse.PairField(f))
		}
	}
}

func fieldMapping(m *mapping.IndexMappingImpl, name string) *mapping.FieldMapping {
	dm := m.DefaultMapping.Properties[name]
	if dm == nil || len(dm.Fields) != 1 {
		return nil
	}
	return dm.Fields[0]
}

// sameOptions compares what the mapping declares with what the document
// field does.
func sameOptions(fm *mapping.FieldMapping, f index.Field) error {
	o := f.Options()
	typ := "text"
	if _, ok := f.(*document.DateTimeField); ok {
		typ = "datetime"
	}
	for _, c := range []struct {
		what      string
		mapped    any
		documents any
	}{
		{"type", fm.Type, typ},
		{"indexed", fm.Index, o.IsIndexed()},
		{"stored", fm.Store, o.IsStored()},
		{"term vectors", fm.IncludeTermVectors, o.IncludeTermVectors()},
		{"doc values", fm.DocValues, o.IncludeDocValues()},
	} {
		if c.mapped != c.documents {
			return fmt.Errorf("%s: the mapping says %v, the document %v", c.what, c.mapped, c.documents)
		}
	}
	return nil
}

// sameTerms compares the terms the document indexes for an analysed field
// with those of the mapping's analyser. A pair field is compared with the
// pairs of its text field's value as the mapping analyses it, and the
// lengths field with the lengths of the fields it measures as the mapping
// analyses them.
func sameTerms(m *mapping.IndexMappingImpl, fm *mapping.FieldMapping, f index.Field, values map[string][]byte) error {
	tf, ok := f.(interface {
		Analyze()
		AnalyzedTokenFrequencies() index.TokenFrequencies
	})
	if !ok || !f.Options().IsIndexed() {
		return nil
	}
	if _, date := f.(*document.DateTimeField); date {
		return nil
	}
	a := m.AnalyzerNamed(fm.Analyzer)
	if a == nil {
		return fmt.Errorf("the mapping names analyser %q, which it lacks", fm.Analyzer)
	}
	tf.Analyze()
	var want index.TokenFrequencies
	if pf, isPair := f.(*pairField); isPair {
		src := values[pf.src.Name()]
		want, _ = pairs(analysis.TokenFrequency(a.Analyze(src), nil, index.IncludeTermVectors))
	} else if lf, isLengths := f.(*lengthField); isLengths {
		lens, err := mappedLengths(m, lf.doc)
		if err != nil {
			return err
		}
		want = lengthTerms(lens)
	} else {
		want = analysis.TokenFrequency(a.Analyze(f.Value()), nil, 0)
	}
	if got, w := termCounts(tf.AnalyzedTokenFrequencies()), termCounts(want); got != w {
		return fmt.Errorf("indexes %s, the mapping's analyser %q gives %s", got, fm.Analyzer, w)
	}
	return nil
}

// mappedLengths returns the lengths of doc's fields that
// pulse.LengthFields names, each value analysed by the mapping's analyser
// of its field (a pair field: the pairs of its text field's value).
func mappedLengths(m *mapping.IndexMappingImpl, doc *document.Document) (map[string]int, error) {
	lens := map[string]int{}
	for _, f := range doc.Fields {
		if _, pad := f.(*wholeTextField); pad || !tracked[f.Name()] || !f.Options().IsIndexed() {
			continue
		}
		fm := fieldMapping(m, f.Name())
		if fm == nil {
			return nil, fmt.Errorf("measures %s, which the mapping lacks", f.Name())
		}
		a := m.AnalyzerNamed(fm.Analyzer)
		if pf, isPair := f.(*pairField); isPair {
			_, n := pairs(analysis.TokenFrequency(a.Analyze(pf.src.Value()), nil, index.IncludeTermVectors))
			lens[f.Name()] += n
			continue
		}
		n := len(a.Analyze(f.Value()))
		lens[f.Name()] += n
		if pulse.IsTextField(f.Name()) {
			lens[pulse.TextLength] += n
		}
	}
	return lens, nil
}

func termCounts(freqs index.TokenFrequencies) string {
	var out []string
	for term, f := range freqs {
		out = append(out, fmt.Sprintf("%q×%d", term, f.Frequency()))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

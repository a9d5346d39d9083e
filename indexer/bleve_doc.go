package indexer

import (
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// The index documents are built directly rather than through bleve's
// reflective mapping: it is faster at ingest, and it lets the doc values
// that every search reads (facet labels and keys, dates, clusters) skip
// compression (field.options). Both the documents and the mapping, which
// queries analyse with and bleve lists fields from, come from fields.

// builder turns Documents into bleve documents.
type builder struct {
	// analyzers[i] analyses fields[i]; nil for fields not analysed.
	analyzers []analysis.Analyzer
}

// newBuilder looks up the analysers of fields in m.
//
// It returns an error naming the analyser when m lacks one.
func newBuilder(m mapping.IndexMapping) (*builder, error) {
	b := &builder{analyzers: make([]analysis.Analyzer, len(fields))}
	for i, f := range fields {
		if f.analyzer == "" {
			continue
		}
		if b.analyzers[i] = m.AnalyzerNamed(f.analyzer); b.analyzers[i] == nil {
			return nil, fmt.Errorf("index mapping lacks the analyser %q of field %s", f.analyzer, f.name)
		}
	}
	return b, nil
}

// bleveDoc builds the bleve document of one article's Document.
//
// It returns an error when bleve cannot represent the publication date.
func (b *builder) bleveDoc(d *Document) (*document.Document, error) {
	doc := document.NewDocument(d.ID)
	// prev is the text field just added, which a pair field reads.
	var prev *document.TextField
	for i := range fields {
		f := &fields[i]
		added := prev
		prev = nil
		switch {
		case f.kind == kindLengths:
			addWholeText(doc)
			doc.AddField(newLengthField(doc, f.options()))
		case f.kind == kindPairs:
			if added != nil {
				doc.AddField(newPairField(added, f.options()))
			}
		case f.kind == kindDate:
			t := f.date(d)
			if t.IsZero() {
				continue
			}
			df, err := document.NewDateTimeFieldWithIndexingOptions(f.name, nil, t, time.RFC3339, f.options())
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", f.name, t.Format(time.RFC3339Nano), err)
			}
			doc.AddField(df)
		case f.kind == kindStored:
			if v := f.one(d); v != "" {
				doc.AddField(document.NewTextFieldWithIndexingOptions(f.name, nil, []byte(v), f.options()))
			}
		case f.many != nil:
			for j, v := range f.many(d) {
				doc.AddField(document.NewTextFieldCustom(f.name, []uint64{uint64(j)}, []byte(v), f.options(), b.analyzers[i]))
			}
		default:
			if v := f.one(d); v != "" {
				prev = document.NewTextFieldCustom(f.name, nil, []byte(v), f.options(), b.analyzers[i])
				doc.AddField(prev)
			}
		}
	}
	return doc, nil
}

// addWholeText adds a wholeTextField for each text field of doc, when it
// has more than one, so that every text field's norm is the whole text's
// length; a lone text field's own length is the whole text's already.
//
// Only beside a text field the document has: the segment merges the
// options of a document's fields of one name (zapx v17.2.5, bleve issue
// 2332), and a merge keeps a field's stored values and term vectors only
// where every segment's options have them, so a whole-text field in a
// document without its text field would take the text's stored value and
// vectors away at the next merge (TestWholeTextNormsSurviveMerges).
func addWholeText(doc *document.Document) {
	var names []string
	for _, fl := range doc.Fields {
		if n := fl.Name(); pulse.IsTextField(n) && fl.Options().IsIndexed() && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) < 2 {
		return
	}
	for _, n := range names {
		doc.AddField(newWholeTextField(n, doc, index.IndexField))
	}
}

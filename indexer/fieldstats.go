package indexer

import (
	"reflect"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// lengthField indexes the analysed lengths of an article's scored fields
// as pulse.FieldLengths terms, from which search reads each field's exact
// token total for BM25. It is added to the document last: bleve analyses
// a document's fields in the order they were added, so every other field
// has its length when this one is analysed, and the lengths summed here
// per name are the ones the segment records as each field's norm.
type lengthField struct {
	doc   *document.Document
	opts  index.FieldIndexingOptions
	freqs index.TokenFrequencies
}

var lengthFieldSize = int(reflect.TypeOf(lengthField{}).Size())

// tracked marks the fields whose lengths are recorded.
var tracked = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range pulse.LengthFields {
		m[f] = true
	}
	return m
}()

func newLengthField(doc *document.Document, opts index.FieldIndexingOptions) *lengthField {
	return &lengthField{doc: doc, opts: opts}
}

func (f *lengthField) Name() string                        { return pulse.FieldLengths }
func (f *lengthField) ArrayPositions() []uint64            { return nil }
func (f *lengthField) Options() index.FieldIndexingOptions { return f.opts }
func (f *lengthField) Value() []byte                       { return nil }
func (f *lengthField) NumPlainTextBytes() uint64           { return 0 }
func (f *lengthField) EncodedFieldType() byte              { return 't' }
func (f *lengthField) AnalyzedLength() int                 { return len(f.freqs) }

func (f *lengthField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

func (f *lengthField) Size() int { return lengthFieldSize + termsSize(f.freqs) }

// Analyze sums the lengths of the tracked fields, which bleve has
// analysed already, and encodes each sum bit by bit.
func (f *lengthField) Analyze() {
	lens := map[string]int{}
	for _, fl := range f.doc.Fields {
		if tracked[fl.Name()] && fl.Options().IsIndexed() {
			lens[fl.Name()] += fl.AnalyzedLength()
		}
	}
	f.freqs = lengthTerms(lens)
}

// lengthTerms returns the FieldLengths terms of the field lengths lens.
func lengthTerms(lens map[string]int) index.TokenFrequencies {
	out := index.TokenFrequencies{}
	add := func(term string) {
		tf := &index.TokenFreq{Term: []byte(term)}
		tf.SetFrequency(1)
		out[term] = tf
	}
	for name, n := range lens {
		if n <= 0 {
			continue
		}
		n = min(n, 1<<pulse.LengthBits-1)
		add(pulse.PresentTerm(name))
		for i := 0; i < pulse.LengthBits; i++ {
			if n&(1<<i) != 0 {
				add(pulse.LengthTerm(name, i))
			}
		}
	}
	return out
}

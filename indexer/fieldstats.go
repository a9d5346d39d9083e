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
// has its length when this one is analysed. The lengths summed here are
// each field's own; the segment records a text field's norm as the whole
// text's (wholeTextField), which is recorded here as pulse.TextLength.
type lengthField struct {
	derivedField
	doc   *document.Document
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
	return &lengthField{doc: doc, derivedField: derivedField{opts}}
}

func (f *lengthField) Name() string        { return pulse.FieldLengths }
func (f *lengthField) AnalyzedLength() int { return len(f.freqs) }

func (f *lengthField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

func (f *lengthField) Size() int { return lengthFieldSize + termsSize(f.freqs) }

// Analyze sums the lengths of the tracked fields, which bleve has
// analysed already, and of the whole text (pulse.TextLength), and
// encodes each sum bit by bit. The whole-text fields carry no tokens of
// their own and are not counted.
func (f *lengthField) Analyze() {
	lens := map[string]int{}
	for _, fl := range f.doc.Fields {
		if _, pad := fl.(*wholeTextField); pad || !fl.Options().IsIndexed() {
			continue
		}
		if tracked[fl.Name()] {
			lens[fl.Name()] += fl.AnalyzedLength()
		}
		if pulse.IsTextField(fl.Name()) {
			lens[pulse.TextLength] += fl.AnalyzedLength()
		}
	}
	f.freqs = lengthTerms(lens)
}

// wholeTextField makes the norm the segment records for a text field the
// length of the article's whole text (see pulse.TextFields). The segment
// takes a field's norm from the sum of the lengths of the document's
// fields of that name; this one has the text field's name, no tokens,
// and the length of the other text fields, so the sum is the whole text.
// It is added after the text fields, which bleve has analysed by the
// time it analyses this one. The fields' true lengths stay in
// pulse.FieldLengths.
type wholeTextField struct {
	derivedField
	name   string
	doc    *document.Document
	length int
}

var wholeTextFieldSize = int(reflect.TypeOf(wholeTextField{}).Size())

func newWholeTextField(name string, doc *document.Document, opts index.FieldIndexingOptions) *wholeTextField {
	return &wholeTextField{name: name, doc: doc, derivedField: derivedField{opts}}
}

func (f *wholeTextField) Name() string        { return f.name }
func (f *wholeTextField) AnalyzedLength() int { return f.length }
func (f *wholeTextField) Size() int           { return wholeTextFieldSize }

func (f *wholeTextField) AnalyzedTokenFrequencies() index.TokenFrequencies { return nil }

// Analyze sums the lengths of the document's other text fields.
func (f *wholeTextField) Analyze() {
	f.length = 0
	for _, fl := range f.doc.Fields {
		if _, pad := fl.(*wholeTextField); pad || fl.Name() == f.name || !pulse.IsTextField(fl.Name()) || !fl.Options().IsIndexed() {
			continue
		}
		f.length += fl.AnalyzedLength()
	}
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

package indexer

import (
	"reflect"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// pairField indexes the adjacent word pairs of a text field (see
// pulse.PairField). It derives them from the positions the text field's
// own analysis recorded, so the text is not analysed twice: bleve analyses
// a document's fields in the order they were added, and the pair field is
// added after its source. Pairs have no term vectors: a pair is only looked
// up, never highlighted.
type pairField struct {
	derivedField
	name   string
	src    *document.TextField
	length int
	freqs  index.TokenFrequencies
}

var pairFieldSize = int(reflect.TypeOf(pairField{}).Size())

func newPairField(src *document.TextField, opts index.FieldIndexingOptions) *pairField {
	return &pairField{name: pulse.PairField(src.Name()), src: src, derivedField: derivedField{opts}}
}

func (f *pairField) Name() string        { return f.name }
func (f *pairField) AnalyzedLength() int { return f.length }

func (f *pairField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

func (f *pairField) Size() int { return pairFieldSize + termsSize(f.freqs) }

// derivedField is what the fields built here from other fields' analysis
// share: indexed terms, no value of their own, no array position.
type derivedField struct{ opts index.FieldIndexingOptions }

func (f *derivedField) ArrayPositions() []uint64            { return nil }
func (f *derivedField) Options() index.FieldIndexingOptions { return f.opts }
func (f *derivedField) Value() []byte                       { return nil }
func (f *derivedField) NumPlainTextBytes() uint64           { return 0 }
func (f *derivedField) EncodedFieldType() byte              { return 't' }

// termsSize estimates the memory of the terms of a field built here.
func termsSize(freqs index.TokenFrequencies) int {
	n := 0
	for k := range freqs {
		n += 2*len(k) + 48
	}
	return n
}

// Analyze pairs the terms at consecutive positions of the source field. A
// position left empty by a removed stop word breaks the chain: "bank of
// england" gives no pair, and its phrase query walks positions instead.
func (f *pairField) Analyze() {
	freqs := f.src.AnalyzedTokenFrequencies()
	if freqs == nil {
		f.src.Analyze()
		freqs = f.src.AnalyzedTokenFrequencies()
	}
	f.freqs, f.length = pairs(freqs)
}

// pairs returns the adjacent pairs of the terms in freqs, which must carry
// positions, and how many there are.
func pairs(freqs index.TokenFrequencies) (index.TokenFrequencies, int) {
	last := 0
	for _, tf := range freqs {
		for _, l := range tf.Locations {
			last = max(last, l.Position)
		}
	}
	if last < 2 {
		return index.TokenFrequencies{}, 0
	}
	at := make([][]byte, last+1)
	for _, tf := range freqs {
		for _, l := range tf.Locations {
			if l.Position < 0 {
				continue
			}
			if at[l.Position] != nil {
				// Two terms at one position (none of Pulse's analysers
				// makes them today): no pair is certain, so none.
				at[l.Position] = []byte{}
				continue
			}
			at[l.Position] = tf.Term
		}
	}
	out := make(index.TokenFrequencies, last)
	n := 0
	buf := make([]byte, 0, 32)
	for p := 1; p < last; p++ {
		a, b := at[p], at[p+1]
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		buf = append(append(append(buf[:0], a...), pulse.PairSep...), b...)
		tf, ok := out[string(buf)]
		if !ok {
			tf = &index.TokenFreq{Term: append([]byte(nil), buf...)}
			out[string(tf.Term)] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
		n++
	}
	return out, n
}

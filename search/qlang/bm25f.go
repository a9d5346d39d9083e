package qlang

import (
	"context"
	"fmt"
	"math"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// fieldTerm is one analysed term in one field, with the field's weight.
type fieldTerm struct {
	field, term string
	weight      float64
}

// wordQuery scores one query word over the text fields as BM25F
// (Robertson, Zaragoza and Taylor, 2004): each field's term frequency is
// weighted (the title up), normalised by the length its norm records
// against that length's true mean (Stats) — for the text fields the whole
// text's, one normalisation for the article (pulse.TextFields) — and
// summed into one frequency, which is saturated once, so a word counts
// once however many fields hold it, and a body that discusses it at
// length is not outweighed by a title that names it. The idf is the
// word's, taken from the field where it is most frequent. Each entity-key
// clause (an alias) joins the sum as one more field: a name that is also
// an entity counts for more, never for less, and an article that names
// the entity in its text gains little from the key as well, since the
// extractor found the entity there.
//
// It replaces bleve's disjunction of one term query per field, whose
// coordination factor divided a word found in the body alone by the
// number of fields, and whose BM25 squares the idf (queryWeight) and
// takes the square root of the frequency.
//
// Scores carry bleve's query norm, so they sit on the same scale as the
// phrase and facet clauses bleve scores beside them.
type wordQuery struct {
	text  []fieldTerm // summed into one frequency
	keys  []fieldTerm // entity keys, summed in as well
	k1, b float64
	boost float64
	// plain is the bleve query for the highlight pass, which needs term
	// vectors: the disjunction of the clauses.
	plain bquery.Query
	// role names the clause in explanations: "" for a query word,
	// "proximity" for a pair, "feedback" for an expansion term.
	role string
}

// Searcher returns the word's searcher; with term vectors asked for (the
// highlight pass) the plain disjunction's.
func (q *wordQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if options.IncludeTermVectors {
		return q.plain.Searcher(ctx, i, m, options)
	}
	st, err := statsFrom(ctx, i)
	if err != nil {
		return nil, err
	}
	s := &wordSearcher{q: q, options: options, norm: 1, docs: float64(st.Docs)}
	open := func(ft fieldTerm, key bool) (*termCursor, error) {
		r, err := i.TermFieldReader(ctx, []byte(ft.term), ft.field, true, true, false)
		if err != nil {
			return nil, err
		}
		n := r.Count()
		if n == 0 {
			return nil, r.Close()
		}
		c := &termCursor{ft: ft, key: key, r: r, df: n, avg: st.AvgLen(ft.field), lnA: 1}
		if c.avg > 0 {
			c.lnA, c.lnB = 1-q.b, q.b/c.avg
		}
		return c, nil
	}
	var df uint64
	for n, ft := range append(append([]fieldTerm(nil), q.text...), q.keys...) {
		c, err := open(ft, n >= len(q.text))
		if err != nil {
			s.Close()
			return nil, err
		}
		if c != nil {
			s.cursors = append(s.cursors, c)
			df = max(df, c.df)
		}
	}
	// The terms sit at the front of their cursors, in a document order
	// the merge walks; exhausted cursors leave the live list.
	s.idf, s.df = idf(s.docs, float64(df)), df
	for _, c := range s.cursors {
		if err := c.next(); err != nil {
			s.Close()
			return nil, err
		}
		if c.cur != nil {
			s.live = append(s.live, c)
		}
	}
	return s, nil
}

// idf is BM25's inverse document frequency, as Lucene and bleve take it.
func idf(docs, df float64) float64 {
	return math.Log(1 + (docs-df+0.5)/(df+0.5))
}

// termCursor walks one field's postings of one term.
type termCursor struct {
	ft  fieldTerm
	key bool // an entity-key clause
	r   index.TermFieldReader
	df  uint64
	avg float64
	// lnA + lnB × length is BM25's length part, 1 − b + b × length / avg
	// (1 when the field's mean length is unknown).
	lnA, lnB float64
	tfd      index.TermFieldDoc
	cur      *index.TermFieldDoc // nil when exhausted
	num      uint64              // cur's document number
}

func (c *termCursor) next() error {
	d, err := c.r.Next(c.tfd.Reset())
	c.cur = d
	if d != nil {
		c.num = d.ID.Value()
	}
	return err
}

// advance moves the cursor to document num (id) or beyond; never back,
// which would make bleve's reader start over.
func (c *termCursor) advance(id index.IndexInternalID, num uint64) error {
	if c.cur == nil || c.num >= num {
		return nil
	}
	d, err := c.r.Advance(id, c.tfd.Reset())
	c.cur = d
	if d != nil {
		c.num = d.ID.Value()
	}
	return err
}

// length is the field's length in the current document, recovered from
// the norm the segment stores (1/√length), as bleve's scorer does.
func (c *termCursor) length() float64 {
	if c.cur.Norm <= 0 {
		return 0
	}
	return 1 / (c.cur.Norm * c.cur.Norm)
}

// wordSearcher merges the cursors of a wordQuery by document.
type wordSearcher struct {
	q       *wordQuery
	options search.SearcherOptions
	cursors []*termCursor // text cursors first, then keys
	live    []*termCursor // the cursors not exhausted, in that order
	docs    float64
	idf     float64
	df      uint64
	norm    float64
	num     uint64 // the current document
	idBuf   index.IndexInternalID
}

var wordSearcherSize = int(reflect.TypeOf(wordSearcher{}).Size())

// saturate is BM25's term-frequency part for a (normalised) frequency.
func (s *wordSearcher) saturate(tf float64) float64 {
	return tf * (s.q.k1 + 1) / (tf + s.q.k1)
}

// normalised is a cursor's frequency divided by its length part.
func (s *wordSearcher) normalised(c *termCursor) (float64, float64) {
	ln := 1.0
	if c.avg > 0 {
		ln = c.lnA + c.lnB*c.length()
	}
	return float64(c.cur.Freq) / ln, ln
}

// score scores the current document: the live cursors standing on it.
func (s *wordSearcher) score(ctx *search.SearchContext) *search.DocumentMatch {
	rv := ctx.DocumentMatchPool.Get()
	rv.IndexInternalID = index.NewIndexInternalID(rv.IndexInternalID, s.num)
	scale := s.q.boost * s.norm
	var tf float64
	var expl []*search.Explanation
	for _, c := range s.live {
		if c.num != s.num {
			continue
		}
		f, ln := s.normalised(c)
		tf += c.ft.weight * f
		if s.options.Explain {
			kind, length := "field", "fieldLength"
			if c.key {
				kind = "entity key"
			}
			if pulse.IsTextField(c.ft.field) {
				length = "textLength" // the whole text's, see pulse.TextFields
			}
			expl = append(expl, &search.Explanation{
				Value: c.ft.weight * f,
				Message: fmt.Sprintf("%s %s:%s weight %g × tf %d / (1 − b %g + b × %s %.0f / avgFieldLength %.2f = %.4f)",
					kind, c.ft.field, c.ft.term, c.ft.weight, c.cur.Freq, s.q.b, length, c.length(), c.avg, ln),
			})
		}
	}
	rv.Score = s.idf * s.saturate(tf) * scale
	if s.options.Explain {
		rv.Expl = &search.Explanation{
			Value: rv.Score,
			Message: fmt.Sprintf("%sBM25F: idf %.4f (docFreq %d, docs %.0f) × tf·(k1+1)/(tf+k1), k1 %g, tf = weighted length-normalised sum %.4f, × boost %.4g × queryNorm %.4f",
				role(s.q.role), s.idf, s.df, s.docs, s.q.k1, tf, s.q.boost, s.norm),
			Children: expl,
		}
	}
	return rv
}

// settle puts s.num on the smallest document a live cursor stands on;
// false when every cursor is exhausted.
func (s *wordSearcher) settle() bool {
	if len(s.live) == 0 {
		return false
	}
	s.num = s.live[0].num
	for _, c := range s.live[1:] {
		s.num = min(s.num, c.num)
	}
	return true
}

// Next returns the next document any cursor stands on.
func (s *wordSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.settle() {
		return nil, nil
	}
	rv := s.score(ctx)
	return rv, s.step()
}

// step moves the cursors standing on the current document past it.
func (s *wordSearcher) step() error {
	live := s.live[:0]
	for _, c := range s.live {
		if c.num == s.num {
			if err := c.next(); err != nil {
				return err
			}
		}
		if c.cur != nil {
			live = append(live, c)
		}
	}
	s.live = live
	return nil
}

// skipTo moves every cursor to document num or beyond, without scoring.
func (s *wordSearcher) skipTo(num uint64) error {
	var id index.IndexInternalID
	live := s.live[:0]
	for _, c := range s.live {
		if c.num < num {
			if id == nil {
				id = index.NewIndexInternalID(s.idBuf[:0], num)
				s.idBuf = id
			}
			if err := c.advance(id, num); err != nil {
				return err
			}
		}
		if c.cur != nil {
			live = append(live, c)
		}
	}
	s.live = live
	return nil
}

// Advance moves every cursor to id or beyond, then returns Next.
func (s *wordSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	num := id.Value()
	live := s.live[:0]
	for _, c := range s.live {
		if err := c.advance(id, num); err != nil {
			return nil, err
		}
		if c.cur != nil {
			live = append(live, c)
		}
	}
	s.live = live
	return s.Next(ctx)
}

// Close closes the cursors.
func (s *wordSearcher) Close() error {
	var first error
	for _, c := range s.cursors {
		if err := c.r.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight is the word's part of bleve's query norm, as a term's.
func (s *wordSearcher) Weight() float64 {
	w := s.q.boost * s.idf
	return w * w
}

// SetQueryNorm keeps the norm bleve computed over the whole query.
func (s *wordSearcher) SetQueryNorm(n float64) { s.norm = n }

// Count is an upper bound of the documents matched.
func (s *wordSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.cursors {
		n += c.df
	}
	return n
}

func (s *wordSearcher) Min() int { return 0 }

func (s *wordSearcher) Size() int { return wordSearcherSize + len(s.cursors)*64 }

func (s *wordSearcher) DocumentMatchPoolSize() int { return 1 }

// role is the explanation's prefix for a clause's role.
func role(r string) string {
	if r == "" {
		return ""
	}
	return r + ": "
}

package qlang

import (
	"context"
	"reflect"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	"github.com/blevesearch/bleve/v2/size"
	index "github.com/blevesearch/bleve_index_api"
)

// proximityQuery matches documents whose field holds all of terms, in any
// order, with at most slop other positions between them: the smallest
// window holding every term spans at most len(terms)-1+slop positions
// (Lucene's unordered SpanNear). A term given twice must occur twice.
// bleve's phrase searcher has no slop, hence this query.
type proximityQuery struct {
	field string
	terms []string // analysed
	slop  int
	boost float64
}

// Field returns the index field, so bleve's ExtractFields sees this query.
func (q *proximityQuery) Field() string { return q.field }

// SetField sets the index field.
func (q *proximityQuery) SetField(f string) { q.field = f }

// SetBoost sets the boost.
func (q *proximityQuery) SetBoost(b float64) { q.boost = b }

// Boost returns the boost.
func (q *proximityQuery) Boost() float64 { return q.boost }

// Searcher returns a conjunction of term searchers with term vectors,
// filtered by the proximity of the terms' positions.
func (q *proximityQuery) Searcher(ctx context.Context, i index.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s := q.matcher()
	s.keepLocs = options.IncludeTermVectors
	withVectors := options
	withVectors.IncludeTermVectors = true
	ts := make([]search.Searcher, 0, len(s.terms))
	closeAll := func() {
		for _, t := range ts {
			_ = t.Close()
		}
	}
	for _, t := range s.terms {
		ss, err := searcher.NewTermSearcher(ctx, i, t, q.field, q.boost, withVectors)
		if err != nil {
			closeAll()
			return nil, err
		}
		ts = append(ts, ss)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, i, ts, withVectors)
	if err != nil {
		closeAll()
		return nil, err
	}
	s.conj = conj
	return s, nil
}

// matcher returns a searcher without its conjunction: the distinct terms
// and how often each must occur.
func (q *proximityQuery) matcher() *proximitySearcher {
	s := &proximitySearcher{
		field:     q.field,
		total:     len(q.terms),
		slop:      q.slop,
		termIndex: make(map[string]int, len(q.terms)),
	}
	for _, t := range q.terms {
		k, ok := s.termIndex[t]
		if !ok {
			k = len(s.terms)
			s.termIndex[t] = k
			s.terms = append(s.terms, t)
			s.need = append(s.need, 0)
		}
		s.need[k]++
	}
	return s
}

var reflectStaticSizeProximitySearcher = int(reflect.TypeOf(proximitySearcher{}).Size())

// proximitySearcher filters the documents of a conjunction searcher by
// the positions of their terms, as bleve's PhraseSearcher does.
type proximitySearcher struct {
	conj        search.Searcher
	field       string
	terms       []string // distinct
	termIndex   map[string]int
	need        []int // occurrences required of each distinct term
	total       int   // sum of need
	slop        int
	keepLocs    bool // the caller asked for term vectors
	curr        *search.DocumentMatch
	initialized bool
	// reused between documents
	locations []search.Location
	entries   []occurrence
	marked    []bool
	counts    []int
}

// occurrence is one position of one of the terms.
type occurrence struct {
	term int // index into terms
	loc  *search.Location
}

func (s *proximitySearcher) Size() int {
	n := reflectStaticSizeProximitySearcher + size.SizeOfPtr + s.conj.Size()
	for _, t := range s.terms {
		n += size.SizeOfString + len(t)
	}
	return n
}

func (s *proximitySearcher) Weight() float64            { return s.conj.Weight() }
func (s *proximitySearcher) SetQueryNorm(qnorm float64) { s.conj.SetQueryNorm(qnorm) }
func (s *proximitySearcher) Count() uint64              { return s.conj.Count() } // an upper bound
func (s *proximitySearcher) Min() int                   { return 0 }
func (s *proximitySearcher) Close() error               { return s.conj.Close() }
func (s *proximitySearcher) DocumentMatchPoolSize() int {
	return s.conj.DocumentMatchPoolSize() + 1
}

func (s *proximitySearcher) init(ctx *search.SearchContext) error {
	s.initialized = true
	var err error
	s.curr, err = s.conj.Next(ctx)
	return err
}

// Next returns the next document whose terms are close enough.
func (s *proximitySearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	for s.curr != nil {
		rv := s.check()
		if s.curr != nil {
			ctx.DocumentMatchPool.Put(s.curr)
		}
		var err error
		s.curr, err = s.conj.Next(ctx)
		if err != nil {
			return nil, err
		}
		if rv != nil {
			return rv, nil
		}
	}
	return nil, nil
}

// Advance returns the first document at or after ID whose terms are close
// enough.
func (s *proximitySearcher) Advance(ctx *search.SearchContext, ID index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	if s.curr == nil {
		return nil, nil
	}
	if s.curr.IndexInternalID.Compare(ID) >= 0 {
		return s.Next(ctx)
	}
	ctx.DocumentMatchPool.Put(s.curr)
	var err error
	s.curr, err = s.conj.Advance(ctx, ID)
	if err != nil {
		return nil, err
	}
	return s.Next(ctx)
}

// check returns s.curr (and clears it) if its terms satisfy the
// proximity, with the locations of the matching windows only; nil if not.
func (s *proximitySearcher) check() *search.DocumentMatch {
	s.locations = s.curr.Complete(s.locations)
	tlm := s.curr.Locations[s.field]
	s.curr.Locations = nil

	s.entries = s.entries[:0]
	for t, locs := range tlm {
		k, ok := s.termIndex[t]
		if !ok {
			continue
		}
		for _, l := range locs {
			s.entries = append(s.entries, occurrence{term: k, loc: l})
		}
	}
	e := s.entries
	sort.Slice(e, func(a, b int) bool {
		if c := e[a].loc.ArrayPositions.Compare(e[b].loc.ArrayPositions); c != 0 {
			return c < 0
		}
		return e[a].loc.Pos < e[b].loc.Pos
	})
	if !s.windows() {
		return nil
	}
	rv := s.curr
	s.curr = nil
	ftls := rv.FieldTermLocations[:0]
	if s.keepLocs {
		for k, o := range e {
			if s.marked[k] {
				ftls = append(ftls, search.FieldTermLocation{
					Field: s.field,
					Term:  s.terms[o.term],
					Location: search.Location{
						Pos: o.loc.Pos, Start: o.loc.Start, End: o.loc.End,
						ArrayPositions: o.loc.ArrayPositions,
					},
				})
			}
		}
	}
	rv.FieldTermLocations = ftls
	return rv
}

// windows slides over s.entries (sorted by array position, then position)
// looking, for each right end, for the shortest window ending there that
// holds every term as often as needed; it marks the entries of each
// window within the slop and reports whether there was one. Windows
// never cross array elements.
func (s *proximitySearcher) windows() bool {
	e := s.entries
	if cap(s.marked) < len(e) {
		s.marked = make([]bool, len(e))
	}
	s.marked = s.marked[:len(e)]
	clear(s.marked)
	if cap(s.counts) < len(s.terms) {
		s.counts = make([]int, len(s.terms))
	}
	counts := s.counts[:len(s.terms)]
	found := false
	for start := 0; start < len(e); {
		end := start + 1
		for end < len(e) && e[end].loc.ArrayPositions.Equals(e[start].loc.ArrayPositions) {
			end++
		}
		clear(counts)
		missing := s.total
		left := start
		for right := start; right < end; right++ {
			k := e[right].term
			if counts[k] < s.need[k] {
				missing--
			}
			counts[k]++
			if missing > 0 {
				continue
			}
			for counts[e[left].term] > s.need[e[left].term] {
				counts[e[left].term]--
				left++
			}
			span := int(e[right].loc.Pos - e[left].loc.Pos)
			if span-(s.total-1) <= s.slop {
				found = true
				for m := left; m <= right; m++ {
					s.marked[m] = true
				}
			}
		}
		start = end
	}
	return found
}

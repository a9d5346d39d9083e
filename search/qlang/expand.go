package qlang

import (
	"container/heap"
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// expandQuery is a prefix (sanction*) or fuzzy (shaibany~1) word with
// bounded expansion: it reads the field's term dictionary and searches at
// most max of the matching terms, or fails, as overflow says. bleve's own
// prefix and fuzzy queries have only a global clause limit and fail past
// it.
type expandQuery struct {
	field    string
	term     string // the prefix, or the word to be within fuzz edits of
	prefix   bool
	fuzz     int
	max      int
	overflow Overflow
	boost    float64
	// for the overflow error
	shown          string
	offset, column int
}

// candidate is a dictionary term matching an expandQuery.
type candidate struct {
	term  string
	count uint64 // documents holding the term
	dist  int    // edit distance; 0 for a prefix
}

// better orders candidates best first: closest, then most frequent, then
// alphabetical, so the choice of kept terms is deterministic.
func better(a, b candidate) bool {
	if a.dist != b.dist {
		return a.dist < b.dist
	}
	if a.count != b.count {
		return a.count > b.count
	}
	return a.term < b.term
}

// worstFirst is a heap whose top is the worst kept candidate.
type worstFirst []candidate

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return better(h[j], h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(candidate)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Field returns the index field, so bleve's ExtractFields (used for BM25
// statistics across index aliases) sees this query.
func (q *expandQuery) Field() string { return q.field }

// SetField sets the index field.
func (q *expandQuery) SetField(f string) { q.field = f }

// SetBoost sets the boost.
func (q *expandQuery) SetBoost(b float64) { q.boost = b }

// Boost returns the boost.
func (q *expandQuery) Boost() float64 { return q.boost }

// Searcher expands the word in the field's dictionary and searches the
// disjunction of the kept terms; fuzzy matches score less the more edits
// they need. It returns a *LimitError when the word overflows and
// overflow is Fail.
func (q *expandQuery) Searcher(ctx context.Context, i index.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	cands, err := q.candidates(i)
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		// A term searcher that finds nothing, not a MatchNoneSearcher,
		// which bleve's BooleanQuery would read as "no constraint".
		return searcher.NewTermSearcher(ctx, i, q.term, q.field, q.boost, options)
	}
	terms := make([]string, len(cands))
	dists := make([]uint8, len(cands))
	for k, c := range cands {
		terms[k], dists[k] = c.term, uint8(c.dist)
	}
	if q.prefix {
		return searcher.NewMultiTermSearcher(ctx, i, terms, q.field, q.boost, options, false)
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, i, terms, q.field, q.boost, dists, options, false)
}

// candidates returns the kept terms, best first.
func (q *expandQuery) candidates(i index.IndexReader) (cands []candidate, err error) {
	var dict index.FieldDict
	switch {
	case q.prefix:
		dict, err = i.FieldDictPrefix(q.field, []byte(q.term))
	default:
		if fr, ok := i.(index.IndexReaderFuzzy); ok {
			dict, err = fr.FieldDictFuzzy(q.field, q.term, q.fuzz, "")
		} else {
			dict, err = i.FieldDict(q.field)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("query: expanding %s in %s: %w", q.shown, q.field, err)
	}
	defer func() {
		if cerr := dict.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	h := make(worstFirst, 0, min(q.max, 64)+1)
	var reuse []int
	seen := 0
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("query: expanding %s in %s: %w", q.shown, q.field, err)
		}
		if e == nil {
			break
		}
		c := candidate{term: e.Term, count: e.Count}
		if !q.prefix {
			// Computed here rather than taken from the dictionary entry,
			// which only some readers fill in, and which a plain
			// FieldDict does not filter.
			var over bool
			c.dist, over, reuse = search.LevenshteinDistanceMaxReuseSlice(q.term, e.Term, q.fuzz, reuse)
			if over || c.dist > q.fuzz {
				continue
			}
		}
		seen++
		if seen > q.max && q.overflow == Fail {
			what := "prefix"
			if !q.prefix {
				what = "fuzzy word"
			}
			return nil, &LimitError{
				Limit: "max_expansion", Max: q.max, Offset: q.offset, Column: q.column,
				Msg: fmt.Sprintf("%s %s matches more than %d terms in %s", what, q.shown, q.max, q.field),
			}
		}
		heap.Push(&h, c)
		if h.Len() > q.max {
			heap.Pop(&h)
		}
	}
	cands = []candidate(h)
	sort.Slice(cands, func(a, b int) bool { return better(cands[a], cands[b]) })
	return cands, nil
}

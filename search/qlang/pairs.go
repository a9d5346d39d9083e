package qlang

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// pairQuery is an exact phrase over a field whose adjacent word pairs the
// indexer also indexes (pulse.PairField). A two-word phrase is then one
// term of the pair field; a longer one is the conjunction of its pairs,
// checked against positions only for the articles having every pair. The
// phrase's own positional search serves the highlight pass, which asks for
// term vectors: a pair has none.
type pairQuery struct {
	phrase *bquery.MultiPhraseQuery
	field  string   // the pair field
	pairs  []string // the phrase's adjacent pairs
	whole  bool     // the one pair is the whole phrase
}

// newPairQuery returns the pair form of phrase, whose terms are given by
// position, or nil when the field has no pairs or the phrase has no two
// adjacent single terms (a stop word between every two words).
func newPairQuery(phrase *bquery.MultiPhraseQuery, f weighted, terms [][]string) *pairQuery {
	if !slices.Contains(pulse.PairedFields, f.field) || len(terms) < 2 {
		return nil
	}
	q := &pairQuery{phrase: phrase, field: pulse.PairField(f.field)}
	for i := 0; i+1 < len(terms); i++ {
		if len(terms[i]) == 1 && len(terms[i+1]) == 1 {
			q.pairs = append(q.pairs, terms[i][0]+pulse.PairSep+terms[i+1][0])
		}
	}
	if len(q.pairs) == 0 {
		return nil
	}
	q.whole = len(terms) == 2 && len(q.pairs) == 1
	return q
}

// Field returns the text field, so bleve's ExtractFields sees this query.
func (q *pairQuery) Field() string { return q.phrase.Field() }

// SetBoost sets the boost.
func (q *pairQuery) SetBoost(b float64) { q.phrase.SetBoost(b) }

// Boost returns the boost.
func (q *pairQuery) Boost() float64 { return q.phrase.Boost() }

// Searcher returns the pair searcher, or the positional phrase searcher
// when term vectors are asked for.
func (q *pairQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if options.IncludeTermVectors {
		return q.phrase.Searcher(ctx, i, m, options)
	}
	boost := q.phrase.Boost()
	if q.whole {
		return searcher.NewTermSearcher(ctx, i, q.pairs[0], q.field, boost, options)
	}
	ss := make([]search.Searcher, 0, len(q.pairs)+1)
	closeAll := func() {
		for _, s := range ss {
			_ = s.Close()
		}
	}
	for _, p := range q.pairs {
		s, err := searcher.NewTermSearcher(ctx, i, p, q.field, boost, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		ss = append(ss, s)
	}
	// The conjunction advances the phrase searcher only to articles that
	// have every pair, so positions are read for those alone.
	ps, err := q.phrase.Searcher(ctx, i, m, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	ss = append(ss, ps)
	return searcher.NewConjunctionSearcher(ctx, i, ss, options)
}

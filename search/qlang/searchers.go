package qlang

import "github.com/blevesearch/bleve/v2/search"

// The helpers below are the parts of bleve's Searcher interface that a
// searcher built of clauses (allSearcher, sumSearcher) answers by asking
// each clause in turn.

// closeAll closes every searcher of ss and returns the first error.
func closeAll[S search.Searcher](ss []S) error {
	var first error
	for _, s := range ss {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// setQueryNorms hands bleve's query norm to every searcher of ss.
func setQueryNorms[S search.Searcher](ss []S, n float64) {
	for _, s := range ss {
		s.SetQueryNorm(n)
	}
}

// countAll sums the searchers' counts: an upper bound of the documents
// they match together, as bleve's own composite searchers give.
func countAll[S search.Searcher](ss []S) uint64 {
	var n uint64
	for _, s := range ss {
		n += s.Count()
	}
	return n
}

// sizeAll sums the searchers' sizes in memory.
func sizeAll[S search.Searcher](ss []S) int {
	n := 0
	for _, s := range ss {
		n += s.Size()
	}
	return n
}

// poolSizeAll sums the document matches the searchers take from the
// pool.
func poolSizeAll[S search.Searcher](ss []S) int {
	n := 0
	for _, s := range ss {
		n += s.DocumentMatchPoolSize()
	}
	return n
}

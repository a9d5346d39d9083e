package search

import (
	"context"
	"strings"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search/qlang"
)

// didYouMean respells a query that found nothing from the index's own
// words: each plain word that is rare or absent is replaced by the most
// frequent word within one or two edits (two for words of six letters or
// more) that is clearly more common. It returns "" when nothing changes.
func (s *Searcher) didYouMean(ctx context.Context, pq *qlang.Query, original string) string {
	adv, err := s.idx.Advanced()
	if err != nil {
		return ""
	}
	r, err := adv.Reader()
	if err != nil {
		return ""
	}
	defer r.Close()
	df := func(term string) uint64 {
		tfr, err := r.TermFieldReader(ctx, []byte(term), pulse.FieldSpell, false, false, false)
		if err != nil {
			return 0
		}
		defer tfr.Close()
		return tfr.Count()
	}
	out := original
	changed := false
	for _, t := range pq.Terms() {
		if t.Phrase || t.Prefix || t.Fuzziness > 0 || (t.Field != "" && !qlang.IsTextField(t.Field)) {
			continue
		}
		word := strings.ToLower(t.Text)
		if len(word) < 3 || strings.ContainsAny(word, " \t") {
			continue
		}
		have := df(word)
		fuzz := 1
		if len(word) >= 6 {
			fuzz = 2
		}
		fr, ok := r.(index.IndexReaderFuzzy)
		if !ok {
			return ""
		}
		dict, err := fr.FieldDictFuzzy(pulse.FieldSpell, word, fuzz, word[:1])
		if err != nil {
			continue
		}
		best, bestN := "", 2*have
		// The fuzzy dictionary does not fill in counts: read each.
		for e, err := dict.Next(); err == nil && e != nil; e, err = dict.Next() {
			if e.Term == word {
				continue
			}
			if n := df(e.Term); n > bestN {
				best, bestN = e.Term, n
			}
		}
		dict.Close()
		if best == "" {
			continue
		}
		if i := strings.Index(strings.ToLower(out), word); i >= 0 {
			out = out[:i] + best + out[i+len(word):]
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return out
}

package search

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search/qlang"
)

// feedback returns the expansion terms of a long query by pseudo-relevance
// feedback (RM3, Lavrenko and Croft's relevance model interpolated with
// the query): the query's first search.feedback_docs articles are taken
// as relevant, each term of their title and body is weighted by its share
// of each article's words times the article's share of the scores, and
// the search.feedback_terms heaviest terms are added to the query with
// the weight search.feedback_weight (λ) gives them against the query's
// own words. A reader who pastes a paragraph has written many words, some
// of them incidental; the words the best matches share with each other
// say what the paragraph is about.
//
// Short queries (up to qlang.LongQueryWords words) are left alone: two
// or three words say what they mean, and feedback would drift them. Only
// relevance order is expanded.
//
// It returns the fault of the feedback search.
func (s *Searcher) feedback(ctx context.Context, pq *qlang.Query, opts qlang.Options, r Request) ([]qlang.Expansion, error) {
	// A zero of any of the three settings turns feedback off.
	if s.cfg.FeedbackTerms <= 0 || s.cfg.FeedbackDocs <= 0 || s.cfg.FeedbackWeight <= 0 || r.Sort != SortRelevance || pq.WordCount() <= qlang.LongQueryWords {
		return nil, nil
	}
	text, err := pq.Build(opts)
	if err != nil {
		return nil, queryError(err)
	}
	req := bleve.NewSearchRequestOptions(s.passQuery(text, r), s.cfg.FeedbackDocs, 0, false)
	req.Fields = []string{pulse.FieldTitle, pulse.FieldBody}
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, s.fault(err)
	}
	an := s.idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	if an == nil || len(res.Hits) == 0 {
		return nil, nil
	}
	var scores float64
	for _, h := range res.Hits {
		scores += h.Score
	}
	weights := map[string]float64{}
	for _, h := range res.Hits {
		title, _ := h.Fields[pulse.FieldTitle].(string)
		body, _ := h.Fields[pulse.FieldBody].(string)
		toks := an.Analyze([]byte(title + "\n" + body))
		if len(toks) == 0 || scores <= 0 {
			continue
		}
		w := h.Score / scores / float64(len(toks))
		for _, t := range toks {
			weights[string(t.Term)] += w
		}
	}
	terms := make([]qlang.Expansion, 0, len(weights))
	for t, w := range weights {
		terms = append(terms, qlang.Expansion{Term: t, Weight: w})
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].Weight != terms[j].Weight {
			return terms[i].Weight > terms[j].Weight
		}
		return terms[i].Term < terms[j].Term
	})
	terms = terms[:min(len(terms), s.cfg.FeedbackTerms)]
	var total float64
	for _, t := range terms {
		total += t.Weight
	}
	// RM3 gives the query's own words (1 − λ) of the weight, shared
	// equally, and the expansion λ, shared by weight; a query word scores
	// with boost 1, so an expansion term's boost is its weight against
	// one word's share.
	lambda := s.cfg.FeedbackWeight
	if lambda >= 1 || total <= 0 {
		return nil, nil
	}
	scale := lambda / (1 - lambda) * float64(pq.WordCount()) / total
	for i := range terms {
		terms[i].Weight *= scale
	}
	return terms, nil
}

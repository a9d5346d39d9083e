package search

import (
	"context"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

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
// With search.feedback_context, the terms are first set against the
// query's wider result set (see contrast).
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
	b, err := pq.Compile(opts)
	if err != nil {
		return nil, queryError(err)
	}
	// WordCount counts stop words; a query the build reads as a few
	// words that must all match ("the effect of a strike on the harbour")
	// is short.
	if b.AllWords {
		return nil, nil
	}
	text := b.Query
	if s.cfg.FeedbackContext > 0 && s.cfg.FeedbackContrast > 0 {
		return s.contrastFeedback(ctx, pq, s.passQuery(text, r))
	}
	req := bleve.NewSearchRequestOptions(s.passQuery(text, r), s.cfg.FeedbackDocs, 0, false)
	req.Fields = []string{pulse.FieldTitle, pulse.FieldBody}
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, s.fault(err)
	}
	return s.expansion(ctx, pq, res.Hits, nil)
}

// contrastFeedback is feedback with a result set to contrast against: the
// query's first search.feedback_context articles, found on one reader
// that then gives the feedback articles' text and the terms' postings,
// so that the hits' internal ids are that reader's (no lookup by id).
func (s *Searcher) contrastFeedback(ctx context.Context, pq *qlang.Query, q query.Query) ([]qlang.Expansion, error) {
	adv, err := s.idx.Advanced()
	if err != nil {
		return nil, s.fault(err)
	}
	rd, err := adv.Reader()
	if err != nil {
		return nil, s.fault(err)
	}
	defer rd.Close()
	sr, err := q.Searcher(ctx, rd, s.idx.Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, s.fault(err)
	}
	defer sr.Close()
	coll := collector.NewTopNCollector(max(s.cfg.FeedbackDocs, s.cfg.FeedbackContext), 0, search.SortOrder{&search.SortScore{Desc: true}})
	if err := coll.Collect(ctx, sr, rd); err != nil {
		return nil, s.fault(err)
	}
	hits := coll.Results()
	// Only the feedback articles' text is read: asking the collector
	// for fields would load every article of the set.
	top := hits[:min(s.cfg.FeedbackDocs, len(hits))]
	if err := loadText(rd, top); err != nil {
		return nil, s.fault(err)
	}
	contrast := func(terms []qlang.Expansion) ([]qlang.Expansion, error) {
		return s.contrast(ctx, rd, hits, terms)
	}
	return s.expansion(ctx, pq, top, contrast)
}

// expansion is the relevance model of the feedback articles top (their
// title and body in Fields), mixed into the query with weight λ (see
// feedback); contrast, when not nil, reweighs the model's terms first.
// An article's words weigh by their count ÷ (its length + μ), μ being
// search.feedback_smoothing times the archive's mean length of title and
// body.
// It returns the errors of reading the archive's statistics and
// contrast's.
func (s *Searcher) expansion(ctx context.Context, pq *qlang.Query, top search.DocumentMatchCollection, contrast func([]qlang.Expansion) ([]qlang.Expansion, error)) ([]qlang.Expansion, error) {
	an := s.idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	if an == nil || len(top) == 0 {
		return nil, nil
	}
	var mu float64
	if s.cfg.FeedbackSmoothing > 0 {
		st, err := s.stats.Get(ctx)
		if err != nil {
			return nil, s.fault(err)
		}
		// The mean of what an article's length counts below: its
		// title and body.
		mu = s.cfg.FeedbackSmoothing * st.MeanTokens(pulse.FieldTitle, pulse.FieldBody)
	}
	var scores float64
	for _, h := range top {
		scores += h.Score
	}
	weights := map[string]float64{}
	for _, h := range top {
		title, _ := h.Fields[pulse.FieldTitle].(string)
		body, _ := h.Fields[pulse.FieldBody].(string)
		toks := an.Analyze([]byte(title + "\n" + body))
		if len(toks) == 0 || scores <= 0 {
			continue
		}
		w := h.Score / scores / (float64(len(toks)) + mu)
		for _, t := range toks {
			weights[string(t.Term)] += w
		}
	}
	terms := make([]qlang.Expansion, 0, len(weights))
	for t, w := range weights {
		terms = append(terms, qlang.Expansion{Term: t, Weight: w})
	}
	byWeight(terms)
	if contrast != nil {
		var err error
		if terms, err = contrast(terms); err != nil {
			return nil, err
		}
	}
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

// byWeight sorts terms heaviest first, ties by term.
func byWeight(terms []qlang.Expansion) {
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].Weight != terms[j].Weight {
			return terms[i].Weight > terms[j].Weight
		}
		return terms[i].Term < terms[j].Term
	})
}

// loadText sets the title and body of hits from rd, as a search request's
// Fields would.
func loadText(rd index.IndexReader, hits search.DocumentMatchCollection) error {
	for _, h := range hits {
		doc, err := rd.Document(h.ID)
		if err != nil {
			return err
		}
		h.Fields = map[string]any{}
		if doc == nil {
			continue
		}
		doc.VisitFields(func(f index.Field) {
			if n := f.Name(); n == pulse.FieldTitle || n == pulse.FieldBody {
				h.Fields[n] = string(f.Value())
			}
		})
	}
	return nil
}

// contrastCandidates is how many of the heaviest relevance-model terms,
// per expansion term wanted, are set against the result set: enough for
// the discount to promote a term from below the cut, few enough that
// the term lookups stay cheap.
const contrastCandidates = 2

// contrast weighs the heaviest terms of the relevance model against the
// query's first search.feedback_context results (its result set): each
// term's weight is multiplied by (idf_N(term) / idf_N of a term in one
// article)^search.feedback_contrast, where idf_N is BM25's idf among the
// N results. A term found in most of the results is the subject's common
// vocabulary ("information", "retrieval" when the subject is libraries),
// not what the first articles say about it, and loses weight; a term
// concentrated in the first articles keeps it.
//
// The archive's idf cannot make that distinction once the archive holds
// other subjects: a word common to one subject is rare archive-wide, so
// the expansion clauses of a subject's common words weigh the more, the
// more unrelated articles the archive holds. The result set is the same
// whatever else the archive holds, and so is this discount (Xu and
// Croft's local context analysis draws its statistics from the same
// place).
//
// It reads each candidate's title and body postings at the result set's
// articles only.
func (s *Searcher) contrast(ctx context.Context, rd index.IndexReader, hits search.DocumentMatchCollection, terms []qlang.Expansion) ([]qlang.Expansion, error) {
	ids := make([]index.IndexInternalID, len(hits))
	for i, h := range hits {
		ids[i] = h.IndexInternalID
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].Compare(ids[j]) < 0 })
	n := float64(len(ids))
	one := localIdf(n, 1)
	cand := terms[:min(len(terms), contrastCandidates*s.cfg.FeedbackTerms)]
	for i := range cand {
		df, err := heldBy(ctx, rd, cand[i].Term, ids)
		if err != nil {
			return nil, s.fault(err)
		}
		cand[i].Weight *= math.Pow(localIdf(n, float64(df))/one, s.cfg.FeedbackContrast)
	}
	byWeight(cand)
	return cand, nil
}

// localIdf is BM25's idf of a term held by df of n articles.
func localIdf(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// heldBy counts the articles of ids (in index order) whose title or body
// holds term, moving one postings reader per field forward through them.
func heldBy(ctx context.Context, rd index.IndexReader, term string, ids []index.IndexInternalID) (int, error) {
	held := make([]bool, len(ids))
	for _, field := range []string{pulse.FieldTitle, pulse.FieldBody} {
		if err := markHeld(ctx, rd, term, field, ids, held); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, h := range held {
		if h {
			n++
		}
	}
	return n, nil
}

// markHeld sets held[i] when field of article ids[i] holds term.
func markHeld(ctx context.Context, rd index.IndexReader, term, field string, ids []index.IndexInternalID, held []bool) error {
	tfr, err := rd.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var d index.TermFieldDoc
	var at index.IndexInternalID // where the reader stands
	for i, id := range ids {
		// The reader only moves forward (moving it back starts it over):
		// an article it has passed does not hold the term.
		if at != nil && at.Compare(id) >= 0 {
			held[i] = held[i] || at.Equals(id)
			continue
		}
		m, err := tfr.Advance(id, d.Reset())
		if err != nil {
			return err
		}
		if m == nil {
			return nil
		}
		at = append(at[:0], m.ID...)
		held[i] = held[i] || m.ID.Equals(id)
	}
	return nil
}

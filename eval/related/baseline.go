package related

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// baselineTerms is the size of Xapian's expand set in the peer benchmark.
const baselineTerms = 20

// baseline is the classic more-like-this the issue measures against, as
// the peer benchmark ran it (../shared/bench, eng_xapian.py and
// bleve-naive): the article's title and body analysed, terms weighted
// tf · ln(N/df), the top 20 ORed as plain term queries (BM25) over title
// and body, the article itself left out. No entities, no dates, no copy
// collapsing.
type baseline struct {
	idx      bleve.Index
	analyzer analysis.Analyzer
}

func newBaseline(idx bleve.Index) (*baseline, error) {
	name := idx.Mapping().AnalyzerNameForPath(pulse.FieldBody)
	an := idx.Mapping().AnalyzerNamed(name)
	if an == nil {
		return nil, fmt.Errorf("baseline: no analyzer %q", name)
	}
	return &baseline{idx: idx, analyzer: an}, nil
}

// related returns the ids of the top n articles like id.
func (b *baseline) related(ctx context.Context, id string, n int) ([]string, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = pulse.StoredFields
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("baseline: article %q not found", id)
	}
	a, _, err := pulse.StoredArticle(id, res.Hits[0].Fields)
	if err != nil {
		return nil, err
	}
	tf := map[string]int{}
	for _, tok := range b.analyzer.Analyze([]byte(a.Title + "\n" + a.Body)) {
		tf[string(tok.Term)]++
	}
	adv, err := b.idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	type scored struct {
		term string
		w    float64
	}
	var sc []scored
	for term, c := range tf {
		df, err := docFreq(ctx, r, term)
		if err != nil {
			return nil, err
		}
		sc = append(sc, scored{term, float64(c) * math.Log(float64(docs)/float64(max(df, 1)))})
	}
	slices.SortFunc(sc, func(x, y scored) int {
		if c := cmp.Compare(y.w, x.w); c != 0 {
			return c
		}
		return strings.Compare(x.term, y.term)
	})
	sc = sc[:min(len(sc), baselineTerms)]
	var qs []query.Query
	for _, s := range sc {
		for _, field := range []string{pulse.FieldTitle, pulse.FieldBody} {
			tq := bleve.NewTermQuery(s.term)
			tq.SetField(field)
			qs = append(qs, tq)
		}
	}
	if len(qs) == 0 {
		return nil, nil
	}
	sreq := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), n+1, 0, false)
	sres, err := b.idx.SearchInContext(ctx, sreq)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, h := range sres.Hits {
		if h.ID != id && len(out) < n {
			out = append(out, h.ID)
		}
	}
	return out, nil
}

// docFreq counts the articles holding term in their title or body, as an
// _all field would (an article with it in both counts once at most: the
// larger of the two counts is a lower bound of the union).
func docFreq(ctx context.Context, r index.IndexReader, term string) (uint64, error) {
	var df uint64
	for _, field := range []string{pulse.FieldTitle, pulse.FieldBody} {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return 0, err
		}
		df = max(df, tfr.Count())
		if err := tfr.Close(); err != nil {
			return 0, err
		}
	}
	return df, nil
}

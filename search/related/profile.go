package related

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

type weightedTerm struct {
	term string // as analysed (stemmed), as the index holds it
	// first locates the term's first occurrence: the text (0 title, 1
	// summary, 2 body) and the byte offsets, for the reason's wording.
	first  [3]int
	qtf    float64
	weight float64 // (1 + ln tf) · ln(N / df)
}

type weightedEntity struct {
	facet    string
	key      string // the normalised id, as the key field holds it
	name     string
	salience float64
	weight   float64 // salience · ln(N / df)
}

// entityFacets are the facets whose shared values make two stories
// related: the same people, places and organisations. Media topics are
// left out: they name a kind of story, not an event.
var entityFacets = []string{pulse.FacetPerson, pulse.FacetPlace, pulse.FacetOrg}

// unknownSalience is the salience of an entity whose extractor gave none.
const unknownSalience = 0.5

// maxTextBytes bounds the body text analysed per article, so that one
// very long candidate does not dominate a list's latency; news articles
// are shorter.
const maxTextBytes = 16 << 10

// dfBounds are the document frequencies a weighted term or entity must
// be within, and the number of articles.
type dfBounds struct {
	docs, minDF, maxDF uint64
}

// bounds returns the document-frequency bounds of an article's terms and
// entities. One no other article holds cannot be shared: the lower bound
// is 2 for an indexed article (it counts itself) and 1 for a draft. One
// in more than MaxDocShare of the articles says little and costs much to
// match, so it is left out too (from 50 articles on: on a tiny index the
// share would leave out everything).
func (f *Finder) bounds(vw *view, indexed bool) (dfBounds, error) {
	n, err := vw.r.DocCount()
	if err != nil {
		return dfBounds{}, fmt.Errorf("related: count articles: %w", err)
	}
	b := dfBounds{docs: n, minDF: 1, maxDF: n}
	if indexed {
		b.minDF = 2
	}
	if n >= 50 {
		b.maxDF = uint64(f.opts.MaxDocShare * float64(n))
	}
	return b, nil
}

// weighTerms returns the terms of a within the bounds, each weighted
// (1 + ln tf) · ln(N / df), a title occurrence counting TitleWeight times.
func (f *Finder) weighTerms(ctx context.Context, vw *view, a *pulse.Article, b dfBounds) ([]weightedTerm, error) {
	tf := f.fields(a.Language)
	stats := f.termStats(a, tf)
	out := stats[:0]
	for _, t := range stats {
		df, err := f.docFreq(ctx, vw, tf.body, t.term)
		if err != nil {
			return nil, err
		}
		if df < b.minDF {
			// A word of titles only: count the titles holding it.
			if df, err = f.docFreq(ctx, vw, tf.title, t.term); err != nil {
				return nil, err
			}
		}
		if df < b.minDF || df > b.maxDF {
			continue
		}

		t.weight = (1 + math.Log(t.qtf)) * math.Log(float64(b.docs)/float64(df))
		if t.weight > 0 {
			out = append(out, t)
		}
	}
	return out, nil
}

func sortTerms(ts []weightedTerm) {
	slices.SortFunc(ts, func(x, y weightedTerm) int {
		if c := cmp.Compare(y.weight, x.weight); c != 0 {
			return c
		}
		return strings.Compare(x.term, y.term)
	})
}

// termStats analyses the article's text as the index does (tf are the
// fields of its language) and counts each term, a title occurrence
// counting TitleWeight times. Terms of one character are left out.
func (f *Finder) termStats(a *pulse.Article, tf *textFields) []weightedTerm {
	idx := map[string]int{}
	var out []weightedTerm
	add := func(field int, text string, w float64) {
		if text == "" {
			return
		}
		for _, tok := range tf.analyzer.Analyze([]byte(text)) {
			if utf8.RuneCount(tok.Term) < 2 {
				continue
			}
			i, ok := idx[string(tok.Term)]
			if !ok {
				i = len(out)
				idx[string(tok.Term)] = i
				out = append(out, weightedTerm{term: string(tok.Term), first: [3]int{field, tok.Start, tok.End}})
			}
			out[i].qtf += w
		}
	}
	add(0, a.Title, f.opts.TitleWeight)
	add(1, a.Summary, 1)
	add(2, truncate(a.Body, maxTextBytes), 1)
	return out
}

// truncate cuts s to at most n bytes, at the last space before the bound.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 {
		return s[:i]
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// retrievalQuery is the weighted disjunction that finds the candidates:
// the article's MaxTerms heaviest terms, each in the body and, weighted
// up, in the title; and its MaxEntities heaviest entities in their key
// fields. bleve's BM25 multiplies a clause's boost by the term's idf (on
// both the query and the document side), so the boost carries only the
// article's side: the term's log frequency, or the entity's salience.
// ts and es are heaviest first. It returns nil when there is nothing to
// match.
func (f *Finder) retrievalQuery(tf *textFields, ts []weightedTerm, es []weightedEntity) query.Query {
	var qs []query.Query
	for _, t := range ts[:min(len(ts), f.opts.MaxTerms)] {
		w := 1 + math.Log(t.qtf)
		body := bleve.NewTermQuery(t.term)
		body.SetField(tf.body)
		body.SetBoost(w)
		title := bleve.NewTermQuery(t.term)
		title.SetField(tf.title)
		title.SetBoost(w * f.opts.TitleWeight)
		qs = append(qs, body, title)
	}
	for _, e := range es[:min(len(es), f.opts.MaxEntities)] {
		tq := bleve.NewTermQuery(e.key)
		tq.SetField(pulse.KeyField(e.facet))
		tq.SetBoost(f.opts.EntityWeight * e.salience)
		qs = append(qs, tq)
	}
	if len(qs) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(qs...)
}

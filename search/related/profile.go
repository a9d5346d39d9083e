package related

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

// profile is what an article is matched by: its distinctive terms and
// its rare, salient entities, each weighted.
type profile struct {
	terms []weightedTerm
	ents  []weightedEntity
}

type weightedTerm struct {
	term    string // as analysed (stemmed), as the index holds it
	surface string // the first form the article used, lower-cased
	qtf     float64
	idf     float64
	weight  float64 // (1 + ln tf) · idf
}

type weightedEntity struct {
	facet    string
	key      string // the normalised id, as the key field holds it
	id, name string
	salience float64
	weight   float64 // idf · salience
}

// entityFacets are the facets whose shared values make two stories
// related: the same people, places and organisations. Media topics are
// left out: they name a kind of story, not an event.
var entityFacets = []string{pulse.FacetPerson, pulse.FacetPlace, pulse.FacetOrg}

// unknownSalience is the salience of an entity whose extractor gave none.
const unknownSalience = 0.5

// profile weighs the terms and entities of a. Document frequencies come
// from the index; when a is indexed it counts itself, so a term must be
// in at least one other article to be worth querying.
func (f *Finder) profile(ctx context.Context, a *pulse.Article, indexed bool) (*profile, error) {
	r, err := f.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	minDF := uint64(1)
	if indexed {
		minDF = 2
	}
	// A term in more than MaxDocShare of the articles is left out; on a
	// tiny index the share would leave out everything, so it applies from
	// 50 articles on.
	maxDF := n
	if n >= 50 {
		maxDF = uint64(f.opts.MaxDocShare * float64(n))
	}
	p := &profile{}
	if !f.opts.NoTerms {
		stats := f.termStats(a)
		for _, t := range stats {
			df, err := f.docFreq(ctx, r, pulse.FieldBody, t.term)
			if err != nil {
				return nil, err
			}
			if df < minDF {
				// A word of the title only: count the titles holding it.
				if df, err = f.docFreq(ctx, r, pulse.FieldTitle, t.term); err != nil {
					return nil, err
				}
			}
			if df < minDF || df > maxDF {
				continue
			}
			t.idf = math.Log(float64(n) / float64(df))
			t.weight = (1 + math.Log(t.qtf)) * t.idf

			if t.weight > 0 {
				p.terms = append(p.terms, t)
			}
		}
		slices.SortFunc(p.terms, func(x, y weightedTerm) int {
			if c := cmp.Compare(y.weight, x.weight); c != 0 {
				return c
			}
			return strings.Compare(x.term, y.term)
		})
		if len(p.terms) > f.opts.MaxTerms {
			p.terms = p.terms[:f.opts.MaxTerms]
		}
	}
	if !f.opts.NoEntities {
		for _, facet := range entityFacets {
			for _, e := range a.Entities(facet) {
				key := pulse.NormalizeKey(e.ID)
				if key == "" {
					continue
				}
				df, err := f.docFreq(ctx, r, pulse.KeyField(facet), key)
				if err != nil {
					return nil, err
				}
				if df < minDF || df > maxDF {
					continue
				}
				sal := e.Salience
				if sal <= 0 {
					sal = unknownSalience
				}
				name := e.Name
				if name == "" {
					name = e.ID
				}
				p.ents = append(p.ents, weightedEntity{
					facet: facet, key: key, id: e.ID, name: name, salience: sal,
					weight: sal * math.Log(float64(n)/float64(df)),
				})
			}
		}
		slices.SortFunc(p.ents, func(x, y weightedEntity) int {
			if c := cmp.Compare(y.weight, x.weight); c != 0 {
				return c
			}
			return strings.Compare(x.key, y.key)
		})
		if len(p.ents) > f.opts.MaxEntities {
			p.ents = p.ents[:f.opts.MaxEntities]
		}
	}
	return p, nil
}

// termStats analyses the article's text as the index does and counts
// each term, a title occurrence counting TitleWeight times.
func (f *Finder) termStats(a *pulse.Article) []weightedTerm {
	idx := map[string]int{}
	var out []weightedTerm
	add := func(text string, w float64) {
		if text == "" {
			return
		}
		for _, tok := range f.analyzer.Analyze([]byte(text)) {
			if utf8.RuneCount(tok.Term) < 2 {
				continue
			}
			i, ok := idx[string(tok.Term)]
			if !ok {
				i = len(out)
				idx[string(tok.Term)] = i
				out = append(out, weightedTerm{term: string(tok.Term), surface: strings.ToLower(text[tok.Start:tok.End])})
			}
			out[i].qtf += w
		}
	}
	add(a.Title, f.opts.TitleWeight)
	add(a.Summary, 1)
	add(a.Body, 1)
	return out
}

// query is the weighted disjunction that finds candidates: each term in
// the body and, weighted up, in the title; each entity in its key field.
// bleve's BM25 multiplies a clause's boost by the term's idf in the
// candidate's field, so the boost carries only the article's side: the
// term's (log) frequency, or the entity's salience. It returns nil when
// there is nothing to match.
func (f *Finder) query(p *profile) query.Query {
	var qs []query.Query
	for _, t := range p.terms {
		w := 1 + math.Log(t.qtf)
		if Exp["linear"] > 0 {
			w = (1 + math.Log(t.qtf)) / t.idf
		}
		if Exp["flat"] > 0 {
			w = 1
		}
		body := bleve.NewTermQuery(t.term)
		body.SetField(pulse.FieldBody)
		body.SetBoost(w)
		title := bleve.NewTermQuery(t.term)
		title.SetField(pulse.FieldTitle)
		title.SetBoost(w * f.opts.TitleWeight)
		if Exp["notitle"] > 0 {
			qs = append(qs, body)
		} else {
			qs = append(qs, body, title)
		}
	}
	for _, e := range p.ents {
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

// Reason lists at most this many entities and terms.
const (
	reasonEntities = 3
	reasonTerms    = 3
)

// reason says what c shares with the profiled article: its rarest shared
// entities, then its most distinctive shared terms (numbers left out, as
// they read poorly alone).
func (f *Finder) reason(p *profile, c *pulse.Article) string {
	var ents []string
	if len(p.ents) > 0 {
		has := map[string]bool{}
		for _, facet := range entityFacets {
			for _, e := range c.Entities(facet) {
				has[facet+pulse.LabelSep+pulse.NormalizeKey(e.ID)] = true
			}
		}
		for _, e := range p.ents {
			if len(ents) < reasonEntities && has[e.facet+pulse.LabelSep+e.key] {
				ents = append(ents, e.name)
			}
		}
	}
	var terms []string
	if len(p.terms) > 0 {
		// The candidate shares a term when it holds the article's own word
		// for it: cheaper than analysing the candidate, and what the
		// reader sees in both texts.
		text := strings.ToLower(c.Title + "\n" + c.Summary + "\n" + c.Body)
		for _, t := range p.terms {
			if len(terms) == reasonTerms {
				break
			}
			if !numeric(t.surface) && !slices.Contains(terms, t.surface) && containsWord(text, t.surface) {
				terms = append(terms, t.surface)
			}
		}
	}
	var parts []string
	if len(ents) > 0 {
		parts = append(parts, "shared: "+strings.Join(ents, ", "))
	}
	if len(terms) > 0 {
		parts = append(parts, "terms: "+strings.Join(terms, ", "))
	}
	return strings.Join(parts, "; ")
}

func numeric(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' && r != ',' }) < 0
}

// containsWord reports whether text holds word between non-letters.
func containsWord(text, word string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !wordRune(before) && !wordRune(after) {
			return true
		}
		i = start + 1
	}
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

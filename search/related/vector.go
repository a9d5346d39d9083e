package related

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/pulsesearch/pulse"
)

// docVector is an article as the re-ranking sees it: one tf-idf vector
// of unit length over its terms and its entities (each entity a
// dimension of its own, weighted like a term), heaviest first.
type docVector struct {
	terms []termWeight
	ents  []entityWeight
	docs  uint64 // the number of articles the weights were computed with
}

type termWeight struct {
	term string
	w    float64
}

type entityWeight struct {
	key  string // facet + LabelSep + normalised id
	name string
	w    float64
}

// similarity is what the re-ranking orders candidates by: the cosine of
// the two vectors, in [0, 1].
func similarity(q *queryVector, c *docVector) float64 {
	var s float64
	for _, t := range c.terms {
		s += t.w * q.terms[t.term]
	}
	for _, e := range c.ents {
		s += e.w * q.ents[e.key]
	}
	return s
}

// queryVector is the article's docVector as maps, for lookups.
type queryVector struct {
	terms   map[string]float64
	ents    map[string]float64
	surface map[string]string // term → the article's own word, for reasons
	names   map[string]string // entity key → display name
}

// vectorOf weighs the terms and entities of a, ents being its entities
// by facet: a term (1 + ln tf) · idf, an entity EntityWeight · salience ·
// idf, so that an entity as salient as a term said twice and as rare
// weighs about as much. With the signal of one kind off, that part stays
// empty. It also returns the weighted terms and entities, heaviest first.
func (f *Finder) vectorOf(ctx context.Context, vw *view, a *pulse.Article, ents map[string][]pulse.Entity, b dfBounds) (*docVector, []weightedTerm, []weightedEntity, error) {
	v := &docVector{docs: b.docs}
	var ts []weightedTerm
	var es []weightedEntity
	var err error
	if !f.opts.NoTerms {
		if ts, err = f.weighTerms(ctx, vw, a, b); err != nil {
			return nil, nil, nil, err
		}
		sortTerms(ts)
		v.terms = make([]termWeight, len(ts))
		for i, t := range ts {
			v.terms[i] = termWeight{term: t.term, w: t.weight}
		}
	}
	if !f.opts.NoEntities {
		if es, err = f.weighEntities(ctx, vw, ents, b); err != nil {
			return nil, nil, nil, err
		}
		v.ents = make([]entityWeight, len(es))
		for i, e := range es {
			v.ents[i] = entityWeight{key: e.facet + pulse.LabelSep + e.key, name: e.name, w: e.weight * f.opts.EntityWeight}
		}
	}
	var ss float64
	for _, t := range v.terms {
		ss += t.w * t.w
	}
	for _, e := range v.ents {
		ss += e.w * e.w
	}
	if ss > 0 {
		n := math.Sqrt(ss)
		for i := range v.terms {
			v.terms[i].w /= n
		}
		for i := range v.ents {
			v.ents[i].w /= n
		}
	}
	return v, ts, es, nil
}

// query turns the vector of a, whose weighted terms are ts, into maps,
// with each term's wording in a for reasons.
func (v *docVector) query(a *pulse.Article, ts []weightedTerm) *queryVector {
	q := &queryVector{
		terms: make(map[string]float64, len(v.terms)), ents: make(map[string]float64, len(v.ents)),
		surface: make(map[string]string, len(ts)), names: make(map[string]string, len(v.ents)),
	}
	for _, t := range v.terms {
		q.terms[t.term] = t.w
	}
	for _, e := range v.ents {
		q.ents[e.key] = e.w
		q.names[e.key] = e.name
	}
	texts := [3]string{a.Title, a.Summary, a.Body}
	for _, t := range ts {
		q.surface[t.term] = strings.ToLower(texts[t.first[0]][t.first[1]:t.first[2]])
	}
	return q
}

// weighEntities weighs each entity idf · salience, the idf from the
// articles whose key field holds its id; entities outside the bounds are
// left out.
func (f *Finder) weighEntities(ctx context.Context, vw *view, ents map[string][]pulse.Entity, b dfBounds) ([]weightedEntity, error) {
	var out []weightedEntity
	for _, facet := range entityFacets {
		for _, e := range ents[facet] {
			key := pulse.NormalizeKey(e.ID)
			if key == "" || slices.ContainsFunc(out, func(w weightedEntity) bool { return w.facet == facet && w.key == key }) {
				continue
			}
			df, err := f.docFreq(ctx, vw, pulse.KeyField(facet), key)
			if err != nil {
				return nil, err
			}
			if df < b.minDF || df > b.maxDF {
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
			out = append(out, weightedEntity{
				facet: facet, key: key, name: name, salience: sal,
				weight: sal * math.Log(float64(b.docs)/float64(df)),
			})
		}
	}
	slices.SortFunc(out, func(x, y weightedEntity) int {
		if c := cmp.Compare(y.weight, x.weight); c != 0 {
			return c
		}
		return strings.Compare(x.facet+x.key, y.facet+y.key)
	})
	return out, nil
}

// entitiesOf returns the entities the index holds for the article id,
// read from the label fields' doc values ("id\x1fname" terms), by facet.
// The stored record may be missing, or hold what the input gave before
// extraction; the labels are what the key fields match. known, the
// article as decoded, supplies salience and mentions for the entities it
// also lists.
func entitiesOf(vw *view, id string, known *pulse.Article) (map[string][]pulse.Entity, error) {
	iid, err := vw.r.InternalID(id)
	if err != nil || len(iid) == 0 {
		return nil, err
	}
	if vw.labels == nil {
		fields := make([]string, len(entityFacets))
		for i, f := range entityFacets {
			fields[i] = pulse.LabelField(f)
		}
		if vw.labels, err = vw.r.DocValueReader(fields); err != nil {
			return nil, err
		}
	}
	out := map[string][]pulse.Entity{}
	err = vw.labels.VisitDocValues(iid, func(field string, term []byte) {
		facet, ok := labelFacet[field]
		if !ok {
			return
		}
		eid, name, ok := strings.Cut(string(term), pulse.LabelSep)
		if !ok {
			return
		}
		e := pulse.Entity{ID: eid, Name: name}
		for _, k := range known.Entities(facet) {
			if k.ID == eid {
				e.Salience, e.Mentions = k.Salience, k.Mentions
				break
			}
		}
		out[facet] = append(out[facet], e)
	})
	return out, err
}

// labelFacet maps the label field of each entity facet to the facet.
var labelFacet = func() map[string]string {
	m := map[string]string{}
	for _, f := range entityFacets {
		m[pulse.LabelField(f)] = f
	}
	return m
}()

// entitiesOfDraft returns the entities an article not in the index
// carries, by facet.
func entitiesOfDraft(a *pulse.Article) map[string][]pulse.Entity {
	out := map[string][]pulse.Entity{}
	for _, facet := range entityFacets {
		out[facet] = a.Entities(facet)
	}
	return out
}

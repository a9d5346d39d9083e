package search

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search/qlang"
)

// aliasFacets are the entity facets a plain word may name.
var aliasFacets = []string{pulse.FacetPerson, pulse.FacetPlace, pulse.FacetOrg}

// aliasEntities resolves the query's words and phrases that name a
// person, place or organisation, by any of its names, to the entity ids,
// so that hits found through an alias ("Daesh") highlight the names the
// article uses ("Islamic State"). Short words count only in capitals, as
// in the query language ("IS", "US"). Resolutions are cached until the
// next write.
func (s *Searcher) aliasEntities(ctx context.Context, pq *qlang.Query) map[string]bool {
	var out map[string]bool
	for _, t := range pq.Terms() {
		if t.Prefix || t.Fuzziness > 0 {
			continue
		}
		facets := aliasFacets
		switch {
		case t.Field == "":
		case contains(aliasFacets, t.Field):
			facets = []string{t.Field}
		default:
			continue
		}
		key := pulse.NormalizeKey(t.Text)
		if key == "" || utf8.RuneCountInString(key) < 4 && t.Text != strings.ToUpper(t.Text) {
			continue
		}
		for _, f := range facets {
			if id := s.aliasID(ctx, f, key); id != "" {
				if out == nil {
					out = map[string]bool{}
				}
				out[id] = true
			}
		}
	}
	return out
}

func (s *Searcher) aliasID(ctx context.Context, facet, key string) string {
	ck := facet + "\x00" + key
	s.mu.Lock()
	id, ok := s.aliases[ck]
	s.mu.Unlock()
	if ok {
		return id
	}
	if label, found := s.resolve(ctx, facet, key); found {
		id, _ = splitLabel(label)
	}
	s.mu.Lock()
	if s.aliases == nil {
		s.aliases = map[string]string{}
	}
	if len(s.aliases) < 100000 {
		s.aliases[ck] = id
	}
	s.mu.Unlock()
	return id
}

// resolve returns the label of the value a filter names, looked up over
// the whole index, so an alias shows as its canonical name.
func (s *Searcher) resolve(ctx context.Context, f, v string) (string, bool) {
	req := bleve.NewSearchRequestOptions(valuesQuery(f, []string{v}), 0, 0, false)
	req.AddFacet(f, bleve.NewFacetRequest(pulse.LabelField(f), 50))
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil || res.Facets[f] == nil || res.Facets[f].Terms == nil {
		return "", false
	}
	// The label whose id or name folds to the value is the one meant; an
	// alias matches only through the key field, so fall back to the most
	// frequent label among the matches.
	key := pulse.NormalizeKey(v)
	terms := res.Facets[f].Terms.Terms()
	for _, t := range terms {
		id, name := splitLabel(t.Term)
		if pulse.NormalizeKey(id) == key || pulse.NormalizeKey(name) == key {
			return t.Term, true
		}
	}
	if len(terms) > 0 {
		return terms[0].Term, true
	}
	return "", false
}

func splitLabel(label string) (id, name string) {
	id, name, ok := strings.Cut(label, pulse.LabelSep)
	if !ok {
		return label, label
	}
	return id, name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

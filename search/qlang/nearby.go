package qlang

import (
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
)

// nearby returns the proximity bonus of words written side by side: for
// each two adjacent plain words of kids, their pair ("interest rate")
// searched in the pair fields the indexer keeps (pulse.PairField), scored
// as one BM25F word and weighted by Options.Proximity. An article that has
// the words next to each other, as the reader wrote them, ranks above one
// that has them apart. It matches nothing on its own: the group adds it
// as an optional clause. Nil when no two adjacent words make a pair.
func (b *builder) nearby(kids []node) bquery.Query {
	if b.opts.Proximity <= 0 {
		return nil
	}
	term := func(k node) string {
		l, ok := k.(*leaf)
		if !ok || l.name != "" || l.kind != kindWord || arabicScript(l.text) {
			return ""
		}
		toks, err := b.analyze(pulse.FieldBody, l.text)
		if err != nil || len(toks) != 1 {
			return ""
		}
		return string(toks[0].Term)
	}
	var pairs []bquery.Query
	prev := ""
	for _, k := range kids {
		t := term(k)
		if prev != "" && t != "" {
			p := prev + pulse.PairSep + t
			w := &wordQuery{k1: b.opts.K1, b: b.opts.B, boost: b.opts.Proximity, role: "proximity"}
			for _, f := range []weighted{{pulse.FieldTitle, b.opts.TitleBoost}, {pulse.FieldSummary, 1}, {pulse.FieldBody, 1}} {
				w.text = append(w.text, fieldTerm{field: pulse.PairField(f.field), term: p, weight: f.boost})
			}
			w.plain = termQuery(pulse.PairField(pulse.FieldBody), p, b.opts.Proximity)
			pairs = append(pairs, w)
		}
		prev = t
	}
	switch len(pairs) {
	case 0:
		return nil
	case 1:
		return pairs[0]
	}
	return &sumQuery{qs: pairs}
}

package extract

import (
	"sort"
	"strings"

	"github.com/pulsesearch/pulse/indexer/kb"
)

// aliasRef is one knowledge-base name at the end of a trie path.
type aliasRef struct {
	ent int32 // index into Extractor.ents
	// capMask has bit i set when token i of the alias is capitalised in
	// the knowledge base, so it must be capitalised in cased text too
	// (the "group" of "Islamic State group" need not be).
	capMask uint32
	common  bool // a single ordinary English word ("Turkey", "Apple")
	acronym bool // all capitals ("IS", "US", "NATO"): the case must match
	dotted  bool // written with dots ("U.S."), unambiguous even in capitals
	demonym bool // "Iraqi", "Iraqis": points to the place, is not its name
}

// node is a trie node keyed by token key.
type node struct {
	next map[string]*node
	refs []aliasRef
}

// maxAliasTokens bounds a match; longer aliases are not indexed.
const maxAliasTokens = 12

// gazetteer is the knowledge base's names as a token trie.
type gazetteer struct {
	root node
}

func (g *gazetteer) add(text string, ref aliasRef) {
	text = strings.TrimPrefix(text, "the ")
	text = strings.TrimPrefix(text, "The ")
	toks := tokenize(text, nil)
	var words []token
	for _, t := range toks {
		if t.is(fWord) {
			words = append(words, t)
		}
	}
	if len(words) == 0 || len(words) > maxAliasTokens {
		return
	}
	n := &g.root
	letters := 0
	for i, w := range words {
		if w.is(fCap) {
			ref.capMask |= 1 << uint(i)
		}
		for _, r := range text[w.start:w.end] {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				letters++
			}
		}
		if n.next == nil {
			n.next = map[string]*node{}
		}
		c, ok := n.next[w.key]
		if !ok {
			c = &node{}
			n.next[w.key] = c
		}
		n = c
	}
	if len(words) == 1 && words[0].is(fUpper) && letters >= 2 && letters <= 5 {
		ref.acronym = true
		ref.dotted = strings.Contains(text, ".")
	}
	for q := range n.refs {
		if r := &n.refs[q]; r.ent == ref.ent && r.demonym == ref.demonym {
			// "UK" and "U.K." are one key: the name is an abbreviation
			// the knowledge base also writes with dots, whichever came
			// first, so capitals do not make it an ordinary word.
			r.dotted = r.dotted || ref.dotted
			return
		}
	}
	n.refs = append(n.refs, ref)
}

// match returns the longest knowledge-base name starting at word token i
// of toks, as the number of tokens it spans and its references, or 0. A
// name runs over adjacent words only: punctuation other than a joining
// hyphen ends it.
func (g *gazetteer) match(toks []token, i int) (int, []aliasRef) {
	n := &g.root
	best, bestLen := []aliasRef(nil), 0
	for j := i; j < len(toks) && j-i < maxAliasTokens; j++ {
		t := &toks[j]
		if !t.is(fWord) || n.next == nil {
			break
		}
		if j > i && toks[j-1].is(fPossessive) {
			break
		}
		c, ok := n.next[t.key]
		if !ok {
			break
		}
		n = c
		if len(n.refs) > 0 {
			best, bestLen = n.refs, j-i+1
		}
	}
	return bestLen, best
}

// entry is an entity as the extractor holds it.
type entry struct {
	id, name string
	kind     kb.Kind
	country  string
	prior    float64
	aliases  []string
	parent   int32  // index of the parent place, -1 if none
	key      string // keyOf(name)
}

func buildGazetteer(k *kb.KB) (*gazetteer, []entry, map[string]int32) {
	g := &gazetteer{}
	ents := make([]entry, len(k.Entities))
	byID := make(map[string]int32, len(k.Entities))
	for i := range k.Entities {
		e := &k.Entities[i]
		byID[e.ID] = int32(i)
		al := make([]string, 0, len(e.Aliases))
		for _, a := range e.Aliases {
			al = append(al, a.Text)
			g.add(a.Text, aliasRef{ent: int32(i), common: a.Common})
		}
		for _, d := range e.Demonyms {
			g.add(d, aliasRef{ent: int32(i), demonym: true})
		}
		ents[i] = entry{id: e.ID, name: e.Name, kind: e.Kind, country: e.Country, prior: e.Prior, aliases: al, parent: -1, key: keyOf(e.Name)}
	}
	for i := range k.Entities {
		if p, ok := byID[k.Entities[i].Parent]; ok {
			ents[i].parent = p
		}
	}
	labelPlaces(ents)
	return g, ents, byID
}

// labelPlaces gives places that share a name distinct names, so that no
// two facet values read the same: the most populous keeps the name, a
// region is told as one ("New York (state)"), a city by its region or
// country ("Portland, Maine").
func labelPlaces(ents []entry) {
	// Names are grouped as a reader tells them apart, without accents or
	// punctuation: "Kabul" and "Kābul", "Mexico" and "México" read as one.
	byName := map[string][]int{}
	names := make([]string, len(ents)) // before relabelling, which runs in map order
	for i := range ents {
		names[i] = ents[i].name
		if ents[i].kind.IsPlace() {
			byName[ents[i].key] = append(byName[ents[i].key], i)
		}
	}
	for _, is := range byName {
		if len(is) < 2 {
			continue
		}
		sort.Slice(is, func(a, b int) bool {
			ea, eb := &ents[is[a]], &ents[is[b]]
			if ea.prior != eb.prior {
				return ea.prior > eb.prior
			}
			return ea.id < eb.id
		})
		// A city keeps its name before the region named after it
		// (namesakeCity): "Auckland" is the city, its region "Auckland
		// (region)", not the city "Auckland, Auckland".
		for k, i := range is[1:] {
			if namesakeCity(ents, int32(i), int32(is[0])) {
				is[0], is[k+1] = is[k+1], is[0]
				break
			}
		}
		used := map[string]bool{keyOf(ents[is[0]].name): true}
		for _, i := range is[1:] {
			e := &ents[i]
			name := names[i]
			switch {
			case e.kind == kb.Region && e.country == "US":
				e.name = name + " (state)"
			case e.kind == kb.Region && e.country == "CA":
				e.name = name + " (province)"
			case e.kind == kb.Region:
				e.name = name + " (region)"
			case e.parent >= 0:
				// "Kochi, Japan", not "Kochi, Kochi": the region named
				// like the city says nothing.
				p := e.parent
				for ents[p].key == e.key && ents[p].parent >= 0 {
					p = ents[p].parent
				}
				e.name = name + ", " + names[p]
			}
			// Two namesake regions ("La Rioja" of Spain and of Argentina)
			// are told apart by their countries.
			if used[keyOf(e.name)] && e.parent >= 0 {
				p := e.parent
				for ents[p].kind != kb.Country && ents[p].parent >= 0 {
					p = ents[p].parent
				}
				e.name = name + ", " + names[p]
			}
			used[keyOf(e.name)] = true
		}
	}
}

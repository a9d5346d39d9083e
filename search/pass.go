package search

import (
	"sort"
	"strings"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// pass counts facets and the date histogram in the same walk over the
// matches that collects the top hits, with multi-select semantics:
//
// The query it rides on matches the text and dates and every facet filter
// but at most one. For each match it reads the doc values of the filtered
// facets' key fields to see which filters the article fails. Failing none,
// the article is a hit: it is counted in every facet and the histogram,
// and passed on to bleve's top-N collector. Failing exactly one filter F,
// it is counted in facet F only — which is how each facet's counts come
// out with every other facet's filter applied but not its own. The counts
// are exact, and the cost is one search however many facets are selected.
type pass struct {
	facets  []string // facets to count
	filters []passFilter
	hist    bool

	fields    []string
	labelIdx  map[string]int // label field → index in facets
	keyIdx    map[string]int // key field → index in filters
	counts    []map[string]int
	failed    []bool // per filter, for the current document
	labels    [][]string
	published int64
	hasDate   bool
	total     uint64
	days      map[int64]int // Unix day (in loc) → hits
	loc       *time.Location
	// undated keeps only articles without a date for the top hits (the
	// last stretch of a date-sorted cursor walk).
	undated bool

	// With collapse, an article of a copy cluster already counted is not
	// counted again: each cluster counts once in the total, the facets
	// and the histogram. Only articles with copies carry a cluster.
	collapse   bool
	cluster    []byte
	seenHit    map[string]bool
	seenFacet  []map[string]bool
	clusterHit map[string]int // matching articles per cluster
}

// collapseCopies makes the pass count each copy cluster once.
func (p *pass) collapseCopies() {
	p.collapse = true
	p.fields = append(p.fields, pulse.FieldCluster)
	p.seenHit = map[string]bool{}
	p.seenFacet = make([]map[string]bool, len(p.filters))
	p.clusterHit = map[string]int{}
}

// firstOfCluster reports whether the current article is the first of its
// cluster seen by set, and records it.
func firstOfCluster(set map[string]bool, cluster []byte) bool {
	if len(cluster) == 0 {
		return true
	}
	if set[string(cluster)] {
		return false
	}
	set[string(cluster)] = true
	return true
}

// undatedOnly passes only articles without a date on to the top hits;
// counts are unchanged.
func (p *pass) undatedOnly() {
	p.undated = true
	if !p.hist {
		p.fields = append(p.fields, pulse.FieldDay)
	}
}

type passFilter struct {
	facet string
	keys  map[string]bool
}

func newPass(facets []string, filters map[string][]string, hist bool, loc *time.Location) *pass {
	p := &pass{facets: facets, hist: hist, loc: loc, labelIdx: map[string]int{}, keyIdx: map[string]int{}}
	for _, f := range pulse.Facets {
		vals := filters[f]
		if len(vals) == 0 {
			continue
		}
		pf := passFilter{facet: f, keys: map[string]bool{}}
		for _, v := range vals {
			pf.keys[pulse.NormalizeKey(v)] = true
		}
		p.keyIdx[pulse.KeyField(f)] = len(p.filters)
		p.filters = append(p.filters, pf)
		p.fields = append(p.fields, pulse.KeyField(f))
	}
	for i, f := range facets {
		p.labelIdx[pulse.LabelField(f)] = i
		p.fields = append(p.fields, pulse.LabelField(f))
	}
	if hist {
		p.fields = append(p.fields, pulse.FieldDay)
		p.days = map[int64]int{}
	}
	p.counts = make([]map[string]int, len(facets))
	for i := range p.counts {
		p.counts[i] = map[string]int{}
	}
	p.failed = make([]bool, len(p.filters))
	p.labels = make([][]string, len(facets))
	return p
}

// visit receives one doc value of the current document.
func (p *pass) visit(field string, term []byte) {
	if i, ok := p.keyIdx[field]; ok {
		if p.failed[i] && p.filters[i].keys[string(term)] {
			p.failed[i] = false
		}
		return
	}
	if i, ok := p.labelIdx[field]; ok {
		p.labels[i] = append(p.labels[i], string(term))
		return
	}
	if field == pulse.FieldCluster {
		p.cluster = append(p.cluster[:0], term...)
		return
	}
	if field == pulse.FieldDay && !p.hasDate {
		p.published, p.hasDate = pulse.DecodeTime(term)
	}
}

// handler wraps bleve's top-N document handler with the counting.
func (p *pass) handler(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
	next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
	if err != nil {
		return nil, false, err
	}
	if len(p.fields) == 0 && !p.undated {
		// Nothing to count: just count the hits.
		return func(d *bsearch.DocumentMatch) error {
			if d != nil {
				p.total++
			}
			return next(d)
		}, loadID, nil
	}
	var dvr index.DocValueReader
	dvr, err = sctx.IndexReader.DocValueReader(p.fields)
	if err != nil {
		return nil, false, err
	}
	return func(d *bsearch.DocumentMatch) error {
		if d == nil {
			return next(nil)
		}
		for i := range p.failed {
			p.failed[i] = true
		}
		for i := range p.labels {
			p.labels[i] = p.labels[i][:0]
		}
		p.hasDate = false
		p.cluster = p.cluster[:0]
		if err := dvr.VisitDocValues(d.IndexInternalID, p.visit); err != nil {
			return err
		}
		fails, which := 0, -1
		for i, f := range p.failed {
			if f {
				fails++
				which = i
			}
		}
		switch fails {
		case 0:
			first := true
			if p.collapse {
				first = firstOfCluster(p.seenHit, p.cluster)
				if len(p.cluster) > 0 {
					p.clusterHit[string(p.cluster)]++
				}
			}
			if first {
				p.total++
				for i := range p.facets {
					p.count(i)
				}
				if p.hist && p.hasDate {
					p.days[dayOf(time.Unix(0, p.published), p.loc)]++
				}
			}
			if p.undated && p.hasDate {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			return next(d)
		case 1:
			if p.collapse {
				if p.seenFacet[which] == nil {
					p.seenFacet[which] = map[string]bool{}
				}
				if !firstOfCluster(p.seenFacet[which], p.cluster) {
					break
				}
			}
			facet := p.filters[which].facet
			for i, f := range p.facets {
				if f == facet {
					p.count(i)
				}
			}
		}
		sctx.DocumentMatchPool.Put(d)
		return nil
	}, loadID, nil
}

func (p *pass) count(i int) {
	m := p.counts[i]
	for _, l := range p.labels[i] {
		if n, ok := m[l]; ok {
			m[l] = n + 1
		} else {
			m[strings.Clone(l)] = 1
		}
	}
}

// values returns facet i's top n values by count (ties by name), with
// the selected values first.
func (p *pass) values(i, n int, selected []FacetValue) []FacetValue {
	all := make([]FacetValue, 0, len(p.counts[i]))
	for label, c := range p.counts[i] {
		id, name := splitLabel(label)
		all = append(all, FacetValue{ID: id, Value: name, Count: c})
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].Count != all[b].Count {
			return all[a].Count > all[b].Count
		}
		return all[a].Value < all[b].Value
	})
	out := make([]FacetValue, 0, min(n, len(all))+len(selected))
	out = append(out, selected...)
	for _, v := range all {
		if len(out) >= n+len(selected) {
			break
		}
		dup := false
		for _, s := range selected {
			dup = dup || s.ID == v.ID
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// find returns the count of the label whose id or name folds to key.
func (p *pass) find(i int, key string) (FacetValue, bool) {
	for label, c := range p.counts[i] {
		id, name := splitLabel(label)
		if pulse.NormalizeKey(id) == key || pulse.NormalizeKey(name) == key {
			return FacetValue{ID: id, Value: name, Count: c}, true
		}
	}
	return FacetValue{}, false
}

// dayOf numbers the calendar day of t in loc (days since 1970-01-01 there).
func dayOf(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

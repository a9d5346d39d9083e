package search

import (
	"sort"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"

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
	cols    *columns

	counts []map[string]int
	total  uint64
	// Days are counted in a dense array from dayLo, turned into a map of
	// Unix day (in the searcher's zone) → hits by dayCounts.
	dayLo   int32
	dayHits []int
	// undatedHits counts the hits without a date (clusters aside: see
	// undatedCount).
	undatedHits int
	// undated keeps only articles without a date for the top hits (the
	// last stretch of a date-sorted cursor walk).
	undated bool

	// With collapse, each copy cluster counts once in the total, and
	// once for each facet value and each histogram bucket any of its
	// matching articles has: exactly what a search with that value or
	// those dates applied finds (see clusters.go). Only articles with
	// copies carry a cluster.
	collapse   bool
	seenHit    map[string]bool
	clusterHit map[string]int // matching articles per cluster
	stories    clusterCounts
	// byID caches merged: counts by value id, once the walk is done.
	byID [][]FacetValue
}

// collapseCopies makes the pass count each copy cluster once.
func (p *pass) collapseCopies() {
	p.collapse = true
	p.seenHit = map[string]bool{}
	p.clusterHit = map[string]int{}
	p.stories = newClusterCounts()
}

// firstOfCluster reports whether the current article is the first of its
// cluster seen by set, and records it.
func firstOfCluster(set map[string]bool, cluster string) bool {
	if cluster == "" {
		return true
	}
	if set[cluster] {
		return false
	}
	set[cluster] = true
	return true
}

// undatedOnly passes only articles without a date on to the top hits;
// counts are unchanged.
func (p *pass) undatedOnly() { p.undated = true }

type passFilter struct {
	facet string
	keys  map[string]bool
}

func newPass(cols *columns, facets []string, filters map[string][]string, hist bool) *pass {
	p := &pass{facets: facets, hist: hist, cols: cols}
	for _, f := range pulse.Facets {
		vals := filters[f]
		if len(vals) == 0 {
			continue
		}
		pf := passFilter{facet: f, keys: map[string]bool{}}
		for _, v := range vals {
			pf.keys[pulse.NormalizeKey(v)] = true
		}
		p.filters = append(p.filters, pf)
	}
	p.counts = make([]map[string]int, len(facets))
	for i := range p.counts {
		p.counts[i] = map[string]int{}
	}
	return p
}

// dayCounts returns the histogram's hits per Unix day (in the searcher's
// zone).
func (p *pass) dayCounts() map[int64]int {
	out := map[int64]int{}
	for i, n := range p.dayHits {
		if n > 0 {
			out[int64(p.dayLo)+int64(i)] = n
		}
	}
	return out
}

// segState is what the handler reads for the matches of one segment.
type segState struct {
	idx     int
	times   *segColumns // nil when neither histogram nor undated needs them
	labels  []*multiColumn
	counts  [][]int32 // per facet, per label ordinal
	filters []*roaring.Bitmap
	cluster *multiColumn
}

// enter loads segment i's columns, after flushing the previous segment's
// counts.
func (p *pass) enter(v *colView, st *segState, i int) error {
	p.flush(st)
	st.idx = i
	var err error
	if p.hist || p.undated {
		if st.times, err = v.times(i); err != nil {
			return err
		}
	}
	for f, facet := range p.facets {
		if st.labels[f], err = v.column(i, pulse.LabelField(facet)); err != nil {
			return err
		}
		n := len(st.labels[f].dict)
		if cap(st.counts[f]) < n {
			st.counts[f] = make([]int32, n)
		}
		st.counts[f] = st.counts[f][:n]
		clear(st.counts[f])
	}
	for j, pf := range p.filters {
		if st.filters[j], err = v.postings(i, pulse.KeyField(pf.facet), pf.keys); err != nil {
			return err
		}
	}
	if p.collapse {
		if st.cluster, err = v.column(i, pulse.FieldCluster); err != nil {
			return err
		}
	}
	return nil
}

// flush adds a segment's per-ordinal facet counts to the label counts.
func (p *pass) flush(st *segState) {
	if st.idx < 0 {
		return
	}
	for f, counts := range st.counts {
		dict := st.labels[f].dict
		m := p.counts[f]
		for o, n := range counts {
			if n > 0 {
				m[dict[o]] += int(n)
			}
		}
	}
}

// handler wraps bleve's top-N document handler with the counting.
func (p *pass) handler(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
	next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
	if err != nil {
		return nil, false, err
	}
	v, err := p.cols.view(sctx.IndexReader)
	if err != nil {
		return nil, false, err
	}
	// Ties go by the article's id (tieKey), which bleve reads from the
	// hit number when scores or sort values are equal.
	var keys *segColumns
	keyed := -1
	tie := func(d *bsearch.DocumentMatch) error {
		i, local := v.locate(d.IndexInternalID, keyed)
		if i != keyed {
			sc, err := v.keys(i)
			if err != nil {
				return err
			}
			keys, keyed = sc, i
		}
		d.HitNumber = keys.key[local]
		return nil
	}
	if len(p.facets) == 0 && len(p.filters) == 0 && !p.hist && !p.collapse && !p.undated {
		// Nothing to count: just count the hits.
		return func(d *bsearch.DocumentMatch) error {
			if d != nil {
				p.total++
				if err := tie(d); err != nil {
					return err
				}
			}
			return next(d)
		}, loadID, nil
	}
	if p.hist {
		lo, hi, ok, err := v.dayRange()
		if err != nil {
			return nil, false, err
		}
		if ok {
			p.dayLo, p.dayHits = lo, make([]int, int(hi-lo)+1)
		}
	}
	st := &segState{idx: -1, labels: make([]*multiColumn, len(p.facets)), counts: make([][]int32, len(p.facets)), filters: make([]*roaring.Bitmap, len(p.filters))}
	return func(d *bsearch.DocumentMatch) error {
		if d == nil {
			p.flush(st)
			st.idx = -1
			return next(nil)
		}
		i, local := v.locate(d.IndexInternalID, st.idx)
		if i != st.idx {
			if err := p.enter(v, st, i); err != nil {
				return err
			}
		}
		fails, which := 0, -1
		for j, b := range st.filters {
			if !b.Contains(local) {
				fails++
				which = j
			}
		}
		cluster := ""
		if st.cluster != nil {
			if row := st.cluster.row(local); len(row) > 0 {
				cluster = st.cluster.dict[row[0]]
			}
		}
		switch fails {
		case 0:
			first := true
			if p.collapse {
				first = firstOfCluster(p.seenHit, cluster)
				if cluster != "" {
					p.clusterHit[cluster]++
				}
			}
			dated := st.times != nil && st.times.day[local] != noDay
			if first {
				p.total++
			}
			switch {
			case cluster != "":
				// Every matching copy adds its own values and day.
				for f := range p.facets {
					p.stories.count(st, f, local, cluster)
				}
				if p.hist && dated {
					p.stories.day(cluster, st.times.day[local])
				}
			case first:
				for f := range p.facets {
					st.count(f, local)
				}
				if p.hist && dated {
					p.dayHits[st.times.day[local]-p.dayLo]++
				}
				if p.hist && !dated {
					p.undatedHits++
				}
			}
			if p.undated && dated {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			if err := tie(d); err != nil {
				return err
			}
			return next(d)
		case 1:
			facet := p.filters[which].facet
			for f, name := range p.facets {
				switch {
				case name != facet:
				case cluster != "":
					p.stories.count(st, f, local, cluster)
				default:
					st.count(f, local)
				}
			}
		}
		sctx.DocumentMatchPool.Put(d)
		return nil
	}, loadID, nil
}

// count counts a document's labels of facet f.
func (st *segState) count(f int, local uint32) {
	c := st.counts[f]
	for _, o := range st.labels[f].row(local) {
		c[o]++
	}
}

// row returns a document's ordinals.
func (mc *multiColumn) row(d uint32) []uint32 {
	return mc.ords[mc.start[d]:mc.start[d+1]]
}

// values returns facet i's top n values by count (ties by name), with
// the selected values first.
func (p *pass) values(i, n int, selected []FacetValue) []FacetValue {
	all := p.merged(i)
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

// find returns the count of the value whose id or name folds to key.
func (p *pass) find(i int, key string) (FacetValue, bool) {
	for _, v := range p.merged(i) {
		if pulse.NormalizeKey(v.ID) == key || pulse.NormalizeKey(v.Value) == key {
			return v, true
		}
	}
	return FacetValue{}, false
}

// dayOf numbers the calendar day of t in loc (days since 1970-01-01 there).
func dayOf(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

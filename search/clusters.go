package search

import "slices"

// clusterCounts counts copy clusters for the facets and the histogram of
// a collapsed search. A filter finds a cluster when any of its matching
// articles has the value, so a cluster counts once for each value any of
// them has, not just the values of the first article seen; likewise for
// the days of the histogram, which buildHistogram turns into buckets so
// that two copies a day apart in one week count that week once.
type clusterCounts struct {
	// seen holds each facet value a cluster has been counted under. The
	// key's strings are the index's own (no copy made per article).
	seen map[clusterValue]struct{}
	// days holds the distinct days (as in pass.dayHits) of each cluster's
	// matching articles.
	days map[string][]int32
}

// clusterValue is a cluster counted under facet f's value id.
type clusterValue struct {
	f           int
	cluster, id string
}

func newClusterCounts() clusterCounts {
	return clusterCounts{seen: map[clusterValue]struct{}{}, days: map[string][]int32{}}
}

// count counts an article of cluster under each of its labels of facet
// f that the cluster was not yet counted under.
func (c *clusterCounts) count(st *segState, f int, local uint32, cluster string) {
	col := st.labels[f]
	for _, o := range col.row(local) {
		// By id: copies may name one value differently (see merged).
		id, _ := splitLabel(col.dict[o])
		key := clusterValue{f, cluster, id}
		if _, ok := c.seen[key]; !ok {
			c.seen[key] = struct{}{}
			st.counts[f][o]++
		}
	}
}

// day records that an article of cluster falls on day d.
func (c *clusterCounts) day(cluster string, d int32) {
	if ds := c.days[cluster]; !slices.Contains(ds, d) {
		c.days[cluster] = append(ds, d)
	}
}

// clusterDays returns, for each cluster counted, the days (Unix days in
// the searcher's zone) of its matching articles.
func (p *pass) clusterDays() [][]int64 {
	out := make([][]int64, 0, len(p.stories.days))
	for _, ds := range p.stories.days {
		g := make([]int64, len(ds))
		for i, d := range ds {
			g[i] = int64(d)
		}
		out = append(out, g)
	}
	return out
}

// merged returns facet i's counts by value id. One value can carry
// several labels, its name differing between articles ("Texaco" and
// "Texaco Inc."), and a filter by its id finds them all, so they count
// as one; the name shown is the most frequent (ties: the first by order).
func (p *pass) merged(i int) []FacetValue {
	if p.byID == nil {
		p.byID = make([][]FacetValue, len(p.counts))
	}
	if p.byID[i] != nil {
		return p.byID[i]
	}
	at := map[string]int{}
	var out []FacetValue
	var best []int
	for label, c := range p.counts[i] {
		id, name := splitLabel(label)
		j, ok := at[id]
		if !ok {
			at[id] = len(out)
			out = append(out, FacetValue{ID: id, Value: name, Count: c})
			best = append(best, c)
			continue
		}
		out[j].Count += c
		if c > best[j] || c == best[j] && name < out[j].Value {
			out[j].Value, best[j] = name, c
		}
	}
	if out == nil {
		out = []FacetValue{}
	}
	p.byID[i] = out
	return out
}

// undatedCount returns the number of hits in no histogram bucket: those
// without a date, each cluster counting when none of its matching
// articles has one. A bucket counts a cluster under each date it touches,
// so the buckets' sum can exceed the total; this is what it leaves out.
func (p *pass) undatedCount() int {
	n := p.undatedHits
	for c := range p.seenHit {
		if len(p.stories.days[c]) == 0 {
			n++
		}
	}
	return n
}

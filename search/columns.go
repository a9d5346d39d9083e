package search

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/pulsesearch/pulse"
)

// columns keeps, per immutable index segment, plain arrays of what the
// facet pass and the recency blend read for every matching article: the
// publication time, its calendar day, the facet labels (as ordinals into
// a per-segment dictionary) and the copy cluster.
//
// Reading those through bleve's doc value reader cost a third of a
// query's CPU at 100k articles: a chunk lookup, a byte scan for the
// terms' separators and a map lookup per field per match, and a string
// per label. From an array, a match costs an index and an add; facet
// counts are kept per ordinal and turned into labels once per segment.
//
// Segments never change once written (deletions are a separate bitmap,
// and the search already skips deleted articles), so a column stays valid
// for the segment's life; merges make new segments, whose columns are
// built on first use, and drop old ones, whose columns are evicted when a
// newer view no longer lists them.
type columns struct {
	loc      *time.Location
	halfLife time.Duration // of the recency blend, for growth

	mu   sync.Mutex
	segs map[segment.Segment]*segColumns
}

func newColumns(loc *time.Location, halfLife time.Duration) *columns {
	return &columns{loc: loc, halfLife: halfLife, segs: map[segment.Segment]*segColumns{}}
}

// growthRef is the moment growth is measured from, and maxGrowthExp bounds
// its exponent, beyond which a float64 would overflow.
var growthRef = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()

const maxGrowthExp = 1000

// growthAt is 2^((t − growthRef) / halfLife), NaN when out of range. The
// recency decay 2^(−(newest − t) / halfLife) is growth(t) · growth(newest)⁻¹:
// one multiplication per match instead of an exponential.
func growthAt(t int64, halfLife time.Duration) float64 {
	e := float64(t-growthRef) / float64(halfLife)
	if halfLife <= 0 || e < -maxGrowthExp || e > maxGrowthExp {
		return math.NaN()
	}
	return math.Exp2(e)
}

// noDay marks an article without a publication date in the day column.
const noDay = math.MinInt32

// segColumns are the columns of one segment, each built on first use.
type segColumns struct {
	seg segment.Segment
	n   int

	timeOnce sync.Once
	timeErr  error
	pub      []int64   // Unix nanoseconds; valid where day != noDay
	day      []int32   // calendar day in the searcher's zone, or noDay
	growth   []float64 // growthAt(pub); 0 where day == noDay (the recency blend relies on it)
	minDay   int32
	maxDay   int32

	keyOnce sync.Once
	keyErr  error
	// key is a hash of each article's id: the tie-breaker of equal
	// scores or dates (see tieKey).
	key []uint64

	mu     sync.Mutex
	fields map[string]*multiColumn
	// terms caches the postings of filtered key terms (field, NUL, term),
	// up to maxCachedTerms per segment: a filter is read from the index
	// once per segment, not once per search.
	terms map[string]*roaring.Bitmap
}

const maxCachedTerms = 1024

// multiColumn holds a field's terms per document, compressed row style:
// document d has ords[start[d]:start[d+1]], indexes into dict.
type multiColumn struct {
	start []uint32
	ords  []uint32
	dict  []string
}

// colView is the columns of one index snapshot's segments, in order, with
// each segment's first global document number.
type colView struct {
	c    *columns
	offs []uint64
	segs []*segColumns
}

// view returns the columns of the snapshot r reads.
func (c *columns) view(r index.IndexReader) (*colView, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("search: index reader %T is not a scorch snapshot", r)
	}
	ss := snap.Segments()
	v := &colView{c: c, offs: make([]uint64, len(ss)), segs: make([]*segColumns, len(ss))}
	running := uint64(0)
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, s := range ss {
		seg := s.Segment()
		v.offs[i] = running
		running += seg.Count()
		sc := c.segs[seg]
		if sc == nil {
			sc = &segColumns{seg: seg, n: int(seg.Count()), fields: map[string]*multiColumn{}, terms: map[string]*roaring.Bitmap{}}
			c.segs[seg] = sc
		}
		v.segs[i] = sc
	}
	// Evict the columns of segments merged away. A search still running
	// on an older snapshot keeps its own references.
	if len(c.segs) > len(ss)+8 {
		live := make(map[segment.Segment]bool, len(ss))
		for _, s := range ss {
			live[s.Segment()] = true
		}
		for seg := range c.segs {
			if !live[seg] {
				delete(c.segs, seg)
			}
		}
	}
	return v, nil
}

// locate returns the segment index and local number of a document. hint
// is the segment of the caller's previous document: matches come in
// document order, so it is nearly always right.
func (v *colView) locate(id index.IndexInternalID, hint int) (int, uint32) {
	n := id.Value()
	if hint >= 0 && hint < len(v.offs) && n >= v.offs[hint] && (hint+1 == len(v.offs) || n < v.offs[hint+1]) {
		return hint, uint32(n - v.offs[hint])
	}
	i := sort.Search(len(v.offs), func(x int) bool { return v.offs[x] > n }) - 1
	return i, uint32(n - v.offs[i])
}

// times returns the segment's publication times and days, building them
// on first use.
func (v *colView) times(i int) (*segColumns, error) {
	sc := v.segs[i]
	sc.timeOnce.Do(func() { sc.timeErr = sc.buildTimes(v.c.loc, v.c.halfLife) })
	return sc, sc.timeErr
}

// dayRange returns the first and last day of any article in the view;
// ok is false when none is dated.
func (v *colView) dayRange() (lo, hi int32, ok bool, err error) {
	lo, hi = math.MaxInt32, math.MinInt32
	for i := range v.segs {
		sc, err := v.times(i)
		if err != nil {
			return 0, 0, false, err
		}
		if sc.minDay <= sc.maxDay {
			lo, hi, ok = min(lo, sc.minDay), max(hi, sc.maxDay), true
		}
	}
	return lo, hi, ok, nil
}

func (sc *segColumns) buildTimes(loc *time.Location, halfLife time.Duration) error {
	sc.pub = make([]int64, sc.n)
	sc.day = make([]int32, sc.n)
	sc.growth = make([]float64, sc.n)
	sc.minDay, sc.maxDay = math.MaxInt32, math.MinInt32
	for d := range sc.day {
		sc.day[d] = noDay
	}
	err := sc.visit(pulse.FieldPublishedNanos, func(d uint32, term []byte) {
		if sc.day[d] != noDay {
			return
		}
		t, ok := pulse.DecodeTime(term)
		if !ok {
			return
		}
		day := int32(dayOf(time.Unix(0, t), loc))
		sc.pub[d], sc.day[d], sc.growth[d] = t, day, growthAt(t, halfLife)
		sc.minDay, sc.maxDay = min(sc.minDay, day), max(sc.maxDay, day)
	})
	return err
}

// keys returns the segment's tie-breaker keys, building them on first
// use.
func (v *colView) keys(i int) (*segColumns, error) {
	sc := v.segs[i]
	sc.keyOnce.Do(func() {
		sc.key = make([]uint64, sc.n)
		sc.keyErr = sc.visit(pulse.FieldSortID, func(d uint32, term []byte) { sc.key[d] = tieKey(term) })
	})
	return sc, sc.keyErr
}

// tieKey orders articles of equal score or date by their id, not by
// their place in the index: bleve breaks such ties by document number,
// which differs between replicas of one log (and changes when segments
// merge), so that two nodes holding the same articles listed different
// ones at the end of a page. A hash of the id costs a number per
// article and is the same everywhere.
func tieKey(id []byte) uint64 {
	h := fnv.New64a()
	h.Write(id)
	return h.Sum64()
}

// column returns the segment's column of a field, building it on first use.
func (v *colView) column(i int, field string) (*multiColumn, error) {
	sc := v.segs[i]
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if mc := sc.fields[field]; mc != nil {
		return mc, nil
	}
	mc := &multiColumn{start: make([]uint32, sc.n+1)}
	ordOf := map[string]uint32{}
	last := -1
	err := sc.visit(field, func(d uint32, term []byte) {
		// Doc values come in document order; close the rows skipped.
		for last < int(d) {
			last++
			mc.start[last] = uint32(len(mc.ords))
		}
		o, ok := ordOf[string(term)]
		if !ok {
			o = uint32(len(mc.dict))
			s := string(term)
			ordOf[s] = o
			mc.dict = append(mc.dict, s)
		}
		mc.ords = append(mc.ords, o)
	})
	if err != nil {
		return nil, err
	}
	for last < sc.n {
		last++
		mc.start[last] = uint32(len(mc.ords))
	}
	sc.fields[field] = mc
	return mc, nil
}

// visit calls fn with every doc value of field in the segment, document
// by document.
func (sc *segColumns) visit(field string, fn func(d uint32, term []byte)) error {
	dv, ok := sc.seg.(segment.DocValueVisitable)
	if !ok {
		return fmt.Errorf("search: segment %T has no doc values", sc.seg)
	}
	fields := []string{field}
	var state segment.DocVisitState
	var err error
	for d := 0; d < sc.n; d++ {
		doc := uint32(d)
		state, err = dv.VisitDocValues(uint64(d), fields, func(_ string, term []byte) { fn(doc, term) }, state)
		if err != nil {
			return fmt.Errorf("search: read %s doc values: %w", field, err)
		}
	}
	return nil
}

// postings returns the segment's documents that have any of terms in
// field: a facet filter, read from the inverted index. The result must
// not be modified.
func (v *colView) postings(i int, field string, terms map[string]bool) (*roaring.Bitmap, error) {
	var out *roaring.Bitmap
	for t := range terms {
		b, err := v.segs[i].termPostings(field, t)
		if err != nil {
			return nil, err
		}
		switch {
		case out == nil:
			out = b
		case len(terms) > 1:
			out = roaring.Or(out, b)
		}
	}
	if out == nil {
		out = roaring.New()
	}
	return out, nil
}

// termPostings returns the documents with term in field, from the cache
// when it holds them.
func (sc *segColumns) termPostings(field, term string) (*roaring.Bitmap, error) {
	key := field + "\x00" + term
	sc.mu.Lock()
	b := sc.terms[key]
	sc.mu.Unlock()
	if b != nil {
		return b, nil
	}
	b = roaring.New()
	dict, err := sc.seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, err
	}
	it := pl.Iterator(false, false, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, err
		}
		if p == nil {
			break
		}
		b.Add(uint32(p.Number()))
	}
	sc.mu.Lock()
	if len(sc.terms) < maxCachedTerms {
		sc.terms[key] = b
	}
	sc.mu.Unlock()
	return b, nil
}

// Warm builds the columns every default search reads (dates, every
// facet's labels, clusters) for the index's current segments, so that the
// first searches after a start do not pay for them. Segments written or
// merged later are built by the first search that reaches them.
func (s *Searcher) Warm(ctx context.Context) error {
	adv, err := s.idx.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	v, err := s.cols.view(r)
	if err != nil {
		return err
	}
	for i := range v.segs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := v.times(i); err != nil {
			return err
		}
		if _, err := v.keys(i); err != nil {
			return err
		}
		for _, f := range pulse.Facets {
			if _, err := v.column(i, pulse.LabelField(f)); err != nil {
				return err
			}
		}
		if _, err := v.column(i, pulse.FieldCluster); err != nil {
			return err
		}
	}
	return nil
}

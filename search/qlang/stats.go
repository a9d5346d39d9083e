package qlang

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
)

// Stats are an index's BM25 statistics: its article count and, for each
// field of pulse.LengthFields and for the whole text (pulse.TextLength),
// the exact number of analysed tokens and of articles having the field,
// read from the pulse.FieldLengths terms the indexer writes with every
// article.
//
// bleve 2.6.3 takes a field's average length as its count of distinct
// terms divided by the articles (IndexSnapshot.FieldCardinality): for news
// bodies about 6 where the true mean is about 130, which crushes every long
// story. It reads its statistics from the context when search.BM25StatsKey
// is set (its alias pre-search does that), so Context hands it the true
// totals; the field-combining searcher of this package reads them too.
type Stats struct {
	Docs uint64
	// Tokens and Present are per field: tokens in all articles, and the
	// articles having at least one.
	Tokens  map[string]uint64
	Present map[string]uint64
	bleve   *search.BM25Stats
}

// statsKey carries *Stats in a context.
type statsKey struct{}

// AvgLen returns the mean of the length field's norm records, over the
// articles having it: for a text field (pulse.TextFields) the length of
// the whole text, for any other the field's own. It is 0 when no article
// has it or its lengths are not recorded.
func (s *Stats) AvgLen(field string) float64 {
	if pulse.IsTextField(field) {
		field = pulse.TextLength
	}
	if s == nil || s.Present[field] == 0 {
		return 0
	}
	return float64(s.Tokens[field]) / float64(s.Present[field])
}

// MeanTokens returns the mean number of tokens the fields hold together,
// over every article; 0 for an empty index.
func (s *Stats) MeanTokens(fields ...string) float64 {
	if s == nil || s.Docs == 0 {
		return 0
	}
	var n uint64
	for _, f := range fields {
		n += s.Tokens[f]
	}
	return float64(n) / float64(s.Docs)
}

// Context returns ctx carrying s for bleve's term scorer and for this
// package's searchers.
func (s *Stats) Context(ctx context.Context) context.Context {
	if s == nil {
		return ctx
	}
	return context.WithValue(context.WithValue(ctx, search.BM25StatsKey, s.bleve), statsKey{}, s)
}

// statsFrom returns the Stats ctx carries, or reads them from r.
func statsFrom(ctx context.Context, r index.IndexReader) (*Stats, error) {
	if s, ok := ctx.Value(statsKey{}).(*Stats); ok {
		return s, nil
	}
	return ReadStats(ctx, r)
}

// ReadStats reads the statistics of the index r is a snapshot of. Its
// cost is a few hundred dictionary lookups, whatever the index's size;
// StatsCache keeps the result between writes.
//
// It returns the errors of reading the index.
func ReadStats(ctx context.Context, r index.IndexReader) (*Stats, error) {
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	s := &Stats{Docs: docs, Tokens: map[string]uint64{}, Present: map[string]uint64{}}
	count := func(term string) (uint64, error) {
		tfr, err := r.TermFieldReader(ctx, []byte(term), pulse.FieldLengths, false, false, false)
		if err != nil {
			return 0, err
		}
		n := tfr.Count()
		return n, tfr.Close()
	}
	for _, f := range append(slices.Clip(pulse.LengthFields), pulse.TextLength) {
		n, err := count(pulse.PresentTerm(f))
		if err != nil || n == 0 {
			if err != nil {
				return nil, fmt.Errorf("read %s statistics: %w", f, err)
			}
			continue
		}
		s.Present[f] = n
		var total uint64
		for i := 0; i < pulse.LengthBits; i++ {
			c, err := count(pulse.LengthTerm(f, i))
			if err != nil {
				return nil, fmt.Errorf("read %s statistics: %w", f, err)
			}
			total += c << i
		}
		s.Tokens[f] = total
	}
	// bleve needs an entry for every field a query may score, or its term
	// searcher fails: every field of the index, those of Pulse's layout
	// that no article has yet, and the pseudo-fields bleve's own
	// searchers name. Fields without recorded lengths keep bleve's figure.
	card := map[string]int{"*": 0, "_all": 0, "_id": 0}
	fields, err := r.Fields()
	if err != nil {
		return nil, err
	}
	fields = append(fields, pulse.LengthFields...)
	fields = append(fields, pulse.FieldURL, pulse.FieldContentHash, pulse.FieldCluster, pulse.FieldDupBand,
		pulse.FieldPublishedNanos, pulse.FieldSortID, pulse.FieldSpell, pulse.FieldPublishedAt, pulse.FieldLengths)
	for _, f := range pulse.Facets {
		fields = append(fields, pulse.LabelField(f))
	}
	br, _ := r.(index.BM25Reader)
	for _, f := range fields {
		if avg := s.AvgLen(f); avg > 0 {
			// bleve divides by every article, not those having the field,
			// and rounds the mean up: scale the total so that the mean it
			// computes is the mean over the articles having the field.
			card[f] = int(avg * float64(docs))
			continue
		}
		if br != nil {
			n, err := br.FieldCardinality(f)
			if err != nil {
				return nil, err
			}
			card[f] = n
		}
	}
	s.bleve = &search.BM25Stats{DocCount: float64(docs), FieldCardinality: card}
	return s, nil
}

// Reader opens a snapshot of an index; bleve.Index's Advanced gives one.
type Reader interface {
	Reader() (index.IndexReader, error)
}

// StatsCache keeps an index's Stats until Reset, which the searcher calls
// after every write, so a search pays nothing for them.
type StatsCache struct {
	open func() (Reader, error)

	mu sync.Mutex
	s  *Stats
}

// NewStatsCache returns a cache over the index open returns.
func NewStatsCache(open func() (Reader, error)) *StatsCache {
	return &StatsCache{open: open}
}

// Get returns the statistics, reading them when none are kept.
//
// It returns the errors of opening and reading the index.
func (c *StatsCache) Get(ctx context.Context) (*Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s != nil {
		return c.s, nil
	}
	ix, err := c.open()
	if err != nil {
		return nil, err
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	s, err := ReadStats(ctx, r)
	if err != nil {
		return nil, err
	}
	c.s = s
	return s, nil
}

// Reset drops the kept statistics.
func (c *StatsCache) Reset() {
	c.mu.Lock()
	c.s = nil
	c.mu.Unlock()
}

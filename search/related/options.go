package related

import (
	"fmt"
	"time"
)

// Defaults of Options; a zero field takes its default.
//
// MaxTerms and MaxDocShare were 15 and 0.2: on 1M generated articles the
// candidate search over the 15 terms' posting lists took 92% of a cold
// list (p50 77 ms, p99 217). With 10 terms, none in more than 5% of the
// articles, it takes p50 30 / p99 76 ms, and the ECB+ development scores
// move from P@5 0.962, MRR 0.992, other-event 0.036 to 0.954, 0.987,
// 0.044 (`pulse-eval related -max-terms 10 -max-doc-share 0.05`).
const (
	DefaultMaxTerms     = 10
	DefaultTitleWeight  = 2.0
	DefaultMaxDocShare  = 0.05
	DefaultEntityWeight = 1.0
	DefaultMaxEntities  = 12
	DefaultHalfLife     = 30 * 24 * time.Hour
	DefaultTimeFloor    = 0.3
	DefaultCandidates   = 20
	DefaultMinScore     = 0.05
	DefaultLimit        = 5
	DefaultMaxLimit     = 50
	DefaultCacheSize    = 4096
)

// Options configure a Finder. Every signal is on unless switched off; a
// zero numeric field takes its default (the Default… constants).
type Options struct {
	// NoTerms, NoEntities and NoTime switch off one signal each: the
	// distinctive terms, the shared entities, the time decay. They exist
	// for the ablation of the evaluation and for operators who distrust
	// one signal; with terms and entities both off nothing is found.
	NoTerms    bool
	NoEntities bool
	NoTime     bool
	// NoRerank orders the candidates by the retrieval query's BM25 score
	// (relative to the best) instead of their cosine similarity to the
	// article: no candidate is analysed but the few shown, so a list with
	// nothing cached costs less, and same-kind stories of other events
	// rank higher (see the evaluation).
	NoRerank bool

	// MaxTerms is the number of the article's most distinctive terms the
	// retrieval stage queries (the re-ranking compares all terms).
	MaxTerms int
	// TitleWeight is how many times a term of the title counts against
	// one of the body, both in the article and in the candidates.
	TitleWeight float64
	// MaxDocShare leaves out terms found in more than this share of the
	// articles: they say little and cost much to match.
	MaxDocShare float64

	// EntityWeight weighs an entity against a term: an entity counts
	// EntityWeight · salience · idf in the vectors (a term counts
	// (1 + ln tf) · idf), and its retrieval clause is boosted by
	// EntityWeight · salience.
	EntityWeight float64
	// MaxEntities is the number of the article's entities the retrieval
	// stage queries, the rarest and most salient first.
	MaxEntities int

	// HalfLife is the time apart (either way) at which the time factor of
	// a candidate has fallen half-way from 1 to TimeFloor.
	HalfLife time.Duration
	// TimeFloor is the factor of a candidate infinitely far apart in
	// time, in (0, 1]; 1 switches the decay off as NoTime does.
	TimeFloor float64

	// Candidates is the number of hits re-ranked for a list (at least
	// twice the list's limit).
	Candidates int
	// MinScore is the least score shown: a list ends rather than show an
	// article that shares little more than common words. Negative shows
	// everything found.
	MinScore float64
	// DefaultLimit is the list length when Query.Limit is 0; MaxLimit caps
	// Query.Limit.
	DefaultLimit int
	MaxLimit     int

	// CacheSize bounds the number of lists kept, and twice as many
	// candidate vectors; negative disables both caches.
	CacheSize int

	// Copies decides which articles are copies of one story; nil uses
	// TextCopies.
	Copies Copies
	// Now is the clock, for Query.MaxAgeDays and for drafts without a
	// date; nil uses time.Now.
	Now func() time.Time
}

// Validate reports the first option out of range, naming it and its
// value. Zero fields are valid: they take defaults.
func (o Options) Validate() error {
	switch {
	case o.MaxTerms < 0:
		return fmt.Errorf("related: max_terms: must be 0 (default) or more, got %d", o.MaxTerms)
	case o.TitleWeight < 0:
		return fmt.Errorf("related: title_weight: must be 0 (default) or more, got %g", o.TitleWeight)
	case o.MaxDocShare < 0 || o.MaxDocShare > 1:
		return fmt.Errorf("related: max_doc_share: must be between 0 (default) and 1, got %g", o.MaxDocShare)
	case o.EntityWeight < 0:
		return fmt.Errorf("related: entity_weight: must be 0 (default) or more, got %g", o.EntityWeight)
	case o.MaxEntities < 0:
		return fmt.Errorf("related: max_entities: must be 0 (default) or more, got %d", o.MaxEntities)
	case o.HalfLife < 0:
		return fmt.Errorf("related: half_life: must be 0 (default) or more, got %s", o.HalfLife)
	case o.TimeFloor < 0 || o.TimeFloor > 1:
		return fmt.Errorf("related: time_floor: must be between 0 (default) and 1, got %g", o.TimeFloor)
	case o.Candidates < 0:
		return fmt.Errorf("related: candidates: must be 0 (default) or more, got %d", o.Candidates)
	case o.MinScore >= 1:
		return fmt.Errorf("related: min_score: must be below 1, got %g", o.MinScore)
	case o.DefaultLimit < 0:
		return fmt.Errorf("related: default_limit: must be 0 (default) or more, got %d", o.DefaultLimit)
	case o.MaxLimit < 0:
		return fmt.Errorf("related: max_limit: must be 0 (default) or more, got %d", o.MaxLimit)
	}
	o = o.withDefaults()
	if o.DefaultLimit > o.MaxLimit {
		return fmt.Errorf("related: default_limit: must not exceed max_limit %d, got %d", o.MaxLimit, o.DefaultLimit)
	}
	return nil
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.MaxTerms, DefaultMaxTerms)
	deff(&o.TitleWeight, DefaultTitleWeight)
	deff(&o.MaxDocShare, DefaultMaxDocShare)
	deff(&o.EntityWeight, DefaultEntityWeight)
	def(&o.MaxEntities, DefaultMaxEntities)
	if o.HalfLife == 0 {
		o.HalfLife = DefaultHalfLife
	}
	deff(&o.TimeFloor, DefaultTimeFloor)
	def(&o.Candidates, DefaultCandidates)
	deff(&o.MinScore, DefaultMinScore)
	def(&o.DefaultLimit, DefaultLimit)
	def(&o.MaxLimit, DefaultMaxLimit)
	def(&o.CacheSize, DefaultCacheSize)
	if o.Copies == nil {
		o.Copies = TextCopies{}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

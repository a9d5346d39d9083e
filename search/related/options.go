package related

import (
	"fmt"
	"time"

	"github.com/pulsesearch/pulse/config"
)

// The method's own constants, which no configuration key sets.
const (
	// titleWeight is how many times a term of the title counts.
	titleWeight = 2.0
	// maxEntities is how many entities the retrieval stage queries.
	maxEntities = 12
)

// FromConfig returns the options of the related.* configuration keys,
// every value used as given: related.min_score 0 shows whatever is found,
// related.entity_weight 0 gives shared entities no weight, and
// related.cache_size 0 turns the caches off. The values are the
// configuration's; call Validate before New to reject out-of-range ones.
// Options for a test or the evaluation start from
// FromConfig(config.Defaults().Related) and change what they vary.
//
// MaxTerms 10 and MaxDocShare 0.05 (config.Defaults) were 15 and 0.2: on
// 1M generated articles the candidate search over the 15 terms' posting
// lists took 92% of a cold list (p50 77 ms, p99 217). With 10 terms, none
// in more than 5% of the articles, it takes p50 30 / p99 76 ms, and the
// ECB+ development scores move from P@5 0.962, MRR 0.992, other-event
// 0.036 to 0.954, 0.987, 0.044 (`pulse-eval related -max-terms 10
// -max-doc-share 0.05`).
func FromConfig(c config.Related) Options {
	return Options{
		NoRerank:       !c.Rerank,
		MaxTerms:       c.MaxTerms,
		TitleWeight:    titleWeight,
		MaxDocShare:    c.MaxDocShare,
		EntityWeight:   c.EntityWeight,
		MaxEntities:    maxEntities,
		HalfLife:       c.HalfLife,
		TimeFloor:      c.TimeFloor,
		Candidates:     c.Candidates,
		MinScore:       c.MinScore,
		DefaultLimit:   c.DefaultLimit,
		MaxLimit:       c.MaxLimit,
		CacheSize:      c.CacheSize,
		CopySimilarity: c.CopySimilarity,
	}
}

// Options configure a Finder. Every signal is on unless switched off.
//
// Every field is used as given, zeros included: no field stands for "not
// given". Make Options with FromConfig, from the configuration or from
// config.Defaults(); Validate rejects the out-of-range values, so the
// zero Options, whose limits and term count are 0, is refused.
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
	// candidate vectors; zero or negative disables both caches.
	CacheSize int

	// CopySimilarity is the body similarity from which the TextCopies
	// used when Copies is nil calls two articles with the same title
	// copies (related.copy_similarity); 0 calls the same title enough.
	CopySimilarity float64
	// Copies decides which articles are copies of one story; nil uses
	// TextCopies{MinSimilarity: CopySimilarity}.
	Copies Copies
	// Now is the clock, for Query.MaxAgeDays and for drafts without a
	// date; nil uses time.Now.
	Now func() time.Time
}

// Validate reports the first option out of range, naming it and its
// value. The ranges are those config.Validate gives the related.* keys,
// and for the fields no key sets (TitleWeight, MaxEntities), 0 or more.
func (o Options) Validate() error {
	switch {
	case o.MaxTerms < 1:
		return fmt.Errorf("related: max_terms: must be 1 or more, got %d", o.MaxTerms)
	case o.TitleWeight < 0:
		return fmt.Errorf("related: title_weight: must be 0 or more, got %g", o.TitleWeight)
	case o.MaxDocShare <= 0 || o.MaxDocShare > 1:
		return fmt.Errorf("related: max_doc_share: must be above 0 and at most 1, got %g", o.MaxDocShare)
	case o.EntityWeight < 0:
		return fmt.Errorf("related: entity_weight: must be 0 or more, got %g", o.EntityWeight)
	case o.MaxEntities < 0:
		return fmt.Errorf("related: max_entities: must be 0 or more, got %d", o.MaxEntities)
	case o.HalfLife <= 0:
		return fmt.Errorf("related: half_life: must be a positive duration, got %s", o.HalfLife)
	case o.TimeFloor <= 0 || o.TimeFloor > 1:
		return fmt.Errorf("related: time_floor: must be above 0 and at most 1, got %g", o.TimeFloor)
	case o.Candidates < 1:
		return fmt.Errorf("related: candidates: must be 1 or more, got %d", o.Candidates)
	case o.MinScore >= 1:
		return fmt.Errorf("related: min_score: must be below 1, got %g", o.MinScore)
	case o.MaxLimit < 1:
		return fmt.Errorf("related: max_limit: must be 1 or more, got %d", o.MaxLimit)
	case o.DefaultLimit < 1 || o.DefaultLimit > o.MaxLimit:
		return fmt.Errorf("related: default_limit: must be between 1 and max_limit %d, got %d", o.MaxLimit, o.DefaultLimit)
	case o.CopySimilarity < 0 || o.CopySimilarity > 1:
		return fmt.Errorf("related: copy_similarity: must be between 0 and 1, got %g", o.CopySimilarity)
	}
	return nil
}

// withDeps fills the dependencies left nil, which are not settings: the
// copy test and the clock.
func (o Options) withDeps() Options {
	if o.Copies == nil {
		o.Copies = TextCopies{MinSimilarity: o.CopySimilarity}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

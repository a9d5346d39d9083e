package related

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/internal/lru"
	"github.com/pulsesearch/pulse/search/qlang"
)

// Query narrows one related list.
type Query struct {
	// Limit is the list's length: 0 means Options.DefaultLimit; it must
	// not exceed Options.MaxLimit.
	Limit int
	// MaxAgeDays, when positive, keeps only articles published in the
	// last MaxAgeDays days, counted back from the start of the current
	// hour (so a cached list stays valid within the hour).
	MaxAgeDays int
	// Since, when set, keeps only articles published at or after it.
	Since time.Time
	// Exclude lists article ids never to show.
	Exclude []string
}

// Story is one related article, as the API returns it.
type Story struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	URL         string    `json:"url,omitempty"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	Source      string    `json:"source,omitempty"`
	// Score is the similarity to the article, from 0 (nothing shared) to
	// 1 (the same words and entities in the same proportions), times the
	// time factor.
	Score float64 `json:"score"`
	// Reason says what the two share, for people: "shared: Lindsay
	// Lohan, Malibu; terms: rehab, probation".
	Reason string `json:"reason"`
}

// Finder finds the stories related to an article. It is safe for
// concurrent use.
type Finder struct {
	idx  bleve.Index
	opts Options

	english, arabic textFields
	analyzerErr     error

	lists *lru.Cache[[]Story]    // nil when the cache is disabled
	vecs  *lru.Cache[*docVector] // the candidates' vectors, by id; nil likewise

	dfMu  sync.RWMutex
	df    map[dfKey]uint64
	dfGen uint64 // bumped by every clearing, as lru's generation

	stats *qlang.StatsCache // BM25 statistics, dropped with df
}

// maxDFCache bounds the document-frequency cache; past it the cache
// starts again empty.
const maxDFCache = 1 << 18

// vectorsPerList is the number of candidate vectors cached per list the
// cache holds: lists overlap, so a few per list covers them. A vector
// takes about 40 bytes per distinct term of its article (2–4 KB for a
// news story), so the default CacheSize keeps some 20–30 MB of vectors.
const vectorsPerList = 2

// New returns a Finder over idx, an index with Pulse's layout (the
// fields of package pulse). opts are used as Options describes; call
// opts.Validate first to reject out-of-range values.
func New(idx bleve.Index, opts Options) *Finder {
	f := &Finder{idx: idx, opts: opts.withDeps(), df: map[dfKey]uint64{}}
	f.stats = qlang.NewStatsCache(func() (qlang.Reader, error) { return idx.Advanced() })
	m := idx.Mapping()
	name := m.AnalyzerNameForPath(pulse.FieldBody)
	f.english = textFields{title: pulse.FieldTitle, body: pulse.FieldBody, analyzer: m.AnalyzerNamed(name)}
	if f.english.analyzer == nil {
		f.analyzerErr = fmt.Errorf("related: the index mapping has no analyzer %q for field %s", name, pulse.FieldBody)
	}
	f.arabic = textFields{title: pulse.FieldTitleAr, body: pulse.FieldBodyAr, analyzer: m.AnalyzerNamed(m.AnalyzerNameForPath(pulse.FieldBodyAr))}
	if f.arabic.analyzer == nil {
		// A process without bleve's Arabic analyser can still serve the
		// other articles.
		f.arabic = f.english
	}
	if f.opts.CacheSize > 0 {
		f.lists = lru.New[[]Story](f.opts.CacheSize)
		f.vecs = lru.New[*docVector](vectorsPerList * f.opts.CacheSize)
	}
	return f
}

// Options returns the options in effect, the nil dependencies filled in.
func (f *Finder) Options() Options { return f.opts }

// Related returns the stories related to the indexed article id, best
// first: never the article itself nor a copy of it, and one article per
// group of copies. Lists are cached until an invalidation.
//
// It returns a pulse.Error with code ENotFound naming the id when there
// is no such article, one with code EInvalid naming the parameter for a
// bad query, and a plain error for a fault of the index.
func (f *Finder) Related(ctx context.Context, id string, q Query) ([]Story, error) {
	lq, err := f.check(q)
	if err != nil {
		return nil, err
	}
	var gen uint64
	key := lq.key(id)
	if f.lists != nil {
		l, g, ok := f.lists.Get(key)
		if ok {
			return slices.Clone(l), nil
		}
		gen = g
	}
	a, cluster, err := f.article(ctx, id)
	if err != nil {
		return nil, err
	}
	stories, err := f.find(ctx, a, cluster, true, lq)
	if err != nil {
		return nil, err
	}
	if f.lists != nil {
		f.lists.Put(key, slices.Clone(stories), gen)
	}
	return stories, nil
}

// RelatedTo returns the stories related to an article that is not
// indexed, such as a draft: its title, summary and body are read, and its
// entities when set (run the extractor first to use them). A draft
// without PublishedAt is dated now for the time signal. If a.ID is set,
// that article is left out. Lists for drafts are not cached.
//
// It returns a pulse.Error with code EInvalid when the article has
// neither title nor body or the query is bad, and a plain error for a
// fault of the index.
func (f *Finder) RelatedTo(ctx context.Context, a *pulse.Article, q Query) ([]Story, error) {
	if a == nil || !a.HasText() {
		return nil, pulse.ParamError("article", "needs a title or a body")
	}
	lq, err := f.check(q)
	if err != nil {
		return nil, err
	}
	d := *a
	if d.PublishedAt.IsZero() {
		d.PublishedAt = f.opts.Now().UTC()
	}
	return f.find(ctx, &d, "", false, lq)
}

// Invalidate is what to call after a write batch, with the ids of the
// articles written or deleted (the index writer's OnWrite hook). It
// drops:
//   - every cached list: a new or changed article may now belong in any
//     list, and a deleted or changed one must leave the lists showing it;
//   - the cached vectors of ids: their text changed;
//   - the cached document frequencies: every weight is computed from
//     them, and a term only one article held may now be shared.
//
// It keeps the vectors of the other articles: their weights drift only
// with the document frequencies, which one batch barely moves, and a
// vector is recomputed anyway once the number of articles has changed by
// a tenth since it was computed.
func (f *Finder) Invalidate(ids ...string) {
	f.clearDF()
	if f.lists == nil {
		return
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	f.lists.Clear()
	f.vecs.Drop(func(id string, _ *docVector) bool { return set[id] })
}

// InvalidateAll drops every cached list, vector and document frequency,
// for writes that change much at once (a reindex, a bulk delete).
func (f *Finder) InvalidateAll() {
	f.clearDF()
	if f.lists != nil {
		f.lists.Clear()
		f.vecs.Clear()
	}
}

// CacheStats returns the list cache's counters; all zero when the cache
// is disabled.
func (f *Finder) CacheStats() CacheStats {
	if f.lists == nil {
		return CacheStats{}
	}
	return f.lists.Stats()
}

// listQuery is a checked Query, the age limit turned into a date.
type listQuery struct {
	limit   int
	from    time.Time // zero: no lower bound
	exclude []string
}

func (q listQuery) key(id string) string {
	var b strings.Builder
	b.WriteString(id)
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(q.limit))
	b.WriteByte(0)
	if !q.from.IsZero() {
		b.WriteString(strconv.FormatInt(q.from.UnixNano(), 36))
	}
	for _, x := range q.exclude {
		b.WriteByte(0)
		b.WriteString(x)
	}
	return b.String()
}

func (f *Finder) check(q Query) (listQuery, error) {
	lq := listQuery{limit: q.Limit}
	switch {
	case q.Limit == 0:
		lq.limit = f.opts.DefaultLimit
	case q.Limit < 1 || q.Limit > f.opts.MaxLimit:
		return lq, pulse.ParamError("limit", "must be between 1 and %d, got %d", f.opts.MaxLimit, q.Limit)
	}
	if q.MaxAgeDays < 0 {
		return lq, pulse.ParamError("max_age_days", "must be 0 (no limit) or more, got %d", q.MaxAgeDays)
	}
	if q.MaxAgeDays > 0 {
		lq.from = f.opts.Now().UTC().Truncate(time.Hour).AddDate(0, 0, -q.MaxAgeDays)
	}
	if !q.Since.IsZero() && q.Since.UTC().After(lq.from) {
		lq.from = q.Since.UTC()
	}
	if len(q.Exclude) > 0 {
		lq.exclude = slices.Clone(q.Exclude)
		slices.Sort(lq.exclude)
		lq.exclude = slices.Compact(lq.exclude)
	}
	return lq, nil
}

// article reads an indexed article back from its stored source and
// entities, with its copy cluster.
func (f *Finder) article(ctx context.Context, id string) (*pulse.Article, string, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = storedFields
	res, err := f.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, "", fmt.Errorf("related: read article %q: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, "", &pulse.Error{Code: pulse.ENotFound, Message: fmt.Sprintf("article %q: not found", id), Parameter: "id"}
	}
	a, err := decodeArticle(id, res.Hits[0].Fields)
	if err != nil {
		return nil, "", err
	}
	cluster, _ := res.Hits[0].Fields[pulse.FieldCluster].(string)
	return a, cluster, nil
}

// storedFields are the stored fields read for an article.
var storedFields = append(append([]string(nil), pulse.StoredFields...), pulse.FieldCluster)

// decodeArticle rebuilds an article from its stored fields, as package
// search does.
func decodeArticle(id string, fields map[string]any) (*pulse.Article, error) {
	a, _, err := pulse.StoredArticle(id, fields)
	if err != nil {
		return nil, fmt.Errorf("related: %w", err)
	}
	return a, nil
}

// candidate is one hit being ranked.
type candidate struct {
	a       *pulse.Article
	cluster string
	vec     *docVector
	score   float64
}

// find ranks the articles related to a, whose copy cluster is cluster.
// indexed says a is in the index.
//
// Two stages: a weighted disjunction of the article's distinctive terms
// and entities finds Candidates articles (BM25); each is then scored by
// its similarity to the article (the cosine of whole tf-idf vectors,
// which, unlike BM25, also counts what the candidate has and the article
// lacks: the other event's own names and words) times the time factor.
func (f *Finder) find(ctx context.Context, a *pulse.Article, cluster string, indexed bool, lq listQuery) ([]Story, error) {
	if f.analyzerErr != nil {
		return nil, f.analyzerErr
	}
	vw, err := f.view()
	if err != nil {
		return nil, err
	}
	defer vw.r.Close()
	b, err := f.bounds(vw, indexed)
	if err != nil {
		return nil, err
	}
	cb := b
	cb.minDF = 2 // the candidates are indexed
	var ents map[string][]pulse.Entity
	if !f.opts.NoEntities {
		if indexed {
			if ents, err = entitiesOf(vw, a.ID, a); err != nil {
				return nil, fmt.Errorf("related: entities of %q: %w", a.ID, err)
			}
		} else {
			ents = entitiesOfDraft(a)
		}
	}
	v, ts, es, err := f.vectorOf(ctx, vw, a, ents, b)
	if err != nil {
		return nil, err
	}
	qv := v.query(a, ts)
	q := f.retrievalQuery(f.fields(a.Language), ts, es)
	if q == nil {
		return []Story{}, nil
	}
	root := q
	if !lq.from.IsZero() || len(lq.exclude) > 0 {
		bq := bleve.NewBooleanQuery()
		bq.AddMust(q)
		if !lq.from.IsZero() {
			t := true
			dr := bleve.NewDateRangeInclusiveQuery(lq.from, time.Time{}, &t, &t)
			dr.SetField(pulse.FieldPublishedAt)
			bq.AddFilter(dr)
		}
		if len(lq.exclude) > 0 {
			bq.AddMustNot(bleve.NewDocIDQuery(lq.exclude))
		}
		root = bq
	}
	// Enough hits that, once the article and copies are dropped, the list
	// can still be filled and re-ranked.
	size := max(f.opts.Candidates, 2*lq.limit) + 1
	req := bleve.NewSearchRequestOptions(root, size, 0, false)
	req.Fields = storedFields
	if ctx, err = f.withStats(ctx); err != nil {
		return nil, err
	}
	res, err := f.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("related: search: %w", err)
	}
	cands := make([]candidate, 0, len(res.Hits))
	best := res.MaxScore
	for _, h := range res.Hits {
		if h.ID == a.ID {
			continue
		}
		c, err := decodeArticle(h.ID, h.Fields)
		if err != nil {
			return nil, err
		}
		cl, _ := h.Fields[pulse.FieldCluster].(string)
		cand := candidate{a: c, cluster: cl}
		if f.opts.NoRerank {
			cand.score = h.Score / best
		} else {
			if cand.vec, err = f.candidateVector(ctx, vw, c, cb); err != nil {
				return nil, err
			}
			cand.score = similarity(qv, cand.vec)
		}
		cand.score *= f.timeFactor(a.PublishedAt, c.PublishedAt)
		cands = append(cands, cand)
	}
	slices.SortStableFunc(cands, func(x, y candidate) int { return cmp.Compare(y.score, x.score) })
	picked := f.collapse(candidate{a: a, cluster: cluster}, cands, lq.limit)
	stories := make([]Story, 0, len(picked))
	for _, c := range picked {
		if c.score <= 0 || c.score < f.opts.MinScore {
			break
		}
		if c.vec == nil {
			// Not re-ranked: the vector is needed for the reason only.
			if c.vec, err = f.candidateVector(ctx, vw, c.a, cb); err != nil {
				return nil, err
			}
		}
		stories = append(stories, Story{
			ID: c.a.ID, Title: c.a.Title, URL: c.a.URL, PublishedAt: c.a.PublishedAt, Source: c.a.Source,
			Score:  math.Round(c.score*1e4) / 1e4,
			Reason: reason(qv, c.vec),
		})
	}
	return stories, nil
}

// drifted reports whether the number of articles has changed by more
// than a tenth from then to now.
func drifted(then, now uint64) bool {
	d := max(then, now) - min(then, now)
	return d*10 > now
}

// candidateVector returns the vector of an indexed article, from the
// cache when it has it.
func (f *Finder) candidateVector(ctx context.Context, vw *view, c *pulse.Article, b dfBounds) (*docVector, error) {
	var gen uint64
	if f.vecs != nil {
		v, g, ok := f.vecs.Get(c.ID)
		if ok && !drifted(v.docs, b.docs) {
			return v, nil
		}
		gen = g
	}
	var ents map[string][]pulse.Entity
	if !f.opts.NoEntities {
		var err error
		if ents, err = entitiesOf(vw, c.ID, c); err != nil {
			return nil, fmt.Errorf("related: entities of %q: %w", c.ID, err)
		}
	}
	v, _, _, err := f.vectorOf(ctx, vw, c, ents, b)
	if err != nil {
		return nil, err
	}
	if f.vecs != nil {
		f.vecs.Put(c.ID, v, gen)
	}
	return v, nil
}

// collapse walks the ranked candidates and keeps up to limit of them,
// leaving out copies of the article and keeping one article per group of
// copies: the earliest published, at the rank of the group's best. A
// candidate joins a group when it is a copy of any member, so a group
// holds copies found by the cluster and by the text alike.
func (f *Finder) collapse(a candidate, cands []candidate, limit int) []candidate {
	type group struct {
		shown   candidate
		members []candidate
	}
	var groups []*group
	self := []candidate{a}
	isCopy := func(members []candidate, c candidate) bool {
		return slices.ContainsFunc(members, func(m candidate) bool { return f.copies(m, c) })
	}
next:
	for _, c := range cands {
		if isCopy(self, c) {
			// A copy of a copy of the article is one too.
			self = append(self, c)
			continue
		}
		for _, g := range groups {
			if isCopy(g.members, c) {
				g.members = append(g.members, c)
				if earlier(c.a.PublishedAt, g.shown.a.PublishedAt) {
					score := g.shown.score
					g.shown = c
					g.shown.score = score
				}
				continue next
			}
		}
		if len(groups) == limit {
			// A later candidate may still be a copy of a shown story (and
			// earlier), so the walk goes on; it only stops adding stories.
			continue
		}
		groups = append(groups, &group{shown: c, members: []candidate{c}})
	}
	out := make([]candidate, len(groups))
	for i, g := range groups {
		out[i] = g.shown
	}
	return out
}

// copies reports whether two articles are copies of one story: in the
// same copy cluster of the index, or so judged by Options.Copies.
func (f *Finder) copies(x, y candidate) bool {
	if x.cluster != "" && x.cluster == y.cluster {
		return true
	}
	return f.opts.Copies.Same(x.a, y.a)
}

// earlier reports whether x is before y; an unknown date is never
// earlier than a known one.
func earlier(x, y time.Time) bool {
	switch {
	case x.IsZero():
		return false
	case y.IsZero():
		return true
	}
	return x.Before(y)
}

// timeFactor is 1 for articles published at the same time and falls
// towards TimeFloor as they are further apart, half-way at HalfLife.
// Without both dates there is nothing to compare and the factor is 1: a
// missing date is never guessed.
func (f *Finder) timeFactor(at, ct time.Time) float64 {
	if f.opts.NoTime || at.IsZero() || ct.IsZero() {
		return 1
	}
	d := at.Sub(ct)
	if d < 0 {
		d = -d
	}
	floor := f.opts.TimeFloor
	return floor + (1-floor)*math.Exp2(-float64(d)/float64(f.opts.HalfLife))
}

// dfKey names a term of a field in the document-frequency cache.
type dfKey struct{ field, term string }

// docFreq returns the number of articles whose field holds term, from the
// cache when it has it.
func (f *Finder) docFreq(ctx context.Context, vw *view, field, term string) (uint64, error) {
	key := dfKey{field, term}
	f.dfMu.RLock()
	n, ok := f.df[key]
	gen := f.dfGen
	f.dfMu.RUnlock()
	if ok {
		return n, nil
	}
	tfr, err := vw.r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("related: document frequency of %s:%q: %w", field, term, err)
	}
	n = tfr.Count()
	if err := tfr.Close(); err != nil {
		return 0, fmt.Errorf("related: document frequency of %s:%q: %w", field, term, err)
	}
	f.dfMu.Lock()
	if gen == f.dfGen {
		if len(f.df) >= maxDFCache {
			clear(f.df)
		}
		f.df[key] = n
	}
	f.dfMu.Unlock()
	return n, nil
}

func (f *Finder) clearDF() {
	f.dfMu.Lock()
	clear(f.df)
	f.dfGen++
	f.dfMu.Unlock()
	f.stats.Reset()
}

// textFields are the fields an article's title and body are indexed in
// and their analyser: Arabic articles have their own, as the indexer
// writes them.
type textFields struct {
	title, body string
	analyzer    analysis.Analyzer
}

// fields returns the text fields of an article in language lang.
func (f *Finder) fields(lang string) *textFields {
	if lang == "ar" {
		return &f.arabic
	}
	return &f.english
}

// view is one reader of the index for the whole of a list, so that the
// document frequencies, entities and vectors all come from one point in
// time; labels reads the entity labels, opened on first use.
type view struct {
	r      index.IndexReader
	labels index.DocValueReader
}

// view opens a reader on the index's current snapshot; the caller closes
// its r.
func (f *Finder) view() (*view, error) {
	adv, err := f.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("related: open index reader: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("related: open index reader: %w", err)
	}
	return &view{r: r}, nil
}

// CacheStats are the counters of the list cache, for metrics.
type CacheStats = lru.Stats

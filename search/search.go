package search

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/lru"
	"github.com/pulsesearch/pulse/search/qlang"
)

// Searcher runs searches against one index. It is safe for concurrent use.
type Searcher struct {
	idx  bleve.Index
	cfg  config.Search
	loc  *time.Location
	cols *columns
	// stats are the index's BM25 statistics, kept until the next write.
	stats *qlang.StatsCache

	// cache keeps results by request until the next write; nil when
	// search.cache_size is 0.
	cache *lru.Cache[*Result]

	mu      sync.Mutex
	newest  time.Time // of the newest article; zero when unknown
	known   bool
	aliases map[string]string // facet and folded alias → entity id ("" for none)
}

// New returns a Searcher over idx. loc is the zone of dates without one.
func New(idx bleve.Index, cfg config.Search, loc *time.Location) *Searcher {
	if loc == nil {
		loc = time.UTC
	}
	s := &Searcher{idx: idx, cfg: cfg, loc: loc, cols: newColumns(loc, cfg.RecencyHalfLife)}
	s.stats = s.newStats()
	s.SetCacheSize(cfg.CacheSize)
	return s
}

// Config returns the search limits.
func (s *Searcher) Config() config.Search { return s.cfg }

// Location returns the time zone of dates without one.
func (s *Searcher) Location() *time.Location { return s.loc }

// Invalidate drops what the searcher derived from the index's contents
// (the newest article's date, resolved aliases); the index writer calls it
// after writes.
func (s *Searcher) Invalidate(ids ...string) {
	s.mu.Lock()
	s.known = false
	s.aliases = nil
	c := s.cache
	s.mu.Unlock()
	s.stats.Reset()
	if c != nil {
		c.Clear()
	}
}

// Search runs a validated request: the top hits, the facet counts and the
// date histogram come from one walk over the matches (see pass).
//
// It returns a pulse.Error with code EInvalid for a query the parser
// refuses or a stale cursor, EUnavailable when the search outlives
// search.timeout, and a plain error for a fault of the index.
func (s *Searcher) Search(ctx context.Context, r Request) (*Result, error) {
	start := time.Now()
	// Results are cached by the whole request (explanations excepted:
	// they are for debugging, and large). A result computed while a write
	// came in is not kept (see lru.Cache.Put).
	c := s.resultCache()
	if c == nil || r.Explain {
		return s.search(ctx, start, r)
	}
	key := r.cacheKey()
	res, gen, ok := c.Get(key) // gen: the generation before the search
	if ok {
		out := *res
		out.TookMs = float64(time.Since(start).Microseconds()) / 1000
		out.Cached = true
		return &out, nil
	}
	res, err := s.search(ctx, start, r)
	if err == nil {
		c.Put(key, res, gen)
	}
	return res, err
}

func (s *Searcher) search(ctx context.Context, start time.Time, r Request) (*Result, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	ctx, err := s.withStats(ctx)
	if err != nil {
		return nil, err
	}

	pq, forgiven, err := s.parseRequest(r)
	if err != nil {
		return nil, err
	}
	op := s.defaultOperator()
	opts := s.options(op, 0)
	if opts.Expansion, err = s.feedback(ctx, pq, opts, r); err != nil {
		return nil, err
	}
	strict, err := pq.Compile(opts)
	if err != nil {
		return nil, queryError(err)
	}
	out, err := s.searchText(ctx, start, pq, strict.Query, r)
	if err != nil {
		return nil, err
	}
	// A few words that few articles hold all together: the reader is
	// better served by the articles with most of them than by a page of
	// one or two. The choice rests on the words alone, so a cursor's
	// later pages and a facet value's selection make it alike.
	widen, all, err := s.widened(ctx, strict, opts, r, out)
	if err != nil {
		return nil, err
	}
	if widen {
		wide, err := s.searchWith(ctx, start, pq, s.options(qlang.Or, 0), r)
		if err != nil {
			return nil, err
		}
		if wide.Total > 0 {
			if all == 0 {
				wide.DidYouMean = s.didYouMean(ctx, pq, r.Query)
			}
			wide.Retried = "or"
			wide.Notice = widenNotice(all)
			return forgiven.on(wide), nil
		}
	}
	if out.Total > 0 || r.Cursor != "" && r.Cursor != CursorStart {
		return forgiven.on(out), nil
	}
	// Nothing found: suggest a respelling, and loosen the query the way a
	// reader would, saying so.
	suggestion := s.didYouMean(ctx, pq, r.Query)
	out.DidYouMean = suggestion
	if op == qlang.And && pq.ImplicitOperator() {
		retry, err := s.searchWith(ctx, start, pq, s.options(qlang.Or, 0), r)
		if err != nil {
			return nil, err
		}
		if retry.Total > 0 {
			retry.DidYouMean = suggestion
			retry.Retried = "or"
			retry.Notice = "No article has all of these words; showing articles with any of them."
			return forgiven.on(retry), nil
		}
	}
	if pq.WordCount() > 0 {
		retry, err := s.searchWith(ctx, start, pq, s.options(op, 1), r)
		if err != nil {
			return nil, err
		}
		if retry.Total > 0 {
			retry.DidYouMean = suggestion
			retry.Retried = "fuzzy"
			retry.Notice = "Nothing matched these words exactly; showing articles with words one letter off."
			return forgiven.on(retry), nil
		}
	}
	return forgiven.on(out), nil
}

// searchWith runs a request with one build of its query.
func (s *Searcher) searchWith(ctx context.Context, start time.Time, pq *qlang.Query, opts qlang.Options, r Request) (*Result, error) {
	text, err := pq.Build(opts)
	if err != nil {
		return nil, queryError(err)
	}
	return s.searchText(ctx, start, pq, text, r)
}

// searchText runs a request with text, a build of pq.
func (s *Searcher) searchText(ctx context.Context, start time.Time, pq *qlang.Query, text query.Query, r Request) (*Result, error) {
	aliased := s.aliasEntities(ctx, pq)
	scored := text
	recency := r.Sort == SortRelevance && r.Recency && s.cfg.RecencyWeight > 0
	if recency {
		newest, err := s.newestDate(ctx)
		if err != nil {
			return nil, s.fault(err)
		}
		if !newest.IsZero() {
			scored = &recencyQuery{cols: s.cols, inner: text, newest: newest, halfLife: s.cfg.RecencyHalfLife, weight: s.cfg.RecencyWeight,
				shrink: 1 / growthAt(newest.UnixNano(), s.cfg.RecencyHalfLife)}
		}
	}

	cursorMode := r.Cursor != ""
	// With collapse, copies of one story would take several places on a
	// page: fetch more than a page from the start and keep the first of
	// each cluster; widen the window if clusters ate too much of it.
	window := r.Page * r.PerPage * 2
	for {
		res, p, err := s.run(ctx, scored, r, cursorMode, window)
		if err != nil {
			return nil, err
		}
		if !r.Collapse || cursorMode {
			return s.result(ctx, start, text, aliased, r, res, p, res.Hits, cursorMode)
		}
		kept := collapseHits(res.Hits)
		from := (r.Page - 1) * r.PerPage
		enough := len(kept) >= from+r.PerPage || len(res.Hits) < window || window >= s.cfg.MaxResultWindow
		if enough {
			page := kept[min(from, len(kept)):min(from+r.PerPage, len(kept))]
			return s.result(ctx, start, text, aliased, r, res, p, page, cursorMode)
		}
		window = min(window*2, s.cfg.MaxResultWindow)
	}
}

// run is one bleve search of a request; with collapse (page-based) it
// fetches the first window hits.
func (s *Searcher) run(ctx context.Context, scored query.Query, r Request, cursorMode bool, window int) (*bleve.SearchResult, *pass, error) {
	p := newPass(s.cols, r.Facets, r.Filters, r.Histogram != IntervalOff)
	if r.Collapse {
		p.collapseCopies()
	}
	size, from := r.PerPage, (r.Page-1)*r.PerPage
	if r.Collapse && !cursorMode {
		size, from = window, 0
	}
	req := bleve.NewSearchRequestOptions(s.passQuery(scored, r), size, from, r.Explain)
	req.Fields = append(append([]string(nil), pulse.StoredFields...), pulse.FieldCluster)
	req.SortByCustom(sortOrder(r.Sort, cursorMode))
	if cursorMode && r.Cursor != CursorStart {
		c, err := decodeCursor(r.Cursor, r.fingerprint())
		if err != nil {
			return nil, nil, err
		}
		req.From = 0
		req.SearchAfter = c.After
		if c.Undated {
			req.SortByCustom(bsearch.SortOrder{sortID()})
			p.undatedOnly()
		}
	}
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(p.handler))
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, nil, s.fault(err)
	}
	return res, p, nil
}

func (s *Searcher) fault(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return pulse.Errorf(pulse.EUnavailable, "search took longer than %s and was stopped; narrow the query", s.cfg.Timeout)
	}
	return fmt.Errorf("search: %w", err)
}

// Article returns the article with the given id.
//
// It returns a pulse.Error with code ENotFound naming the id when there is
// no such article.
func (s *Searcher) Article(ctx context.Context, id string) (*pulse.Article, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = pulse.StoredFields
	res, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, s.fault(err)
	}
	if len(res.Hits) == 0 {
		return nil, &pulse.Error{Code: pulse.ENotFound, Message: fmt.Sprintf("article %q: not found", id), Parameter: "id"}
	}
	a, _, err := pulse.StoredArticle(id, res.Hits[0].Fields)
	return a, err
}

// Count returns the number of articles in the index.
func (s *Searcher) Count() (uint64, error) {
	return s.idx.DocCount()
}

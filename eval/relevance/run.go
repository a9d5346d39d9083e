package relevance

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/search"
)

// DefaultDepth is the number of hits fetched per query when
// Options.Depth is 0; MAP and recall are computed over them.
const DefaultDepth = 100

// CutOff is the rank at which P@10 and nDCG@10 stop.
const CutOff = 10

// Searcher runs a validated search request. *search.Searcher is one.
type Searcher interface {
	Search(ctx context.Context, r search.Request) (*search.Result, error)
}

// Options control a run of a collection.
type Options struct {
	// Config holds the limits requests are validated against: the
	// searcher's own search configuration.
	Config config.Search
	// Location is the zone of dates in the collection's parameters; nil
	// means UTC.
	Location *time.Location
	// Depth is the number of hits fetched per query, in pages of at most
	// Config.MaxPerPage; 0 means DefaultDepth.
	Depth int
	// Params are added to every request, replacing the collection's
	// values of the same parameter (recency=off, collapse=off…).
	Params url.Values
	// DropRetried lists values of search.Result.Retried ("or", "fuzzy")
	// whose hits are thrown away: the query counts as finding nothing, as
	// it would on a searcher without that retry.
	DropRetried []string
	// Rewrite, when set, changes each query's text before it is sent.
	Rewrite func(q string) string
	// Own, when set, tells the collection's own documents from those of
	// an archive it was mixed into. Each query's ranking is then also
	// scored with the others' removed (QueryResult.OwnAP, Report.OwnMAP):
	// what the mixing cost by reordering the collection's documents,
	// apart from what it cost by putting other articles among them. The
	// hits are fetched to ten times the depth so that the own ranking
	// has the depth's length where there are that many.
	Own func(id string) bool
}

// QueryResult holds one query's figures.
type QueryResult struct {
	ID    string `json:"id"`
	Query string `json:"query"`
	// Sent is the q parameter sent, when Options.Rewrite changed it.
	Sent string `json:"sent,omitempty"`
	// Relevant is the number of documents judged relevant; Retrieved the
	// length of the ranking scored (excluded documents removed), and
	// Found the relevant documents in it.
	Relevant  int     `json:"relevant"`
	Retrieved int     `json:"retrieved"`
	Found     int     `json:"found"`
	AP        float64 `json:"ap"`
	NDCG      float64 `json:"ndcg_10"`
	P         float64 `json:"p_10"`
	Recall    float64 `json:"recall"`
	// OwnAP is the AP of the ranking without the documents Options.Own
	// disowns, when it is set.
	OwnAP *float64 `json:"own_ap,omitempty"`
	// Retried is the searcher's retry ("or" or "fuzzy"), if any.
	Retried string `json:"retried,omitempty"`
	// Top lists the first CutOff documents of the ranking scored.
	Top []string `json:"top"`
	// Error is the searcher's refusal of the query (a syntax error, a
	// limit, a timeout); such a query scores 0.
	Error string `json:"error,omitempty"`
}

// Report holds a run's figures: the means over the collection's queries,
// and each query's own.
type Report struct {
	Name    string `json:"name"`
	Queries int    `json:"queries"`
	// NoneFound counts the queries with no relevant document among the
	// hits fetched; Retried those the searcher loosened (OR or fuzzy);
	// Errors those it refused.
	NoneFound int     `json:"none_found"`
	Retried   int     `json:"retried"`
	Errors    int     `json:"errors"`
	MAP       float64 `json:"map"`
	NDCG      float64 `json:"ndcg_10"`
	P         float64 `json:"p_10"`
	Recall    float64 `json:"recall"`
	// OwnMAP is the mean of the queries' OwnAP, when Options.Own is set.
	OwnMAP *float64 `json:"own_map,omitempty"`
	// Depth is the number of hits fetched per query.
	Depth    int           `json:"depth"`
	PerQuery []QueryResult `json:"per_query"`
}

// Run searches every query of c with s and scores the rankings.
//
// Each request is the query's params, then opts.Params, with q set to the
// query and the hits fetched page by page up to the depth; it is parsed
// by search.ParseRequest as the API parses it. The ranking scored is the
// hits in order, without the query's excluded documents.
//
// A query the searcher refuses (an error with code pulse.EInvalid or
// pulse.EUnavailable, or a request ParseRequest refuses) scores 0 and is
// counted in Errors; any other error of the searcher stops the run and is
// returned, naming the query.
func Run(ctx context.Context, s Searcher, c *Collection, opts Options) (*Report, error) {
	depth := opts.Depth
	if depth <= 0 {
		depth = DefaultDepth
	}
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	fetchDepth := depth
	var ownSum float64
	if opts.Own != nil {
		fetchDepth = 10 * depth
	}
	rep := &Report{Name: c.Name, Queries: len(c.Queries), Depth: depth, PerQuery: make([]QueryResult, 0, len(c.Queries))}
	for _, q := range c.Queries {
		qr := QueryResult{ID: q.ID, Query: q.Query, Relevant: relevantTotal(q.Relevant), Top: []string{}}
		if s := sent(q.Query, opts.Rewrite); s != q.Query {
			qr.Sent = s
		}
		ranking, retried, err := fetch(ctx, s, q, opts, fetchDepth, loc)
		if err != nil {
			if code := pulse.ErrorCode(err); code != pulse.EInvalid && code != pulse.EUnavailable {
				return nil, fmt.Errorf("query %s: %w", q.ID, err)
			}
			qr.Error = err.Error()
			rep.Errors++
		}
		if opts.Own != nil {
			var own []string
			for _, id := range ranking {
				if len(own) == depth {
					break
				}
				if opts.Own(id) {
					own = append(own, id)
				}
			}
			ap := AveragePrecision(own, q.Relevant)
			qr.OwnAP = &ap
			ownSum += ap
			ranking = ranking[:min(len(ranking), depth)]
		}
		qr.Retried = retried
		if retried != "" {
			rep.Retried++
		}
		qr.Retrieved = len(ranking)
		qr.Found = relevantIn(ranking, q.Relevant, len(ranking))
		qr.AP = AveragePrecision(ranking, q.Relevant)
		qr.NDCG = NDCGAt(ranking, q.Relevant, CutOff)
		qr.P = PrecisionAt(ranking, q.Relevant, CutOff)
		qr.Recall = RecallAt(ranking, q.Relevant, len(ranking))
		qr.Top = append(qr.Top, ranking[:min(CutOff, len(ranking))]...)
		if qr.Found == 0 {
			rep.NoneFound++
		}
		rep.MAP += qr.AP
		rep.NDCG += qr.NDCG
		rep.P += qr.P
		rep.Recall += qr.Recall
		rep.PerQuery = append(rep.PerQuery, qr)
	}
	if n := float64(rep.Queries); n > 0 {
		rep.MAP /= n
		rep.NDCG /= n
		rep.P /= n
		rep.Recall /= n
		if opts.Own != nil {
			m := ownSum / n
			rep.OwnMAP = &m
		}
	}
	return rep, nil
}

// fetch runs one query and returns its ranking, without excluded
// documents, and the searcher's retry.
func fetch(ctx context.Context, s Searcher, q Query, opts Options, depth int, loc *time.Location) ([]string, string, error) {
	v := url.Values{}
	for k, vals := range q.Params {
		v[k] = slices.Clone(vals)
	}
	for k, vals := range opts.Params {
		v[k] = slices.Clone(vals)
	}
	v.Set("q", sent(q.Query, opts.Rewrite))
	perPage := depth
	if opts.Config.MaxPerPage > 0 {
		perPage = min(depth, opts.Config.MaxPerPage)
	}
	v.Set("per_page", strconv.Itoa(perPage))

	var ranking []string
	seen := map[string]bool{}
	for _, id := range q.Exclude {
		seen[id] = true
	}
	retried := ""
	for page, fetched := 1, 0; fetched < depth; page++ {
		v.Set("page", strconv.Itoa(page))
		req, err := search.ParseRequest(v, opts.Config, loc)
		if err != nil {
			return ranking, retried, err
		}
		res, err := s.Search(ctx, req)
		if err != nil {
			return ranking, retried, err
		}
		if page == 1 {
			retried = res.Retried
		}
		if res.Retried != "" && slices.Contains(opts.DropRetried, res.Retried) {
			return nil, retried, nil
		}
		for _, h := range res.Hits[:min(len(res.Hits), depth-fetched)] {
			if !seen[h.ID] {
				seen[h.ID] = true
				ranking = append(ranking, h.ID)
			}
		}
		fetched += len(res.Hits)
		if len(res.Hits) < perPage {
			break
		}
	}
	return ranking, retried, nil
}

func sent(q string, rewrite func(string) string) string {
	if rewrite == nil {
		return q
	}
	return rewrite(q)
}

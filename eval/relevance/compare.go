package relevance

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/search"
)

// Variant is one setting of the ranking features: a change to the search
// configuration, request parameters, or retries thrown away.
type Variant struct {
	Name string
	// Search changes a copy of the base search configuration; nil keeps
	// it.
	Search func(*config.Search)
	// Params and DropRetried are added to Options' own for this variant;
	// Rewrite, when set, replaces Options.Rewrite.
	Params      url.Values
	DropRetried []string
	Rewrite     func(q string) string
}

// Features returns the baseline (every ranking feature as configured:
// by default title boost 2, recency, collapse, entity aliases, the OR
// and fuzzy retries, and the operator AND) and one variant per feature
// that a configuration key or a request parameter reaches, each changing
// that feature alone:
//   - title boost 1: search.title_boost = 1 (title and body weigh the same);
//   - recency off: recency=off;
//   - collapse off: collapse=off (every copy listed);
//   - retries off: a retried result ("or", then "fuzzy") counts as
//     nothing found, which is exactly what a searcher without the
//     retries returns;
//   - operator OR: search.default_operator = OR (any of the words).
//
// Entity aliases are always on in search.Searcher (no key or parameter
// turns them off), so they have no variant.
func Features() []Variant {
	return []Variant{
		{Name: "baseline (all on)"},
		{Name: "title boost 1", Search: func(s *config.Search) { s.TitleBoost = 1 }},
		{Name: "recency off", Params: url.Values{"recency": {"off"}}},
		{Name: "collapse off", Params: url.Values{"collapse": {"off"}}},
		{Name: "OR/fuzzy retries off", DropRetried: []string{"or", "fuzzy"}},
		{Name: "default operator OR", Search: func(s *config.Search) { s.DefaultOperator = "OR" }},
	}
}

// Comparison holds a collection's figures under each variant.
type Comparison struct {
	Collection string `json:"collection"`
	// Index describes the index searched.
	Index string `json:"index"`
	// Docs is the number of articles in it.
	Docs int       `json:"docs"`
	Rows []*Report `json:"rows"`
	// Notes explain the figures (what a feature does on this data).
	Notes []string `json:"notes,omitempty"`
}

// Compare runs c once per variant, each on a searcher open returns for
// the variant's search configuration (base, changed by Variant.Search);
// opts.Config is replaced by that configuration.
//
// It returns an error naming the variant for a configuration that
// config.Validate refuses, or for an error Run returns.
func Compare(ctx context.Context, open func(config.Search) Searcher, base config.Search, c *Collection, variants []Variant, opts Options) ([]*Report, error) {
	var rows []*Report
	for _, v := range variants {
		cfg := base
		if v.Search != nil {
			v.Search(&cfg)
		}
		whole := config.Defaults()
		whole.Search = cfg
		if err := whole.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", v.Name, err)
		}
		o := opts
		o.Config = cfg
		o.Params = url.Values{}
		for k, vals := range opts.Params {
			o.Params[k] = vals
		}
		for k, vals := range v.Params {
			o.Params[k] = vals
		}
		o.DropRetried = append(append([]string(nil), opts.DropRetried...), v.DropRetried...)
		if v.Rewrite != nil {
			o.Rewrite = v.Rewrite
		}
		rep, err := Run(ctx, open(cfg), c, o)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", v.Name, err)
		}
		rep.Name = v.Name
		rows = append(rows, rep)
	}
	return rows, nil
}

// searchers opens search.Searchers over the index.
func searchers(ix *indexer.Index, loc *time.Location) func(config.Search) Searcher {
	return func(cfg config.Search) Searcher { return search.New(ix.Bleve(), cfg, loc) }
}

// StopWordsName names the diagnostic row of RunECBPlus.
const StopWordsName = "(diagnostic) stop words removed from q"

// stopWordsRemoved returns a rewrite that drops the words of a
// plain-word query that the index's text analyser drops (stop words),
// and says so in a diagnostic variant. A query of plain words means the
// same without them, since the searcher ignores them in text fields; but
// with entity aliases a stop word of four letters or more ("into",
// "with", "after") or one typed in capitals ("AN") also becomes an alias
// clause that no entity satisfies, so under AND the query matches
// nothing, not even the article it came from, and falls to the OR retry.
// The row shows what AND gives without that.
func stopWordsRemoved(ix *indexer.Index) (Variant, error) {
	m := ix.Bleve().Mapping()
	name := m.AnalyzerNameForPath(pulse.FieldBody)
	an := m.AnalyzerNamed(name)
	if an == nil {
		return Variant{}, fmt.Errorf("index mapping: no analyser %q for %s", name, pulse.FieldBody)
	}
	return Variant{Name: StopWordsName, Rewrite: func(q string) string {
		var keep []string
		for _, w := range strings.Fields(q) {
			if len(an.Analyze([]byte(w))) > 0 {
				keep = append(keep, w)
			}
		}
		return strings.Join(keep, " ")
	}}, nil
}

// RunECBPlus builds a fresh index of the ECB+ development articles in a
// temporary directory under tmpDir ("" for the system's), through the
// production writer and extractor, runs the development collection on it
// under each variant, and removes the index. A last, diagnostic row runs
// the baseline with the stop words removed from the queries (which are
// plain words): see StopWordsName.
//
// It returns the errors of ReadECBPlus, NewExtractor, BuildIndex and
// Compare, and an error when the writer rejected an article.
func RunECBPlus(ctx context.Context, path, tmpDir string, base config.Search, variants []Variant, opts Options) (*Comparison, error) {
	e, err := ReadECBPlus(path)
	if err != nil {
		return nil, err
	}
	x, err := NewExtractor()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tmpDir, "pulse-eval-relevance-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b, err := BuildIndex(ctx, filepath.Join(dir, "data"), e.Articles, x, config.Defaults().Ingest)
	if err != nil {
		return nil, err
	}
	defer b.Index.Close()
	if len(b.Rejected) > 0 {
		return nil, fmt.Errorf("%s: %d of %d articles rejected, first %s", path, len(b.Rejected), len(e.Articles), b.Rejected[0])
	}
	diag, err := stopWordsRemoved(b.Index)
	if err != nil {
		return nil, err
	}
	rows, err := Compare(ctx, searchers(b.Index, time.UTC), base, e.Collection, append(slices.Clone(variants), diag), opts)
	if err != nil {
		return nil, err
	}
	cmp := &Comparison{
		Collection: fmt.Sprintf("%s: %d queries, one per story of %d with two articles or more", e.Collection.Name, len(e.Collection.Queries), e.Stories),
		Index:      fmt.Sprintf("fresh index of the %d ECB+ articles (id, title, body = ECB+ text, url; entities by the production extractor)", b.Written),
		Docs:       b.Written,
		Rows:       rows,
	}
	for _, p := range e.Passed {
		cmp.Notes = append(cmp.Notes, "query of story "+p+" (the first title is a dateline)")
	}
	cmp.Notes = append(cmp.Notes,
		"ECB+ has no dates: with no dated article the searcher has no newest date to measure age from and applies no recency blend, so recency on and off rank alike (were it applied, every undated article would get the same factor 1 − weight, which does not change the order either)")
	cmp.Notes = append(cmp.Notes, commonNotes(rows)...)
	return cmp, nil
}

// RunIndex runs collection c under each variant on the index in the data
// directory dataDir, as `pulse serve` would search it. The directory is
// locked while the run lasts, so it must not be held by a running server
// or ingest.
//
// It returns an error when the directory holds no index or an empty one
// (rather than creating one), the errors of indexer.Open (a
// pulse.EConflict error when another process holds the directory), and
// those of Compare.
func RunIndex(ctx context.Context, dataDir string, c *Collection, base config.Search, loc *time.Location, variants []Variant, opts Options) (*Comparison, error) {
	if _, err := os.Stat(filepath.Join(dataDir, indexer.IndexDir)); err != nil {
		return nil, fmt.Errorf("data directory %s: no index there: %w", dataDir, err)
	}
	ix, err := indexer.Open(dataDir, "pulse-eval relevance")
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	n, err := ix.Bleve().DocCount()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("data directory %s: the index holds no articles", dataDir)
	}
	opts.Location = loc
	rows, err := Compare(ctx, searchers(ix, loc), base, c, variants, opts)
	if err != nil {
		return nil, err
	}
	return &Comparison{
		Collection: fmt.Sprintf("%s: %d queries", c.Name, len(c.Queries)),
		Index:      fmt.Sprintf("%s (%d articles)", dataDir, n),
		Rows:       rows,
		Notes:      commonNotes(rows),
	}, nil
}

// commonNotes explain what holds for any collection.
func commonNotes(rows []*Report) []string {
	notes := []string{"entity aliases: always on (search.Searcher builds every query with them; no configuration key or request parameter turns them off), so not measured off"}
	if len(rows) > 0 && rows[0].Retried == 0 {
		notes = append(notes, "no baseline query was retried, so turning the retries off changes nothing here")
	}
	return notes
}

// Write prints the comparison as a table, one row per variant.
//
// It returns the first error of w.
func (c *Comparison) Write(w io.Writer) error {
	depth := DefaultDepth
	if len(c.Rows) > 0 {
		depth = c.Rows[0].Depth
	}
	var b strings.Builder
	fmt.Fprintf(&b, "collection: %s\n", c.Collection)
	fmt.Fprintf(&b, "index: %s\n", c.Index)
	fmt.Fprintf(&b, "depth %d hits per query (MAP and R@%d over them); P@%d and nDCG@%d from the first %d;\n", depth, depth, CutOff, CutOff, CutOff)
	b.WriteString("AP +/−: queries whose average precision the row raises/lowers against the baseline\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "feature\tMAP\tΔMAP\tAP +/−\tnDCG@%d\tP@%d\tR@%d\tqueries\tnone found\tretried\terrors\t\n", CutOff, CutOff, depth)
	for i, r := range c.Rows {
		delta, moved := "-", "-"
		if i > 0 {
			delta = fmt.Sprintf("%+.3f", r.MAP-c.Rows[0].MAP)
			up, down := compareAP(c.Rows[0], r)
			moved = fmt.Sprintf("%d/%d", up, down)
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t\n", r.Name, r.MAP, delta, moved, r.NDCG, r.P, r.Recall, r.Queries, r.NoneFound, r.Retried, r.Errors)
	}
	tw.Flush()
	if len(c.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range c.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// compareAP counts the queries whose average precision r raises and
// lowers against base (by query id; a change below 0.0005 is none).
func compareAP(base, r *Report) (up, down int) {
	ap := make(map[string]float64, len(base.PerQuery))
	for _, q := range base.PerQuery {
		ap[q.ID] = q.AP
	}
	for _, q := range r.PerQuery {
		b, ok := ap[q.ID]
		switch {
		case !ok:
		case q.AP > b+0.0005:
			up++
		case q.AP < b-0.0005:
			down++
		}
	}
	return up, down
}

// WriteQueries prints each query's figures in r, one line a query.
//
// It returns the first error of w.
func WriteQueries(w io.Writer, r *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, per query:\n", r.Name)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "id\tAP\tnDCG@%d\tP@%d\tfound\tretrieved\tretried\tquery\n", CutOff, CutOff)
	for _, q := range r.PerQuery {
		extra := q.Retried
		if q.Error != "" {
			extra = "error: " + q.Error
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.2f\t%d/%d\t%d\t%s\t%s\n", q.ID, q.AP, q.NDCG, q.P, q.Found, q.Relevant, q.Retrieved, extra, abbrev(q.Query))
	}
	tw.Flush()
	_, err := io.WriteString(w, b.String())
	return err
}

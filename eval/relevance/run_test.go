package relevance

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// mustArticles reads the test corpus, one pulse.Article a line.
func mustArticles(tb testing.TB, path string) []pulse.Article {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []pulse.Article
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a pulse.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func mustCollection(tb testing.TB, path string) *Collection {
	tb.Helper()
	c, err := ReadCollection(path)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// mustTinySearcher indexes testdata/articles.jsonl in a temporary scorch
// index and returns a searcher over it.
func mustTinySearcher(tb testing.TB, cfg config.Search) *search.Searcher {
	tb.Helper()
	idx := testindex.Build(tb, mustArticles(tb, "testdata/articles.jsonl"))
	return search.New(idx, cfg, time.UTC)
}

// TestRunTiny runs testdata/tiny.jsonl over testdata/articles.jsonl. The
// expected rankings are asserted first, so that a change of ranking is
// told apart from a change of the metrics; the figures are computed by
// hand from them.
func TestRunTiny(t *testing.T) {
	cfg := config.Defaults().Search
	s := mustTinySearcher(t, cfg)
	c := mustCollection(t, "testdata/tiny.jsonl")
	rep, err := Run(context.Background(), s, c, Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	log2of3 := math.Log2(3)
	want := []struct {
		id      string
		top     []string
		retried string
		ap      float64
		ndcg    float64
		p       float64
		recall  float64
	}{
		// a2 (grade 0, "oil" three times in a short body) before a1
		// (grade 2, once in its title, which weighs double) before a3
		// (grade 1, once in a long body): BM25F sums a word's fields
		// before saturating, so three mentions outweigh one in the title.
		// AP (1/2 + 2/3) / 2; DCG 2/log2(3) + 1/log2(4), ideal 2 + 1/log2(3).
		{"graded", []string{"a2", "a1", "a3"}, "", (0.5 + 2.0/3) / 2, (2/log2of3 + 0.5) / (2 + 1/log2of3), 0.2, 1},
		// a4 ("election" in its title) is excluded: a5 alone.
		{"excluded", []string{"a5"}, "", 1, 1, 0.1, 1},
		// Only a3 is about oil in Iraq; a6 is relevant but has no "oil".
		{"filtered", []string{"a3"}, "", 0.5, 1 / (1 + 1/log2of3), 0.1, 0.5},
		// Nothing matches, not even after the retries.
		{"nothing", []string{}, "", 0, 0, 0, 0},
		// No article has both words: the OR retry finds the oil ones.
		{"retried", []string{"a2", "a1", "a3"}, "or", 1, 1, 0.1, 1},
	}
	if len(rep.PerQuery) != len(want) {
		t.Fatalf("%d queries, want %d", len(rep.PerQuery), len(want))
	}
	sum := 0.0
	for i, w := range want {
		got := rep.PerQuery[i]
		t.Run(w.id, func(t *testing.T) {
			if got.ID != w.id {
				t.Fatalf("query %d is %q, want %q", i, got.ID, w.id)
			}
			if !slices.Equal(got.Top, w.top) || got.Retried != w.retried {
				t.Fatalf("ranking %v (retried %q), want %v (retried %q)", got.Top, got.Retried, w.top, w.retried)
			}
			for _, m := range []struct {
				name      string
				got, want float64
			}{{"AP", got.AP, w.ap}, {"nDCG@10", got.NDCG, w.ndcg}, {"P@10", got.P, w.p}, {"recall", got.Recall, w.recall}} {
				if math.Abs(m.got-m.want) > 1e-12 {
					t.Errorf("%s = %.6f, want %.6f", m.name, m.got, m.want)
				}
			}
		})
		sum += w.ap
	}
	if math.Abs(rep.MAP-sum/5) > 1e-12 {
		t.Errorf("MAP = %.6f, want %.6f", rep.MAP, sum/5)
	}
	if rep.Queries != 5 || rep.NoneFound != 1 || rep.Retried != 1 || rep.Errors != 0 {
		t.Errorf("queries %d, none found %d, retried %d, errors %d; want 5, 1, 1, 0", rep.Queries, rep.NoneFound, rep.Retried, rep.Errors)
	}
}

func TestRunOptions(t *testing.T) {
	cfg := config.Defaults().Search
	s := mustTinySearcher(t, cfg)
	c := mustCollection(t, "testdata/tiny.jsonl")
	ctx := context.Background()
	find := func(rep *Report, id string) QueryResult {
		t.Helper()
		for _, q := range rep.PerQuery {
			if q.ID == id {
				return q
			}
		}
		t.Fatalf("no query %s", id)
		return QueryResult{}
	}

	t.Run("dropped retries score nothing", func(t *testing.T) {
		rep, err := Run(ctx, s, c, Options{Config: cfg, DropRetried: []string{"or", "fuzzy"}})
		if err != nil {
			t.Fatal(err)
		}
		q := find(rep, "retried")
		if q.AP != 0 || q.Retrieved != 0 || q.Retried != "or" {
			t.Errorf("retried query: AP %v, retrieved %d, retried %q; want 0, 0, or", q.AP, q.Retrieved, q.Retried)
		}
		if rep.NoneFound != 2 {
			t.Errorf("none found %d, want 2", rep.NoneFound)
		}
	})

	t.Run("depth pages and truncates", func(t *testing.T) {
		small := cfg
		small.MaxPerPage = 1
		rep, err := Run(ctx, mustTinySearcher(t, small), c, Options{Config: small, Depth: 2})
		if err != nil {
			t.Fatal(err)
		}
		if q := find(rep, "graded"); !slices.Equal(q.Top, []string{"a2", "a1"}) {
			t.Errorf("graded at depth 2 in pages of 1: %v, want [a2 a1]", q.Top)
		}
		// The excluded article takes one of the two places.
		if q := find(rep, "excluded"); !slices.Equal(q.Top, []string{"a5"}) {
			t.Errorf("excluded at depth 2: %v, want [a5]", q.Top)
		}
	})

	t.Run("rewrite", func(t *testing.T) {
		rep, err := Run(ctx, s, c, Options{Config: cfg, Rewrite: func(string) string { return "election" }})
		if err != nil {
			t.Fatal(err)
		}
		q := find(rep, "graded")
		if q.Sent != "election" || !slices.Equal(q.Top, []string{"a4", "a5"}) {
			t.Errorf("sent %q, ranking %v; want election, [a4 a5]", q.Sent, q.Top)
		}
	})

	t.Run("a refused query scores 0 and the run goes on", func(t *testing.T) {
		bad := &Collection{Name: "bad", Queries: []Query{
			// The API forgives a syntax error unless asked to be strict.
			{ID: "syntax", Query: "oil (gas", Params: Params{"strict": {"true"}}, Relevant: map[string]int{"a1": 1}},
			{ID: "fine", Query: "oil", Relevant: map[string]int{"a2": 1}},
		}}
		rep, err := Run(ctx, s, bad, Options{Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Errors != 1 || rep.PerQuery[0].Error == "" || rep.PerQuery[1].AP != 1 {
			t.Errorf("errors %d, first error %q, second AP %v; want 1, a message, 1", rep.Errors, rep.PerQuery[0].Error, rep.PerQuery[1].AP)
		}
	})
}

func TestCompareTiny(t *testing.T) {
	cfg := config.Defaults().Search
	idx := testindex.Build(t, mustArticles(t, "testdata/articles.jsonl"))
	c := mustCollection(t, "testdata/tiny.jsonl")
	open := func(cfg config.Search) Searcher { return search.New(idx, cfg, time.UTC) }
	rows, err := Compare(context.Background(), open, cfg, c, Features(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(Features()) {
		t.Fatalf("%d rows, want %d", len(rows), len(Features()))
	}
	byName := map[string]*Report{}
	for _, r := range rows {
		byName[r.Name] = r
		if r.Queries != len(c.Queries) || r.Errors != 0 {
			t.Errorf("%s: %d queries, %d errors; want %d, 0", r.Name, r.Queries, r.Errors, len(c.Queries))
		}
	}
	base := byName["baseline (all on)"]
	if off := byName["OR/fuzzy retries off"]; off.MAP >= base.MAP || off.Retried != 1 {
		t.Errorf("retries off: MAP %.3f, retried %d; want below the baseline's %.3f, 1", off.MAP, off.Retried, base.MAP)
	}
	// With OR by default, "oil xylophone" finds the oil articles at once.
	if or := byName["default operator OR"]; or.Retried != 0 || or.PerQuery[4].AP != 1 {
		t.Errorf("operator OR: retried %d, AP of the two-word query %.3f; want 0, 1", or.Retried, or.PerQuery[4].AP)
	}

	_, err = Compare(context.Background(), open, cfg, c, []Variant{{Name: "broken", Search: func(s *config.Search) { s.DefaultOperator = "XOR" }}}, Options{})
	if err == nil {
		t.Error("a variant with default operator XOR ran")
	}
}

func TestRunIndex(t *testing.T) {
	ctx := context.Background()
	cfg := config.Defaults().Search
	c := mustCollection(t, "testdata/tiny.jsonl")
	dir := filepath.Join(t.TempDir(), "data")
	b, err := BuildIndex(ctx, dir, mustArticles(t, "testdata/articles.jsonl"), nil, config.Defaults().Ingest)
	if err != nil {
		t.Fatal(err)
	}
	if b.Written != 8 || len(b.Rejected) != 0 {
		t.Fatalf("written %d, rejected %v; want 8, none", b.Written, b.Rejected)
	}

	// While the index is held (as by a server), the run is refused.
	_, err = RunIndex(ctx, dir, c, cfg, time.UTC, Features(), Options{})
	if pulse.ErrorCode(err) != pulse.EConflict {
		t.Errorf("run on a held index: %v, want a conflict", err)
	}
	if err := b.Index.Close(); err != nil {
		t.Fatal(err)
	}

	cmp, err := RunIndex(ctx, dir, c, cfg, time.UTC, Features(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Rows) != len(Features()) || math.Abs(cmp.Rows[0].MAP-(7.0/12+1+0.5+0+1)/5) > 1e-12 {
		t.Errorf("%d rows, baseline MAP %.6f; want %d, %.6f", len(cmp.Rows), cmp.Rows[0].MAP, len(Features()), (7.0/12+1+0.5+0+1)/5)
	}

	empty := t.TempDir()
	if _, err := RunIndex(ctx, empty, c, cfg, time.UTC, Features(), Options{}); err == nil || !strings.Contains(err.Error(), "no index there") {
		t.Errorf("run on a directory without an index: %v", err)
	}
	if _, err := os.Stat(filepath.Join(empty, "index")); err == nil {
		t.Error("the run created an index")
	}
}

// TestRunOwn scores a ranking with some documents disowned: the own
// ranking is the full one without them, cut at the depth after removal,
// so a relevant document below the depth in the full ranking counts.
func TestRunOwn(t *testing.T) {
	cfg := config.Defaults().Search
	s := mustTinySearcher(t, cfg)
	c := &Collection{Name: "own", Queries: []Query{
		// "oil" ranks a2, a1, a3 (TestRunTiny); a3 is relevant.
		{ID: "oil", Query: "oil", Relevant: map[string]int{"a3": 1}},
	}}
	ctx := context.Background()
	t.Run("without Own", func(t *testing.T) {
		rep, err := Run(ctx, s, c, Options{Config: cfg, Depth: 2})
		if err != nil {
			t.Fatal(err)
		}
		if rep.OwnMAP != nil || rep.PerQuery[0].OwnAP != nil || rep.MAP != 0 {
			t.Errorf("own MAP %v, own AP %v, MAP %v; want nil, nil, 0 (a3 is third, below the depth)", rep.OwnMAP, rep.PerQuery[0].OwnAP, rep.MAP)
		}
	})
	t.Run("a2 disowned", func(t *testing.T) {
		rep, err := Run(ctx, s, c, Options{Config: cfg, Depth: 2, Own: func(id string) bool { return id != "a2" }})
		if err != nil {
			t.Fatal(err)
		}
		q := rep.PerQuery[0]
		// The scored ranking keeps the depth: a2, a1, and AP 0.
		if !slices.Equal(q.Top, []string{"a2", "a1"}) || q.AP != 0 {
			t.Errorf("ranking %v, AP %v; want [a2 a1], 0", q.Top, q.AP)
		}
		// Own ranking a1, a3: a3 second, AP 1/2.
		if q.OwnAP == nil || *q.OwnAP != 0.5 || rep.OwnMAP == nil || *rep.OwnMAP != 0.5 {
			t.Errorf("own AP %v, own MAP %v; want 0.5, 0.5", q.OwnAP, rep.OwnMAP)
		}
	})
}

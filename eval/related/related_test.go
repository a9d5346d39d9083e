package related

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

// mustGzip writes lines as a gzip file in dir and returns its path.
func mustGzip(tb testing.TB, dir string, lines ...string) string {
	tb.Helper()
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	for _, l := range lines {
		z.Write([]byte(l + "\n"))
	}
	if err := z.Close(); err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(dir, "ecb.jsonl.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestReadDocs(t *testing.T) {
	cases := []struct {
		name    string
		lines   []string
		want    []Doc
		wantErr string
	}{
		{
			name: "the title line leaves the body; mentions are not read",
			lines: []string{
				`{"id": "1_1ecb", "topic": 1, "part": "ecb", "story": "1ecb", "url": "", "title": "Reid checks into rehab.", "text": "Reid checks into rehab.\nShe entered Promises.\nIn Malibu.", "mentions": [{"type": "HUMAN_PART_PER", "text": "Reid"}]}`,
				`{"id": "1_1ecbplus", "topic": 1, "story": "1ecbplus", "url": "https://x.example/a", "title": "Lohan in rehab", "text": "Lohan in rehab"}`,
			},
			want: []Doc{
				{Article: pulse.Article{ID: "1_1ecb", Title: "Reid checks into rehab.", Body: "She entered Promises.\nIn Malibu."}, Topic: 1, Story: "1ecb"},
				{Article: pulse.Article{ID: "1_1ecbplus", URL: "https://x.example/a", Title: "Lohan in rehab"}, Topic: 1, Story: "1ecbplus"},
			},
		},
		{name: "a line that is not JSON", lines: []string{`{"id": "1_1ecb", "story": "1ecb"}`, `not json`}, wantErr: "line 2"},
		{name: "a document without a story", lines: []string{`{"id": "1_1ecb", "title": "x"}`}, wantErr: "line 1: no id or story"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := ReadDocs(mustGzip(t, t.TempDir(), tc.lines...))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != len(tc.want) {
				t.Fatalf("got %d docs, want %d", len(docs), len(tc.want))
			}
			for i := range docs {
				g, w := docs[i], tc.want[i]
				if g.Article.ID != w.Article.ID || g.Article.Title != w.Article.Title || g.Article.Body != w.Article.Body ||
					g.Article.URL != w.Article.URL || g.Topic != w.Topic || g.Story != w.Story || !g.Article.PublishedAt.IsZero() {
					t.Errorf("doc %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
	if _, err := ReadDocs(filepath.Join(t.TempDir(), "none.jsonl.gz")); !errors.Is(err, ErrNoData) {
		t.Errorf("missing file: error %v, want ErrNoData", err)
	}
}

func TestScore(t *testing.T) {
	doc := func(id string, topic int, story string) Doc {
		return Doc{Article: pulse.Article{ID: id}, Topic: topic, Story: story}
	}
	docs := []Doc{
		doc("a1", 1, "a"), doc("a2", 1, "a"), doc("a3", 1, "a"),
		doc("b1", 1, "b"), doc("b2", 1, "b"),
		doc("c1", 2, "c"),
	}
	cases := []struct {
		name                  string
		lists                 map[string][]string
		k                     int
		precision, mrr, other float64
		empty                 int
	}{
		{
			name:      "all hits",
			lists:     map[string][]string{"a1": {"a2", "a3"}, "a2": {"a1", "a3"}, "a3": {"a1", "a2"}, "b1": {"b2"}, "b2": {"b1"}, "c1": {}},
			k:         2,
			precision: 8.0 / 12, mrr: 5.0 / 6, other: 0, empty: 1,
		},
		{
			name:      "other event first, unrelated second",
			lists:     map[string][]string{"a1": {"b1", "c1", "a2"}},
			k:         2,
			precision: 0, mrr: (1.0 / 3) / 6, other: 1.0 / 12, empty: 5,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := score(tc.name, docs, tc.lists, tc.k)
			near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
			if !near(s.Precision, tc.precision) || !near(s.MRR, tc.mrr) || !near(s.OtherEvent, tc.other) || s.Empty != tc.empty || s.Articles != len(docs) {
				t.Errorf("score = %+v, want precision %g, mrr %g, other %g, empty %d", s, tc.precision, tc.mrr, tc.other, tc.empty)
			}
		})
	}
}

func TestRunArguments(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.jsonl.gz")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"k out of range", []string{"-k", "0"}, "-k: must be between 1 and 50, got 0"},
		{"an argument", []string{"extra"}, `unexpected argument "extra"`},
		{"unknown flag", []string{"-nope"}, "flag provided but not defined: -nope"},
		{"no data", []string{"-data", missing}, ErrNoData.Error()},
		{"max terms 0 is a zero", []string{"-max-terms", "0"}, "related: max_terms: must be 1 or more, got 0"},
		{"doc share 0 is a zero", []string{"-max-doc-share", "0"}, "related: max_doc_share: must be above 0 and at most 1, got 0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Run(context.Background(), tc.args, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"-h"}, &out); err != nil || !strings.Contains(out.String(), "-data") {
		t.Errorf("-h: error %v, output %q", err, out.String())
	}
}

// TestECB scores the method and the baseline on the ECB+ development
// articles: the method must reach the targets and beat the
// baseline.
func TestECB(t *testing.T) {
	path := sharedtest.Path(t, "data", DataFile)
	if testing.Short() {
		t.Skip("indexes and queries the 496 ECB+ articles")
	}
	ctx := context.Background()
	docs, err := ReadDocs(path)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := Index(ctx, t.TempDir(), docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	scores, err := Evaluate(ctx, idx.Bleve(), docs, 5, []Variant{
		{Name: "baseline", Baseline: true},
		{Name: "method", Options: Shipped()},
	})
	if err != nil {
		t.Fatal(err)
	}
	base, method := scores[0], scores[1]
	t.Logf("baseline %+v", base)
	t.Logf("method   %+v", method)
	if method.Precision < 0.92 || method.MRR < 0.96 || method.OtherEvent > 0.05 {
		t.Errorf("method %+v misses the targets P@5 ≥ 0.92, MRR ≥ 0.96, other-event ≤ 0.05", method)
	}
	if method.Precision <= base.Precision || method.OtherEvent >= base.OtherEvent {
		t.Errorf("method %+v does not beat the baseline %+v", method, base)
	}
}

func TestReportWrite(t *testing.T) {
	r := &Report{Data: "ecb.jsonl.gz", Articles: 6, Stories: 3, Topics: 2, K: 5, Scores: []Score{{Variant: "method", Articles: 6, Precision: 0.5, MRR: 0.75, OtherEvent: 0.1}}}
	var out bytes.Buffer
	if err := r.Write(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"6 articles, 3 stories, 2 topics", "entities: none", "dates: none", "| method ", "0.500", "0.750", "0.100"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

package search_test

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// TestBM25TrueStatistics checks that BM25 uses the true mean length of
// what it normalises by — for the body, the article's whole text (title,
// summary and body, pulse.TextFields): its tokens ÷ articles — after
// adds, updates, deletes, a forced merge and a reopen, and that with it a
// long story that matches more of a long query outranks a short one that
// matches less. bleve's own mean is the field's distinct terms ÷
// articles, which here is a few tokens where the true mean is about two
// hundred.
func TestBM25TrueStatistics(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	vocab := make([]string, 400)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%03dx", i)
	}
	words := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[rng.Intn(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var arts []pulse.Article
	for i := 0; i < 300; i++ {
		arts = append(arts, pulse.Article{ID: fmt.Sprintf("f%03d", i), Title: words(3 + rng.Intn(6)), Body: words(20 + rng.Intn(400)), PublishedAt: day})
	}
	long := strings.Repeat("alpha beta gamma delta epsilon ", 3) + words(285)
	arts = append(arts,
		pulse.Article{ID: "long", Title: words(5), Body: long, PublishedAt: day},
		pulse.Article{ID: "short", Title: words(5), Body: "alpha beta gamma " + words(7), PublishedAt: day},
	)
	dataDir := filepath.Join(t.TempDir(), "data")
	ix, err := testindex.Write(dataDir, arts, 25) // many segments
	if err != nil {
		t.Fatal(err)
	}
	final := map[string]pulse.Article{}
	for _, a := range arts {
		final[a.ID] = a
	}
	// Updates: new, longer bodies for a tenth; deletes: another tenth.
	var updated []pulse.Article
	for i := 0; i < 30; i++ {
		a := arts[i]
		a.Body = words(600)
		updated = append(updated, a)
		final[a.ID] = a
	}
	w := indexer.NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 10}, time.UTC)
	items := make([]format.Item, len(updated))
	names := make([]string, len(updated))
	for i, a := range updated {
		items[i], names[i] = format.Item{Article: a}, a.ID
	}
	if _, err := w.Write(context.Background(), items, names); err != nil {
		t.Fatal(err)
	}
	var gone []string
	for i := 30; i < 60; i++ {
		gone = append(gone, arts[i].ID)
		delete(final, arts[i].ID)
	}
	if _, err := w.Delete(gone); err != nil {
		t.Fatal(err)
	}
	testindex.MergeAll(t, ix.Bleve())
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = indexer.Open(dataDir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	an := ix.Bleve().Mapping().AnalyzerNamed(en.AnalyzerName)
	var tokens, docs float64
	for _, a := range final {
		tokens += float64(len(an.Analyze([]byte(a.Title))) + len(an.Analyze([]byte(a.Body))))
		docs++
	}
	want := tokens / docs

	s := search.New(ix.Bleve(), config.Defaults().Search, time.UTC)
	res := mustSearch(t, s, url.Values{"q": {"alpha beta gamma delta epsilon"}, "explain": {"true"}, "recency": {"off"}, "collapse": {"off"}}.Encode())
	if len(res.Hits) < 2 {
		t.Fatalf("%d hits, want long and short", len(res.Hits))
	}
	if res.Hits[0].ID != "long" {
		t.Errorf("first hit %s, want the long story that matches every word (then short)", res.Hits[0].ID)
	}
	avg := regexp.MustCompile(`(?:field=body\)?,|body:\S+ ).*avgFieldLength[= ]+([0-9.]+)`)
	found := 0
	var msgs strings.Builder
	eachExplanation(res, func(e *bsearch.Explanation) {
		msgs.WriteString(e.Message + "\n")
		if m := avg.FindStringSubmatch(e.Message); m != nil {
			found++
			got, _ := strconv.ParseFloat(strings.TrimRight(m[1], "."), 64)
			if math.Abs(got-want) > 0.01*want {
				t.Errorf("explain: average text length %v, true mean %.2f: %s", got, want, e.Message)
			}
		}
	})
	if found == 0 {
		t.Fatalf("no body average length in the explanation of %d hits", len(res.Hits))
	}
	// The query has five words side by side: the explanation shows the
	// proximity pairs and the feedback terms as well as the words.
	for _, part := range []string{"\nBM25F: ", "\nproximity: BM25F: ", "\nfeedback: BM25F: "} {
		if !strings.Contains(msgs.String(), part) {
			t.Errorf("explanation lacks %q", strings.TrimSpace(part))
		}
	}
}

// TestRankingZeroIsOff checks that the ranking settings reach the search
// as configured, through config.Load and its environment variables: a 0
// proximity_weight, feedback_docs, feedback_terms or feedback_weight
// turns that part off (its clauses leave the explanation) rather than
// standing for a default.
func TestRankingZeroIsOff(t *testing.T) {
	idx := testindex.Build(t, harbourArticles())
	cases := []struct {
		name                string
		env                 []string
		proximity, feedback bool
	}{
		{"defaults", nil, true, true},
		{"proximity_weight 0", []string{"PULSE_SEARCH_PROXIMITY_WEIGHT=0"}, false, true},
		{"feedback_docs 0", []string{"PULSE_SEARCH_FEEDBACK_DOCS=0"}, true, false},
		{"feedback_terms 0", []string{"PULSE_SEARCH_FEEDBACK_TERMS=0"}, true, false},
		{"feedback_weight 0", []string{"PULSE_SEARCH_FEEDBACK_WEIGHT=0"}, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := config.Load(config.Options{Environ: c.env})
			if err != nil {
				t.Fatal(err)
			}
			s := search.New(idx, cfg.Search, time.UTC)
			res := mustSearch(t, s, url.Values{"q": {"alpha beta gamma delta epsilon"}, "explain": {"true"}, "recency": {"off"}, "collapse": {"off"}}.Encode())
			if len(res.Hits) == 0 {
				t.Fatal("no hits")
			}
			var msgs strings.Builder
			eachExplanation(res, func(e *bsearch.Explanation) { msgs.WriteString("\n" + e.Message) })
			for _, part := range []struct {
				prefix string
				want   bool
			}{{"\nproximity: ", c.proximity}, {"\nfeedback: ", c.feedback}} {
				if got := strings.Contains(msgs.String(), part.prefix); got != part.want {
					t.Errorf("explanation has %q: %v, want %v", strings.TrimSpace(part.prefix), got, part.want)
				}
			}
		})
	}
}

// TestFeedbackLongQueriesOnly: feedback expands a query of more than
// qlang.LongQueryWords words, counted as the build counts them: stop
// words make "the alpha and the beta of the gamma" no longer than
// "alpha beta gamma", whose words must all match.
func TestFeedbackLongQueriesOnly(t *testing.T) {
	cfg := config.Defaults().Search
	cfg.WidenBelow = 0 // a widened search has no feedback of its own
	s := search.New(testindex.Build(t, harbourArticles()), cfg, time.UTC)
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"alpha beta gamma delta epsilon", true},
		{"the alpha and the beta of the gamma", false},
		{"alpha beta gamma", false},
	} {
		res := mustSearch(t, s, url.Values{"q": {c.q}, "explain": {"true"}, "recency": {"off"}, "collapse": {"off"}}.Encode())
		if len(res.Hits) == 0 {
			t.Fatalf("%q: no hits", c.q)
		}
		got := false
		eachExplanation(res, func(e *bsearch.Explanation) { got = got || strings.HasPrefix(e.Message, "feedback: ") })
		if got != c.want {
			t.Errorf("%q: feedback clauses %v, want %v", c.q, got, c.want)
		}
	}
}

// harbourArticles are twelve articles repeating five words once, twice
// or three times, each with a word of its own.
func harbourArticles() []pulse.Article {
	var arts []pulse.Article
	for i := 0; i < 12; i++ {
		arts = append(arts, pulse.Article{
			ID:    fmt.Sprintf("a%02d", i),
			Title: fmt.Sprintf("Story %d about the harbour", i),
			Body:  strings.Repeat("alpha beta gamma delta epsilon harbour crane strike ", 1+i%3) + fmt.Sprintf("dock%d", i),
		})
	}
	return arts
}

// eachExplanation calls f on every part of the explanations of res's
// hits, parents before children.
func eachExplanation(res *search.Result, f func(*bsearch.Explanation)) {
	var walk func(e *bsearch.Explanation)
	walk = func(e *bsearch.Explanation) {
		if e == nil {
			return
		}
		f(e)
		for _, c := range e.Children {
			walk(c)
		}
	}
	for _, h := range res.Hits {
		walk(h.Explanation)
	}
}

// TestFeedbackContrast checks that search.feedback_context sets the
// feedback terms against the query's result set: a word every result
// holds (the subject's common vocabulary) loses expansion weight against
// a word only the first results hold, and the setting at 0 leaves the
// weights as the relevance model gives them.
func TestFeedbackContrast(t *testing.T) {
	var arts []pulse.Article
	for i := 0; i < 30; i++ {
		body := fmt.Sprintf("The library catalogue lists records of the library and its library staff. Item %d.", i)
		if i < 3 {
			// The first results: the query's words often, and a word of
			// their own.
			body += strings.Repeat(" Airship history, airship records and zeppelin hangars; the zeppelin crews.", 3)
		}
		arts = append(arts, pulse.Article{ID: fmt.Sprintf("a%02d", i), Title: fmt.Sprintf("Catalogue note %d", i), Body: body})
	}
	idx := testindex.Build(t, arts)
	boosts := func(context int) map[string]float64 {
		cfg := config.Defaults().Search
		cfg.FeedbackContext, cfg.FeedbackContrast = context, 1
		return feedbackBoosts(t, search.New(idx, cfg, time.UTC), "airship history records library catalogue")
	}
	off, on := boosts(0), boosts(30)
	for _, w := range []string{"librari", "zeppelin"} {
		if off[w] == 0 || on[w] == 0 {
			t.Fatalf("feedback term %q missing: boosts without the contrast %v, with %v", w, off, on)
		}
	}
	if got, was := on["librari"]/on["zeppelin"], off["librari"]/off["zeppelin"]; got >= was/2 {
		t.Errorf("with the contrast, librari (in every result) weighs %.3f of zeppelin (in the first 3), without it %.3f: want well under half as much", got, was)
	}
}

// TestFeedbackSmoothing checks that search.feedback_smoothing weighs a
// feedback article's words by its length against the archive's mean: a
// three-word record among the first results gives its own word much less
// weight, against a word the longer first results repeat, than it does
// with the setting at 0 (a word's count ÷ the article's length).
func TestFeedbackSmoothing(t *testing.T) {
	arts := []pulse.Article{{ID: "record", Title: "Airship", Body: "airship blimp"}}
	for i := 0; i < 3; i++ {
		arts = append(arts, pulse.Article{ID: fmt.Sprintf("feature%d", i), Title: "Airship history",
			Body: strings.Repeat("The airship history of hangar crews and their flight over the zeppelin field. ", 3)})
	}
	for i := 0; i < 20; i++ {
		arts = append(arts, pulse.Article{ID: fmt.Sprintf("note%02d", i), Title: fmt.Sprintf("Catalogue note %d", i),
			Body: strings.Repeat("The library catalogue lists records of the library staff. ", 2)})
	}
	idx := testindex.Build(t, arts)
	boosts := func(smoothing float64) map[string]float64 {
		cfg := config.Defaults().Search
		cfg.FeedbackContext, cfg.FeedbackSmoothing = 0, smoothing
		return feedbackBoosts(t, search.New(idx, cfg, time.UTC), "airship history hangar crews flight")
	}
	off, on := boosts(0), boosts(1)
	for _, w := range []string{"blimp", "zeppelin"} {
		if off[w] == 0 || on[w] == 0 {
			t.Fatalf("feedback term %q missing: boosts without smoothing %v, with %v", w, off, on)
		}
	}
	if got, was := on["blimp"]/on["zeppelin"], off["blimp"]/off["zeppelin"]; got >= was/2 {
		t.Errorf("with smoothing, blimp (the short record's) weighs %.3f of zeppelin (the features'), without it %.3f: want well under half as much", got, was)
	}
}

// feedbackBoosts searches q with explanations and returns the boost of
// each feedback term, by its body term.
func feedbackBoosts(t *testing.T, s *search.Searcher, q string) map[string]float64 {
	t.Helper()
	res := mustSearch(t, s, url.Values{"q": {q}, "explain": {"true"}, "recency": {"off"}, "collapse": {"off"}}.Encode())
	out := map[string]float64{}
	boost := regexp.MustCompile(`^feedback: BM25F: .* × boost ([0-9.e+-]+) `)
	eachExplanation(res, func(e *bsearch.Explanation) {
		m := boost.FindStringSubmatch(e.Message)
		if m == nil {
			return
		}
		b, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatalf("boost in %q: %v", e.Message, err)
		}
		for _, c := range e.Children {
			if f := strings.Fields(c.Message); len(f) > 1 && strings.HasPrefix(f[1], pulse.FieldBody+":") {
				out[strings.TrimPrefix(f[1], pulse.FieldBody+":")] = b
			}
		}
	})
	return out
}

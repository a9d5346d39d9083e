package search_test

import (
	"fmt"
	"math"
	"math/rand"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/testindex"
	"github.com/pulsesearch/pulse/search"
)

// TestPhrasesBruteForce checks exact phrases, which are answered from the
// indexed word pairs (two words) or pairs checked against positions
// (longer, or with a stop word inside), against a scan of the texts: the
// same articles must match, and each hit's snippet must still mark the
// phrase, from positions.
func TestPhrasesBruteForce(t *testing.T) {
	// Words the English analyser keeps as they are, and two stop words,
	// which leave a gap any stop word fills.
	words := []string{"oil", "gold", "bank", "rate", "trade", "price", "of", "the"}
	stop := map[string]bool{"of": true, "the": true}
	rng := rand.New(rand.NewSource(7))
	text := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[rng.Intn(len(words))]
		}
		return strings.Join(ws, " ")
	}
	var arts []pulse.Article
	for i := 0; i < 150; i++ {
		arts = append(arts, pulse.Article{
			ID: fmt.Sprintf("p%03d", i), Title: text(3), Summary: text(rng.Intn(3) * 2), Body: text(4 + rng.Intn(10)),
			PublishedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
		})
	}
	// has reports whether the phrase's words occur in s in order. A stop
	// word of the phrase is only a gap, which any word fills (as in
	// Lucene); a stop word of the text matches no word of the phrase.
	norm := func(w string) string {
		if stop[w] {
			return ""
		}
		return w
	}
	has := func(s, phrase string) bool {
		ws, ps := strings.Fields(s), strings.Fields(phrase)
		for i := 0; i+len(ps) <= len(ws); i++ {
			ok := true
			for j, p := range ps {
				if !stop[p] && norm(ws[i+j]) != p {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	s := search.New(testindex.BuildBatched(t, arts, 20), config.Defaults().Search, time.UTC)
	phrases := []string{"oil price", "gold rate", "bank bank", "trade of oil", "oil rate price", "price the gold bank", "rate trade rate"}
	for _, ph := range phrases {
		want := map[string]bool{}
		for _, a := range arts {
			if has(a.Title, ph) || has(a.Summary, ph) || has(a.Body, ph) {
				want[a.ID] = true
			}
		}
		if len(want) == 0 {
			t.Fatalf("%q: the corpus has no match; the test would check nothing", ph)
		}
		res := mustSearch(t, s, url.Values{"q": {`"` + ph + `"`}, "per_page": {"100"}, "collapse": {"off"}, "facets": {""}}.Encode())
		if res.Total != uint64(len(want)) {
			t.Errorf("%q: %d matches, want %d", ph, res.Total, len(want))
		}
		for _, h := range res.Hits {
			if !want[h.ID] {
				t.Errorf("%q: %s matched; its texts lack the phrase", ph, h.ID)
			}
			if !strings.Contains(h.Snippet, "<mark>") {
				t.Errorf("%q: %s: snippet %q marks nothing", ph, h.ID, h.Snippet)
			}
		}
	}
}

// TestPrunedClausesScoreAlike checks that explaining a search changes no
// score: the word and sum searchers (search/qlang/bm25f.go, sum.go) skip
// the clauses that cannot match and build explanations on the side, so
// each hit must score the same with explain and without.
func TestPrunedClausesScoreAlike(t *testing.T) {
	arts := corpus(200, 9)
	s := search.New(testindex.Build(t, arts), config.Defaults().Search, time.UTC)
	for _, q := range []string{"oil", "prices", "iraq", "oil prices", "security iraq", "oil OR election", "market -talks", `"oil prices" minister`, "title:border"} {
		v := url.Values{"q": {q}, "per_page": {"100"}, "recency": {"off"}, "collapse": {"off"}}
		plain := mustSearch(t, s, v.Encode())
		v.Set("explain", "true")
		explained := mustSearch(t, s, v.Encode())
		if plain.Total == 0 || plain.Total != explained.Total {
			t.Fatalf("%q: %d and %d matches", q, plain.Total, explained.Total)
		}
		want := map[string]float64{}
		for _, h := range explained.Hits {
			want[h.ID] = h.Score
		}
		for _, h := range plain.Hits {
			w, ok := want[h.ID]
			if !ok || math.Abs(h.Score-w) > 1e-9*math.Abs(w) {
				t.Errorf("%q: %s scores %v, %v with every clause", q, h.ID, h.Score, w)
			}
		}
	}
}

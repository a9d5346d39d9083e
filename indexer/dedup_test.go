package indexer

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

const story = `The central bank raised its main interest rate by half a point on Thursday, the first increase in three years, saying inflation had stayed above its target for too long and that wages were rising faster than productivity. Economists had expected a smaller move. The governor told reporters that further increases could follow if prices kept climbing, and markets fell sharply after the announcement.`

func TestMinhashSimilarity(t *testing.T) {
	a, ok := minhash(story)
	if !ok {
		t.Fatal("story too short for a signature")
	}
	copyWithBoilerplate, _ := minhash("Daily Globe — Business. " + story + " Share this: Facebook Twitter. Read more business news.")
	edited, _ := minhash(strings.Replace(story, "on Thursday", "on Thursday morning", 1))
	other, _ := minhash(`Flooding closed the main road into the city on Thursday after two days of heavy rain, and officials said hundreds of homes had been evacuated as the river rose to its highest level in a decade. Emergency crews worked through the night to shore up defences along the eastern bank.`)
	if s := a.similarity(copyWithBoilerplate); s < DupThreshold {
		t.Errorf("copy under boilerplate: similarity %.2f", s)
	}
	if s := a.similarity(edited); s < DupThreshold {
		t.Errorf("lightly edited copy: similarity %.2f", s)
	}
	if s := a.similarity(other); s >= 0.2 {
		t.Errorf("different story: similarity %.2f", s)
	}
	if _, ok := minhash("Too short to judge."); ok {
		t.Error("a headline alone got a signature")
	}
}

func clusters(t *testing.T, idx bleve.Index) map[string]string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 10000, 0, false)
	req.Fields = []string{pulse.FieldCluster}
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, h := range res.Hits {
		if c, _ := h.Fields[pulse.FieldCluster].(string); c != "" {
			out[h.ID] = c
		}
	}
	return out
}

func TestClustersAcrossBatches(t *testing.T) {
	ix := mustOpen(t, t.TempDir())
	w := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 2}, time.UTC)
	its, names := items(
		pulse.Article{ID: "orig", Title: "Rates rise", Body: story},
		pulse.Article{ID: "other", Title: "Floods", Body: strings.Repeat("rain river road homes evacuated ", 10)},
		pulse.Article{ID: "copy1", Title: "Rates rise", Body: "Syndicated from the wire. " + story},
		pulse.Article{ID: "copy2", Title: "Bank raises rates", Body: strings.Replace(story, "Economists", "Most economists", 1)},
	)
	if _, err := w.Write(context.Background(), its, names); err != nil {
		t.Fatal(err)
	}
	got := clusters(t, ix.Bleve())
	want := map[string]string{"orig": "orig", "copy1": "orig", "copy2": "orig"}
	if len(got) != len(want) {
		t.Fatalf("clusters %v, want %v", got, want)
	}
	for id, c := range want {
		if got[id] != c {
			t.Errorf("%s in cluster %q, want %q", id, got[id], c)
		}
	}
	// A new writer (a later run) learns the indexed bands from the index.
	w2 := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 2}, time.UTC)
	its, names = items(pulse.Article{ID: "copy3", Title: "Rates up", Body: story + " Shares fell."})
	if _, err := w2.Write(context.Background(), its, names); err != nil {
		t.Fatal(err)
	}
	if got := clusters(t, ix.Bleve())["copy3"]; got != "orig" {
		t.Errorf("copy3 written by a new writer in cluster %q, want orig", got)
	}
	if w2.bandsAdded == 0 || w2.bandsAdded > 5*uint(sigSize/bandRows) {
		t.Errorf("new writer's filter holds %d band terms, want those of the 4 or 5 indexed articles", w2.bandsAdded)
	}
}

// TestECBPlusStories checks, on ECB+ development articles (different
// reports of the same events), that no copy cluster mixes two stories and
// that every pair clustered is a real copy: an exact 4-shingle Jaccard
// similarity of at least 0.5 (syndicated wire copies, lightly edited).
func TestECBPlusStories(t *testing.T) {
	f, err := os.Open(sharedtest.Path(t, "data", "ecbplus", "ecbplus-dev.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	story := map[string]string{}
	text := map[string]string{}
	var its []format.Item
	var names []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var d struct{ ID, Story, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		story[d.ID], text[d.ID] = d.Story, d.Title+"\n"+d.Text
		its = append(its, format.Item{Article: pulse.Article{ID: d.ID, Title: d.Title, Body: d.Text}})
		names = append(names, d.ID)
	}
	ix := mustOpen(t, t.TempDir())
	w := NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 100}, time.UTC)
	if _, err := w.Write(context.Background(), its, names); err != nil {
		t.Fatal(err)
	}
	got := clusters(t, ix.Bleve())
	members := map[string][]string{}
	for id, c := range got {
		members[c] = append(members[c], id)
	}
	words := regexp.MustCompile(`\w+`)
	shingles := func(s string) map[string]bool {
		ws := words.FindAllString(strings.ToLower(s), -1)
		out := map[string]bool{}
		for i := 0; i+4 <= len(ws); i++ {
			out[strings.Join(ws[i:i+4], " ")] = true
		}
		return out
	}
	for c, ids := range members {
		for _, id := range ids {
			if story[id] != story[c] {
				t.Errorf("cluster %s mixes stories %s and %s", c, story[c], story[id])
			}
			if id == c {
				continue
			}
			a, b := shingles(text[c]), shingles(text[id])
			inter := 0
			for s := range a {
				if b[s] {
					inter++
				}
			}
			if j := float64(inter) / float64(len(a)+len(b)-inter); j < 0.5 {
				t.Errorf("%s clustered with %s at exact similarity %.2f: not a copy", id, c, j)
			}
		}
	}
	t.Logf("%d of %d ECB+ articles are in %d copy clusters", len(got), len(its), len(members))
}

package indexer_test

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// TestWholeTextNorms checks what the segment records as each field's
// length (its norm, 1/√length): for the text fields the length of the
// whole text, title, summary and body together, so that BM25F normalises
// them by one length; for a pair field its own; and that an article with
// one text field keeps that field's length.
func TestWholeTextNorms(t *testing.T) {
	full := pulse.Article{ID: "full", Title: "Minister visits Baghdad", Summary: "A short visit to the capital",
		Body: "The foreign minister visited Baghdad on Tuesday to discuss the oil budget with the cabinet."}
	bare := pulse.Article{ID: "bare", Body: "Baghdad budget talks resume after a week of delay"}
	idx := testindex.Build(t, []pulse.Article{full, bare})
	an := idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	count := func(s string) int { return len(an.Analyze([]byte(s))) }
	whole := count(full.Title) + count(full.Summary) + count(full.Body)

	r := reader(t, idx)
	// length returns the length the norm of term in field records, per
	// article id.
	length := func(field, term string) map[string]int {
		out := map[string]int{}
		eachPosting(t, r, field, term, func(id string, d *index.TermFieldDoc) { out[id] = normLength(d) })
		return out
	}
	for _, c := range []struct {
		field, term, id string
		want            int
	}{
		{pulse.FieldTitle, "baghdad", "full", whole},
		{pulse.FieldSummary, "capit", "full", whole},
		{pulse.FieldBody, "baghdad", "full", whole},
		{pulse.FieldBody, "baghdad", "bare", count(bare.Body)},
		{pulse.PairField(pulse.FieldTitle), "minist visit", "full", 2},
	} {
		if got := length(c.field, c.term)[c.id]; got != c.want {
			t.Errorf("%s:%s in %s: norm records length %d, want %d", c.field, c.term, c.id, got, c.want)
		}
	}
	// The lengths field keeps each field's own length and the whole text's.
	for _, c := range []struct {
		field string
		n     int
	}{{pulse.FieldTitle, count(full.Title)}, {pulse.TextLength, whole}} {
		for bit := 0; bit < pulse.LengthBits; bit++ {
			set := length(pulse.FieldLengths, pulse.LengthTerm(c.field, bit))["full"] > 0
			if set != (c.n&(1<<bit) != 0) {
				t.Errorf("%s length: bit %d recorded %v, want the bits of %d", c.field, bit, set, c.n)
			}
		}
	}
}

// TestWholeTextNormsSurviveMerges checks, over many small batches, then
// updates that change which text fields articles have, deletes, and a
// merge into one segment, that every text-field posting's norm is its
// article's whole-text length as _len records it, and that the extra
// fields of the same name cost the text fields nothing: their stored
// values are there once, and their term vectors match their frequencies.
// (The segment merges the options of fields of one name; a whole-text
// field added without its text field would take the text's stored value
// and vectors away at the next merge.)
func TestWholeTextNormsSurviveMerges(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	vocab := strings.Fields("oil minister baghdad budget cabinet visit talks strike harbour market prices war peace election vote court judge rain flood storm")
	words := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rng.Intn(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	article := func(id string) pulse.Article {
		a := pulse.Article{ID: id}
		switch rng.Intn(4) {
		case 0:
			a.Body = words(5 + rng.Intn(30))
		case 1:
			a.Title, a.Body = words(1+rng.Intn(6)), words(5+rng.Intn(60))
		case 2:
			a.Title, a.Summary, a.Body = words(1+rng.Intn(6)), words(3+rng.Intn(10)), words(5+rng.Intn(60))
		case 3:
			a.Language, a.Title, a.Body = "ar", "وزير النفط", "زار وزير النفط بغداد يوم الثلاثاء"
		}
		return a
	}
	ix, err := indexer.Open(filepath.Join(t.TempDir(), "data"), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := indexer.NewWriter(ix.Bleve(), nil, config.Ingest{BatchSize: 3}, time.UTC)
	write := func(arts []pulse.Article) {
		items := make([]format.Item, len(arts))
		names := make([]string, len(arts))
		for i, a := range arts {
			items[i], names[i] = format.Item{Article: a}, a.ID
		}
		if _, err := w.Write(context.Background(), items, names); err != nil {
			t.Fatal(err)
		}
	}
	id := func(i int) string { return fmt.Sprintf("a%03d", i) }
	for i := 0; i < 120; i += 3 {
		write([]pulse.Article{article(id(i)), article(id(i + 1)), article(id(i + 2))})
	}
	for i := 0; i < 120; i += 4 {
		write([]pulse.Article{article(id(i))})
	}
	var gone []string
	for i := 1; i < 120; i += 7 {
		gone = append(gone, id(i))
	}
	if _, err := w.Delete(gone); err != nil {
		t.Fatal(err)
	}
	testindex.MergeAll(t, ix.Bleve())
	r := reader(t, ix.Bleve())
	postings := func(field, term string, fn func(id string, d *index.TermFieldDoc)) {
		eachPosting(t, r, field, term, fn)
	}
	whole := map[string]int{}
	for bit := 0; bit < pulse.LengthBits; bit++ {
		postings(pulse.FieldLengths, pulse.LengthTerm(pulse.TextLength, bit), func(id string, _ *index.TermFieldDoc) { whole[id] += 1 << bit })
	}
	checked := 0
	for _, f := range pulse.TextFields {
		dict, err := r.FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
			if err != nil {
				t.Fatal(err)
			}
			terms = append(terms, e.Term)
		}
		dict.Close()
		for _, term := range terms {
			postings(f, term, func(id string, d *index.TermFieldDoc) {
				checked++
				if got := normLength(d); got != whole[id] {
					t.Errorf("%s:%s in %s: norm records length %d, the whole text is %d", f, term, id, got, whole[id])
				}
				if len(d.Vectors) != int(d.Freq) {
					t.Errorf("%s:%s in %s: %d term vectors for frequency %d", f, term, id, len(d.Vectors), d.Freq)
				}
			})
		}
	}
	if checked < 500 {
		t.Fatalf("only %d text postings checked", checked)
	}
	for i := 0; i < 120; i++ {
		doc, err := r.Document(id(i))
		if err != nil {
			t.Fatal(err)
		}
		if doc == nil {
			continue
		}
		stored := map[string]int{}
		doc.VisitFields(func(f index.Field) {
			if pulse.IsTextField(f.Name()) && len(f.Value()) > 0 {
				stored[f.Name()]++
			}
		})
		if stored[pulse.FieldBody]+stored[pulse.FieldBodyAr] != 1 {
			t.Errorf("%s: stored text fields %v, want its body once", id(i), stored)
		}
		for name, n := range stored {
			if n > 1 {
				t.Errorf("%s: %s stored %d times", id(i), name, n)
			}
		}
	}
}

// reader opens a snapshot of idx, closed when the test ends.
func reader(t *testing.T, idx bleve.Index) index.IndexReader {
	t.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// eachPosting calls fn with the id and the posting (norm, frequency,
// term vectors) of every article whose field holds term.
func eachPosting(t *testing.T, r index.IndexReader, field, term string, fn func(id string, d *index.TermFieldDoc)) {
	t.Helper()
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, true)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	for {
		d, err := tfr.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			return
		}
		id, err := r.ExternalID(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		fn(id, d)
	}
}

// normLength is the length a posting's norm (1/√length) records.
func normLength(d *index.TermFieldDoc) int { return int(math.Round(1 / (d.Norm * d.Norm))) }

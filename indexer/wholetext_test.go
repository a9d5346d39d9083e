package indexer_test

import (
	"context"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"github.com/pulsesearch/pulse"
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

	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// length returns the length the norm of term in field records, per
	// article id.
	length := func(field, term string) map[string]int {
		tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, true, false)
		if err != nil {
			t.Fatal(err)
		}
		defer tfr.Close()
		out := map[string]int{}
		for {
			d, err := tfr.Next(nil)
			if err != nil {
				t.Fatal(err)
			}
			if d == nil {
				return out
			}
			id, err := r.ExternalID(d.ID)
			if err != nil {
				t.Fatal(err)
			}
			out[id] = int(math.Round(1 / (d.Norm * d.Norm)))
		}
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

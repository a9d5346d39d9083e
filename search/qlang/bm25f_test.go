package qlang

import (
	"context"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/internal/testindex"
)

// TestWordFieldsWithoutCoord checks how a word's fields combine: a story
// that discusses a word at length in its body is not outranked by one
// that only names it in its title (bleve's disjunction divided a body-only
// match by the number of the word's clauses); a title match still counts
// for more than the same match in the body; an entity key adds to a text
// match; and the explanation shows each part.
func TestWordFieldsWithoutCoord(t *testing.T) {
	filler := func(n int) string {
		return strings.TrimSpace(strings.Repeat("market report figures ", n/3))
	}
	iraq := []pulse.Entity{{ID: "iq", Name: "Iraq", Aliases: []string{"refinery"}}}
	idx := testindex.Build(t, []pulse.Article{
		{ID: "body", Title: "weekly notes", Body: filler(90) + " refinery refinery refinery refinery " + filler(30)},
		{ID: "title", Title: "refinery notes", Body: filler(120)},
		{ID: "same-body", Title: "other notes", Body: "refinery " + filler(120)},
		{ID: "entity", Title: "other notes", Body: "refinery " + filler(120), Places: iraq},
		{ID: "none", Title: "nothing", Body: filler(120)},
	})
	rank := func(q string) ([]string, *bleve.SearchResult) {
		t.Helper()
		pq, err := Parse(q, defaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		bq, err := pq.Build(defaultOptions(func(o *Options) { o.EntityAliases = true; o.Mapping = idx.Mapping() }))
		if err != nil {
			t.Fatal(err)
		}
		req := bleve.NewSearchRequestOptions(bq, 10, 0, true)
		res, err := idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids, res
	}
	ids, res := rank("refinery")
	pos := map[string]int{}
	for i, id := range ids {
		pos[id] = i
	}
	for _, c := range []struct{ better, worse string }{
		{"body", "title"},       // four mentions beat a title alone
		{"title", "same-body"},  // a title match beats one body match
		{"entity", "same-body"}, // an entity key adds
	} {
		if pos[c.better] >= pos[c.worse] {
			t.Errorf("%s ranks at %d, %s at %d; want %[1]s first: %v", c.better, pos[c.better], c.worse, pos[c.worse], ids)
		}
	}
	if len(ids) != 4 {
		t.Errorf("hits %v, want the four articles with the word or the alias", ids)
	}
	expl := res.Hits[pos["entity"]].Expl.String()
	for _, part := range []string{"BM25F", "body:refineri", "avgFieldLength", "entity key place_key:refinery"} {
		if !strings.Contains(expl, part) {
			t.Errorf("explanation lacks %q:\n%s", part, expl)
		}
	}
}

// TestStatsCoverUnusedFields checks that a term query on a field no
// article has yet (a cluster filter on an index without copies) runs with
// the statistics in the context: bleve fails a search whose statistics
// lack a field it scores.
func TestStatsCoverUnusedFields(t *testing.T) {
	idx := testindex.Build(t, []pulse.Article{{ID: "a", Title: "oil", Body: "oil prices"}})
	ix, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	st, err := ReadStats(context.Background(), r)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{pulse.FieldCluster, pulse.FieldTitleAr, pulse.KeyField(pulse.FacetPerson), pulse.FieldBody} {
		q := bleve.NewTermQuery("x")
		q.SetField(f)
		if _, err := idx.SearchInContext(st.Context(context.Background()), bleve.NewSearchRequest(q)); err != nil {
			t.Errorf("term query on %s: %v", f, err)
		}
	}
	if got := st.AvgLen(pulse.FieldBody); got != 3 {
		t.Errorf("mean length the body is normalised by %v, want 3 (the whole text, \"oil\" and \"oil prices\")", got)
	}
	if got := st.Tokens[pulse.FieldBody]; got != 2 {
		t.Errorf("body tokens %v, want 2 (\"oil prices\")", got)
	}
}

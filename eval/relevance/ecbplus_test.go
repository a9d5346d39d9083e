package relevance

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/internal/sharedtest"
)

func TestReadECBPlus(t *testing.T) {
	path := sharedtest.Path(t, "data", ECBPlusFile)
	e, err := ReadECBPlus(path)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]pulse.Article{}
	for _, a := range e.Articles {
		// Only id, title, body and URL may reach the index: the story,
		// topic and mentions are answer keys.
		only := pulse.Article{ID: a.ID, Title: a.Title, Body: a.Body, URL: a.URL}
		if !reflect.DeepEqual(a, only) {
			t.Fatalf("%s carries more than id, title, body and url: %+v", a.ID, a)
		}
		byID[a.ID] = a
	}
	if len(e.Collection.Queries) < e.Stories*9/10 {
		t.Errorf("%d queries for %d stories", len(e.Collection.Queries), e.Stories)
	}
	for _, q := range e.Collection.Queries {
		if len(q.Exclude) != 1 {
			t.Fatalf("%s: excludes %v, want the query's own article", q.ID, q.Exclude)
		}
		own := byID[q.Exclude[0]]
		if q.Query != PlainQuery(own.Title) || isDateline(own.Title) {
			t.Errorf("%s: query %q is not the headline of %s, %q", q.ID, q.Query, own.ID, own.Title)
		}
		for id, g := range q.Relevant {
			// Ids are "<topic>_<n><part>" and stories "<topic><part>".
			topic, rest, _ := strings.Cut(id, "_")
			part := strings.TrimLeft(rest, "0123456789")
			if g != 1 || topic+part != q.ID || id == own.ID {
				t.Errorf("%s: %s judged %d", q.ID, id, g)
			}
		}
	}
}

// TestECBPlusRelevance runs `pulse-eval relevance` on the ECB+
// development data and checks that the figures are sane, not that they
// are some given numbers.
func TestECBPlusRelevance(t *testing.T) {
	path := sharedtest.Path(t, "data", ECBPlusFile)
	cmp, err := RunECBPlus(context.Background(), path, t.TempDir(), config.Defaults().Search, Features(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := cmp.Write(&out); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())

	if len(cmp.Rows) != len(Features())+1 {
		t.Fatalf("%d rows, want %d features and the diagnostic row", len(cmp.Rows), len(Features()))
	}
	rows := map[string]*Report{}
	for _, r := range cmp.Rows {
		rows[r.Name] = r
		for _, m := range []float64{r.MAP, r.NDCG, r.P, r.Recall} {
			if m < 0 || m > 1 {
				t.Errorf("%s: a figure out of [0, 1]: %+v", r.Name, r)
			}
		}
		if r.Errors != 0 || r.Queries < 40 {
			t.Errorf("%s: %d queries, %d errors", r.Name, r.Queries, r.Errors)
		}
	}
	base := rows["baseline (all on)"]
	if base.MAP <= 0.3 || base.NDCG <= 0.3 || base.P <= 0.3 {
		t.Errorf("baseline MAP %.3f, nDCG@10 %.3f, P@10 %.3f: want each above 0.3", base.MAP, base.NDCG, base.P)
	}
	if base.NoneFound > base.Queries/2 {
		t.Errorf("baseline: %d of %d queries found nothing relevant", base.NoneFound, base.Queries)
	}
	// Throwing away the retried results can only lose.
	if off := rows["OR/fuzzy retries off"]; off.MAP > base.MAP {
		t.Errorf("retries off MAP %.3f above the baseline's %.3f", off.MAP, base.MAP)
	}
	// ECB+ has no dates, so recency has nothing to act on.
	if off := rows["recency off"]; off.MAP != base.MAP || off.NDCG != base.NDCG {
		t.Errorf("recency off MAP %.3f, nDCG %.3f; want the baseline's %.3f, %.3f (no article has a date)", off.MAP, off.NDCG, base.MAP, base.NDCG)
	}
}

package queryset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testQueries = "testdata/queries.txt"

func TestQueryValues(t *testing.T) {
	qs, err := Load(testQueries)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"facets=&histogram=off&per_page=10&q=oil",
		"facets=&histogram=off&per_page=10&q=%22interest+rates%22",
		"facet_size=10&facets=place%2Ctopic&per_page=10&q=wheat+exports",
	}
	if len(qs) != len(want) {
		t.Fatalf("got %d queries, want %d", len(qs), len(want))
	}
	for i, q := range qs {
		if got := q.Values().Encode(); got != want[i] {
			t.Errorf("%s: got %s, want %s", q.ID, got, want[i])
		}
	}
}

func TestLoadErrors(t *testing.T) {
	for _, c := range []struct{ name, text, msg string }{
		{"three fields", "q1\t-\toil\n", ":1: want 4 tab-separated fields"},
		{"bad facets", "# c\nq1\tyes\tterm\toil\n", `:2: facets: must be "-" or "facet", got "yes"`},
		{"bad kind", "q1\t-\tfuzzy\toil\n", `kind: must be term, and, phrase or rare, got "fuzzy"`},
		{"empty text", "q1\t-\tterm\t \n", "empty qid or text"},
		{"no queries", "# only a comment\n\n", "no queries"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "q.txt")
			if err := os.WriteFile(p, []byte(c.text), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(p); err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want %q", err, c.msg)
			}
		})
	}
}

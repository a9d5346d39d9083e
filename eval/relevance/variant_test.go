package relevance

import (
	"strings"
	"testing"
	"time"

	"github.com/pulsesearch/pulse/config"
)

func TestParseVariant(t *testing.T) {
	v, err := ParseVariant("k1 1.5, less feedback: bm25_k1=1.5, search.feedback_docs=3,timeout=2s")
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "k1 1.5, less feedback" {
		t.Errorf("name %q", v.Name)
	}
	s := config.Defaults().Search
	s.TitleBoost = 7
	v.Search(&s)
	if s.BM25K1 != 1.5 || s.FeedbackDocs != 3 || s.Timeout != 2*time.Second {
		t.Errorf("applied: k1 %v, feedback_docs %d, timeout %v; want 1.5, 3, 2s", s.BM25K1, s.FeedbackDocs, s.Timeout)
	}
	if s.TitleBoost != 7 || s.BM25B != config.Defaults().Search.BM25B {
		t.Errorf("settings the variant does not name changed: title boost %v, b %v", s.TitleBoost, s.BM25B)
	}
}

func TestParseVariantRefuses(t *testing.T) {
	for _, c := range []struct{ spec, want string }{
		{"bm25_k1=1.5", "want NAME:key=value"},
		{"k1:", "want NAME:key=value"},
		{":bm25_k1=1.5", "want NAME:key=value"},
		{"k1:bm25_k1", `"bm25_k1" is not key=value`},
		{"k1:bm25_k=1.5", `"bm25_k" is not a search setting`},
		{"k1:bm25_k1=high", "bm25_k1=high: not a value"},
		{"t:timeout=soon", "timeout=soon: not a value"},
	} {
		_, err := ParseVariant(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseVariant(%q) = %v, want an error containing %q", c.spec, err, c.want)
		}
	}
}

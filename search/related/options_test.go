package related

import (
	"context"
	"reflect"
	"testing"

	"github.com/pulsesearch/pulse/config"
)

// TestFromConfigZeros sets each related.* key whose zero is a valid
// setting to zero, through the configuration as a user would, and checks
// that zero is what the finder uses: never the shipped value.
func TestFromConfigZeros(t *testing.T) {
	c, err := config.Load(config.Options{Environ: []string{
		"PULSE_RELATED_MIN_SCORE=0",
		"PULSE_RELATED_ENTITY_WEIGHT=0",
		"PULSE_RELATED_CACHE_SIZE=0",
	}})
	if err != nil {
		t.Fatal(err)
	}
	ix := mustIndex(t, t.TempDir(), mustCorpus(t))
	defer ix.Close()
	opts := FromConfig(c.Related)
	if err := opts.Validate(); err != nil {
		t.Fatal(err)
	}
	f := New(ix.Bleve(), opts)
	got := f.Options()
	for _, k := range []struct {
		key string
		val float64
	}{
		{"related.min_score", got.MinScore},
		{"related.entity_weight", got.EntityWeight},
		{"related.cache_size", float64(got.CacheSize)},
	} {
		if k.val != 0 {
			t.Errorf("%s: set to 0, finder uses %g", k.key, k.val)
		}
	}
	if f.lists != nil || f.vecs != nil {
		t.Error("related.cache_size 0: the finder still caches")
	}

	// min_score 0 shows the weak stories the shipped 0.05 hides: some
	// article of the corpus has one.
	shipped := New(ix.Bleve(), FromConfig(config.Defaults().Related))
	weak := false
	for _, d := range mustCorpus(t) {
		all, err := f.Related(context.Background(), d.Article.ID, Query{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		some, err := shipped.Related(context.Background(), d.Article.ID, Query{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range some {
			if s.Score < config.Defaults().Related.MinScore {
				t.Errorf("%s: shipped min_score shows %s at %g", d.Article.ID, s.ID, s.Score)
			}
		}
		for _, s := range all {
			if s.Score < config.Defaults().Related.MinScore {
				weak = true
			}
		}
	}
	if !weak {
		t.Error("min_score 0: no story under the shipped 0.05 was shown for any article")
	}
}

// TestFromConfigShipped checks that Options given field by field with
// every number left zero run as the shipped configuration does.
func TestFromConfigShipped(t *testing.T) {
	idx := mustIndex(t, t.TempDir(), mustCorpus(t))
	defer idx.Close()
	got := New(idx.Bleve(), Options{}).Options()
	want := New(idx.Bleve(), FromConfig(config.Defaults().Related)).Options()
	got.Copies, got.Now, want.Copies, want.Now = nil, nil, nil, nil
	got.explicit = want.explicit
	if !reflect.DeepEqual(got, want) {
		t.Errorf("zero Options run as\n%+v\nwant the shipped\n%+v", got, want)
	}
}

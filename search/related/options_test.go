package related

import (
	"context"
	"testing"

	"github.com/pulsesearch/pulse/config"
)

// shipped returns the options of the shipped configuration,
// FromConfig(config.Defaults().Related), changed by each of set: a test
// varies the fields it tests and takes the others as shipped.
func shipped(set ...func(*Options)) Options {
	o := FromConfig(config.Defaults().Related)
	for _, s := range set {
		s(&o)
	}
	return o
}

// TestFromConfigZeros sets each related.* key whose zero is a valid
// setting to zero, through the configuration as a user would, and checks
// that zero is what the finder uses: never the shipped value.
func TestFromConfigZeros(t *testing.T) {
	c, err := config.Load(config.Options{Environ: []string{
		"PULSE_RELATED_MIN_SCORE=0",
		"PULSE_RELATED_ENTITY_WEIGHT=0",
		"PULSE_RELATED_CACHE_SIZE=0",
		"PULSE_RELATED_COPY_SIMILARITY=0",
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
		{"related.copy_similarity", got.CopySimilarity},
	} {
		if k.val != 0 {
			t.Errorf("%s: set to 0, finder uses %g", k.key, k.val)
		}
	}
	if f.lists != nil || f.vecs != nil {
		t.Error("related.cache_size 0: the finder still caches")
	}
	if got.Copies != (TextCopies{MinSimilarity: 0}) {
		t.Errorf("related.copy_similarity 0: the finder tells copies with %#v", got.Copies)
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

// TestFromConfigCopySimilarity sets related.copy_similarity through the
// configuration and checks that the finder's copy test uses it.
func TestFromConfigCopySimilarity(t *testing.T) {
	c, err := config.Load(config.Options{Environ: []string{"PULSE_RELATED_COPY_SIMILARITY=0.5"}})
	if err != nil {
		t.Fatal(err)
	}
	ix := mustIndex(t, t.TempDir(), nil)
	defer ix.Close()
	if got := New(ix.Bleve(), FromConfig(c.Related)).Options().Copies; got != (TextCopies{MinSimilarity: 0.5}) {
		t.Errorf("related.copy_similarity 0.5: the finder tells copies with %#v", got)
	}
}

// TestZeroOptions checks that Options are used as given: the zero
// Options take no shipped value, and Validate refuses them, naming the
// first field out of range.
func TestZeroOptions(t *testing.T) {
	ix := mustIndex(t, t.TempDir(), nil)
	defer ix.Close()
	got := New(ix.Bleve(), Options{}).Options()
	if got.MaxTerms != 0 || got.MinScore != 0 || got.DefaultLimit != 0 || got.HalfLife != 0 || got.CopySimilarity != 0 {
		t.Errorf("zero Options run as %+v: a field was filled in", got)
	}
	if got.Copies != (TextCopies{}) || got.Now == nil {
		t.Errorf("zero Options: the nil dependencies were not filled: Copies %#v", got.Copies)
	}
	err := Options{}.Validate()
	if err == nil || err.Error() != "related: max_terms: must be 1 or more, got 0" {
		t.Errorf("Validate of zero Options: %v, want the max_terms error", err)
	}
}

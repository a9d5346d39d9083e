package related

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
)

// testNow is the clock of the tests: a few days after the newest article
// of the corpus.
var testNow = time.Date(2024, 3, 25, 12, 0, 0, 0, time.UTC)

func mustCorpus(tb testing.TB) []corpusDoc {
	tb.Helper()
	b, err := os.ReadFile("testdata/corpus.json")
	if err != nil {
		tb.Fatal(err)
	}
	var docs []corpusDoc
	if err := json.Unmarshal(b, &docs); err != nil {
		tb.Fatal(err)
	}
	return docs
}

// relatedCase is one case of testdata/related.json: an indexed article
// (id) or a draft, options and a query, and what the list must show.
type relatedCase struct {
	Name    string         `json:"name"`
	ID      string         `json:"id"`
	Draft   *pulse.Article `json:"draft"`
	Options struct {
		NoTerms    bool `json:"no_terms"`
		NoEntities bool `json:"no_entities"`
		NoTime     bool `json:"no_time"`
	} `json:"options"`
	Query struct {
		Limit      int       `json:"limit"`
		MaxAgeDays int       `json:"max_age_days"`
		Since      time.Time `json:"since"`
		Exclude    []string  `json:"exclude"`
	} `json:"query"`
	// First is the id expected at the top; Count the exact length.
	First string `json:"first"`
	Count int    `json:"count"`
	// Contains and Absent list ids that must and must not be shown.
	Contains []string `json:"contains"`
	Absent   []string `json:"absent"`
	// Before lists pairs [a, b]: a is shown, and above b if b is shown.
	Before [][2]string `json:"before"`
	// Reason maps an id to the start of its reason.
	Reason map[string]string `json:"reason"`
	// Error is the pulse error code expected, ErrorText part of its
	// message.
	Error     string `json:"error"`
	ErrorText string `json:"error_text"`
}

func TestRelated(t *testing.T) {
	ix := mustIndex(t, t.TempDir(), mustCorpus(t))
	defer ix.Close()
	idx := ix.Bleve()
	b, err := os.ReadFile("testdata/related.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []relatedCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			f := New(idx, shipped(func(o *Options) {
				o.NoTerms, o.NoEntities, o.NoTime = tc.Options.NoTerms, tc.Options.NoEntities, tc.Options.NoTime
				o.Now = func() time.Time { return testNow }
			}))
			q := Query{Limit: tc.Query.Limit, MaxAgeDays: tc.Query.MaxAgeDays, Since: tc.Query.Since, Exclude: tc.Query.Exclude}
			var stories []Story
			var err error
			if tc.Draft != nil {
				stories, err = f.RelatedTo(context.Background(), tc.Draft, q)
			} else {
				stories, err = f.Related(context.Background(), tc.ID, q)
			}
			if tc.Error != "" {
				if err == nil || pulse.ErrorCode(err) != tc.Error || !strings.Contains(err.Error(), tc.ErrorText) {
					t.Fatalf("error = %v (code %s), want code %s with %q", err, pulse.ErrorCode(err), tc.Error, tc.ErrorText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkList(t, tc, stories)
		})
	}
}

func checkList(t *testing.T, tc relatedCase, stories []Story) {
	t.Helper()
	ids := make([]string, len(stories))
	for i, s := range stories {
		ids[i] = s.ID
	}
	if tc.First != "" && (len(ids) == 0 || ids[0] != tc.First) {
		t.Errorf("first = %v, want %s", ids, tc.First)
	}
	if tc.Count > 0 && len(ids) != tc.Count {
		t.Errorf("got %d stories %v, want %d", len(ids), ids, tc.Count)
	}
	for _, id := range tc.Contains {
		if !slices.Contains(ids, id) {
			t.Errorf("%s missing from %v", id, ids)
		}
	}
	for _, id := range tc.Absent {
		if slices.Contains(ids, id) {
			t.Errorf("%s shown in %v", id, ids)
		}
	}
	for _, p := range tc.Before {
		i, j := slices.Index(ids, p[0]), slices.Index(ids, p[1])
		if i < 0 || (j >= 0 && j < i) {
			t.Errorf("want %s above %s in %v", p[0], p[1], ids)
		}
	}
	for id, want := range tc.Reason {
		i := slices.Index(ids, id)
		if i < 0 {
			t.Errorf("%s missing from %v", id, ids)
			continue
		}
		if !strings.HasPrefix(stories[i].Reason, want) {
			t.Errorf("reason of %s = %q, want it to start with %q", id, stories[i].Reason, want)
		}
	}
	seen := map[string]bool{}
	for i, s := range stories {
		if seen[s.ID] {
			t.Errorf("%s shown twice in %v", s.ID, ids)
		}
		seen[s.ID] = true
		if s.Score <= 0 || s.Score > 1 {
			t.Errorf("%s: score %g outside (0, 1]", s.ID, s.Score)
		}
		if i > 0 && s.Score > stories[i-1].Score {
			t.Errorf("scores not descending: %v", stories)
		}
		if s.Title == "" || s.Reason == "" {
			t.Errorf("%s: title %q, reason %q: want both", s.ID, s.Title, s.Reason)
		}
	}
}

func TestStoryJSON(t *testing.T) {
	s := Story{ID: "a", Title: "T", URL: "https://x.example/a", PublishedAt: time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC), Source: "S", Score: 0.5, Reason: "terms: x"}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"a","title":"T","url":"https://x.example/a","published_at":"2024-03-01T06:00:00Z","source":"S","score":0.5,"reason":"terms: x"}`
	if string(b) != want {
		t.Errorf("json = %s\nwant   %s", b, want)
	}
}

func TestCache(t *testing.T) {
	ix := mustIndex(t, t.TempDir(), mustCorpus(t))
	defer ix.Close()
	idx := ix.Bleve()
	ctx := context.Background()
	f := New(idx, shipped(func(o *Options) { o.CacheSize = 8 }))
	first, err := f.Related(ctx, "aceh-quake", Query{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.Related(ctx, "aceh-quake", Query{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(first, again) {
		t.Errorf("cached list differs:\n%v\n%v", first, again)
	}
	again[0].Title = "changed by the caller"
	if third, _ := f.Related(ctx, "aceh-quake", Query{}); third[0].Title == again[0].Title {
		t.Error("a caller's change to a list reached the cache")
	}
	if _, err := f.Related(ctx, "aceh-quake", Query{Limit: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Related(ctx, "lohan-rehab", Query{}); err != nil {
		t.Fatal(err)
	}
	st := f.CacheStats()
	if st.Hits != 2 || st.Misses != 3 || st.Entries != 3 || st.Capacity != 8 {
		t.Errorf("stats = %+v, want 2 hits, 3 misses, 3 entries, capacity 8", st)
	}
	vectors := f.vecs.Stats().Entries
	if vectors == 0 {
		t.Fatal("no vectors cached")
	}
	// A write of aceh-toll may change any list, and aceh-toll's vector.
	f.Invalidate("aceh-toll")
	if got := f.CacheStats().Entries; got != 0 {
		t.Errorf("after Invalidate: %d lists, want 0", got)
	}
	if got := f.vecs.Stats().Entries; got != vectors-1 {
		t.Errorf("after Invalidate: %d vectors, want %d", got, vectors-1)
	}
	if _, err := f.Related(ctx, "aceh-quake", Query{}); err != nil {
		t.Fatal(err)
	}
	f.InvalidateAll()
	if l, v := f.CacheStats().Entries, f.vecs.Stats().Entries; l != 0 || v != 0 {
		t.Errorf("after InvalidateAll: %d lists, %d vectors", l, v)
	}

	off := New(idx, shipped(func(o *Options) { o.CacheSize = -1 }))
	if _, err := off.Related(ctx, "aceh-quake", Query{}); err != nil {
		t.Fatal(err)
	}
	if st := off.CacheStats(); st != (CacheStats{}) {
		t.Errorf("disabled cache counts %+v", st)
	}
}

func TestConcurrentUse(t *testing.T) {
	ix := mustIndex(t, t.TempDir(), mustCorpus(t))
	defer ix.Close()
	idx := ix.Bleve()
	f := New(idx, shipped(func(o *Options) { o.CacheSize = 4 }))
	ids := []string{"aceh-quake", "lohan-rehab", "lohan-leaves", "fed-rates", "cup-final"}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				if _, err := f.Related(context.Background(), ids[(g+i)%len(ids)], Query{}); err != nil {
					errs <- err
				}
				if i%5 == 0 {
					f.InvalidateAll()
				} else if i%7 == 0 {
					f.Invalidate(ids[i%len(ids)])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRelatedSeesWrites(t *testing.T) {
	docs := mustCorpus(t)
	ix := mustIndex(t, t.TempDir(), docs)
	defer ix.Close()
	idx := ix.Bleve()
	ctx := context.Background()
	f := New(idx, shipped())
	before, err := f.Related(ctx, "aceh-quake", Query{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(before, func(s Story) bool { return s.ID == "aceh-toll" }) {
		t.Fatalf("aceh-toll not in %v", before)
	}
	if err := idx.Delete("aceh-toll"); err != nil {
		t.Fatal(err)
	}
	f.Invalidate("aceh-toll")
	after, err := f.Related(ctx, "aceh-quake", Query{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(after, func(s Story) bool { return s.ID == "aceh-toll" }) {
		t.Errorf("deleted aceh-toll still shown: %v", after)
	}
	_, err = f.Related(ctx, "aceh-toll", Query{})
	var pe *pulse.Error
	if !errors.As(err, &pe) || pe.Code != pulse.ENotFound {
		t.Errorf("deleted article: error %v, want not found", err)
	}
}

func TestOptionsValidate(t *testing.T) {
	cases := []struct {
		name string
		opts Options
		want string
	}{
		{"shipped", shipped(), ""},
		{"all set", Options{MaxTerms: 10, TitleWeight: 1, MaxDocShare: 0.5, EntityWeight: 2, MaxEntities: 3, HalfLife: time.Hour, TimeFloor: 1, Candidates: 10, DefaultLimit: 3, MaxLimit: 6, CacheSize: -1, CopySimilarity: 0.8}, ""},
		{"zeros that are settings", shipped(func(o *Options) {
			o.TitleWeight, o.EntityWeight, o.MaxEntities, o.MinScore, o.CacheSize, o.CopySimilarity = 0, 0, 0, 0, 0, 0
		}), ""},
		{"zero options", Options{}, "related: max_terms: must be 1 or more, got 0"},
		{"no terms", shipped(func(o *Options) { o.MaxTerms = 0 }), "max_terms: must be 1 or more, got 0"},
		{"doc share over 1", shipped(func(o *Options) { o.MaxDocShare = 1.5 }), "max_doc_share: must be above 0 and at most 1, got 1.5"},
		{"zero doc share", shipped(func(o *Options) { o.MaxDocShare = 0 }), "max_doc_share: must be above 0 and at most 1, got 0"},
		{"negative half-life", shipped(func(o *Options) { o.HalfLife = -time.Hour }), "half_life: must be a positive duration, got -1h0m0s"},
		{"zero half-life", shipped(func(o *Options) { o.HalfLife = 0 }), "half_life: must be a positive duration, got 0s"},
		{"time floor over 1", shipped(func(o *Options) { o.TimeFloor = 2 }), "time_floor: must be above 0 and at most 1, got 2"},
		{"no candidates", shipped(func(o *Options) { o.Candidates = 0 }), "candidates: must be 1 or more, got 0"},
		{"zero max limit", shipped(func(o *Options) { o.MaxLimit = 0 }), "max_limit: must be 1 or more, got 0"},
		{"zero default limit", shipped(func(o *Options) { o.DefaultLimit = 0 }), "default_limit: must be between 1 and max_limit 50, got 0"},
		{"default over max", shipped(func(o *Options) { o.DefaultLimit, o.MaxLimit = 10, 5 }), "default_limit: must be between 1 and max_limit 5, got 10"},
		{"copy similarity over 1", shipped(func(o *Options) { o.CopySimilarity = 1.1 }), "copy_similarity: must be between 0 and 1, got 1.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.opts.Validate()
			if tc.want == "" {
				if err != nil {
					t.Errorf("error %v, want none", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCopies(t *testing.T) {
	body := "The quake struck Aceh province on Friday, injuring dozens of people and damaging hundreds of houses, the agency said. " +
		"It was centred inland at a shallow depth, and residents fled their homes in panic; some slept outside for fear of aftershocks."
	shippedMin := config.Defaults().Related.CopySimilarity
	cases := []struct {
		name string
		min  float64
		a, b pulse.Article
		want bool
	}{
		{"same title and body", shippedMin, pulse.Article{Title: "Quake hits Aceh", Body: body}, pulse.Article{Title: "QUAKE hits Aceh!", Body: body}, true},
		{"a word changed", shippedMin, pulse.Article{Title: "Quake hits Aceh", Body: body}, pulse.Article{Title: "Quake hits Aceh", Body: body + " More soon."}, true},
		{"other title", shippedMin, pulse.Article{Title: "Quake hits Aceh", Body: body}, pulse.Article{Title: "Aceh shaken", Body: body}, false},
		{"other body", shippedMin, pulse.Article{Title: "Quake hits Aceh", Body: body}, pulse.Article{Title: "Quake hits Aceh", Body: "Rescuers searched the rubble for survivors on Saturday."}, false},
		{"other body, similarity 0: the title is enough", 0, pulse.Article{Title: "Quake hits Aceh", Body: body}, pulse.Article{Title: "Quake hits Aceh", Body: "Rescuers searched the rubble for survivors on Saturday."}, true},
		{"a word changed, similarity 1", 1, pulse.Article{Title: "Quake hits Aceh", Body: body}, pulse.Article{Title: "Quake hits Aceh", Body: body + " More soon."}, false},
		{"two titles alone", shippedMin, pulse.Article{Title: "Quake hits Aceh"}, pulse.Article{Title: "Quake hits Aceh"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := (TextCopies{MinSimilarity: tc.min}).Same(&tc.a, &tc.b); got != tc.want {
				t.Errorf("Same = %v (similarity %.2f, min %g), want %v", got, Similarity(tc.a.Body, tc.b.Body), tc.min, tc.want)
			}
		})
	}
}

// pairCopies calls the articles of one pair copies.
type pairCopies [2]string

func (p pairCopies) Same(a, b *pulse.Article) bool {
	return (a.ID == p[0] && b.ID == p[1]) || (a.ID == p[1] && b.ID == p[0])
}

func TestCopiesHook(t *testing.T) {
	ix := mustIndex(t, t.TempDir(), mustCorpus(t))
	defer ix.Close()
	idx := ix.Bleve()
	ctx := context.Background()
	plain, err := New(idx, shipped()).Related(ctx, "aceh-quake", Query{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(plain, func(s Story) bool { return s.ID == "aceh-toll" }) {
		t.Fatalf("aceh-toll not in %v", plain)
	}
	// With a hook saying aceh-toll is a copy of the article, it goes.
	hooked, err := New(idx, shipped(func(o *Options) { o.Copies = pairCopies{"aceh-quake", "aceh-toll"} })).Related(ctx, "aceh-quake", Query{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(hooked, func(s Story) bool { return s.ID == "aceh-toll" }) {
		t.Errorf("copy aceh-toll shown: %v", hooked)
	}
}

func TestTimeFactor(t *testing.T) {
	ix := mustIndex(t, t.TempDir(), nil)
	defer ix.Close()
	idx := ix.Bleve()
	f := New(idx, shipped(func(o *Options) { o.HalfLife, o.TimeFloor = 24*time.Hour, 0.5 }))
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		at, ct time.Time
		want   float64
	}{
		{"same time", day, day, 1},
		{"one half-life later", day, day.Add(24 * time.Hour), 0.75},
		{"one half-life earlier", day, day.Add(-24 * time.Hour), 0.75},
		{"far apart", day, day.AddDate(10, 0, 0), 0.5},
		{"no date on the article", time.Time{}, day, 1},
		{"no date on the candidate", day, time.Time{}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.timeFactor(tc.at, tc.ct); got < tc.want-1e-9 || got > tc.want+1e-9 {
				t.Errorf("timeFactor = %g, want %g", got, tc.want)
			}
		})
	}
}

// FuzzRelatedTo checks the invariants of a list for any draft: no error
// but a refusal of an empty draft, no story twice, none the draft's own
// id, scores in (0, 1] and descending.
func FuzzRelatedTo(f *testing.F) {
	docs := mustCorpus(f)
	for _, d := range docs {
		f.Add(d.Article.ID, d.Article.Title, d.Article.Body)
	}
	f.Add("", "", "")
	f.Add("x", "\xff\xfe", "Aceh Aceh Aceh 6.1 6.1 — “quoted” l'été")
	ix := mustIndex(f, f.TempDir(), docs)
	defer ix.Close()
	idx := ix.Bleve()
	finder := New(idx, shipped(func(o *Options) { o.Now = func() time.Time { return testNow } }))
	f.Fuzz(func(t *testing.T, id, title, body string) {
		a := &pulse.Article{ID: id, Title: title, Body: body}
		stories, err := finder.RelatedTo(context.Background(), a, Query{Limit: 10})
		if !a.HasText() {
			if pulse.ErrorCode(err) != pulse.EInvalid {
				t.Fatalf("empty draft: error %v, want invalid", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, s := range stories {
			if s.ID == id || seen[s.ID] {
				t.Errorf("story %s shown twice or the draft's own: %v", s.ID, stories)
			}
			seen[s.ID] = true
			if s.Score <= 0 || s.Score > 1 || (i > 0 && s.Score > stories[i-1].Score) {
				t.Errorf("scores out of order or range: %v", stories)
			}
		}
	})
}

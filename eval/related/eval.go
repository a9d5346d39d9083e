package related

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search/related"
)

// Extractor fills an article's entity fields from its text; the
// indexer's extractor adapter (indexer.Extractor) is one.
type Extractor interface {
	Extract(a *pulse.Article)
}

// Variant is one configuration scored: a name and the Finder options.
type Variant struct {
	Name    string
	Options related.Options
	// Baseline scores the Xapian-style expand-set method instead of the
	// Finder.
	Baseline bool
}

// Score is the outcome of one variant.
type Score struct {
	Variant string `json:"variant"`
	// Articles is the number of articles queried.
	Articles int `json:"articles"`
	// Precision is the share of the top K slots given to articles of the
	// same story (the same event), over all queried articles.
	Precision float64 `json:"precision_at_k"`
	// MRR is the mean reciprocal rank of the first same-story article in
	// the top 10 (0 for an article with none there).
	MRR float64 `json:"mrr"`
	// OtherEvent is the share of the top K slots given to articles of the
	// same topic but another story: a same-kind, different event.
	OtherEvent float64 `json:"other_event_at_k"`
	// Empty is the number of articles whose list was empty.
	Empty int `json:"empty"`
}

// mrrDepth is the list length MRR looks at.
const mrrDepth = 10

// Report is the outcome of an evaluation.
type Report struct {
	Data     string        `json:"data"`
	Articles int           `json:"articles"`
	Stories  int           `json:"stories"`
	Topics   int           `json:"topics"`
	K        int           `json:"k"`
	Entities bool          `json:"entities"`
	Dated    int           `json:"dated"`
	Scores   []Score       `json:"scores"`
	Elapsed  time.Duration `json:"elapsed_ns"`
}

// Evaluate queries every article of docs, indexed in idx, with each
// variant and scores its top k against the stories.
func Evaluate(ctx context.Context, idx bleve.Index, docs []Doc, k int, variants []Variant) ([]Score, error) {
	depth := max(k, mrrDepth)
	var out []Score
	for _, v := range variants {
		list, err := lister(ctx, idx, v, depth)
		if err != nil {
			return nil, err
		}
		lists := make(map[string][]string, len(docs))
		for _, d := range docs {
			ids, err := list(d.Article.ID)
			if err != nil {
				return nil, fmt.Errorf("%s: article %s: %w", v.Name, d.Article.ID, err)
			}
			lists[d.Article.ID] = ids
		}
		out = append(out, score(v.Name, docs, lists, k))
	}
	return out, nil
}

// lister returns the function giving an article's related ids under a
// variant, depth of them at most.
func lister(ctx context.Context, idx bleve.Index, v Variant, depth int) (func(id string) ([]string, error), error) {
	if v.Baseline {
		b, err := newBaseline(idx)
		if err != nil {
			return nil, err
		}
		return func(id string) ([]string, error) { return b.related(ctx, id, depth) }, nil
	}
	opts := v.Options
	opts.CacheSize = -1
	opts.MaxLimit = max(opts.MaxLimit, depth)
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", v.Name, err)
	}
	f := related.New(idx, opts)
	return func(id string) ([]string, error) {
		stories, err := f.Related(ctx, id, related.Query{Limit: depth})
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(stories))
		for i, s := range stories {
			ids[i] = s.ID
		}
		return ids, nil
	}, nil
}

// score scores the lists (article id → related ids, best first) of every
// article of docs: the top k for precision and other-event share, the
// first same-story rank for MRR. An article with a short list counts its
// empty slots as misses.
func score(name string, docs []Doc, lists map[string][]string, k int) Score {
	story := map[string]string{}
	topic := map[string]int{}
	for _, d := range docs {
		story[d.Article.ID] = d.Story
		topic[d.Article.ID] = d.Topic
	}
	s := Score{Variant: name}
	var same, other, rr float64
	for _, d := range docs {
		ids := lists[d.Article.ID]
		s.Articles++
		if len(ids) == 0 {
			s.Empty++
		}
		for _, r := range ids[:min(k, len(ids))] {
			switch {
			case story[r] == d.Story:
				same++
			case topic[r] == d.Topic:
				other++
			}
		}
		for i, r := range ids[:min(mrrDepth, len(ids))] {
			if story[r] == d.Story {
				rr += 1 / float64(i+1)
				break
			}
		}
	}
	if s.Articles == 0 {
		return s
	}
	n := float64(s.Articles)
	s.Precision = same / (n * float64(k))
	s.OtherEvent = other / (n * float64(k))
	s.MRR = rr / n
	return s
}

// tempDir makes the directory the evaluation index lives in.
func tempDir() (string, error) { return os.MkdirTemp("", "pulse-eval-related-") }

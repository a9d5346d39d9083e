package extract

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/pulsesearch/pulse"
	ix "github.com/pulsesearch/pulse/indexer/extract"
)

// FacetValue is one facet value and the number of articles that carry it.
type FacetValue struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// TopicSample is a sample of the articles of one topic, for a reader to
// check by hand.
type TopicSample struct {
	Topic  FacetValue `json:"topic"`
	Titles []string   `json:"titles"`
}

// FacetsResult holds the most frequent facet values of each kind over a
// set of articles, as the facets of an index holding them would count
// them: one per article and value.
type FacetsResult struct {
	Set      string        `json:"set"`
	Articles int           `json:"articles"`
	Persons  []FacetValue  `json:"persons"`
	Orgs     []FacetValue  `json:"orgs"`
	Places   []FacetValue  `json:"places"`
	Topics   []FacetValue  `json:"topics"`
	Samples  []TopicSample `json:"topic_samples,omitempty"`
}

// FacetSets are the sets Facets reads: the Reuters development articles
// (reuters21578/reuters-dev.jsonl.gz) and BBC News (bbc/bbc.jsonl.gz).
var FacetSets = []string{"reuters", "bbc"}

// facetArticles reads the articles of set at path for Facets: Reuters
// with the dateline at the start of the body (as CMS exports carry it),
// BBC once per distinct title and body (an index counts a copy once).
func facetArticles(set, path string, limit int, fn func(a pulse.Article) error) error {
	seen := map[string]bool{}
	return readJSONL(path, limit, func(_ int, data []byte) error {
		switch set {
		case "reuters":
			var d reutersDoc
			if err := decode(data, &d); err != nil {
				return err
			}
			return fn(d.datelineInBody())
		case "bbc":
			var d bbcDoc
			if err := decode(data, &d); err != nil {
				return err
			}
			if k := d.Title + "\x00" + d.Body; !seen[k] {
				seen[k] = true
				return fn(pulse.Article{Title: d.Title, Body: d.Body})
			}
			return nil
		}
		return fmt.Errorf("facets: set %q: must be one of %s", set, strings.Join(FacetSets, ", "))
	})
}

// Facets extracts every article of set (FacetSets) in the file at path,
// with an archive that has learnt the set first, and returns the top n
// values of each facet and, when samples > 0, an evenly spread sample of
// that many titles for each of the 15 most frequent topics.
func Facets(x *ix.Extractor, set, path string, limit, n, samples int) (*FacetsResult, error) {
	r := &FacetsResult{Set: set}
	// counts holds persons, orgs, places and topics, in that order.
	var counts [4]map[string]*FacetValue
	for i := range counts {
		counts[i] = map[string]*FacetValue{}
	}
	byTopic := map[string][]string{}
	var archive *ix.Archive
	var err error
	if set == "reuters" {
		archive, err = learnArchive(x, path, limit)
	} else {
		archive = ix.NewArchive()
		err = facetArticles(set, path, limit, func(a pulse.Article) error {
			x.Extract(&a, ix.Options{Archive: archive})
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	err = facetArticles(set, path, limit, func(a pulse.Article) error {
		r.Articles++
		title := a.Title
		x.Extract(&a, ix.Options{Archive: archive})
		for k, es := range [][]pulse.Entity{a.Persons, a.Orgs, a.Places, a.Topics} {
			for _, e := range es {
				v := counts[k][e.ID]
				if v == nil {
					v = &FacetValue{ID: e.ID, Name: e.Name}
					counts[k][e.ID] = v
				}
				v.Count++
				if k == 3 {
					byTopic[e.ID] = append(byTopic[e.ID], title)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	top := func(m map[string]*FacetValue, n int) []FacetValue {
		out := make([]FacetValue, 0, len(m))
		for _, v := range m {
			out = append(out, *v)
		}
		slices.SortFunc(out, func(a, b FacetValue) int {
			if a.Count != b.Count {
				return cmp.Compare(b.Count, a.Count)
			}
			return strings.Compare(a.ID, b.ID)
		})
		return out[:min(n, len(out))]
	}
	r.Persons, r.Orgs, r.Places, r.Topics = top(counts[0], n), top(counts[1], n), top(counts[2], n), top(counts[3], n)
	if samples > 0 {
		for _, t := range top(counts[3], 15) {
			titles := byTopic[t.ID]
			s := TopicSample{Topic: t}
			// Every k-th article, so the sample spreads over the archive
			// rather than taking its first days.
			step := max(1, len(titles)/samples)
			for i := 0; i < len(titles) && len(s.Titles) < samples; i += step {
				s.Titles = append(s.Titles, titles[i])
			}
			r.Samples = append(r.Samples, s)
		}
	}
	return r, nil
}

// Write prints the facet lists and the topic samples.
func (r *FacetsResult) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	switch r.Set {
	case "reuters":
		fmt.Fprintf(bw, "Reuters dev facets, dateline in body (%d articles)\n", r.Articles)
	default:
		fmt.Fprintf(bw, "%s facets (%d distinct articles)\n", r.Set, r.Articles)
	}
	for _, l := range []struct {
		name string
		vs   []FacetValue
	}{{"persons", r.Persons}, {"orgs", r.Orgs}, {"places", r.Places}, {"topics", r.Topics}} {
		fmt.Fprintf(bw, "\n## %s\n", l.name)
		for i, v := range l.vs {
			fmt.Fprintf(bw, "%3d. %-40s %-40s %d\n", i+1, v.Name, v.ID, v.Count)
		}
	}
	for _, s := range r.Samples {
		fmt.Fprintf(bw, "\n## sample: %s (%s, %d articles)\n", s.Topic.Name, s.Topic.ID, s.Topic.Count)
		for i, t := range s.Titles {
			fmt.Fprintf(bw, "%2d. %s\n", i+1, t)
		}
	}
	return bw.Flush()
}

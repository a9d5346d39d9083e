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
	Articles int           `json:"articles"`
	Persons  []FacetValue  `json:"persons"`
	Orgs     []FacetValue  `json:"orgs"`
	Places   []FacetValue  `json:"places"`
	Topics   []FacetValue  `json:"topics"`
	Samples  []TopicSample `json:"topic_samples,omitempty"`
}

// Facets extracts every article of the Reuters file at path, the dateline
// at the start of the body, with an archive that has learnt the set first, and returns the top n values of each facet
// and, when samples > 0, an evenly spread sample of that many titles for
// each of the 15 most frequent topics.
func Facets(x *ix.Extractor, path string, limit, n, samples int) (*FacetsResult, error) {
	r := &FacetsResult{}
	// counts holds persons, orgs, places and topics, in that order.
	var counts [4]map[string]*FacetValue
	for i := range counts {
		counts[i] = map[string]*FacetValue{}
	}
	byTopic := map[string][]string{}
	archive, err := learnArchive(x, path, limit)
	if err != nil {
		return nil, err
	}
	err = readJSONL(path, limit, func(_ int, data []byte) error {
		var d reutersDoc
		if err := decode(data, &d); err != nil {
			return err
		}
		r.Articles++
		a := d.datelineInBody()
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
					byTopic[e.ID] = append(byTopic[e.ID], d.Title)
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
	fmt.Fprintf(bw, "Reuters dev facets, dateline in body (%d articles)\n", r.Articles)
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

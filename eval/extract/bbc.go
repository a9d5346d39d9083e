package extract

import (
	"strings"

	"github.com/pulsesearch/pulse"
	ix "github.com/pulsesearch/pulse/indexer/extract"
)

// BBCResult holds the BBC News topic figures.
type BBCResult struct {
	Articles int `json:"articles"`
	Distinct int `json:"distinct"`
	// Accuracy counts the distinct articles whose most salient top-level
	// IPTC topic is their category's.
	Accuracy Ratio `json:"accuracy"`
	// Dev and Held split the distinct articles by position (even, odd) so
	// that a lexicon tuned while reading the errors of one half can be
	// checked on the other.
	Dev         Ratio            `json:"dev"`
	Held        Ratio            `json:"held"`
	PerCategory map[string]Ratio `json:"per_category"`
	// Errors lists the misclassified articles of the dev half: id, the
	// category's topic and the topic given.
	Errors []string `json:"-"`
	// TwoKinds lists the spans of two kinds (see TwoKinds), each prefixed
	// by the article's line in the file.
	TwoKinds []string `json:"two_kinds,omitempty"`
}

// BBCTopics maps the BBC categories to IPTC top-level Media Topics.
var BBCTopics = map[string]string{
	"business":      "medtop:04000000",
	"entertainment": "medtop:01000000",
	"politics":      "medtop:11000000",
	"sport":         "medtop:15000000",
	"tech":          "medtop:13000000",
}

type bbcDoc struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Title    string `json:"title"`
	Body     string `json:"body"`
}

// BBC scores top-1 topics on bbc.jsonl.gz, once per distinct (title, body).
func BBC(x *ix.Extractor, path string, limit int) (*BBCResult, error) {
	res := &BBCResult{PerCategory: map[string]Ratio{}}
	seen := map[string]bool{}
	err := readJSONL(path, limit, func(line int, data []byte) error {
		var d bbcDoc
		if err := decode(data, &d); err != nil {
			return err
		}
		res.Articles++
		key := d.Title + "\x00" + d.Body
		if seen[key] {
			return nil
		}
		seen[key] = true
		dev := res.Distinct%2 == 0
		res.Distinct++
		a := pulse.Article{Title: d.Title, Body: d.Body}
		x.Extract(&a, ix.Options{Spans: true})
		res.TwoKinds = append(res.TwoKinds, lineTagged(line, ix.TwoKinds(&a))...)
		got := TopTopic(a.Topics)
		want := BBCTopics[d.Category]
		hit := got == want
		pc := res.PerCategory[d.Category]
		pc.Total++
		res.Accuracy.Total++
		half := &res.Held
		if dev {
			half = &res.Dev
		}
		half.Total++
		if hit {
			pc.Hits++
			res.Accuracy.Hits++
			half.Hits++
		} else if dev {
			res.Errors = append(res.Errors, d.ID+" "+want+" "+got+" "+d.Title)
		}
		res.PerCategory[d.Category] = pc
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// TopTopic returns the top-level topic (a QCode ending in 000000) with the
// highest salience, or "".
func TopTopic(ts []pulse.Entity) string {
	best, bestSal := "", -1.0
	for _, t := range ts {
		if strings.HasSuffix(t.ID, "000000") && t.Salience > bestSal {
			best, bestSal = t.ID, t.Salience
		}
	}
	return best
}

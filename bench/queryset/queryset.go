// Package queryset reads the peers' query set (../shared/bench/queries.txt
// and files like it), which the benchmark tools replay against Pulse.
package queryset

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// Query is one line of the query file.
type Query struct {
	ID     string
	Facets bool
	Kind   string
	Text   string
}

// Values is the query string of the query's /api/search request.
func (q Query) Values() url.Values {
	v := url.Values{}
	text := q.Text
	if q.Kind == "phrase" {
		text = `"` + text + `"`
	}
	v.Set("q", text)
	v.Set("per_page", "10")
	if q.Facets {
		v.Set("facets", "place,topic")
		v.Set("facet_size", "10")
	} else {
		v.Set("facets", "")
		v.Set("histogram", "off")
	}
	return v
}

// Load reads a query file: tab-separated qid, facets ("-" or
// "facet"), kind (term, and, phrase or rare) and text, one a line; blank
// lines and lines starting with # are skipped.
//
// It returns an error naming the file and line for a malformed line, and
// one for a file with no queries.
func Load(path string) ([]Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []Query
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, err := parseQuery(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no queries", path)
	}
	return qs, nil
}

func parseQuery(line string) (Query, error) {
	f := strings.Split(line, "\t")
	if len(f) != 4 {
		return Query{}, fmt.Errorf("want 4 tab-separated fields (qid, facets, kind, text), got %d in %q", len(f), line)
	}
	q := Query{ID: f[0], Kind: f[2], Text: strings.TrimSpace(f[3])}
	switch f[1] {
	case "-":
	case "facet":
		q.Facets = true
	default:
		return Query{}, fmt.Errorf("facets: must be \"-\" or \"facet\", got %q", f[1])
	}
	switch q.Kind {
	case "term", "and", "phrase", "rare":
	default:
		return Query{}, fmt.Errorf("kind: must be term, and, phrase or rare, got %q", q.Kind)
	}
	if q.ID == "" || q.Text == "" {
		return Query{}, fmt.Errorf("empty qid or text in %q", line)
	}
	return q, nil
}

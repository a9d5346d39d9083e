package relevance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/search"
)

// ErrCollection is wrapped by every error ParseCollection returns for a
// bad line, so callers can tell a bad collection from a failed read.
var ErrCollection = errors.New("bad test collection")

// Query is one line of a test collection: a search and its judgments.
type Query struct {
	// ID names the query in reports; unique in its collection.
	ID string `json:"id"`
	// Query is the q parameter, in Pulse's query language.
	Query string `json:"query"`
	// Params are the other request parameters (filters such as place,
	// sort, collapse…); a value is a string or a list of strings.
	Params Params `json:"params,omitempty"`
	// Relevant maps a document id to its grade: 0 judged not relevant,
	// 1 or more relevant (higher is better).
	Relevant map[string]int `json:"relevant"`
	// Exclude lists documents removed from the results before scoring
	// (for example the article the query was taken from).
	Exclude []string `json:"exclude,omitempty"`
}

// Params are request parameters as the collection gives them.
type Params map[string][]string

// UnmarshalJSON reads {"key": "value"} or {"key": ["v1", "v2"]}.
func (p *Params) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := Params{}
	for k, v := range raw {
		var one string
		if err := json.Unmarshal(v, &one); err == nil {
			out[k] = []string{one}
			continue
		}
		var list []string
		if err := json.Unmarshal(v, &list); err != nil {
			return fmt.Errorf("params: %s: must be a string or a list of strings, got %s", k, abbrev(string(v)))
		}
		out[k] = list
	}
	*p = out
	return nil
}

// reserved are the parameters the runner sets itself.
var reserved = []string{"q", "page", "per_page", "cursor"}

// Collection is a test collection: queries with judged documents.
type Collection struct {
	// Name says where the collection came from, for reports.
	Name    string
	Queries []Query
}

// ReadCollection reads the test collection in the JSON Lines file at
// path (see the package documentation for the format).
//
// It returns the error of opening the file, or one of ParseCollection.
func ReadCollection(path string) (*Collection, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseCollection(f, filepath.Base(path))
}

// ParseCollection reads a test collection from r; name prefixes error
// messages and names the collection.
//
// It returns an error wrapping ErrCollection, naming the line, for a line
// that is not a JSON object of the format, has a field the format does
// not know, has no id or an id seen before, a parameter that search does
// not know or that the runner sets itself (q, page, per_page, cursor), a
// negative grade, no document of grade 1 or more, or a document both
// judged and excluded; and an error wrapping ErrCollection for a
// collection without queries.
func ParseCollection(r io.Reader, name string) (*Collection, error) {
	c := &Collection{Name: name}
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s, line %d: %s: %w", name, n, fmt.Sprintf(format, args...), ErrCollection)
		}
		var q Query
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q); err != nil {
			return nil, bad("%v", err)
		}
		if dec.More() {
			return nil, bad("more than one JSON value on the line")
		}
		q.ID = strings.TrimSpace(q.ID)
		if q.ID == "" {
			return nil, bad("id: must not be empty")
		}
		if first, dup := seen[q.ID]; dup {
			return nil, bad("id: %q already used on line %d", q.ID, first)
		}
		seen[q.ID] = n
		for k := range q.Params {
			if slices.Contains(reserved, k) {
				return nil, bad("params: %s: set by the runner (the query goes in \"query\")", k)
			}
			if !slices.Contains(search.Params, k) && !pulse.IsFacet(k) {
				return nil, bad("params: %s: not a search parameter; known: %s, %s", k, strings.Join(search.Params, ", "), strings.Join(pulse.Facets, ", "))
			}
		}
		for _, id := range sortedKeys(q.Relevant) {
			if g := q.Relevant[id]; g < 0 {
				return nil, bad("relevant: %s: grade must be 0 or more, got %d", id, g)
			}
		}
		for _, id := range q.Exclude {
			if _, judged := q.Relevant[id]; judged {
				return nil, bad("exclude: %s: also judged in relevant; a document is either judged or excluded", id)
			}
		}
		if relevantTotal(q.Relevant) == 0 {
			return nil, bad("relevant: no document of grade 1 or more")
		}
		c.Queries = append(c.Queries, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(c.Queries) == 0 {
		return nil, fmt.Errorf("%s: no queries: %w", name, ErrCollection)
	}
	return c, nil
}

// WriteJSONL writes the collection in its file format, one query a line,
// so that a generated collection can be kept and run again.
//
// It returns the first error of w.
func (c *Collection) WriteJSONL(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, q := range c.Queries {
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func abbrev(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

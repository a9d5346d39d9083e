package relevance

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/pulsesearch/pulse/search/qlang"
)

func TestParseCollection(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []Query
		err   string // part of the message; "" for none
	}{
		{
			name:  "graded, params as a string or a list, blank lines",
			input: "\n" + `{"id": "q1", "query": "oil", "params": {"place": ["iq", "ir"], "sort": "newest"}, "relevant": {"a": 2, "b": 0}, "exclude": ["c"]}` + "\n\n" + `{"id":"q2","query":"","params":{"org":"opec"},"relevant":{"d":1}}`,
			want: []Query{
				{ID: "q1", Query: "oil", Params: Params{"place": {"iq", "ir"}, "sort": {"newest"}}, Relevant: map[string]int{"a": 2, "b": 0}, Exclude: []string{"c"}},
				{ID: "q2", Params: Params{"org": {"opec"}}, Relevant: map[string]int{"d": 1}},
			},
		},
		{name: "not JSON", input: `{"id": "q1"`, err: "t.jsonl, line 1: unexpected EOF"},
		{name: "misspelt field", input: `{"id": "q1", "query": "oil", "relevent": {"a": 1}}`, err: `line 1: json: unknown field "relevent"`},
		{name: "no id", input: `{"query": "oil", "relevant": {"a": 1}}`, err: "line 1: id: must not be empty"},
		{name: "id twice", input: `{"id": "q1", "relevant": {"a": 1}}` + "\n" + `{"id": "q1", "relevant": {"a": 1}}`, err: `line 2: id: "q1" already used on line 1`},
		{name: "negative grade", input: `{"id": "q1", "relevant": {"a": 1, "b": -1}}`, err: "line 1: relevant: b: grade must be 0 or more, got -1"},
		{name: "fractional grade", input: `{"id": "q1", "relevant": {"a": 1.5}}`, err: "line 1: json: cannot unmarshal number 1.5"},
		{name: "nothing relevant", input: `{"id": "q1", "relevant": {"a": 0}}`, err: "line 1: relevant: no document of grade 1 or more"},
		{name: "no judgments", input: `{"id": "q1", "query": "oil"}`, err: "line 1: relevant: no document of grade 1 or more"},
		{name: "runner's parameter", input: `{"id": "q1", "params": {"per_page": "5"}, "relevant": {"a": 1}}`, err: "line 1: params: per_page: set by the runner"},
		{name: "unknown parameter", input: `{"id": "q1", "params": {"country": "iq"}, "relevant": {"a": 1}}`, err: "line 1: params: country: not a search parameter"},
		{name: "parameter not text", input: `{"id": "q1", "params": {"place": 3}, "relevant": {"a": 1}}`, err: "params: place: must be a string or a list of strings, got 3"},
		{name: "judged and excluded", input: `{"id": "q1", "relevant": {"a": 1}, "exclude": ["a"]}`, err: "line 1: exclude: a: also judged in relevant"},
		{name: "two values on a line", input: `{"id": "q1", "relevant": {"a": 1}} {}`, err: "line 1: more than one JSON value"},
		{name: "empty", input: "\n\n", err: "t.jsonl: no queries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCollection(strings.NewReader(tt.input), "t.jsonl")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.Is(err, ErrCollection) {
					t.Fatalf("error %v, want one containing %q and wrapping ErrCollection", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.Queries, tt.want) {
				t.Errorf("got %+v\nwant %+v", c.Queries, tt.want)
			}
		})
	}
}

func TestWriteJSONLRoundTrip(t *testing.T) {
	c := mustCollection(t, "testdata/tiny.jsonl")
	var buf bytes.Buffer
	if err := c.WriteJSONL(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ParseCollection(&buf, "round trip")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Queries, c.Queries) {
		t.Errorf("round trip changed the collection:\n%+v\n%+v", back.Queries, c.Queries)
	}
}

// FuzzParseCollection checks that a collection either parses into
// queries with unique ids and a relevant document each, or is refused
// with an error wrapping ErrCollection.
func FuzzParseCollection(f *testing.F) {
	data, err := os.ReadFile("testdata/tiny.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, line := range bytes.Split(data, []byte("\n")) {
		f.Add(line)
	}
	f.Add([]byte(`{"id": "q", "params": {"place": "iq"}, "relevant": {"a": 1}, "exclude": ["b"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCollection(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !errors.Is(err, ErrCollection) && !strings.Contains(err.Error(), "token too long") {
				t.Fatalf("error not wrapping ErrCollection: %v", err)
			}
			return
		}
		ids := map[string]bool{}
		for _, q := range c.Queries {
			if q.ID == "" || ids[q.ID] {
				t.Fatalf("empty or repeated id %q", q.ID)
			}
			ids[q.ID] = true
			if relevantTotal(q.Relevant) == 0 {
				t.Fatalf("query %s has nothing relevant", q.ID)
			}
		}
	})
}

func TestPlainQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lindsay Lohan Leaves Betty Ford, Checks Into Malibu Rehab", "Lindsay Lohan Leaves Betty Ford, Checks Into Malibu Rehab"},
		{`Internet Explorer issue "fixed", say Microsoft`, "Internet Explorer issue fixed , say Microsoft"},
		{"Breaking News: Sudan Bombs (again) Yida", "Breaking News Sudan Bombs again Yida"},
		{"Title: oil AND gas OR coal NOT iron", "Title oil and gas or coal not iron"},
		{"-oil +gas sanction* shaibany~1 two - party", "oil gas sanction shaibany 1 two party"},
		{"Hit-And-Run al-Shaibani 52-3", "Hit-And-Run al-Shaibani 52-3"},
		{"  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := PlainQuery(tt.in); got != tt.want {
				t.Errorf("PlainQuery(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzPlainQuery checks that PlainQuery makes any text the query
// parser accepts (text it may refuse outright, invalid UTF-8 and control
// characters, aside) as plain words: one unfielded word per word, no
// operator, phrase, prefix or fuzzy word.
func FuzzPlainQuery(f *testing.F) {
	for _, s := range []string{`a "b (c) d:e -f +g h* i~2 AND OR NOT`, "Arson in Alaska–A Palin “ Pattern ”?", "title:(oil", "published:2024-01..2023"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 {
			return
		}
		p := PlainQuery(s)
		q, err := qlang.Parse(p, qlang.Limits{MaxLength: 1 << 20, MaxClauses: 1 << 20, MaxDepth: 1 << 10})
		if err != nil {
			t.Fatalf("PlainQuery(%q) = %q: %v", s, p, err)
		}
		terms := q.Terms()
		if len(terms) != len(strings.Fields(p)) {
			t.Fatalf("PlainQuery(%q) = %q parses to %d terms, want one per word: %s", s, p, len(terms), q.String())
		}
		for _, term := range terms {
			if term.Field != "" || term.Phrase || term.Prefix || term.Fuzziness != 0 {
				t.Fatalf("PlainQuery(%q) = %q has a term that is not a plain word: %+v", s, p, term)
			}
		}
	})
}

func TestIsDateline(t *testing.T) {
	tests := []struct {
		title string
		want  bool
	}{
		{"APR 28", true},
		{"Jan 05, 2011", true},
		{"18 September 2013 Last updated at 13: 59 GMT", true},
		{"PUBLISHED FRIDAY, MARCH 8, 2013 AT 12: 46 PM / UPDATED AT 12: 48 PM", true},
		{"Posted September 26, 2013 - 3: 47pm Updated September 27, 2013 - 6: 56am", true},
		{"updated 8: 41 p. m. EST, Tue March 3, 2009", true},
		{"September 18th, 2013, 05: 31 GMT", true},
		{"INDONESIA, July 2, 2013", true},
		{"Wladimir Klitschko retains belts", false},
		{"Saints place Bush on IR", false},
		{"Obama Reverses Bush on Species Protection", false},
		{"27 / 09 / 2013 - Turkmenistan to hold first - ever parliamentary elections", false},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := isDateline(tt.title); got != tt.want {
				t.Errorf("isDateline(%q) = %v, want %v", tt.title, got, tt.want)
			}
		})
	}
}

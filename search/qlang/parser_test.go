package qlang

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// parseCases pair a query with its canonical String, or with the error
// Parse returns. They also seed FuzzParse.
var parseCases = []struct {
	name, in, want, err string
}{
	// words, phrases, operators
	{name: "empty", in: "", want: ""},
	{name: "blank", in: " \t\n ", want: ""},
	{name: "words", in: "oil  prices", want: "oil prices"},
	{name: "phrase", in: `"foreign   minister"`, want: `"foreign minister"`},
	{name: "phrase then word", in: `"a b"c`, want: `"a b" c`},
	{name: "and", in: "oil AND gas", want: "oil AND gas"},
	{name: "or", in: "oil OR gas", want: "oil OR gas"},
	{name: "lower-case operators are words", in: "oil and gas or not", want: "oil and gas or not"},
	{name: "not", in: "NOT oil", want: "-oil"},
	{name: "not in sequence", in: "gas NOT oil", want: "gas -oil"},
	{name: "minus", in: "gas -oil", want: "gas -oil"},
	{name: "plus", in: "+gas oil", want: "+gas oil"},
	{name: "lone hyphen is punctuation", in: "oil - gas +", want: "oil gas"},
	{name: "hyphen inside a word", in: "al-Shaibani", want: "al-Shaibani"},
	{name: "excluded group", in: "-(oil gas)", want: "-(oil gas)"},
	{name: "excluded phrase", in: `-"oil gas"`, want: `-"oil gas"`},
	{name: "double exclusion needs parentheses", in: "-(-a)", want: "-(-a)"},
	{name: "NOT before a group", in: "NOT(a OR b)", want: "-(a OR b)"},

	// precedence: NOT > juxtaposition > AND > OR
	{name: "or below juxtaposition", in: "a OR b c", want: "a OR b c"},
	{name: "juxtaposition before or", in: "a b OR c", want: "a b OR c"},
	{name: "and below juxtaposition", in: "a AND b c", want: "a AND b c"},
	{name: "and above or", in: "a OR b AND c", want: "a OR b AND c"},
	{name: "parenthesised or", in: "(a OR b) c", want: "(a OR b) c"},
	{name: "parenthesised and", in: "a (b AND c)", want: "a (b AND c)"},
	{name: "redundant parentheses", in: "((a)) (b c) d", want: "a b c d"},
	{name: "or flattened", in: "a OR (b OR c)", want: "a OR b OR c"},
	{name: "and flattened", in: "a AND (b AND -c)", want: "a AND b AND -c"},
	{name: "or with exclusion kept apart", in: "a OR (b OR -c)", want: "a OR (b OR -c)"},
	{name: "juxtaposition with required kept apart", in: "a (b +c)", want: "a (b +c)"},

	// fields
	{name: "title", in: "title:oil", want: "title:oil"},
	{name: "field name case", in: "TITLE:oil Body:gas", want: "title:oil body:gas"},
	{name: "field on phrase", in: `body:"oil prices"`, want: `body:"oil prices"`},
	{name: "field on group", in: "title:(oil gas)", want: "title:oil title:gas"},
	{name: "field on or group", in: "title:(oil OR gas) iran", want: "(title:oil OR title:gas) iran"},
	{name: "inner field wins", in: "title:(oil person:Shaibani)", want: "title:oil person:Shaibani"},
	{name: "facet", in: "person:Shaibani", want: "person:Shaibani"},
	{name: "facet phrase", in: `person:"Asaad  al-Shaibani"`, want: `person:"Asaad al-Shaibani"`},
	{name: "every facet", in: "topic:a place:b person:c org:d source:e author:f section:g language:h tag:i summary:j", want: "topic:a place:b person:c org:d source:e author:f section:g language:h tag:i summary:j"},
	{name: "excluded field", in: "-org:Daesh", want: "-org:Daesh"},
	{name: "unknown field is text", in: "Note: x", want: "Note: x"},
	{name: "url is text", in: "https://example.com/a?b=c", want: "https://example.com/a?b=c"},
	{name: "colon later in a word", in: "foo:title:x 12:30", want: "foo:title:x 12:30"},
	{name: "colon inside a value", in: "tag:a:b", want: "tag:a:b"},

	// proximity, prefix, fuzzy
	{name: "proximity", in: `"shaibani baghdad"~10`, want: `"shaibani baghdad"~10`},
	{name: "proximity leading zero", in: `"a b"~007`, want: `"a b"~7`},
	{name: "prefix", in: "sanction*", want: "sanction*"},
	{name: "facet prefix", in: "person:shai*", want: "person:shai*"},
	{name: "fuzzy", in: "shaibany~1", want: "shaibany~1"},
	{name: "fuzzy default distance", in: "shaibany~", want: "shaibany~1"},
	{name: "fuzzy two", in: "title:shaibany~2", want: "title:shaibany~2"},
	{name: "star inside a word", in: "a*b", want: "a*b"},

	// dates
	{name: "month range", in: "published:2024-01..2024-06", want: "published:2024-01..2024-06"},
	{name: "open end", in: "published:2024-01-01..", want: "published:2024-01-01.."},
	{name: "open start", in: "published:..2023", want: "published:..2023"},
	{name: "one period", in: "published:2024-03", want: "published:2024-03"},
	{name: "timestamps", in: "published:2024-01-01T10:00:00Z..2024-01-02T10:00", want: "published:2024-01-01T10:00:00Z..2024-01-02T10:00"},
	{name: "excluded date", in: "oil -published:2023", want: "oil -published:2023"},

	// errors
	{name: "unclosed group", in: "oil (gas OR iran", err: `at position 17: expected ")" to close "(" opened at position 5, found end of query`},
	{name: "unclosed group before word", in: "(a (b) c", err: `at position 9: expected ")" to close "(" opened at position 1, found end of query`},
	{name: "stray close", in: "oil gas)", err: `at position 8: found ")" without a matching "("`},
	{name: "empty group", in: "oil ()", err: `at position 6: expected a word, phrase or "(" inside the "(" opened at position 5, found ")"`},
	{name: "unbalanced quote", in: `oil "gas prices`, err: `at position 16: expected a closing quote for the quote opened at position 5, found end of query`},
	{name: "empty phrase", in: `oil ""`, err: `at position 5: expected words between the quotes, found an empty phrase`},
	{name: "blank phrase", in: `" "`, err: `at position 1: expected words between the quotes, found an empty phrase`},
	{name: "dangling AND", in: "oil AND", err: `at position 8: expected a word, phrase or "(" after AND, found end of query`},
	{name: "dangling OR", in: "oil OR )", err: `at position 8: expected a word, phrase or "(" after OR, found ")"`},
	{name: "leading OR", in: "OR oil", err: `at position 1: expected a word, phrase or "(", found OR`},
	{name: "double AND", in: "oil AND AND gas", err: `at position 9: expected a word, phrase or "(" after AND, found AND`},
	{name: "dangling NOT", in: "oil NOT", err: `at position 8: expected a word, phrase or "(" after NOT, found end of query`},
	{name: "NOT NOT", in: "NOT NOT oil", err: `at position 5: expected a word, phrase or "(" after NOT, found NOT`},
	{name: "minus minus", in: "--oil", err: `at position 2: expected a word, phrase or "(" after "-", found "-"`},
	{name: "NOT before operator", in: "NOT AND", err: `at position 5: expected a word, phrase or "(" after NOT, found AND`},
	{name: "empty field value", in: "title: oil", err: `at position 7: expected a value right after "title:", found a space`},
	{name: "empty field value at end", in: "oil person:", err: `at position 12: expected a value right after "person:", found end of query`},
	{name: "field before close", in: "(person:)", err: `at position 9: expected a value right after "person:", found ")"`},
	{name: "field then operator", in: "title:AND", err: `at position 7: expected a word, phrase or "(" after "title:", found AND`},
	{name: "field then field", in: "title:body:x", err: `at position 7: expected a word, phrase or "(" after "title:", found "body:"`},
	{name: "field then minus", in: "title:-x", err: `at position 7: expected a word, phrase or "(" after "title:", found "-"`},
	{name: "facet without letters", in: "org:!!", err: `at position 5: expected a value with letters or digits after "org:", found "!!"`},
	{name: "facet proximity", in: `person:"a b"~2`, err: `at position 8: expected no proximity ("~2") on "person:", which matches whole values`},
	{name: "proximity zero", in: `"a b"~0`, err: `at position 7: expected a proximity from 1 to 1000 after ~, found "0"`},
	{name: "proximity missing", in: `"a b"~ c`, err: `at position 7: expected a proximity from 1 to 1000 after ~, found nothing`},
	{name: "proximity not an integer", in: `"a b"~1.5`, err: `at position 7: expected a proximity from 1 to 1000 after ~, found "1.5"`},
	{name: "proximity negative", in: `"a b"~-3`, err: `at position 7: expected a proximity from 1 to 1000 after ~, found "-3"`},
	{name: "proximity too large", in: `"a b"~1001`, err: `at position 7: expected a proximity from 1 to 1000 after ~, found "1001"`},
	{name: "fuzzy three", in: "oil shaibany~3", err: `at position 14: expected a fuzzy distance of 1 or 2 after "~", found "3"`},
	{name: "fuzzy zero", in: "shaibany~0", err: `at position 10: expected a fuzzy distance of 1 or 2 after "~", found "0"`},
	{name: "fuzzy not a number", in: "a~b", err: `at position 3: expected a fuzzy distance of 1 or 2 after "~", found "b"`},
	{name: "fuzzy without word", in: "~1", err: `at position 1: expected a word before "~"`},
	{name: "prefix and fuzzy", in: "sanc*~1", err: `at position 6: expected a prefix ("*") or a fuzzy word ("~"), not both`},
	{name: "bare star", in: "oil *", err: `at position 5: expected a letter or digit before "*"`},
	{name: "prefix with punctuation", in: "al-sha*", err: `at position 1: expected only letters and digits before "*", found "al-sha*"`},
	{name: "inverted range", in: "published:2024-06..2024-01", err: `at position 11: expected a date range that ends after it starts, found 2024-06..2024-01`},
	{name: "malformed date", in: "published:2024-13", err: `at position 11: published: "2024-13" is not a date: want RFC 3339 (2024-03-01T10:00:00Z) or a plain date (2024-03-01, 2024-03, 2024)`},
	{name: "malformed end", in: "published:2024..soon", err: `at position 17: published: "soon" is not a date: want RFC 3339 (2024-03-01T10:00:00Z) or a plain date (2024-03-01, 2024-03, 2024)`},
	{name: "empty range", in: "published:..", err: `at position 11: expected a date before or after "..", as in 2024-01..2024-06, 2024-01-01.. or ..2023`},
	{name: "date out of range", in: "published:0001..2024", err: `at position 11: expected a date from 1678 to 2261 after "published:", found "0001"`},
	{name: "date phrase", in: `published:"2024"`, err: `at position 11: expected a date or a date range such as 2024-01..2024-06 after "published:", found phrase "2024"`},
	{name: "date group", in: `published:(2024)`, err: `at position 11: expected a date or a date range such as 2024-01..2024-06 after "published:", found "("`},
	{name: "control character", in: "oil\x07gas", err: `at position 4: unexpected control character U+0007`},
	{name: "NUL", in: "\x00", err: `at position 1: unexpected control character U+0000`},
	{name: "invalid UTF-8", in: "ölpreis \xff", err: `at position 9: invalid UTF-8 byte 0xff`},
	{name: "position counts characters", in: "ölpreis (", err: `at position 10: expected a word, phrase or "(", found end of query`},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		t.Run(c.name, func(t *testing.T) {
			q, err := Parse(c.in, defaultLimits())
			if c.err != "" {
				if err == nil {
					t.Fatalf("Parse(%q) = %q, want error %q", c.in, q, c.err)
				}
				if err.Error() != c.err {
					t.Fatalf("Parse(%q): got error\n\t%s\nwant\n\t%s", c.in, err, c.err)
				}
				var se *SyntaxError
				if !errors.As(err, &se) || !errors.Is(err, ErrSyntax) {
					t.Fatalf("Parse(%q): got %T, want *SyntaxError", c.in, err)
				}
				if se.Offset < 0 || se.Offset > len(c.in) {
					t.Errorf("Parse(%q): offset %d outside the input", c.in, se.Offset)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.in, err)
			}
			if got := q.String(); got != c.want {
				t.Fatalf("Parse(%q).String() = %q, want %q", c.in, got, c.want)
			}
			again, err := Parse(q.String(), defaultLimits())
			if err != nil || again.String() != c.want {
				t.Fatalf("re-parsing %q: got %v, %v", c.want, again, err)
			}
			if _, err := q.Build(defaultOptions()); err != nil {
				t.Fatalf("Build(%q): %v", c.in, err)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	deep := strings.Repeat("(", 5) + "a" + strings.Repeat(")", 5)
	cases := []struct {
		name string
		in   string
		lim  Limits
		err  string
		max  int
	}{
		{"length", strings.Repeat("a", 11), defaultLimits(func(l *Limits) { l.MaxLength = 10 }), "at position 11: query is 11 bytes long (limit max_length is 10)", 10},
		{"length as configured", strings.Repeat("a ", 2001), defaultLimits(), "at position 4001: query is 4002 bytes long (limit max_length is 4000)", 4000},
		{"depth", deep, defaultLimits(func(l *Limits) { l.MaxDepth = 4 }), "at position 5: parentheses nest more than 4 deep (limit max_depth is 4)", 4},
		{"clauses", "a b c d", defaultLimits(func(l *Limits) { l.MaxClauses = 3 }), "at position 7: query has more than 3 words, phrases and date ranges (limit max_clauses is 3)", 3},
		{"clauses of every kind", `a "b c" published:2024 d*`, defaultLimits(func(l *Limits) { l.MaxClauses = 3 }), "at position 24: query has more than 3 words, phrases and date ranges (limit max_clauses is 3)", 3},
		{"depth as configured", strings.Repeat("(", 17) + "a" + strings.Repeat(")", 17), defaultLimits(), "at position 17: parentheses nest more than 16 deep (limit max_depth is 16)", 16},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.in, c.lim)
			var le *LimitError
			if !errors.As(err, &le) || !errors.Is(err, ErrLimit) {
				t.Fatalf("got %v, want a *LimitError", err)
			}
			if err.Error() != c.err || le.Max != c.max {
				t.Fatalf("got %q (max %d), want %q (max %d)", err, le.Max, c.err, c.max)
			}
		})
	}
	if _, err := Parse(deep, defaultLimits(func(l *Limits) { l.MaxDepth = 5 })); err != nil {
		t.Errorf("depth 5 within limit 5: %v", err)
	}
	if _, err := Parse("a", defaultLimits(func(l *Limits) { l.MaxDepth = -1 })); err == nil || errors.Is(err, ErrLimit) {
		t.Errorf("negative limit: got %v, want a plain error", err)
	}
	// A zero limit is used as given, not as a default: no query fits it.
	if _, err := Parse("a", Limits{}); err == nil || errors.Is(err, ErrLimit) {
		t.Errorf("zero limits: got %v, want a plain error", err)
	}
}

func TestTerms(t *testing.T) {
	q, err := Parse(`oil "gas prices"~3 -iran title:sanc* person:Shaibani NOT (a b) published:2024 +baghdat~2`, defaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := []Term{
		{Text: "oil"},
		{Text: "gas prices", Phrase: true, Slop: 3},
		{Field: "title", Text: "sanc", Prefix: true},
		{Field: "person", Text: "Shaibani"},
		{Text: "baghdat", Fuzziness: 2},
	}
	if got := q.Terms(); !reflect.DeepEqual(got, want) {
		t.Errorf("Terms:\ngot  %+v\nwant %+v", got, want)
	}
	if got := q.WordCount(); got != 1 {
		t.Errorf("WordCount = %d, want 1 (oil)", got)
	}
	for _, c := range []struct {
		in    string
		words int
		impl  bool
	}{
		{"", 0, false},
		{"oil", 1, false},
		{"oil gas", 2, true},
		{"oil AND gas", 2, false},
		{"oil OR gas", 2, false},
		{"-(oil gas)", 0, false},
		{"oil -gas", 1, false},
		{"+oil gas", 2, true},
		{"oil OR (gas iran)", 3, true},
		{"NOT oil NOT gas", 0, false},
		{"title:oil body:gas summary:x person:y", 3, true},
		{`"oil gas" sanc* x~1`, 0, true},
	} {
		q, err := Parse(c.in, defaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if q.WordCount() != c.words || q.ImplicitOperator() != c.impl {
			t.Errorf("%q: WordCount %d, ImplicitOperator %v; want %d, %v", c.in, q.WordCount(), q.ImplicitOperator(), c.words, c.impl)
		}
	}
	if !IsTextField("") || !IsTextField("title") || IsTextField("person") || IsTextField("published") || IsTextField("nope") {
		t.Error("IsTextField")
	}
}

func TestAliasCandidate(t *testing.T) {
	for in, want := range map[string]bool{
		"daesh": true, "Daesh": true, "isis": true, "IS": true, "US": true, "U.S.": true,
		"ECB": true, "is": false, "Is": false, "us": false, "eu": false, "A": false,
		"islamic state": true, "al qa": true, "UN": true, "u n": false,
	} {
		if got := aliasCandidate(in); got != want {
			t.Errorf("aliasCandidate(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestOptionsValidation(t *testing.T) {
	q, err := Parse("oil", defaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	// Each option is used as given: no zero stands for a default, so a
	// zero that cannot work is an error too.
	for _, o := range []Options{
		defaultOptions(func(o *Options) { o.DefaultOperator = 2 }),
		defaultOptions(func(o *Options) { o.Fuzziness = 3 }),
		defaultOptions(func(o *Options) { o.Fuzziness = -1 }),
		defaultOptions(func(o *Options) { o.TitleBoost = -1 }),
		defaultOptions(func(o *Options) { o.MaxExpansion = -1 }),
		defaultOptions(func(o *Options) { o.MaxExpansion = 0 }),
		defaultOptions(func(o *Options) { o.K1 = -1 }),
		defaultOptions(func(o *Options) { o.B = 1.5 }),
		defaultOptions(func(o *Options) { o.Overflow = 5 }),
		defaultOptions(func(o *Options) { o.AliasFacets = []string{"colour"} }),
		{},
	} {
		if _, err := q.Build(o); err == nil {
			t.Errorf("Build(%+v): want an error", o)
		}
	}
}

// TestBuildDateInLocation checks that a range valid in UTC but inverted in
// the build's time zone is a positioned error from Build.
func TestBuildDateInLocation(t *testing.T) {
	q, err := Parse("oil published:2024-01-01T20:00:00Z..2024-01-01", defaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	losAngeles, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Build(defaultOptions(func(o *Options) { o.Location = losAngeles })); err != nil {
		t.Errorf("west of UTC the day ends later: %v", err)
	}
	kiritimati := time.FixedZone("UTC+14", 14*3600)
	_, err = q.Build(defaultOptions(func(o *Options) { o.Location = kiritimati }))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Column != 15 {
		t.Fatalf("got %v, want a *SyntaxError at position 15", err)
	}
}

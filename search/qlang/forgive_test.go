package qlang

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestForgive(t *testing.T) {
	for _, c := range []struct {
		name, in, read, why string
	}{
		{"well formed", `oil "gas prices"`, `oil "gas prices"`, ""},
		{"unclosed quote", `oil "gas prices`, `oil "gas prices"`, "the closing quote was missing"},
		{"markup in an unclosed quote", `"><img src=x onerror=alert(1)>`, `"><img src=x onerror=alert(1)>"`, "the closing quote was missing"},
		{"unclosed group", "oil (gas OR iran", "oil (gas OR iran)", "the closing parenthesis was missing"},
		{"stray close", "oil gas)", "oil gas", `an unmatched ")" was dropped`},
		{"empty group", "oil ()", "oil", "empty parentheses were dropped"},
		{"empty phrase", `oil ""`, "oil", "an empty phrase was dropped"},
		{"dangling AND", "oil AND", "oil", "AND with nothing after it was dropped"},
		{"dangling OR before close", "(oil OR )", "(oil )", "OR with nothing after it was dropped"},
		{"leading OR", "OR oil", "oil", "OR with nothing before it was dropped"},
		{"double AND", "oil AND AND gas", "oil AND gas", "AND with nothing after it was dropped"},
		{"dangling NOT", "oil NOT", "oil", "NOT with nothing after it was dropped"},
		{"minus minus", "--oil", "-oil", `"-" with nothing after it was dropped`},
		{"field and a space", "title: oil", "title:oil", `"title:" was read with the value after it`},
		{"field at the end", "oil person:", "oil", `"person:" with nothing after it was dropped`},
		{"bad date", "published:yesterday oil", "published yesterday oil", `"published:" was read as words`},
		{"fuzzy beyond 2", "oil~9", "oil~2", `"oil~9" was read as "oil~2"`},
		{"bad fuzzy", "oil~x", "oil x", `"oil~x" was read as "oil x"`},
		{"lone star", "oil *", "oil", `"*" was dropped`},
		{"bad proximity", `"oil gas"~x`, `"oil gas"`, "a proximity that is not a number was dropped"},
		{"several", `(oil AND "gas`, `(oil AND "gas")`, "the closing quote was missing; the closing parenthesis was missing"},
		{"control character", "oil\x07gas", "oil gas", "characters that cannot be searched were dropped"},
		{"unknown field is words already", "foo:bar", "foo:bar", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, read, why, err := Forgive(c.in, defaultLimits())
			if err != nil {
				t.Fatalf("Forgive(%q): %v", c.in, err)
			}
			if read != c.read || strings.Join(why, "; ") != c.why {
				t.Errorf("Forgive(%q) read %q because %q; want %q because %q", c.in, read, strings.Join(why, "; "), c.read, c.why)
			}
			if strict, err := Parse(read, defaultLimits()); err != nil || strict.String() != q.String() {
				t.Errorf("the reading %q does not parse to the query searched: %v", read, err)
			}
		})
	}
}

// TestForgiveEverySyntaxError: each syntax error of the parser's own
// cases is forgiven, with a reason, and a limit is not.
func TestForgiveEverySyntaxError(t *testing.T) {
	for _, c := range parseCases {
		if c.err == "" {
			continue
		}
		_, err := Parse(c.in, defaultLimits())
		if !errors.Is(err, ErrSyntax) {
			continue
		}
		q, read, why, err := Forgive(c.in, defaultLimits())
		if err != nil || q == nil || len(why) == 0 {
			t.Errorf("%s: Forgive(%q) = %q, %q, %v", c.name, c.in, read, why, err)
		}
	}
	if _, _, _, err := Forgive("a b c d", defaultLimits(func(l *Limits) { l.MaxClauses = 3 })); !errors.Is(err, ErrLimit) {
		t.Errorf("a limit exceeded: %v, want ErrLimit", err)
	}
}

// FuzzForgive: whatever is typed, Forgive gives a query that builds, or a
// limit error; never a syntax error. The reading parses strictly to the
// same query.
func FuzzForgive(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in)
	}
	for _, s := range []string{`"`, `(`, `)`, `-`, `+`, `AND`, `"(`, `(")`, `title:`, `title:"`, `"a"~`, `*~`, `((((`, `)))`, "\xff\"", `published:..`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, read, why, err := Forgive(in, defaultLimits())
		if err != nil {
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("Forgive(%q): %v", in, err)
			}
			return
		}
		for _, o := range []Options{defaultOptions(), defaultOptions(func(o *Options) { o.DefaultOperator = Or; o.Fuzziness = 1 })} {
			if _, err := q.Build(o); err != nil && !errors.Is(err, ErrLimit) {
				t.Fatalf("Forgive(%q) read %q: Build: %v", in, read, err)
			}
		}
		if (len(why) == 0) != (read == in) {
			t.Fatalf("Forgive(%q) read %q, giving reasons %q", in, read, why)
		}
		strict, err := Parse(read, defaultLimits())
		if err != nil && !errors.Is(err, ErrLimit) {
			t.Fatalf("Forgive(%q) read %q, which does not parse: %v", in, read, err)
		}
		if err == nil && strict.String() != q.String() {
			t.Fatalf("Forgive(%q) read %q, which parses to %q, not %q", in, read, strict.String(), q.String())
		}
		for _, w := range why {
			if !utf8.ValidString(w) {
				t.Fatalf("Forgive(%q): reason not UTF-8: %q", in, w)
			}
		}
	})
}

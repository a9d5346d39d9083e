package related

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reason lists at most this many entities and terms.
const (
	reasonEntities = 3
	reasonTerms    = 3
)

// reason says what c shares with the article, for people: the shared
// entities and then the shared terms that weigh most in the similarity,
// in the article's own words ("shared: Lindsay Lohan, Malibu; terms:
// rehab, probation"). Numbers are left out: they read poorly alone.
func reason(q *queryVector, c *docVector) string {
	type shared struct {
		label string
		w     float64
	}
	top := func(xs []shared, n int) []string {
		slices.SortStableFunc(xs, func(x, y shared) int { return cmp.Compare(y.w, x.w) })
		var out []string
		for _, x := range xs {
			if len(out) == n {
				break
			}
			if !slices.Contains(out, x.label) {
				out = append(out, x.label)
			}
		}
		return out
	}
	var es, ts []shared
	for _, e := range c.ents {
		if w, ok := q.ents[e.key]; ok {
			es = append(es, shared{q.names[e.key], w * e.w})
		}
	}
	for _, t := range c.terms {
		if w, ok := q.terms[t.term]; ok {
			if s := q.surface[t.term]; s != "" && !numeric(s) {
				ts = append(ts, shared{s, w * t.w})
			}
		}
	}
	names := top(es, reasonEntities)
	// A word of a name already shown says nothing more.
	named := strings.ToLower(strings.Join(names, " "))
	ts = slices.DeleteFunc(ts, func(t shared) bool { return containsWord(named, t.label) })
	var parts []string
	if len(names) > 0 {
		parts = append(parts, "shared: "+strings.Join(names, ", "))
	}
	if words := top(ts, reasonTerms); len(words) > 0 {
		parts = append(parts, "terms: "+strings.Join(words, ", "))
	}
	return strings.Join(parts, "; ")
}

func numeric(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' && r != ',' }) < 0
}

// containsWord reports whether text holds word between non-letters.
func containsWord(text, word string) bool {
	for i := 0; i <= len(text); {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !wordRune(before) && !wordRune(after) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		i = start + size
	}
	return false
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

package search

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/pulsesearch/pulse"
)

// span is a matched byte range in a text.
type span struct{ start, end int }

// snippet returns an HTML fragment of about n bytes of the article's body
// (or summary, or title, whichever matched), centred on the densest run
// of matched terms, with each match in <mark> and everything else
// escaped. With no match it is the start of the body.
//
// extra holds more spans per field: the names an article uses for an
// entity the query named by another alias.
func snippet(a *pulse.Article, locs bsearch.FieldTermLocationMap, extra map[string][]span, n int) string {
	for _, f := range []struct {
		name string
		text string
	}{{pulse.FieldBody, a.Body}, {pulse.FieldBodyAr, a.Body}, {pulse.FieldSummary, a.Summary}, {pulse.FieldTitle, a.Title}, {pulse.FieldTitleAr, a.Title}} {
		spans := matchSpans(locs[f.name], extra[f.name], len(f.text))
		if len(spans) > 0 {
			return render(f.text, spans, n)
		}
	}
	text := a.Body
	if text == "" {
		text = a.Summary
	}
	return render(text, nil, n)
}

func matchSpans(tl bsearch.TermLocationMap, extra []span, max int) []span {
	spans := append([]span(nil), extra...)
	for _, locs := range tl {
		for _, l := range locs {
			if int(l.End) <= max && l.Start < l.End {
				spans = append(spans, span{int(l.Start), int(l.End)})
			}
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	// Drop overlaps (a term matched by two clauses).
	out := spans[:0]
	for _, s := range spans {
		if len(out) > 0 && s.start < out[len(out)-1].end {
			continue
		}
		out = append(out, s)
	}
	return out
}

// render cuts a window of about n bytes around the best run of spans and
// marks the spans in it.
func render(text string, spans []span, n int) string {
	lo, hi := 0, min(len(text), n)
	if len(spans) > 0 {
		// The window start that covers the most spans.
		best, bestCount := 0, 0
		j := 0
		for i := range spans {
			for j < len(spans) && spans[j].end-spans[i].start <= n {
				j++
			}
			if j-i > bestCount {
				best, bestCount = i, j-i
			}
		}
		first, last := spans[best], spans[best+bestCount-1]
		slack := (n - (last.end - first.start)) / 2
		lo = max(0, first.start-max(slack, 0))
		hi = min(len(text), lo+n)
		if hi == len(text) {
			lo = max(0, hi-n)
		}
	}
	lo, hi = wordStart(text, lo), wordEnd(text, hi)
	var b strings.Builder
	if lo > 0 {
		b.WriteString("… ")
	}
	pos := lo
	for _, s := range spans {
		if s.start < lo || s.end > hi {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(html.EscapeString(text[pos:hi]))
	if hi < len(text) {
		b.WriteString(" …")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// wordStart moves i forward to the start of a word (never splitting a
// UTF-8 sequence).
func wordStart(text string, i int) int {
	if i <= 0 {
		return 0
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	for j := i; j < len(text) && j < i+30; {
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsSpace(r) {
			return j + size
		}
		j += size
	}
	return i
}

// wordEnd moves i back to the end of a word.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	for j := i; j > 0 && j > i-30; {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if unicode.IsSpace(r) {
			return j - size
		}
		j -= size
	}
	return i
}

// findForms returns where the forms occur in text, case-insensitively and
// on word boundaries.
func findForms(text string, forms []string) []span {
	if text == "" {
		return nil
	}
	lower := strings.ToLower(text)
	var out []span
	for _, f := range forms {
		lf := strings.ToLower(f)
		if lf == "" || len(lf) != len(f) {
			// Lower-casing changed the length: offsets would not map back.
			continue
		}
		for i := 0; ; {
			j := strings.Index(lower[i:], lf)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(lf)
			if boundary(text, start-1, true) && boundary(text, end, false) {
				out = append(out, span{start, end})
			}
			i = end
		}
	}
	return out
}

// boundary reports whether the byte at i (before a match when before,
// else after it) does not continue a word.
func boundary(text string, i int, before bool) bool {
	if i < 0 || i >= len(text) {
		return true
	}
	var r rune
	if before {
		r, _ = utf8.DecodeLastRuneInString(text[:i+1])
	} else {
		r, _ = utf8.DecodeRuneInString(text[i:])
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

package extract

import (
	"testing"

	"github.com/pulsesearch/pulse"
)

func TestInlineDateline(t *testing.T) {
	tests := []struct {
		name, body, place, date, rest string
	}{
		{"wire", "BRASILIA, June 2 - President Lula said", "BRASILIA", "June 2", "President Lula said"},
		{"agency", "BEIRUT (Reuters) — Israeli jets struck", "BEIRUT", "", "Israeli jets struck"},
		{"no year", "RIYADH, April 9 — Saudi Arabia said", "RIYADH", "April 9", "Saudi Arabia said"},
		{"state", "ALBANY, N.Y., Feb 26 - The state said", "ALBANY, N.Y.", "Feb 26", "The state said"},
		{"mixed case with date", "Nairobi, 3 March 2024 – Kenya's central bank", "Nairobi", "3 March 2024", "Kenya's central bank"},
		{"capitals only", "SAO PAULO -- Brazil's coffee", "SAO PAULO", "", "Brazil's coffee"},
		{"two words agency", "Dar es Salaam (AFP) - Tanzania", "Dar es Salaam", "", "Tanzania"},
		{"sentence with dash", "Exxon Corp - the oil company - said", "", "", ""},
		{"no dash", "The central bank said on Monday", "", "", ""},
		{"lower-case start", "shares rose - traders said", "", "", ""},
		{"empty", "", "", "", ""},
		{"hyphenated word", "KUALA LUMPUR, March 3 - Malaysia's palm-oil", "KUALA LUMPUR", "March 3", "Malaysia's palm-oil"},
		{"not an agency", "Smith (the elder) - said", "", "", ""},
		{"an age, no date", "Raj Chohan, 59, was killed by a drunk hit - and - run driver", "", "", ""},
		{"a day and a sentence", "Mary Jones, 12 March was the day she left - and she", "", "", ""},
		{"state before the date without a comma", "RICHMOND, Va. Feb 26 - The utility", "RICHMOND, Va.", "Feb 26", "The utility"},
		{"state and no date", "CHEVY CHASE, Md., - The bank", "CHEVY CHASE, Md.", "", "The bank"},
		{"date and weekday", "LAGOS, June 2, Tuesday - Nigeria's", "LAGOS", "June 2, Tuesday", "Nigeria's"},
		{"a line of its own, ISO date", "BRUSSELS 1996-08-22\nThe European Commission said", "BRUSSELS", "1996-08-22", "The European Commission said"},
		{"a line of its own, tokenised comma", "AL-AIN , United Arab Emirates 1996-12-06\nJapan began", "AL-AIN , United Arab Emirates", "1996-12-06", "Japan began"},
		{"a line of its own, no date", "BRUSSELS\nThe European Commission said", "", "", ""},
		{"a sports headline's slug", "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .", "", "", ""},
		{"a two-word sports slug", "MOTOR RACING - HILL TAKES POLE", "", "", ""},
		{"a line of its own, mixed case", "Brussels 1996-08-22\nThe Commission", "", "", ""},
		{"a line of its own, no date but numbers", "TOTAL 1996-13-40\nfigures", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			place, date, rest := InlineDateline(tc.body)
			if place != tc.place || date != tc.date {
				t.Fatalf("InlineDateline(%q) = %q, %q; want %q, %q", tc.body, place, date, tc.place, tc.date)
			}
			if place != "" && tc.body[rest:] != tc.rest {
				t.Fatalf("rest = %q, want %q", tc.body[rest:], tc.rest)
			}
		})
	}
}

// TestInlineDatelinePlace checks that a dateline at the start of the body
// makes the story's place, as the dateline field does, and that spans
// still index Article.Body.
func TestInlineDatelinePlace(t *testing.T) {
	x := mustExtractor(t)
	a := pulse.Article{Title: "Coffee exports rise", Body: "BRASILIA, June 2 - Exports of coffee rose, the Finance Ministry said."}
	x.Extract(&a, Options{Spans: true})
	var found bool
	for _, p := range a.Places {
		if p.Country == "BR" && p.Salience >= SalientThreshold {
			found = true
		}
	}
	if !found {
		t.Fatalf("no salient place in Brazil: %+v", a.Places)
	}
	spansIndexBody(t, &a)
}

// TestNamedDateline checks the wire's bare-name byline over a dateline
// line: the name is a person, the dateline the story's place, and the
// spans still index Article.Body; without the dateline line, a line of
// capitalised words is no byline.
func TestNamedDateline(t *testing.T) {
	x := mustExtractor(t)
	a := pulse.Article{Title: "EU rejects German call to boycott British lamb .",
		Body: "Peter Blackburn\nBRUSSELS 1996-08-22\nThe European Commission said on Thursday it disagreed with German advice to consumers to shun British lamb ."}
	x.Extract(&a, Options{Spans: true})
	if _, ok := find(a.Persons, "peter-blackburn"); !ok {
		t.Errorf("byline not a person: %+v", a.Persons)
	}
	if p, ok := find(a.Places, "be-brussels"); !ok || p.Salience < 1 {
		t.Errorf("dateline not the story's place: %+v", a.Places)
	} else if len(p.Spans) != 1 || p.Spans[0].Field != pulse.FieldBody || p.Spans[0].Start != len("Peter Blackburn\n") {
		// The dateline is the body's text: its place has the body's span.
		t.Errorf("dateline place spans %+v, want BRUSSELS at %d of the body", p.Spans, len("Peter Blackburn\n"))
	}
	spansIndexBody(t, &a)
	b := pulse.Article{Body: "Grace Road Cricket\nThe ground opened in 1878 ."}
	x.Extract(&b, Options{})
	if len(b.Persons) != 0 {
		t.Errorf("a first line without a dateline after it made persons: %+v", b.Persons)
	}
}

// spansIndexBody fails the test when a body span of a's entities does not
// index a.Body: spans must survive a dateline read out of the body.
func spansIndexBody(t *testing.T, a *pulse.Article) {
	t.Helper()
	for _, es := range [][]pulse.Entity{a.Persons, a.Places, a.Orgs} {
		for _, e := range es {
			for _, sp := range e.Spans {
				if sp.Field == pulse.FieldBody && a.Body[sp.Start:sp.End] != sp.Text {
					t.Fatalf("span %+v does not index the body", sp)
				}
			}
		}
	}
}

package qlang

import (
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

// TestProximityWindows checks the window logic on positions alone: in
// any order, at most slop other positions between the terms, repeated
// terms occurring as often as given, never across array elements.
func TestProximityWindows(t *testing.T) {
	type at struct {
		term string
		pos  uint64
		ap   uint64 // array position, for multi-valued fields
	}
	cases := []struct {
		name   string
		terms  []string
		slop   int
		occurs []at
		want   bool
		marked int // entries in matching windows
	}{
		{"adjacent", []string{"a", "b"}, 1, []at{{"a", 1, 0}, {"b", 2, 0}}, true, 2},
		{"reverse", []string{"a", "b"}, 1, []at{{"b", 1, 0}, {"a", 2, 0}}, true, 2},
		{"one between, slop 1", []string{"a", "b"}, 1, []at{{"a", 1, 0}, {"b", 3, 0}}, true, 2},
		{"two between, slop 1", []string{"a", "b"}, 1, []at{{"a", 1, 0}, {"b", 4, 0}}, false, 0},
		{"closest pair wins", []string{"a", "b"}, 1, []at{{"a", 1, 0}, {"b", 9, 0}, {"a", 10, 0}}, true, 2},
		{"three terms", []string{"a", "b", "c"}, 2, []at{{"c", 1, 0}, {"a", 3, 0}, {"b", 5, 0}}, true, 3},
		{"three terms too far", []string{"a", "b", "c"}, 1, []at{{"c", 1, 0}, {"a", 3, 0}, {"b", 5, 0}}, false, 0},
		{"repeated term needs two", []string{"a", "a"}, 3, []at{{"a", 2, 0}}, false, 0},
		{"repeated term", []string{"a", "a"}, 3, []at{{"a", 2, 0}, {"a", 6, 0}}, true, 2},
		{"repeated term too far", []string{"a", "a"}, 3, []at{{"a", 2, 0}, {"a", 7, 0}}, false, 0},
		{"not across array elements", []string{"a", "b"}, 5, []at{{"a", 1, 0}, {"b", 2, 1}}, false, 0},
		{"within an array element", []string{"a", "b"}, 5, []at{{"a", 1, 0}, {"a", 1, 1}, {"b", 3, 1}}, true, 2},
		{"two windows", []string{"a", "b"}, 1, []at{{"a", 1, 0}, {"b", 2, 0}, {"b", 20, 0}, {"a", 21, 0}}, true, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := (&proximityQuery{terms: c.terms, slop: c.slop}).matcher()
			s.entries = s.entries[:0]
			for _, o := range c.occurs {
				s.entries = append(s.entries, occurrence{
					term: s.termIndex[o.term],
					loc:  &search.Location{Pos: o.pos, ArrayPositions: search.ArrayPositions{o.ap}},
				})
			}
			if got := s.windows(); got != c.want {
				t.Fatalf("windows() = %v, want %v", got, c.want)
			}
			marked := 0
			for _, m := range s.marked {
				if m {
					marked++
				}
			}
			if marked != c.marked {
				t.Errorf("marked %d entries, want %d", marked, c.marked)
			}
		})
	}
}

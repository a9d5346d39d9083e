package newstext

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // RFC 3339, or "" for not a date
	}{
		{"rfc3339", "2025-03-14T09:30:00+01:00", "2025-03-14T08:30:00Z"},
		{"iso date", "2025-03-14", "2025-03-14T00:00:00Z"},
		{"iso no colon zone", "2025-03-14T09:30:00+0100", "2025-03-14T08:30:00Z"},
		{"http date", "Fri, 14 Mar 2025 09:30:00 GMT", "2025-03-14T09:30:00Z"},
		{"month day year", "March 12, 2025", "2025-03-12T00:00:00Z"},
		{"abbrev with dot", "Mar. 12, 2025", "2025-03-12T00:00:00Z"},
		{"sept", "Sept. 5, 2024", "2024-09-05T00:00:00Z"},
		{"day month year", "12 March 2025", "2025-03-12T00:00:00Z"},
		{"weekday ordinal at", "Wednesday 12th March 2025 at 10:30 a.m. GMT", "2025-03-12T10:30:00Z"},
		{"label published", "Published: 3 April 2025, 14:05 BST", "2025-04-03T13:05:00Z"},
		{"label updated", "Updated on March 3, 2025 8:02 pm", "2025-03-03T20:02:00Z"},
		{"et in summer", "Sep. 5, 2024 3:15 PM ET", "2024-09-05T19:15:00Z"},
		{"et in winter", "Jan 5, 2024 3:15 PM ET", "2024-01-05T20:15:00Z"},
		{"numeric zone", "12 Mar 2025 10:00 GMT+3", "2025-03-12T07:00:00Z"},
		{"wat", "March 3, 2025 9:00 AM WAT", "2025-03-03T08:00:00Z"},
		{"dotted european", "25.03.2025", "2025-03-25T00:00:00Z"},
		{"slash day first", "25/03/2025", "2025-03-25T00:00:00Z"},
		{"slash month first", "03/25/2025", "2025-03-25T00:00:00Z"},
		{"slash ambiguous", "03/04/2025", ""},
		{"year alone", "2025", ""},
		{"relative", "2 hours ago", ""},
		{"words", "Council approves sea wall", ""},
		{"far year", "March 3, 2525", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDate(tt.in)
			if tt.want == "" {
				if ok {
					t.Fatalf("ParseDate(%q) = %v, want not a date", tt.in, got)
				}
				return
			}
			if !ok {
				t.Fatalf("ParseDate(%q): not a date, want %s", tt.in, tt.want)
			}
			if got.Location() != time.UTC || got.Format(time.RFC3339) != tt.want {
				t.Fatalf("ParseDate(%q) = %v, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitDateline(t *testing.T) {
	tests := []struct {
		name, in, dateline, agency string
	}{
		{"reuters", "BAGHDAD (Reuters) - Iraqi forces killed", "BAGHDAD", "Reuters"},
		{"with date", "LONDON, March 3 (Reuters) - Shares fell", "LONDON, March 3", "Reuters"},
		{"country", "GROSSETO, Italy (AP) -- The trial", "GROSSETO, Italy", "AP"},
		{"em dash", "WASHINGTON — The Senate passed", "WASHINGTON", ""},
		{"two words", "NEW YORK, Feb 26 - U.S. stocks", "NEW YORK, Feb 26", ""},
		{"colon", "NEW DELHI: The government said", "NEW DELHI", ""},
		{"mixed case with agency", "Lagos, March 3 (AFP) - The bridge", "Lagos, March 3", "AFP"},
		{"mixed case without agency", "Lagos - The bridge reopened", "", ""},
		{"label not place", "UPDATE: The minister resigned", "", ""},
		{"breaking", "BREAKING - Markets fall", "", ""},
		{"ordinary sentence", "The minister said on Monday that", "", ""},
		{"acronym", "US - talks resume", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, a := SplitDateline(tt.in)
			if d != tt.dateline || a != tt.agency {
				t.Fatalf("SplitDateline(%q) = %q, %q; want %q, %q", tt.in, d, a, tt.dateline, tt.agency)
			}
		})
	}
}

// TestInferDate reads dates printed without a year as the most recent
// such day not after ingest.
func TestInferDate(t *testing.T) {
	ref := time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		dateline, want string
	}{
		{"RIYADH, April 9", "2025-04-09"},
		{"BRASILIA, June 2", "2024-06-02"}, // the day after ingest is last year's
		{"LONDON, 1 June", "2025-06-01"},
		{"NAIROBI, Dec. 24", "2024-12-24"},
		{"GENEVA, Feb 29", "2024-02-29"},
		{"BEIRUT", ""},
		{"", ""},
		{"WASHINGTON, D.C.", ""},
	}
	for _, tc := range tests {
		t.Run(tc.dateline, func(t *testing.T) {
			got, ok := InferDate(tc.dateline, ref, nil)
			s := ""
			if ok {
				s = got.Format("2006-01-02")
			}
			if s != tc.want {
				t.Fatalf("InferDate(%q) = %q, want %q", tc.dateline, s, tc.want)
			}
		})
	}
}

func TestIsBoilerplate(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Share | Tweet | Email", true},
		{"Advertisement", true},
		{"Read more: Syria's foreign minister visits Baghdad", true},
		{"We use cookies to improve your experience. By continuing you accept our use of cookies.", true},
		{"Your email address will not be published. Required fields are marked *", true},
		{"© 2025 Global Wire. All rights reserved.", true},
		{"5 min read", true},
		{"Sign up for our morning newsletter", true},
		{"(AP Photo/Jane Doe)", true},
		{"The bakery's cookies won first prize at the county fair on Saturday.", false},
		{"The council said the harbour would stay open throughout the work.", false},
		{"Read more about the plan in the council's report, which was published on Monday.", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsBoilerplate(tt.in); got != tt.want {
				t.Fatalf("IsBoilerplate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDateIn(t *testing.T) {
	lagos := time.FixedZone("WAT", 3600)
	tests := []struct {
		name, in, want string
	}{
		{"no zone uses location", "March 3, 2025 9:00 AM", "2025-03-03T08:00:00Z"},
		{"date only uses location", "2025-03-03", "2025-03-02T23:00:00Z"},
		{"zone wins", "March 3, 2025 9:00 AM GMT", "2025-03-03T09:00:00Z"},
		{"rfc 3339 wins", "2025-03-03T09:00:00Z", "2025-03-03T09:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDateIn(tt.in, lagos)
			if !ok || got.Format(time.RFC3339) != tt.want {
				t.Fatalf("ParseDateIn(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
			}
		})
	}
}

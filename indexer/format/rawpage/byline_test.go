package rawpage

import (
	"testing"
	"time"
)

// TestBylineForms reads the bylines sites print, in the forms of issue 17.
func TestBylineForms(t *testing.T) {
	tests := []struct {
		line, author, published, updated string
	}{
		{"By Hana Girma | 2 June 2024 | 4 min read", "Hana Girma", "2024-06-02", ""},
		{"Posted on 14 March 2025 by Tesfaye Alemu", "Tesfaye Alemu", "2025-03-14", ""},
		{"By Aziz El Yaakoubi and Maha El Dahan, Reuters", "Aziz El Yaakoubi and Maha El Dahan", "", ""},
		{"Updated 3 March 2025", "", "", "2025-03-03"},
		{"By Ruth Maclean | Updated March 3, 2025", "Ruth Maclean", "", "2025-03-03"},
		{"Published 12 Feb 2025 · By Kwame Mensah", "Kwame Mensah", "2025-02-12", ""},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			lm, ok := parseMetaLine(tc.line, time.UTC)
			if !ok {
				t.Fatalf("parseMetaLine(%q): not a metadata line", tc.line)
			}
			day := func(x time.Time) string {
				if x.IsZero() {
					return ""
				}
				return x.Format("2006-01-02")
			}
			if lm.author != tc.author || day(lm.published) != tc.published || day(lm.updated) != tc.updated {
				t.Fatalf("parseMetaLine(%q) = author %q, published %q, updated %q; want %q, %q, %q",
					tc.line, lm.author, day(lm.published), day(lm.updated), tc.author, tc.published, tc.updated)
			}
		})
	}
}

// TestDatelineWithoutYear checks that a page dated only by its dateline
// gets that day as its publication date, marked inferred.
func TestDatelineWithoutYear(t *testing.T) {
	page := "Saudi Arabia raises oil output\n\nRIYADH, April 9 — Saudi Arabia said on Wednesday it would raise crude output in May, " +
		"the energy ministry said in a statement carried by the state news agency. The kingdom will pump more oil as prices rise.\n\n" +
		"Officials said the decision followed talks with other producers and would be reviewed next month, according to the statement."
	a, err := testReader.Parse([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if got := a.PublishedAt.Format("2006-01-02"); got != "2025-04-09" || !a.DateInferred {
		t.Fatalf("published %s, inferred %v; want 2025-04-09, true (dateline %q)", got, a.DateInferred, a.Dateline)
	}
}

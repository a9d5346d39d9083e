package web

import (
	"strings"

	"github.com/pulsesearch/pulse"
)

// wireBody is the text of a wire story three sites republished.
var wireBody = strings.Repeat("Zinc smelters in the north cut output again this week as ore shipments from the mines fell short of contracts, traders said. ", 6)

// fixtures is a small corpus with what the sample lacks: copies of one
// story, cells that a spreadsheet would run as formulas, hostile markup
// and an undated article. Every article mentions zinc.
func fixtures() []pulse.Article {
	place := func(id, name string) []pulse.Entity { return []pulse.Entity{{ID: id, Name: name}} }
	return []pulse.Article{
		{ID: "wire-a", Title: "Zinc output cut at northern smelters", Body: wireBody, Source: "Wire A", PublishedAt: day("2024-03-04"), Places: place("norway", "Norway")},
		{ID: "wire-b", Title: "Zinc output cut at northern smelters", Body: wireBody, Source: "Wire B", PublishedAt: day("2024-03-05"), Places: place("norway", "Norway")},
		{ID: "wire-c", Title: "Zinc output cut at northern smelters", Body: wireBody, Source: "Wire C", PublishedAt: day("2024-03-06"), Places: place("norway", "Norway")},
		{ID: "inject-1", Title: `=HYPERLINK("http://evil.example/","zinc prices")`, Body: "Zinc prices rose.", Author: "+cmd|' /C calc'!A0", Source: "@SUM(1+1)", PublishedAt: day("2024-03-11"), Places: place("peru", "-Peru")},
		{ID: "inject-2", Title: "-2+3 zinc futures", Body: "Zinc futures fell.\tTabs too.", Source: "Metals Daily", Section: "markets", PublishedAt: day("2024-03-12")},
		{ID: "xss", Title: `<script>alert(1)</script> zinc`, Body: `Zinc "><img src=x onerror=alert(1)> and <b>bold</b> claims.`, Source: `"><img src=x onerror=alert(2)>`, Author: "<i>Mallory</i>", PublishedAt: day("2024-03-20"), Tags: []string{`<svg onload=alert(3)>`}},
		{ID: "undated", Title: "Zinc without a date", Body: "An undated note on zinc stocks.", Source: "Notes"},
	}
}

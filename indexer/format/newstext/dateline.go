package newstext

import (
	"regexp"
	"strings"
	"time"
)

const dlMonth = `(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?`

var (
	// reDatelineCaps matches a wire dateline with the place in capitals:
	// "BAGHDAD (Reuters) - ", "LONDON, March 3 (Reuters) - ",
	// "GROSSETO, Italy (AP) -- ", "WASHINGTON — ", "NEW DELHI: ".
	reDatelineCaps = regexp.MustCompile(`^((?:[A-Z][A-Z'’.\-]+)(?:\s+[A-Z][A-Z'’.\-]+){0,3}` +
		`(?:,\s+[A-Z][A-Za-z'’.\-]+(?:\s+[A-Z][A-Za-z'’.\-]+){0,2})?` +
		`(?:,?\s+` + dlMonth + `\s+\d{1,2})?)` +
		`\s*(?:\(([^()]{2,40})\)\s*)?(--|-|–|—|:)\s+\S`)
	// reDatelineAgency matches a dateline in mixed case, which is only
	// trusted with an agency: "Baghdad, March 3 (Reuters) - ".
	reDatelineAgency = regexp.MustCompile(`^([A-Z][a-z'’.\-]+(?:\s+[A-Z][a-z'’.\-]+){0,3}` +
		`(?:,\s+[A-Z][A-Za-z'’.\-]+(?:\s+[A-Z][A-Za-z'’.\-]+){0,2})?` +
		`(?:,?\s+` + dlMonth + `\s+\d{1,2})?)` +
		`\s*\(([^()]{2,40})\)\s*(?:--|-|–|—)\s+\S`)
)

// notPlaces are capitalised words that open a paragraph with a dash or
// colon without being a place.
var notPlaces = map[string]bool{
	"BREAKING": true, "BREAKING NEWS": true, "UPDATE": true, "UPDATED": true, "WATCH": true,
	"LISTEN": true, "EXCLUSIVE": true, "ANALYSIS": true, "OPINION": true, "EDITOR'S NOTE": true,
	"EDITORS NOTE": true, "CORRECTION": true, "FILE": true, "FILE PHOTO": true, "PHOTO": true,
	"VIDEO": true, "LIVE": true, "NOTE": true, "FACT CHECK": true, "URGENT": true, "FLASH": true,
	"ALERT": true, "NEW": true, "READ": true, "MORE": true, "WARNING": true, "Q": true, "A": true,
	"FAQ": true, "TL;DR": true, "PS": true, "UPDATE 1": true,
}

// SplitDateline finds the dateline at the start of a story's first
// paragraph and returns it without the agency ("BAGHDAD", "LONDON, March
// 3", "GROSSETO, Italy") and the agency named in brackets ("Reuters",
// "AP"), if any. Both are empty when the paragraph has no dateline.
func SplitDateline(p string) (dateline, agency string) {
	if len(p) > 4096 {
		p = p[:4096]
	}
	m := reDatelineCaps.FindStringSubmatch(p)
	if m != nil {
		place := strings.TrimSpace(m[1])
		head := place
		if i := strings.IndexByte(head, ','); i >= 0 {
			head = head[:i]
		}
		letters := 0
		for _, r := range head {
			if r >= 'A' && r <= 'Z' {
				letters++
			}
		}
		// A colon after a bare word is too often a label ("UPDATE:"), so
		// a colon needs a place of some length and no stop word.
		if !notPlaces[strings.ToUpper(head)] && letters >= 3 && (m[3] != ":" || m[2] != "" || letters >= 4) {
			return place, strings.TrimSpace(m[2])
		}
	}
	if m := reDatelineAgency.FindStringSubmatch(p); m != nil {
		return strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	}
	return "", ""
}

// reDatelineDay finds the month and day at the end of a dateline
// ("RIYADH, April 9", "LONDON, 3 March"), with no year after them.
var reDatelineDay = regexp.MustCompile(`(?i)(?:^|,\s*)(?:(` + dlMonth + `)\s+(\d{1,2})|(\d{1,2})\s+(` + dlMonth + `))$`)

// InferDate reads the month and day of a dateline printed without a year
// ("RIYADH, April 9") as the most recent such day not after ref, the time
// the page was fetched or ingested, at midnight in loc (nil means UTC).
// It reports false when the dateline holds no such date.
func InferDate(dateline string, ref time.Time, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	m := reDatelineDay.FindStringSubmatch(strings.TrimSpace(dateline))
	if m == nil {
		return time.Time{}, false
	}
	month, day := m[1], m[2]
	if month == "" {
		month, day = m[4], m[3]
	}
	mon, ok := monthOf(month)
	if !ok {
		return time.Time{}, false
	}
	d := 0
	for _, c := range day {
		d = d*10 + int(c-'0')
	}
	ref = ref.In(loc)
	for y := ref.Year(); y >= ref.Year()-1; y-- {
		t := time.Date(y, mon, d, 0, 0, 0, 0, loc)
		if t.Month() != mon || t.Day() != d {
			continue // February 29 of a year that has none
		}
		if !t.After(ref) {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func monthOf(s string) (time.Month, bool) {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0, false
	}
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s[:3]) {
			return m, true
		}
	}
	return 0, false
}

package newstext

import (
	"regexp"
	"strings"
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

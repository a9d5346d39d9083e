package rawpage

import (
	"strings"
	"time"

	"github.com/pulsesearch/pulse/indexer/format/newstext"
)

// Labels is what the labelled lines around an article say about it.
type Labels struct {
	Author         string
	Section        string
	OriginalSource string
	Tags           []string
	Published      time.Time
	Updated        time.Time
}

// Clean tidies the paragraphs of an article extracted by other means (an
// HTML page's main content): it drops furniture, removes bylines, dates
// and labelled lines ("Tags:", "Original Source:") and returns what they
// say, and cuts the text at the first comment section, author bio or
// footer, or at a list heading ("Related posts") followed by less prose
// than came before it. The author of a bio is returned as the Author when
// no byline names one. Dates without a zone are read in loc (nil means
// UTC). Past MaxLines paragraphs, the rest are kept as they are.
func Clean(paras []string, loc *time.Location) ([]string, Labels) {
	if loc == nil {
		loc = time.UTC
	}
	var rest []string
	if len(paras) > MaxLines {
		paras, rest = paras[:MaxLines], paras[MaxLines:]
	}
	units := make([]unit, 0, len(paras))
	for _, p := range paras {
		if p = normalizeSpace(p); p != "" {
			u := unit{text: p}
			u.kind, u.meta = classify(p, loc)
			units = append(units, u)
		}
	}
	bioName := markBios(units)
	var keep []string
	var lm lineMeta
	kept := 0
	stopped := false
loop:
	for i, u := range units {
		switch u.kind {
		case kindJunk:
		case kindMeta, kindLabel:
			lm.merge(u.meta)
		case kindTail:
			stopped = true
			break loop
		case kindList:
			after := 0
			for _, v := range units[i+1:] {
				if v.kind == kindTail {
					break
				}
				if v.kind == kindProse {
					after += len(v.text)
				}
			}
			if kept > 0 && after < kept {
				stopped = true
				break loop
			}
		default:
			if u.kind == kindProse {
				kept += len(u.text)
			}
			keep = append(keep, u.text)
		}
	}
	// A bio with no name line above it, as the last paragraph.
	if n := len(keep); n > 1 && reBio.MatchString(keep[n-1]) {
		if m := reBioOpen.FindStringSubmatch(keep[n-1]); m != nil {
			if bioName == "" {
				bioName = m[1]
			}
			keep = keep[:n-1]
		}
	}
	l := Labels{
		Author:         lm.author,
		Section:        lm.section,
		OriginalSource: lm.originalSource,
		Tags:           dedupe(lm.tags),
		Published:      lm.published,
		Updated:        lm.updated,
	}
	if l.Author == "" {
		l.Author = bioName
	}
	if !stopped {
		keep = append(keep, rest...)
	}
	return keep, l
}

// HasProse reports whether any paragraph reads as a sentence of a few
// words, as an article has and a menu or an error page does not.
func HasProse(paras []string) bool {
	words := 0
	for _, p := range paras {
		if isProse(p) && !newstext.IsBoilerplate(p) {
			return true
		}
		words += len(strings.Fields(p))
	}
	return words >= 40
}

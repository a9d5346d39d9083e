package rawpage

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/format/newstext"
)

// kind is what a unit of a page is taken to be.
type kind uint8

const (
	kindShort kind = iota // short line: headline, subheading, list item, menu
	kindProse             // a paragraph of sentences
	kindJunk              // furniture to drop; does not break a run of prose
	kindMeta              // byline or date; does not break a run of prose
	kindLabel             // labelled metadata (tags, source): ends a run
	kindList              // heading of a list of links: ends a run
	kindTail              // comments, author bio or footer: ends a run
)

// unit is one paragraph or line of a page.
type unit struct {
	text  string
	kind  kind
	meta  lineMeta
	alone bool // the only line of its block
}

// tailWeight is what a run of prose after a comment or bio marker counts
// for against one before it.
const tailWeight = 0.2

// minProse is the length of prose before any comments or bio that is
// taken as the article whatever follows.
const minProse = 80

var (
	reBio       = regexp.MustCompile(`(?i)\b(journalist|reporter|writer|editor|correspondent|columnist|contributor|author|freelance|blogger|covers|years of (journalistic )?experience|has written|writes about|degree in)\b`)
	reBioOpen   = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.\-]+(?:\s+(?:\p{Lu}[\p{L}'’.\-]+|al|de|van|von|bin|da|di)){1,3})\s+(?:is|was|has been|has|covers|writes)\b`)
	reSiteTitle = regexp.MustCompile(`\s+[|–—-]\s+([^|–—-]{2,60})$`)
)

// MaxLines is the most lines a page may have: a news page has hundreds,
// and classifying each line costs microseconds.
const MaxLines = 20000

// Extract finds the article in the text of a page. Dates without a zone
// are read in loc (nil means UTC); a dateline's day without a year, when
// the page gives no other date, is the most recent such day not after ref
// (the time of ingest), and the article is marked DateInferred. It
// returns format.ErrNoBody when no paragraph of article text is found,
// and an error wrapping format.ErrTooLarge when the page has more than
// MaxLines lines.
func Extract(text string, loc *time.Location, ref time.Time) (pulse.Article, error) {
	if loc == nil {
		loc = time.UTC
	}
	if n := strings.Count(text, "\n"); n >= MaxLines {
		return pulse.Article{}, fmt.Errorf("page %w: %d lines, over the %d-line limit", format.ErrTooLarge, n+1, MaxLines)
	}
	units := splitUnits(text, loc)
	for i := range units {
		units[i].kind, units[i].meta = classify(units[i].text, loc)
	}
	bioName := markBios(units)

	s, e, ok := bestRun(units)
	if !ok {
		return pulse.Article{}, format.ErrNoBody
	}
	e = extendRun(units, e)
	site, siteIdx := siteName(units, s)
	// A bio with no name line above it, as the run's last paragraph.
	if last := units[e].text; s < e && reBio.MatchString(last) {
		if m := reBioOpen.FindStringSubmatch(last); m != nil {
			if bioName == "" {
				bioName = m[1]
			}
			units[e].kind = kindTail
			for e > s && units[e].kind != kindProse {
				e--
			}
		}
	}

	var a pulse.Article
	// A standfirst: the run's first paragraph, set apart from the rest by
	// a byline or date line.
	summaryIdx := -1
	for j := s + 1; j <= e; j++ {
		if units[j].kind == kindMeta {
			for k := j + 1; k <= e; k++ {
				if units[k].kind == kindProse {
					summaryIdx = s
					break
				}
			}
			break
		}
		if units[j].kind == kindProse || units[j].kind == kindShort {
			break
		}
	}

	titleIdx, deckIdx := findHeadline(units, s, siteIdx, site)
	if titleIdx < 0 && titleLike(units[s], true) && s < e {
		// The headline reads as a sentence ("Is the Euro Doomed?").
		titleIdx = s
		if summaryIdx == s {
			summaryIdx = -1
		}
		s++
		for s < e && units[s].kind != kindProse {
			s++
		}
	}
	if titleIdx >= 0 {
		a.Title = cleanTitle(units[titleIdx].text, site)
	}
	if summaryIdx >= 0 {
		a.Summary = units[summaryIdx].text
	} else if deckIdx >= 0 {
		a.Summary = units[deckIdx].text
	}

	var paras []string
	for j := s; j <= e; j++ {
		u := units[j]
		switch {
		case j == summaryIdx || j == titleIdx:
		case u.kind == kindProse:
			paras = append(paras, u.text)
		case u.kind == kindShort:
			// Subheadings and list items inside the text.
			paras = append(paras, u.text)
		}
	}
	if len(paras) > 0 && a.Title != "" && paras[0] == a.Title {
		paras = paras[1:]
	}
	if len(paras) == 0 {
		return pulse.Article{}, format.ErrNoBody
	}
	a.Body = strings.Join(paras, "\n\n")

	// Metadata comes from the lines above the comments, where commenters'
	// names and dates are not mistaken for the article's.
	var lm lineMeta
	end := len(units)
	for j := s; j < len(units); j++ {
		if units[j].kind == kindTail {
			end = j
			break
		}
	}
	for j := 0; j < end; j++ {
		if k := units[j].kind; k == kindMeta || k == kindLabel {
			lm.merge(units[j].meta)
		}
	}
	a.Author = lm.author
	if a.Author == "" {
		a.Author = bioName
	}
	a.PublishedAt, a.UpdatedAt = lm.published, lm.updated
	if a.PublishedAt.IsZero() && !a.UpdatedAt.IsZero() {
		a.PublishedAt = a.UpdatedAt
	}
	a.Section = lm.section
	a.Tags = dedupe(lm.tags)
	a.OriginalSource = lm.originalSource
	a.Source = site

	dl, agency := newstext.SplitDateline(paras[0])
	a.Dateline = dl
	if a.PublishedAt.IsZero() {
		if t, ok := newstext.InferDate(dl, ref, loc); ok {
			a.PublishedAt, a.DateInferred = t, true
		}
	}
	if a.OriginalSource == "" && agency != "" && !strings.EqualFold(agency, site) {
		a.OriginalSource = agency
	}
	return a, nil
}

// splitUnits cuts text into units: blocks are runs of non-blank lines;
// inside a block, a line that fills most of the width and does not end a
// sentence was wrapped, and is joined with the next.
func splitUnits(text string, loc *time.Location) []unit {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var units []unit
	var block []string
	flush := func() {
		defer func() { block = block[:0] }()
		if len(block) == 0 {
			return
		}
		maxLen := 0
		for _, l := range block {
			maxLen = max(maxLen, utf8.RuneCountInString(l))
		}
		first := len(units)
		cur := block[0]
		for _, l := range block[1:] {
			n := utf8.RuneCountInString(cur[strings.LastIndexByte(cur, '\n')+1:])
			if n >= 40 && n*10 >= maxLen*6 && !endsSentence(cur) && isText(cur, loc) && isText(l, loc) {
				cur += "\n" + l
				continue
			}
			units = append(units, unit{text: cur})
			cur = l
		}
		units = append(units, unit{text: cur})
		for i := first; i < len(units); i++ {
			units[i].text = strings.Join(strings.Fields(units[i].text), " ")
			units[i].alone = len(units)-first == 1
		}
	}
	for _, line := range strings.Split(text, "\n") {
		line = normalizeSpace(line)
		if line == "" {
			flush()
			continue
		}
		block = append(block, line)
	}
	flush()
	return units
}

// normalizeSpace trims a line and turns every run of white space,
// including no-break and zero-width spaces, into one space.
func normalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u00ad' || r == '\u2060'
	}), " ")
}

// isText reports whether a line is text rather than furniture or
// metadata, so that it may be part of a wrapped paragraph.
func isText(l string, loc *time.Location) bool {
	k, _ := classify(normalizeSpace(l[strings.LastIndexByte(l, '\n')+1:]), loc)
	return k == kindProse || k == kindShort
}

// classify decides what a unit is.
func classify(t string, loc *time.Location) (kind, lineMeta) {
	switch {
	case newstext.IsTail(t):
		return kindTail, lineMeta{}
	case newstext.IsListHeading(t):
		return kindList, lineMeta{}
	case newstext.IsBoilerplate(t):
		return kindJunk, lineMeta{}
	}
	if lm, ok := parseMetaLine(t, loc); ok {
		return kindMeta, lm
	}
	if lm, ok := parseLabel(t); ok {
		return kindLabel, lm
	}
	if isProse(t) {
		return kindProse, lineMeta{}
	}
	return kindShort, lineMeta{}
}

// isProse reports whether t is a paragraph of sentences: it ends like a
// sentence and has a few words with lower-case letters, or it is long.
func isProse(t string) bool {
	words := len(strings.Fields(t))
	if words >= 25 {
		return true
	}
	return words >= 3 && endsSentence(t) && strings.IndexFunc(t, unicode.IsLower) >= 0
}

// endsSentence reports whether t ends with sentence punctuation, possibly
// inside closing quotes or brackets.
func endsSentence(t string) bool {
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?…", r)
}

// markBios finds author bios: a line with a name, followed by a
// paragraph that starts with that name or reads like a bio, or a name
// after "About the author". The name line becomes a tail marker; the
// name is returned as a fallback author.
func markBios(units []unit) string {
	name := ""
	for i := 0; i+1 < len(units); i++ {
		u := units[i]
		if u.kind == kindTail && strings.HasPrefix(newstext.MarkerKey(u.text), "about the") && units[i+1].kind == kindShort && isName(units[i+1].text) {
			if name == "" {
				name = units[i+1].text
			}
			continue
		}
		if u.kind != kindShort || !isName(u.text) || len(strings.Fields(u.text)) < 2 || len(strings.Fields(u.text)) > 5 {
			continue
		}
		next := units[i+1]
		if next.kind != kindProse {
			continue
		}
		first := strings.Fields(u.text)[0]
		if strings.HasPrefix(next.text, u.text) || (strings.HasPrefix(next.text, first+" ") && reBio.MatchString(next.text)) || reBio.MatchString(next.text) && reBioOpen.MatchString(next.text) {
			units[i].kind = kindTail
			if name == "" {
				name = u.text
			}
		}
	}
	return name
}

// bestRun returns the first and last unit of the run of prose with the
// most text. A run is broken by two short lines in a row (a list or a
// menu) and by labels, list headings and tail markers; junk and bylines
// are passed over. A run after a tail marker (comments, a bio) is chosen
// only when no run before it has minProse bytes, and then counts for
// tailWeight of its length.
func bestRun(units []unit) (start, end int, ok bool) {
	type run struct {
		start, end int
		score      float64
	}
	var head, tail run
	inTail := false
	cur := run{start: -1}
	chars, shorts := 0, 0
	closeRun := func() {
		if cur.start >= 0 {
			if inTail {
				cur.score = tailWeight * float64(chars)
				if cur.score > tail.score {
					tail = cur
				}
			} else if cur.score = float64(chars); cur.score > head.score {
				head = cur
			}
		}
		cur, chars, shorts = run{start: -1}, 0, 0
	}
	for i, u := range units {
		switch u.kind {
		case kindProse:
			if cur.start < 0 {
				cur.start = i
			}
			cur.end = i
			chars += len(u.text)
			shorts = 0
		case kindShort:
			shorts++
			if shorts >= 2 {
				closeRun()
			}
		case kindLabel, kindList:
			closeRun()
		case kindTail:
			closeRun()
			inTail = true
		}
	}
	closeRun()
	switch {
	case head.score >= minProse || head.score > 0 && head.score >= tail.score:
		return head.start, head.end, true
	case tail.score > 0:
		return tail.start, tail.end, true
	}
	return 0, 0, false
}

// maxBridge is the longest list of short lines that extendRun carries
// the body across.
const maxBridge = 8

var reCommenter = regexp.MustCompile(`(?i)\b(says|said|wrote|writes|replied|commented)\s*:?$`)

// extendRun carries the end of the body, unit e, forward over lists of
// short lines (a list inside the article, a line cut off by a scraper)
// to the prose after them, stopping at labels, list headings, tail
// markers, a commenter's name, or a list longer than maxBridge lines.
func extendRun(units []unit, e int) int {
	shorts := 0
	for j := e + 1; j < len(units); j++ {
		switch u := units[j]; u.kind {
		case kindJunk, kindMeta:
		case kindShort:
			shorts++
			if shorts > maxBridge || reCommenter.MatchString(u.text) {
				return e
			}
		case kindProse:
			e, shorts = j, 0
		default:
			return e
		}
	}
	return e
}

// findHeadline looks back from the body's first unit for the nearest
// title-like line, passing over bylines, dates, labels and junk, and
// stopping at prose or a list. If the line above it is also title-like
// and much more in Title Case, that one is the headline and the nearer
// one its deck. It returns -1 for either when there is none.
func findHeadline(units []unit, start, siteIdx int, site string) (title, deck int) {
	title, deck = -1, -1
	steps := 0
	for j := start - 1; j >= 0 && steps < 8; j-- {
		u := units[j]
		switch u.kind {
		case kindJunk, kindMeta, kindLabel:
			continue
		case kindList, kindTail:
			return -1, -1
		case kindProse:
			if !titleLike(u, true) {
				return -1, -1
			}
		}
		steps++
		if titleLike(u, true) && !isTagline(units, j, siteIdx, site) {
			title = j
			break
		}
	}
	if title < 0 {
		return -1, -1
	}
	for j := title - 1; j >= 0; j-- {
		u := units[j]
		if u.kind == kindJunk || u.kind == kindMeta {
			continue
		}
		// A headline is in Title Case where its deck is not, or is much
		// shorter than a deck that runs on.
		pw, cw := len(strings.Fields(u.text)), len(strings.Fields(units[title].text))
		if titleLike(u, false) && !isTagline(units, j, siteIdx, site) &&
			(titleCase(u.text) >= titleCase(units[title].text)+0.3 || cw >= 12 && pw*3 <= cw*2) {
			return j, title
		}
		break
	}
	return title, -1
}

// titleLike reports whether u could be a headline: a short line of 3 to
// 30 words with letters, not a domain; with asked, a single question or
// exclamation also qualifies.
func titleLike(u unit, asked bool) bool {
	t := u.text
	words := len(strings.Fields(t))
	if words < 3 || words > 30 || len(t) > 300 || reDomain.MatchString(t) {
		return false
	}
	switch u.kind {
	case kindShort:
		return strings.IndexFunc(t, unicode.IsLetter) >= 0
	case kindProse:
		if !asked || words > 20 {
			return false
		}
		r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(t, `"'”’`))
		return (r == '?' || r == '!') && strings.Count(t, ". ") == 0
	}
	return false
}

// isTagline reports whether unit j is the site's tagline: it names the
// site, or it sits right under the site's name at the top of the page.
func isTagline(units []unit, j, siteIdx int, site string) bool {
	if site != "" && strings.Contains(strings.ToLower(units[j].text), strings.ToLower(site)) {
		return true
	}
	return siteIdx >= 0 && j == siteIdx+1 && j+1 < len(units) && units[j+1].kind == kindShort
}

// titleCase is the share of words of four or more letters that start
// with a capital.
func titleCase(t string) float64 {
	n, caps := 0, 0
	for _, w := range strings.Fields(t) {
		w = strings.TrimFunc(w, unicode.IsPunct)
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		n++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			caps++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(caps) / float64(n)
}

// siteName finds the site's name: a domain alone on a line near the top,
// the owner in a copyright footer, or a masthead: the first line that is
// not furniture, a few capitalised words, with a headline between it and
// the body, which starts at unit s. It returns the name and the index of
// its unit (-1 if none).
func siteName(units []unit, s int) (string, int) {
	for i, u := range units {
		if i >= 8 || u.kind == kindProse {
			break
		}
		if m := reDomain.FindStringSubmatch(u.text); m != nil {
			return strings.ToLower(m[1]), i
		}
	}
	first := -1
	for i := 0; i < s; i++ {
		if units[i].kind != kindJunk {
			first = i
			break
		}
	}
	for i := len(units) - 1; i >= 0 && i >= len(units)-20; i-- {
		if name := newstext.CopyrightName(units[i].text); name != "" {
			if first >= 0 && strings.EqualFold(units[first].text, name) {
				return name, first
			}
			return name, -1
		}
	}
	if first < 0 || units[first].kind != kindShort {
		return "", -1
	}
	t := units[first].text
	if words := len(strings.Fields(t)); words > 4 || len(t) > 40 || !isMasthead(t) {
		return "", -1
	}
	for j := first + 1; j < s; j++ {
		if titleLike(units[j], true) {
			return t, first
		}
	}
	return "", -1
}

// isMasthead reports whether every word of t starts with a capital or a
// digit, as a publication's name does ("The Daily Planet", "Al Jazeera").
func isMasthead(t string) bool {
	for _, w := range strings.Fields(t) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// cleanTitle drops the site's name from the end of a headline
// ("Headline | Site").
func cleanTitle(t, site string) string {
	if site == "" {
		return t
	}
	if m := reSiteTitle.FindStringSubmatchIndex(t); m != nil {
		if tail := strings.TrimSpace(t[m[2]:m[3]]); strings.EqualFold(tail, site) || strings.EqualFold(strings.TrimPrefix(strings.ToLower(tail), "www."), site) {
			return strings.TrimSpace(t[:m[0]])
		}
	}
	return t
}

func dedupe(tags []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tags {
		k := strings.ToLower(t)
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

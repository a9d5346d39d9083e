package rawpage

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pulsesearch/pulse/indexer/format/newstext"
)

// lineMeta is what a metadata line says about the article.
type lineMeta struct {
	author         string
	published      time.Time
	updated        time.Time
	section        string
	tags           []string
	originalSource string
}

func (m *lineMeta) merge(o lineMeta) {
	if m.author == "" {
		m.author = o.author
	}
	if m.published.IsZero() {
		m.published = o.published
	}
	if m.updated.IsZero() {
		m.updated = o.updated
	}
	if m.section == "" {
		m.section = o.section
	}
	if m.originalSource == "" {
		m.originalSource = o.originalSource
	}
	m.tags = append(m.tags, o.tags...)
}

var (
	reByline     = regexp.MustCompile(`(?i)^(?:by|written by|words by|story by|posted by|text by|authors?|reporter|reporters|reporting by)\s*:?\s+(.+)$`)
	reDateBy     = regexp.MustCompile(`(?i)^((?:posted|published|updated|last updated)?\s*(?:on\s+)?.+?)\s+by\s+(.+)$`)
	reBylineCut  = regexp.MustCompile(`\s+(?:on|at)\s+|,\s+|\s+[-–—|•·]\s+|;\s*`)
	reBylineHint = regexp.MustCompile(`(?i)\b(by|authors?|reporters?|reporting)\b`)
	reUpdated    = regexp.MustCompile(`(?i)^(updated|last updated|modified|last modified)\b`)
	reMetaSep    = regexp.MustCompile(`\s+[|•·]\s+|\s+[-–—]\s+|\s{2,}|\s*\|\s*`)
	reTags       = regexp.MustCompile(`(?i)^(?:tags|tagged|tagged with|tagged as|topics|keywords|related topics)\s*:\s*(.+)$`)
	reTagSep     = regexp.MustCompile(`\s*[,;|·•]\s*|\s{2,}`)
	reSection    = regexp.MustCompile(`(?i)^(?:posted in|filed under|published in|categories|category|section|in category)\s*:?\s+(.+)$`)
	reSource     = regexp.MustCompile(`(?i)^(?:original source|original article|source|sources|via|originally published (?:at|on|by|in)|this (?:article|story|post) (?:was )?(?:originally |first )?(?:appeared|published|posted) (?:on|in|at|by)|(?:first|originally) (?:appeared|published) (?:on|in|at|by)|republished from|courtesy of|content courtesy of)\s*:?\s+(.+?)\.?$`)
	reCrumbSep   = regexp.MustCompile(`\s+[>»›]\s+`)
	reLabelSep   = regexp.MustCompile(`\s+[|•·]\s+`)
	reDomain     = regexp.MustCompile(`(?i)^(?:https?://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})/?$`)
	reReporting  = regexp.MustCompile(`(?i)^\(?(?:reporting|writing|additional reporting) by ([^;)]+)`)
)

// nameConnectors may appear in lower case inside a personal name.
var nameConnectors = map[string]bool{
	"and": true, "&": true, "de": true, "da": true, "del": true, "della": true, "di": true,
	"du": true, "van": true, "von": true, "der": true, "den": true, "la": true, "le": true,
	"al": true, "el": true, "bin": true, "ibn": true, "y": true, "dos": true, "das": true,
	"ter": true, "zu": true,
}

// isName reports whether s reads as one or a few personal names ("Jane
// Doe", "Asaad al-Shaibani", "Jane Doe and John Roe").
func isName(s string) bool {
	if s == "" || len(s) > 80 {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 8 {
		return false
	}
	long := false
	for _, w := range words {
		if nameConnectors[strings.ToLower(w)] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		letters := 0
		for _, c := range w {
			switch {
			case unicode.IsLetter(c):
				letters++
			case c == '.' || c == '\'' || c == '’' || c == '-':
			default:
				return false
			}
		}
		if letters >= 2 {
			long = true
		}
		if newstext.IsNavWord(w) || monthNames[strings.ToLower(strings.TrimSuffix(w, "."))] {
			return false
		}
	}
	return long
}

var monthNames = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// cleanName tidies a byline name: drops an agency in brackets, a role
// after a comma, and turns an all-capitals name into title case.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) && r != '.' || unicode.IsSpace(r) })
	s = strings.TrimSuffix(strings.TrimSpace(s), " and")
	if strings.ToUpper(s) == s && strings.ToLower(s) != s {
		words := strings.Fields(strings.ToLower(s))
		for i, w := range words {
			if nameConnectors[w] && i > 0 {
				continue
			}
			words[i] = titleWord(w)
		}
		s = strings.Join(words, " ")
	}
	return strings.Join(strings.Fields(s), " ")
}

// titleWord capitalises a word and each part after a hyphen or
// apostrophe ("o'neil" → "O'Neil").
func titleWord(w string) string {
	rs := []rune(w)
	up := true
	for i, r := range rs {
		if up {
			rs[i] = unicode.ToUpper(r)
		}
		up = r == '-' || r == '\'' || r == '’'
	}
	return string(rs)
}

// parseByline reads "By Jane Doe", "By JANE DOE, Staff Writer" or "By Jane
// Doe on March 3, 2025" and returns the name and any date.
func parseByline(seg string, loc *time.Location) (name string, date time.Time, ok bool) {
	m := reByline.FindStringSubmatch(seg)
	if m == nil {
		if r := reReporting.FindStringSubmatch(seg); r != nil {
			n := cleanName(r[1])
			return n, time.Time{}, isName(n)
		}
		return "", time.Time{}, false
	}
	rest := m[1]
	if cut := reBylineCut.FindStringIndex(rest); cut != nil {
		if t, ok := newstext.ParseDateIn(rest[cut[1]:], loc); ok {
			date = t
		}
		rest = rest[:cut[0]]
	}
	name = cleanName(rest)
	return name, date, isName(name)
}

// parseDateBy reads "Posted on March 3, 2025 by Jane Doe".
func parseDateBy(seg string, loc *time.Location) (name string, date time.Time, ok bool) {
	m := reDateBy.FindStringSubmatch(seg)
	if m == nil {
		return "", time.Time{}, false
	}
	t, ok := newstext.ParseDateIn(m[1], loc)
	if !ok {
		return "", time.Time{}, false
	}
	name = cleanName(m[2])
	if !isName(name) {
		return "", time.Time{}, false
	}
	return name, t, true
}

// parseMetaLine reads a line of bylines and dates, alone or in a row:
// "By Jane Doe | March 3, 2025 | 4 min read". It reports false unless the
// line names an author or a date and has at most one short part it does
// not know.
func parseMetaLine(p string, loc *time.Location) (lineMeta, bool) {
	var lm lineMeta
	if len(p) > 200 || strings.IndexAny(p, "0123456789") < 0 && !reBylineHint.MatchString(p) {
		// Neither a date nor a byline.
		return lm, false
	}
	if t, ok := newstext.ParseDateIn(p, loc); ok {
		setDate(&lm, p, t)
		return lm, true
	}
	if name, t, ok := parseDateBy(p, loc); ok {
		lm.author = name
		setDate(&lm, p, t)
		return lm, true
	}
	// A line of several parts ("By Hana Girma | 2 June 2024 | 4 min
	// read") is read part by part, so each date finds its label.
	if name, t, ok := parseByline(p, loc); ok && !reMetaSep.MatchString(p) {
		lm.author = name
		if !t.IsZero() {
			lm.published = t
		}
		return lm, true
	}
	unknown := 0
	for _, seg := range reMetaSep.Split(p, -1) {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		if t, ok := newstext.ParseDateIn(seg, loc); ok {
			setDate(&lm, seg, t)
			continue
		}
		if name, t, ok := parseDateBy(seg, loc); ok {
			lm.merge(lineMeta{author: name})
			setDate(&lm, seg, t)
			continue
		}
		if name, t, ok := parseByline(seg, loc); ok {
			lm.merge(lineMeta{author: name, published: t})
			continue
		}
		if l, ok := parseLabel(seg); ok {
			lm.merge(l)
			continue
		}
		if newstext.IsBoilerplate(seg) {
			continue
		}
		unknown++
		if unknown > 1 || len(strings.Fields(seg)) > 3 {
			return lineMeta{}, false
		}
	}
	if lm.author == "" && lm.published.IsZero() && lm.updated.IsZero() {
		return lineMeta{}, false
	}
	return lm, true
}

func setDate(lm *lineMeta, label string, t time.Time) {
	if reUpdated.MatchString(strings.TrimSpace(label)) {
		if lm.updated.IsZero() {
			lm.updated = t
		}
		return
	}
	if lm.published.IsZero() {
		lm.published = t
	}
}

// parseLabel reads a labelled line: "Tags: a, b", "Posted in World",
// "Original Source: www.example.com", "Via Reuters", or breadcrumbs
// ("Home > World > Middle East").
func parseLabel(p string) (lineMeta, bool) {
	if len(p) > 300 {
		return lineMeta{}, false
	}
	if lm, ok := parseOneLabel(p); ok {
		return lm, true
	}
	// Several labels in a row: "Posted in News | Tagged: a, b".
	segs := reLabelSep.Split(p, -1)
	if len(segs) < 2 {
		return lineMeta{}, false
	}
	var lm lineMeta
	for _, seg := range segs {
		l, ok := parseOneLabel(strings.TrimSpace(seg))
		if !ok {
			return lineMeta{}, false
		}
		lm.merge(l)
	}
	return lm, true
}

func parseOneLabel(p string) (lineMeta, bool) {
	var lm lineMeta
	if len(reLabelSep.FindAllStringIndex(p, -1)) > 0 && !reTags.MatchString(p) {
		// A section or source value never holds a separator; leave the
		// line to be read part by part.
		if reSection.MatchString(p) || reSource.MatchString(p) {
			return lm, false
		}
	}
	if m := reTags.FindStringSubmatch(p); m != nil {
		lm.tags = splitList(m[1])
		return lm, len(lm.tags) > 0
	}
	if m := reSection.FindStringSubmatch(p); m != nil {
		if l := splitList(m[1]); len(l) > 0 && len(strings.Fields(l[0])) <= 5 {
			lm.section = l[0]
			return lm, true
		}
		return lm, false
	}
	if m := reSource.FindStringSubmatch(p); m != nil {
		if v := sourceValue(m[1]); v != "" {
			lm.originalSource = v
			return lm, true
		}
		return lm, false
	}
	if crumbs := reCrumbSep.Split(p, -1); len(crumbs) >= 2 {
		for _, c := range crumbs {
			if c == "" || len(strings.Fields(c)) > 5 || endsSentence(c) {
				return lm, false
			}
		}
		// The section is the top level below "Home".
		if strings.EqualFold(strings.TrimSpace(crumbs[0]), "home") {
			crumbs = crumbs[1:]
		}
		lm.section = strings.TrimSpace(crumbs[0])
		return lm, lm.section != ""
	}
	return lm, false
}

// splitList splits a list of tags or categories.
func splitList(s string) []string {
	var out []string
	for _, t := range reTagSep.Split(s, -1) {
		t = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t), "#"))
		t = strings.TrimRight(t, ".")
		if t != "" && utf8.RuneCountInString(t) <= 60 {
			out = append(out, t)
		}
	}
	return out
}

// sourceValue tidies the value of a source line: a domain or URL becomes
// its host without "www."; a name is cut at the first comma.
func sourceValue(v string) string {
	v = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(v), ".;:,"))
	if m := reDomain.FindStringSubmatch(v); m != nil {
		return strings.ToLower(m[1])
	}
	if u, err := url.Parse(v); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	if i := strings.IndexAny(v, ",;(|"); i > 0 {
		v = strings.TrimSpace(v[:i])
	}
	r, _ := utf8.DecodeRuneInString(v)
	if v == "" || !(unicode.IsUpper(r) || unicode.IsDigit(r)) || len(strings.Fields(v)) > 8 {
		return ""
	}
	return v
}

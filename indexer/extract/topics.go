package extract

import (
	"math"
	"sort"
	"strings"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer/kb"
)

// businessTopic is the IPTC Media Topic of economy, business and
// finance: the topic of a company wire.
const businessTopic = "medtop:04000000"

// topicHit is a lexicon entry's topic and weight.
type topicHit struct {
	topic  int32
	weight float32
	// proper marks an entry written with a capital ("Labour"): it names
	// a party or the like only where the text capitalises it, and the
	// lower-case word ("the labour federation") is another's.
	proper bool
}

// topicModel assigns IPTC Media Topics from the lexicon of topics.yaml.
type topicModel struct {
	topics    []kb.Topic
	parent    []int32 // index of the parent topic, -1 for a top-level one
	words     map[string][]topicHit
	prefixes  map[string][]topicHit
	phrases   map[string][]topicHit // two or three words joined by spaces
	starts    map[string]bool       // first words of phrases
	maxPrefix int
	// required maps a topic to the score slot (past the topics) that
	// counts the words it requires; -1 when it requires none.
	required []int32
	slots    int // topics plus required-word slots
	business int // index of the business topic, -1 without one
	health   int // index of the health topic, -1 without one
	animal   int // index of the animal topic, -1 without one
}

// Weights of the lexicon and of where a word stands.
const (
	weakWeight   = 1
	strongWeight = 3
	titleFactor  = 2
	// minTopicScore is the evidence below which an article gets no topic.
	minTopicScore = 3
	// minTopicShare is the share of the evidence a top-level topic needs,
	// besides the first, to be listed: nearly a third, so a business
	// wire that quotes a minister or a court in passing is not politics
	// or justice too.
	minTopicShare = 0.3
	// soleShare is the share a second top-level topic needs when the
	// headline does not name it: a story's headline says what it is
	// about, so a subject only the body names must weigh nearly as much
	// as the first.
	soleShare = 0.5
	// dealFactor is how much more evidence than business a topic needs to
	// be given on a story whose headline names a company's transaction:
	// the computers or the hospital a firm buys, sells or leases are what
	// the deal is about, not the story's subject.
	dealFactor = 2
	// longEvidence is the evidence of a topic that a whole long story
	// is about.
	longEvidence = 20
	// tableDigits is the share of numbers among a body's words that
	// makes it a table.
	tableDigits = 0.3
	// firmLeadWords is how near the start of the body a firm must be
	// named for the story to be the firm's.
	firmLeadWords = 12
)

// scienceTopic is the IPTC Media Topic of science and technology.
const scienceTopic = "medtop:13000000"

// healthTopic is health's, and animalTopic that of animals (a child of
// human interest).
const (
	healthTopic = "medtop:07000000"
	animalTopic = "medtop:20000500"
)

// makingPrefixes begin the words with which a story reports what a
// science or a technology does, finds or makes: a new machine introduced,
// a chip developed, a rocket launched, research, a test. A computer sold,
// installed, licensed or housed in a data centre is a firm's business.
var makingPrefixes = []string{"develop", "introduc", "unveil", "launch", "demonstrat", "research",
	"scien", "experiment", "invent", "innovat", "design", "prototype", "discover", "breakthrough",
	"version", "upgrade", "study", "studies", "studied", "test", "laborator", "orbit", "satellite",
	"rocket", "space", "nasa", "technical", "engineer", "feature"}

// makingWord reports whether w begins with a making prefix.
func makingWord(w string) bool {
	for _, p := range makingPrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// incorporated are the suffixes that make the name before them a
// company's ("Intel Corp", "Fiat SpA").
var incorporated = set("inc", "corp", "co", "ltd", "plc", "llc", "ag", "gmbh", "nv", "spa", "sa", "ab", "bv")

// numberWords are the numbers wires spell out.
var numberWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "fifteen", "twenty", "thirty", "fifty", "hundred")

// productTopics are the topics of things made, sold and regulated as
// goods (computers, chips, drugs, medical care): on a story that trades,
// makes, licenses, regulates or litigates over them they are what the
// story handles, not its subject.
var productTopics = set("medtop:13000000", "medtop:07000000")

// frameWords, besides dealWords, name in a headline the trade, the
// making, the licensing, the regulation or the litigation of goods: "U.S.
// AGENCIES DISAGREE OVER IRAN COMPUTER SALES", "CHIP MAKERS TO SLASH
// OUTPUT", "NEC SUES SEIKO EPSON".
var frameWords = set("export", "exports", "exporting", "exporter", "exporters", "import", "imports",
	"trade", "sanction", "sanctions", "talks", "tariff", "tariffs", "dumping", "licence", "licences",
	"license", "licenses", "licensed", "licensing", "suit", "suits", "sue", "sues", "sued", "lawsuit",
	"court", "settle", "settles", "settlement", "output", "production", "plant", "plants", "factory",
	"factories", "assemble", "assembles", "build", "builds", "construction", "maker", "makers", "install", "installs", "installed",
	"market", "markets", "marketing", "distribute", "distributes", "distribution", "distributor", "rights",
	"theft", "thefts", "steal", "stolen", "fraud", "arrest", "arrested", "charged", "charges", "piracy",
	"counterfeit", "copyright", "infringement", "guidelines", "rules", "regulation", "regulations")

// dealWords name a company's transaction in a headline: buying, selling,
// a stake, a merger, a lease, a contract, a supply deal, a price, a
// dividend, an appointment.
var dealWords = set("acquire", "acquires", "acquired", "acquiring", "acquisition", "acquisitions",
	"buy", "buys", "buying", "bought", "buyout", "sell", "sells", "selling", "sold", "sale", "sales",
	"stake", "stakes", "merger", "mergers", "takeover", "takeovers", "purchase", "purchases", "purchased",
	"lease", "leases", "leasing", "contract", "contracts", "pact", "supply", "supplies", "order", "orders",
	"price", "prices", "venture", "ventures", "divest", "divests", "divestiture", "reserve", "reserves",
	"dividend", "payout", "qtr", "earnings", "deal", "deals", "agreement", "agreements", "accord",
	"names", "named", "appoints", "appointed", "elects", "elected", "resigns", "resigned", "retires", "retired",
	"talks", "partnership", "dissolve", "dissolves", "dissolved", "licence", "licences", "license", "licenses",
	"licensed", "licensing")

func newTopicModel(ts []kb.Topic) (*topicModel, error) {
	tm := &topicModel{topics: ts, parent: make([]int32, len(ts)), words: map[string][]topicHit{},
		prefixes: map[string][]topicHit{}, phrases: map[string][]topicHit{}, starts: map[string]bool{}}
	idx := map[string]int32{}
	for i, t := range ts {
		idx[t.ID] = int32(i)
	}
	tm.required = make([]int32, len(ts))
	tm.slots = len(ts)
	tm.business, tm.health, tm.animal = -1, -1, -1
	if b, ok := idx[businessTopic]; ok {
		tm.business = int(b)
	}
	if h, ok := idx[healthTopic]; ok {
		tm.health = int(h)
	}
	if a, ok := idx[animalTopic]; ok {
		tm.animal = int(a)
	}
	for i, t := range ts {
		tm.parent[i] = -1
		if p, ok := idx[t.Parent]; ok {
			tm.parent[i] = p
		}
		for _, w := range t.Words {
			tm.add(w, topicHit{topic: int32(i), weight: weakWeight})
		}
		for _, w := range t.Strong {
			tm.add(w, topicHit{topic: int32(i), weight: strongWeight})
		}
		tm.required[i] = -1
		if len(t.Requires) > 0 {
			tm.required[i] = int32(tm.slots)
			for _, w := range t.Requires {
				tm.add(w, topicHit{topic: int32(tm.slots), weight: weakWeight})
			}
			tm.slots++
		}
	}
	return tm, nil
}

// family returns the top-level topic of topic slot i, -1 for a slot of
// required words.
func (tm *topicModel) family(i int32) int32 {
	if int(i) >= len(tm.topics) {
		return -1
	}
	if p := tm.parent[i]; p >= 0 {
		return p
	}
	return i
}

func (tm *topicModel) add(entry string, h topicHit) {
	h.proper = entry != "" && entry[0] >= 'A' && entry[0] <= 'Z'
	prefix := strings.HasSuffix(entry, "*")
	entry = strings.TrimSuffix(entry, "*")
	var keys []string
	for _, t := range tokenize(entry, nil) {
		if t.is(fWord) {
			keys = append(keys, t.key)
		}
	}
	put := func(m map[string][]topicHit, k string) {
		for i, old := range m[k] {
			if old.topic == h.topic {
				m[k][i].weight = max(old.weight, h.weight)
				return
			}
		}
		m[k] = append(m[k], h)
	}
	switch {
	case len(keys) == 0 || len(keys) > 3:
		return
	case len(keys) > 1:
		k := strings.Join(keys, " ")
		put(tm.phrases, k)
		if prefix {
			put(tm.phrases, k+"s")
		}
		tm.starts[keys[0]] = true
	case prefix:
		put(tm.prefixes, keys[0])
		tm.maxPrefix = max(tm.maxPrefix, len(keys[0]))
	default:
		put(tm.words, keys[0])
	}
}

// topicFeatures adds the lexicon evidence of one field's words. The
// words of the names found in the field (its mentions from index first)
// are no evidence: "Union Carbide" is no union, "Interactive
// Technologies Inc" no technology. A headline in capitals hides its
// names, so there the words of the body's names, and a company named
// before its ticker or legal suffix ("HITACHI <HIT> UNIT", "TECHNIMED
// CORP SAID"), are skipped too.
func (s *state) topicFeatures(field uint8, toks []token, first int) {
	if field == fieldDateline {
		return
	}
	tm := s.x.topics
	factor := float32(1)
	if field == fieldTitle {
		factor = titleFactor
	}
	skip := s.nameWords(field, toks, first)
	score := s.topicScore
	var seen [16]topicHit
	words, phraseEnd := 0, 0
	if field == fieldBody {
		defer func() { s.bodyWords = words }()
	}
	for i := range toks {
		t := &toks[i]
		if t.is(fWord) {
			words++
			if field == fieldBody && t.is(fDigit) {
				s.digits++
			}
		}
		// A deal word counts where a ticker's firm seems to hide it
		// ("CPI <CPIC> TO SELL ATT <T> COMPUTERS").
		if t.is(fWord) && dealWords[t.key] {
			s.deal = s.deal || field == fieldTitle
			s.dealWords++
		}
		if field == fieldTitle && t.is(fWord) && (dealWords[t.key] || frameWords[t.key]) {
			s.framed = true
		}
		if !t.is(fWord) || t.is(fDigit) && len(t.key) > 2 || skip[i] {
			continue
		}
		// "five pc max fibre": after a number, pc is a per cent.
		if (t.key == "pc" || t.key == "pcs") && i > 0 && (toks[i-1].is(fDigit) || numberWords[toks[i-1].key]) {
			continue
		}
		lead := field == fieldTitle || words <= LeadWords
		if lead && !s.making && t.is(fWord) && makingWord(t.key) {
			s.making = true
		}
		// One word counts once per topic, at its best weight.
		hits := seen[:0]
		addHits := func(hs []topicHit) {
			for _, h := range hs {
				if h.proper && !t.is(fCap) {
					continue
				}
				found := false
				for j := range hits {
					if hits[j].topic == h.topic {
						hits[j].weight = max(hits[j].weight, h.weight)
						found = true
					}
				}
				if !found && len(hits) < cap(hits) {
					hits = append(hits, h)
				}
			}
		}
		// A phrase is one term: "government bonds" are the bond
		// market's, "finance minister" the economy's, and their words
		// are not read again on their own.
		if i < phraseEnd {
			continue
		}
		if tm.starts[t.key] && i+1 < len(toks) && toks[i+1].is(fWord) && !skip[i+1] {
			two := t.key + " " + toks[i+1].key
			if i+2 < len(toks) && toks[i+2].is(fWord) && !skip[i+2] {
				if hs := tm.phrases[two+" "+toks[i+2].key]; hs != nil {
					addHits(hs)
					phraseEnd = i + 3
				}
			}
			if hs := tm.phrases[two]; hs != nil && phraseEnd <= i {
				addHits(hs)
				phraseEnd = i + 2
			}
		}
		if phraseEnd <= i {
			addHits(tm.words[t.key])
			for l := min(len(t.key), tm.maxPrefix); l >= 3; l-- {
				addHits(tm.prefixes[t.key[:l]])
			}
		}
		// A word counts once for a top-level topic too, whether its own
		// lexicon or a child's names it.
		for k, h := range hits {
			f := tm.family(h.topic)
			if f < 0 {
				continue
			}
			w, first := h.weight, true
			for j, g := range hits {
				if j != k && tm.family(g.topic) == f && (g.weight > w || g.weight == w && j < k) {
					first = false
				}
			}
			if first {
				s.topicFamily[f] += float64(w * factor)
				s.familyHits[f]++
			}
		}
		for _, h := range hits {
			score[h.topic] += float64(h.weight * factor)
			s.topicLead[h.topic] = s.topicLead[h.topic] || lead
			s.topicTitle[h.topic] = s.topicTitle[h.topic] || field == fieldTitle
			// Two distinct words for a topic: a second word, or one
			// named in title and body, is no longer one chance word.
			switch k := s.topicWord[h.topic]; {
			case k == "":
				s.topicWord[h.topic] = t.key
			case k != t.key:
				s.topicWords[h.topic] = true
			}
		}
	}
}

// nameWords marks the tokens of field that belong to a name: those of
// the person and organisation mentions from index first on, and in a
// headline in capitals the words of the body's names and a company named
// before its ticker or legal suffix. For the body it also records its
// names' words for the headline.
func (s *state) nameWords(field uint8, toks []token, first int) []bool {
	skip := s.skip[:0]
	for range toks {
		skip = append(skip, false)
	}
	s.skip = skip
	for q := first; q < len(s.mentions); q++ {
		m := &s.mentions[q]
		if m.field != field || m.kind != kb.Org {
			continue
		}
		a := sort.Search(len(toks), func(i int) bool { return toks[i].start >= m.start })
		b := a
		firm, company := false, false
		for ; b < len(toks) && toks[b].end <= m.end; b++ {
			if toks[b].is(fWord) {
				firm = firm || orgSuffixes[toks[b].key] || companyWords[toks[b].key]
				company = company || companyWords[toks[b].key] || legalSuffixes[toks[b].key] || incorporated[toks[b].key]
			}
		}
		// "Intel Corp": the knowledge base's name, then a legal suffix.
		if b < len(toks) && toks[b].is(fWord) && incorporated[toks[b].key] {
			company = true
		}
		// "Rapidtech Systems Inc said it acquired …": a story whose
		// first words name a company is that company's news.
		if field == fieldBody && company && !s.firm && a < 3*firmLeadWords {
			words := 0
			for k := 0; k < a; k++ {
				if toks[k].is(fWord) {
					words++
				}
			}
			s.firm = words < firmLeadWords
		}
		// Only a firm's name found by the rules is skipped: the
		// knowledge base's names stay evidence (its lexicon names
		// Microsoft and Nasa for their topics), and so do institutions
		// (the Labour Party, the Football Association).
		if m.ent >= 0 || !firm {
			continue
		}
		for k := a; k < b; k++ {
			skip[k] = true
			if field == fieldBody && toks[k].is(fWord) && len(toks[k].key) > 2 && !functionWords[toks[k].key] {
				s.bodyNames[toks[k].key] = true
			}
		}
	}
	if field != fieldTitle {
		return skip
	}
	upper, words := 0, 0
	for i := range toks {
		if toks[i].is(fWord) && !toks[i].is(fDigit) {
			words++
			if toks[i].is(fUpper) {
				upper++
			}
		}
	}
	if words == 0 || upper*5 < words*4 {
		return skip
	}
	for i := range toks {
		t := &toks[i]
		if t.is(fWord) && s.bodyNames[t.key] {
			skip[i] = true
		}
		// "HITACHI <HIT> UNIT", "TECHNIMED CORP SAID": the words before
		// a ticker or a legal suffix, back to a punctuation mark or a
		// function word, name a company; so does the ticker.
		ticker := t.punct == '<'
		s.wire = s.wire || ticker
		if !ticker && !(t.is(fWord) && legalSuffixes[t.key]) {
			continue
		}
		s.firm = true
		for k := i - 1; k >= 0 && toks[k].is(fWord) && (!functionWords[toks[k].key] || toks[k].key == "and" || toks[k].key == "of"); k-- {
			skip[k] = true
		}
		skip[i] = true
		if ticker {
			for k := i + 1; k < len(toks) && toks[k].punct != '>'; k++ {
				skip[k] = true
			}
		}
	}
	return skip
}

// classify turns the evidence into the article's topics: the top-level
// topics with their share of the evidence as salience, and the
// second-level topics that carry a good part of their parent's.
func (tm *topicModel) classify(s *state) []pulse.Entity {
	n := len(tm.topics)
	// total is the evidence of each top-level topic and its children.
	total := s.topicFamily
	for i := 0; i < n; i++ {
		if tm.parent[i] >= 0 {
			continue
		}
		// A topic whose required words are missing gets no evidence.
		if r := tm.required[i]; r >= 0 && s.topicScore[r] == 0 {
			total[i] = 0
		}
		// Health names more people than animals: a drug for horses or
		// dogs is a vet's.
		if i == tm.health && tm.animal >= 0 && tm.required[i] >= 0 && s.topicScore[tm.required[i]] <= s.topicScore[tm.animal] {
			total[i] = 0
		}
		// A company wire is business news; its headline says when it is
		// about more (a drug, a chip, a strike, a court): a topic other
		// than business named only in the story below, by the firm's
		// trade (a computer maker's supply deal, a drug firm's unit
		// sale), is none.
		if s.firm && i != tm.business && !s.named(i) {
			total[i] = 0
		}
	}
	// A firm's story whose headline names a transaction is business news:
	// another topic must outweigh business by far to be its subject, and
	// the goods a firm buys, sells, licenses or supplies (computers,
	// software, drugs, hospitals) are never its subject. Its words of the
	// deal are business evidence too.
	if s.deal && s.firm && tm.business >= 0 {
		total[tm.business] += float64(s.dealWords)
		for i := 0; i < n; i++ {
			if tm.parent[i] < 0 && i != tm.business &&
				(total[i] < dealFactor*total[tm.business] || productTopics[tm.topics[i].ID]) {
				total[i] = 0
			}
		}
	}
	// all is the evidence of each family with its words counted in the
	// parent and in each child that names them: the measure of whether
	// there is enough to give a topic at all, and of a child's part.
	all := make([]float64, n)
	for i := 0; i < n; i++ {
		if f := tm.family(int32(i)); total[f] > 0 {
			all[f] += s.topicScore[i]
		}
	}

	// A product's topic on a story whose headline trades, makes, licenses,
	// regulates or litigates over it must be its clear subject: twice the
	// evidence of any other topic. A table (prices, a market's most
	// active stocks) names goods and firms, and is about none of them.
	table := float64(s.digits) >= tableDigits*float64(s.bodyWords)
	if s.framed || table {
		for i := 0; i < n; i++ {
			if tm.parent[i] >= 0 || !productTopics[tm.topics[i].ID] {
				continue
			}
			if table {
				total[i] = 0
			}
			for j := 0; j < n; j++ {
				if j != i && tm.parent[j] < 0 && total[i] < dealFactor*total[j] {
					total[i] = 0
					break
				}
			}
		}
	}
	// On a firm's story, or one whose headline trades or regulates,
	// science and technology is what the story reports of a technology
	// at work: its headline or lead says what it does, finds or makes,
	// not only what is sold, licensed or disputed. A long story that is
	// about technology throughout (the framed rule above has given it
	// twice any other topic's evidence) needs no such words.
	if (s.firm || s.framed) && !s.making {
		for i := 0; i < n; i++ {
			if tm.parent[i] < 0 && tm.topics[i].ID == scienceTopic && (s.firm || total[i] < longEvidence) {
				total[i] = 0
			}
		}
	}
	sum, best := 0.0, -1
	for i := 0; i < n; i++ {
		if tm.parent[i] < 0 {
			sum += total[i]
			// The first topic is named in the headline, by two distinct
			// words or by one word again: one word once ("a U.S.
			// government agency") is no subject, save business in a
			// firm's story.
			if total[i] > 0 && (s.named(i) || s.distinct(i) || s.familyHits[i] > 1 || s.firm && i == tm.business) &&
				(best < 0 || total[i] > total[best] || total[i] == total[best] && all[i] > all[best]) {
				best = i
			}
		}
	}
	if best < 0 {
		return nil
	}
	// Enough evidence for a topic at all; a firm's words of its deal
	// are business evidence.
	enough := all[best]
	if best == tm.business && s.deal && s.firm {
		enough += float64(s.dealWords)
	}
	if enough < minTopicScore {
		return nil
	}
	var out []pulse.Entity
	listed := map[int32]float64{}
	for i := 0; i < n; i++ {
		if tm.parent[i] >= 0 {
			continue
		}
		share := total[i] / sum
		second := share >= minTopicShare && all[i] >= minTopicScore && s.distinct(i) && s.inLead(i) &&
			(s.named(i) || share >= soleShare)
		if i == best || second {
			sal := math.Round(share*1000) / 1000
			listed[int32(i)] = sal
			out = append(out, pulse.Entity{ID: tm.topics[i].ID, Name: tm.topics[i].Name, Salience: sal})
		}
	}
	for i := 0; i < n; i++ {
		p := tm.parent[i]
		if p < 0 {
			continue
		}
		ps, ok := listed[p]
		if !ok || s.topicScore[i] < minTopicScore || s.topicScore[i] < 0.25*all[p] {
			continue
		}
		sal := math.Round(ps*s.topicScore[i]/all[p]*1000) / 1000
		out = append(out, pulse.Entity{ID: tm.topics[i].ID, Name: tm.topics[i].Name, Salience: sal})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Salience > out[j].Salience })
	return out
}

// distinct reports whether topic i, or one of its children, was named
// by two distinct words.
func (s *state) distinct(i int) bool {
	if s.topicWords[i] {
		return true
	}
	tm := s.x.topics
	first := s.topicWord[i]
	for c := range tm.topics {
		if tm.parent[c] != int32(i) || s.topicWord[c] == "" {
			continue
		}
		if s.topicWords[c] || first != "" && s.topicWord[c] != first {
			return true
		}
		first = s.topicWord[c]
	}
	return false
}

// named reports whether topic i or one of its children was named in the
// headline.
func (s *state) named(i int) bool {
	return s.topicTitle[i] || s.titleChild(i)
}

// titleChild reports whether a child of topic i was named in the
// headline.
func (s *state) titleChild(i int) bool {
	tm := s.x.topics
	for c := range tm.topics {
		if tm.parent[c] == int32(i) && s.topicTitle[c] {
			return true
		}
	}
	return false
}

// inLead reports whether topic i, or one of its children, was named in
// the headline or the lead: a story says in its first lines what it is
// about, so a second subject met only further down (a minister quoted
// in a company's results, a court in a bank's tender offer) is no topic
// of the story.
func (s *state) inLead(i int) bool {
	if s.topicLead[i] {
		return true
	}
	tm := s.x.topics
	for c := range tm.topics {
		if tm.parent[c] == int32(i) && s.topicLead[c] {
			return true
		}
	}
	return false
}

package extract

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pulsesearch/pulse"
	ix "github.com/pulsesearch/pulse/indexer/extract"
	"github.com/pulsesearch/pulse/indexer/kb"
)

// ECBResult holds the ECB+ mention figures. A predicted mention and a
// gold one of the same sentence match when their text overlaps (each
// used once); "exact" asks for the same words, ignoring a leading
// preposition or article and a possessive.
type ECBResult struct {
	Articles     int `json:"articles"`
	Sentences    int `json:"annotated_sentences"`
	Persons      PRF `json:"persons"`
	PersonsExact PRF `json:"persons_exact"`
	Places       PRF `json:"places"`
	Orgs         PRF `json:"orgs"`
	// Original holds the same figures under issue 17's original scorer:
	// every named person mention is gold, whatever its head, and every
	// predicted span counts, nested in a longer gold mention or not.
	// Both are kept so a change to extraction can be judged under the
	// scorer the targets were set with.
	Original ECBScores `json:"original"`
	// TwoKinds lists the spans of two kinds (see TwoKinds), each prefixed
	// by the document's line in the file.
	TwoKinds []string `json:"two_kinds,omitempty"`
	// Errors lists, under the original scorer, each false ("+") and
	// missed ("-") mention: class, document, sentence text. Filled only
	// when asked (Options.ECBErrors).
	Errors []string `json:"-"`
}

// ECBScores is one scorer's person, place and organisation figures.
type ECBScores struct {
	Persons      PRF `json:"persons"`
	PersonsExact PRF `json:"persons_exact"`
	Places       PRF `json:"places"`
	Orgs         PRF `json:"orgs"`
}

type ecbDoc struct {
	ID       string `json:"id"`
	Part     string `json:"part"`
	Title    string `json:"title"`
	Text     string `json:"text"`
	Mentions []struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		Sentence int    `json:"sentence"`
	} `json:"mentions"`
}

// ecbClass maps the ECB+ mention types scored to the entity lists.
var ecbClass = map[string]string{
	"HUMAN_PART_PER": "person",
	"HUMAN_PART_ORG": "org",
	"LOC_GEO":        "place",
	"HUMAN_PART_GPE": "place",
}

type span struct {
	start, end int
	text       string
}

// ECB scores persons, places and organisations on ecbplus-dev.jsonl.gz,
// under both scorers; with errors it lists the original scorer's false
// and missed mentions in Errors.
func ECB(x *ix.Extractor, path string, limit int, errors bool) (*ECBResult, error) {
	demonyms, err := demonymSet()
	if err != nil {
		return nil, err
	}
	res := &ECBResult{}
	lower, err := lowerWords(path, limit)
	if err != nil {
		return nil, err
	}
	err = readJSONL(path, limit, func(line int, data []byte) error {
		var d ecbDoc
		if err := decode(data, &d); err != nil {
			return err
		}
		res.Articles++
		lines := strings.Split(d.Text, "\n")
		// The sentence numbers count from the document's first sentence,
		// which for ecbplus documents is their URL, left out of the text:
		// pick the offset under which the mentions are found in their lines.
		offset := sentenceOffset(lines, d)
		gold := map[int]map[string][]span{}
		orig := map[int]map[string][]span{}
		annotated := map[int]bool{}
		// An ecbplus document opens with its headline, in Title Case; an
		// ecb document with its first sentence.
		sentences := lines
		if d.Part == "ecbplus" {
			sentences = lines[1:]
		}
		// Every entity mention, named or not, of any type: the extent
		// a name found inside it belongs to.
		extents := map[int][]span{}
		for _, m := range d.Mentions {
			li := m.Sentence - offset
			if li < 0 || li >= len(lines) || strings.HasPrefix(m.Type, "ACTION") || strings.HasPrefix(m.Type, "NEG") {
				continue
			}
			if sp, ok := locate(lines[li], m.Text, extents[li]); ok {
				extents[li] = append(extents[li], sp)
			}
		}
		for _, m := range d.Mentions {
			li := m.Sentence - offset
			if li < 0 || li >= len(lines) {
				continue
			}
			annotated[li] = true
			class, ok := ecbClass[m.Type]
			if !ok || !named(m.Text, d.Text, demonyms) {
				continue
			}
			if orig[li] == nil {
				orig[li] = map[string][]span{}
			}
			if sp, ok := locate(lines[li], m.Text, orig[li][class]); ok {
				orig[li][class] = append(orig[li][class], sp)
			}
			if class == "person" && !namedHead(m.Text, sentences, lower) {
				continue
			}
			if gold[li] == nil {
				gold[li] = map[string][]span{}
			}
			sp, ok := locate(lines[li], m.Text, gold[li][class])
			if ok {
				gold[li][class] = append(gold[li][class], sp)
			}
		}
		res.Sentences += len(annotated)
		// The first line is the title; the rest is the body.
		body := strings.Join(lines[1:], "\n")
		a := pulse.Article{Title: lines[0], Body: body}
		x.Extract(&a, ix.Options{Spans: true})
		res.TwoKinds = append(res.TwoKinds, lineTagged(line, ix.TwoKinds(&a))...)
		pred := map[int]map[string][]span{}
		addPred := func(class string, es []pulse.Entity) {
			for _, e := range es {
				for _, s := range e.Spans {
					li, start := lineOf(lines, s)
					if !annotated[li] {
						continue
					}
					if pred[li] == nil {
						pred[li] = map[string][]span{}
					}
					pred[li][class] = append(pred[li][class], span{start, start + s.End - s.Start, s.Text})
				}
			}
		}
		addPred("person", a.Persons)
		addPred("place", a.Places)
		addPred("org", a.Orgs)
		for li := range annotated {
			persons := unnested(pred[li]["person"], gold[li]["person"], extents[li])
			res.Persons.add(match(persons, gold[li]["person"], false))
			res.PersonsExact.add(match(persons, gold[li]["person"], true))
			res.Places.add(match(unnested(pred[li]["place"], gold[li]["place"], extents[li]), gold[li]["place"], false))
			res.Orgs.add(match(unnested(pred[li]["org"], gold[li]["org"], extents[li]), gold[li]["org"], false))
			o := &res.Original
			o.Persons.add(match(pred[li]["person"], orig[li]["person"], false))
			o.PersonsExact.add(match(pred[li]["person"], orig[li]["person"], true))
			o.Places.add(match(pred[li]["place"], orig[li]["place"], false))
			o.Orgs.add(match(pred[li]["org"], orig[li]["org"], false))
			if errors {
				for _, class := range []string{"person", "place", "org"} {
					fp, fn := unmatched(pred[li][class], orig[li][class])
					for _, p := range fp {
						res.Errors = append(res.Errors, fmt.Sprintf("+%s\t%q\t%s\t%s", class, p.text, d.ID, lines[li]))
					}
					for _, g := range fn {
						res.Errors = append(res.Errors, fmt.Sprintf("-%s\t%q\t%s\t%s", class, g.text, d.ID, lines[li]))
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func sentenceOffset(lines []string, d ecbDoc) int {
	best, bestHits := 0, -1
	for _, off := range []int{0, 1} {
		hits := 0
		for _, m := range d.Mentions {
			li := m.Sentence - off
			if li >= 0 && li < len(lines) && strings.Contains(lines[li], m.Text) {
				hits++
			}
		}
		if hits > bestHits {
			best, bestHits = off, hits
		}
	}
	return best
}

// lineOf maps a span of the article (title = line 0, body = lines 1…) to
// its line and its start within the line.
func lineOf(lines []string, s pulse.Span) (int, int) {
	if s.Field == pulse.FieldTitle {
		return 0, s.Start
	}
	off := 0
	for li := 1; li < len(lines); li++ {
		if s.Start < off+len(lines[li])+1 {
			return li, s.Start - off
		}
		off += len(lines[li]) + 1
	}
	return -1, 0
}

// locate finds text in line, after the spans already taken.
func locate(line, text string, taken []span) (span, bool) {
	from := 0
	for {
		i := strings.Index(line[from:], text)
		if i < 0 {
			return span{}, false
		}
		sp := span{from + i, from + i + len(text), text}
		free := true
		for _, t := range taken {
			if sp.start < t.end && t.start < sp.end {
				free = false
			}
		}
		if free {
			return sp, true
		}
		from += i + 1
	}
}

var unnamedWords = map[string]bool{
	"he": true, "she": true, "they": true, "we": true, "i": true, "it": true, "you": true, "his": true,
	"her": true, "its": true, "their": true, "our": true, "my": true, "your": true, "him": true,
	"them": true, "us": true, "me": true, "who": true, "whom": true, "which": true, "that": true,
	"this": true, "these": true, "those": true, "the": true, "a": true, "an": true, "in": true, "at": true,
	"on": true, "of": true, "to": true, "from": true, "near": true, "off": true, "into": true, "by": true,
	"for": true, "with": true, "there": true, "here": true, "where": true, "himself": true,
	"herself": true, "themselves": true, "itself": true, "everyone": true, "someone": true,
	"somebody": true, "anyone": true, "nobody": true, "one": true, "both": true, "all": true,
}

// named reports whether a gold mention is a name, not a pronoun or a
// common noun ("police", "the actress", "Lawyer" in a Title Case
// headline): it has a capitalised word that is no pronoun or article, no
// nationality ("American") and not found in lower case elsewhere in the
// document.
func named(text, doc string, demonyms map[string]bool) bool {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '\'' }) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			continue
		}
		lw := strings.ToLower(strings.Trim(w, ".,;:!?()'’\""))
		if unnamedWords[lw] || demonyms[lw] {
			continue
		}
		if strings.Contains(doc, " "+lw+" ") || strings.Contains(doc, " "+lw+",") || strings.Contains(doc, " "+lw+".") {
			continue
		}
		return true
	}
	return false
}

// namedHead reports whether a person mention is headed by a name, not a
// description: its head, the last word before a post-modifier ("of",
// "in", a comma …), is capitalised ("Oklahoma man", "AMD officials" and
// "Brooklyn mother of 12" are descriptions that a name modifies), and a
// capitalised head is no common noun capitalised only where it stands:
// "Prosecutors" opening a sentence is a description when the collection
// writes the word in lower case and the document never capitalises it
// inside a sentence. body holds the document's lines after the
// headline, whose Title Case says nothing.
func namedHead(text string, body []string, lower map[string]bool) bool {
	// "attorney, Shawn Holley": an appositive name is the head.
	if i := strings.LastIndex(text, ", "); i > 0 {
		if r, _ := utf8.DecodeRuneInString(text[i+2:]); unicode.IsUpper(r) {
			text = text[i+2:]
		}
	}
	cut := len(text)
	for _, sep := range []string{",", " (", " - ", " of ", " in ", " from ", " at ", " on ", " with ", " who ", " for "} {
		if i := strings.Index(text, sep); i > 0 && i < cut {
			cut = i
		}
	}
	words := strings.Fields(text[:cut])
	if len(words) == 0 {
		return false
	}
	head := strings.Trim(words[len(words)-1], ".,;:!?()'’\"")
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		head = strings.TrimSuffix(head, suf)
	}
	r, _ := utf8.DecodeRuneInString(head)
	if !unicode.IsUpper(r) {
		return false
	}
	common := func(w string) bool {
		lw := strings.ToLower(strings.Trim(w, ".,;:!?()'’\""))
		return lower[lw] || lower[strings.TrimSuffix(lw, "s")] || lower[lw+"s"]
	}
	if !common(head) {
		return true
	}
	// "Maurice Cheeks": a common head after a capitalised word that is
	// no common word is a name.
	for _, w := range words[:len(words)-1] {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && !common(w) {
			return true
		}
	}
	// A common word: a name only if the document capitalises it inside
	// a sentence ("said King", "the Twelfth Doctor").
	for _, line := range body {
		for from := 0; ; {
			i := strings.Index(line[from:], head)
			if i < 0 {
				break
			}
			i += from
			from = i + len(head)
			if i == 0 {
				continue
			}
			prev := strings.TrimRight(line[:i], " \"'‘“")
			if prev == "" {
				continue
			}
			if c := prev[len(prev)-1]; c != '.' && c != '!' && c != '?' && c != ':' {
				return true
			}
		}
	}
	return false
}

// lowerWords lists the words the collection writes in lower case, to tell
// a common noun capitalised at the start of a sentence from a name.
func lowerWords(path string, limit int) (map[string]bool, error) {
	m := map[string]bool{}
	err := readJSONL(path, limit, func(_ int, data []byte) error {
		var d ecbDoc
		if err := decode(data, &d); err != nil {
			return err
		}
		for _, w := range strings.FieldsFunc(d.Text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
				m[w] = true
			}
		}
		return nil
	})
	return m, err
}

// demonymSet lists the knowledge base's demonyms in lower case.
func demonymSet() (map[string]bool, error) {
	k, err := kb.Load()
	if err != nil {
		return nil, err
	}
	m := map[string]bool{}
	for _, e := range k.Entities {
		for _, d := range e.Demonyms {
			m[strings.ToLower(d)] = true
		}
	}
	return m, nil
}

// unnested drops the predicted spans that lie inside a longer annotated
// mention and match no gold span of their class on their own. ECB+ marks
// each mention at its full extent and never the names nested in it: "in
// Mannheim, Germany" is one location, "an Arkansas woman" one person,
// "the SAP Arena in Mannheim" one facility, so Germany, Arkansas and
// Mannheim there are neither right nor wrong by the annotation, as
// sentences left unannotated are not. A span that covers a mention of
// another class whole ("Evansville" annotated as the team) still counts
// as false. Several spans inside one gold mention of their class count
// once: the first is matched, the others dropped.
func unnested(pred, gold, extents []span) []span {
	var out []span
	usedGold := make([]bool, len(gold))
	for _, p := range pred {
		hit := -1
		for gi, g := range gold {
			if p.start < g.end && g.start < p.end {
				hit = gi
				break
			}
		}
		if hit >= 0 {
			if !usedGold[hit] {
				usedGold[hit] = true
				out = append(out, p)
			} else if !(gold[hit].start <= p.start && p.end <= gold[hit].end) {
				out = append(out, p)
			}
			continue
		}
		inside := false
		for _, e := range extents {
			if e.start <= p.start && p.end <= e.end && e.end-e.start > p.end-p.start {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

// unmatched returns the predicted spans match leaves without a gold span
// (false) and the gold spans left without a predicted one (missed), by
// overlap.
func unmatched(pred, gold []span) (falses, missed []span) {
	used := make([]bool, len(gold))
	for _, ps := range pred {
		hit := false
		for gi, gs := range gold {
			if !used[gi] && ps.start < gs.end && gs.start < ps.end {
				used[gi], hit = true, true
				break
			}
		}
		if !hit {
			falses = append(falses, ps)
		}
	}
	for gi, gs := range gold {
		if !used[gi] {
			missed = append(missed, gs)
		}
	}
	return falses, missed
}

// match pairs predicted and gold spans of one sentence, each used once.
func match(pred, gold []span, exact bool) PRF {
	p := PRF{Predicted: len(pred), Gold: len(gold)}
	used := make([]bool, len(gold))
	for _, ps := range pred {
		for gi, gs := range gold {
			if used[gi] {
				continue
			}
			ok := ps.start < gs.end && gs.start < ps.end
			if exact {
				ok = trimMention(ps.text) == trimMention(gs.text)
			}
			if ok {
				used[gi] = true
				p.TP++
				break
			}
		}
	}
	return p
}

func trimMention(s string) string {
	f := strings.Fields(s)
	for len(f) > 1 && unnamedWords[strings.ToLower(f[0])] {
		f = f[1:]
	}
	s = strings.Join(f, " ")
	for _, suf := range []string{"'s", "’s", " 's", "'", "’"} {
		s = strings.TrimSuffix(s, suf)
	}
	return strings.TrimSpace(s)
}

package corpus

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Separator classes: what follows a word in the text. They are learned per
// occurrence from the source and travel with the word when the generator
// copies it, so punctuation, sentence and paragraph lengths come out as in
// the source. Joining classes (numComma, numDot, dotJoin, apos) are
// rendered as a space when the next word does not fit them.
const (
	sepSpace    = iota // " "
	sepComma           // ", "
	sepStop            // ". " and a capital next: a sentence ends
	sepPara            // a sentence and a paragraph end
	sepNumComma        // "," inside a number: 155,221
	sepNumDot          // "." inside a number: 5.93
	sepHyphen          // "-"
	sepSlash           // "/"
	sepApos            // "'" before s, t, ll...
	sepColon           // ": "
	sepSemi            // "; "
	sepAbbr            // ". " without a sentence end: U.S. officials
	sepDotJoin         // "." between single letters: U.S
	sepPct             // "% "
	sepDash            // " - "
	sepEnd             // last word of a title or body
	numSeps
)

// Occurrence case classes stored with each source word: occDefault means
// "the type's usual form" (sentence starts and upper-case titles tell
// nothing about a word's case).
const (
	occDefault = iota
	occLower
	occTitle
	occUpper
	occMixed
)

// maxBigramSample caps the occurrences kept per type for bigram draws.
const maxBigramSample = 256

// occurrence is a word's position in the stream with the word after it
// (id -1 at the end of a span), kept together so that a bigram draw
// touches memory once.
type occurrence struct {
	pos  int32
	next tok
}

// template is one source article as the generator reuses it: the spans of
// its words in the stream, its dateline and its labels.
type template struct {
	title, body [2]int32
	city        string // dateline place, or the whole dateline when fixed
	cityJSON    string // city escaped for JSON
	cityDated   bool   // the dateline was "CITY, Mon D": regenerate the date
	labels      [numKinds][]int32
}

// labelModel is what is learned about one kind of label: the source's
// counts by rank and the Zipf line fitted to them.
type labelModel struct {
	names  []string // by rank: most frequent first
	counts []int64
	// f(r) = zipfC·r^-zipfA fits the ranks counted at least zipfMinCount
	// times (the head); beyond the head the generator follows the line.
	zipfA, zipfC float64
	head         int
	chars        *charModel
}

// Model is what the generator learns from a source corpus. It is read-only
// once learned and may back any number of Generators.
type Model struct {
	// Real are the source's measurements.
	Real Stats

	types  []string // lower-case word types by id
	index  map[string]int32
	dom    []uint8 // usual case class (caseLower...) per type
	mixed  map[int32]string
	stream []tok        // the source's words, title then body of each article; meta = separator class | occurrence case << 4
	occ    []occurrence // stream positions grouped by type
	occAt  []int32      // type t's occurrences are occ[occAt[t]:occAt[t+1]]

	articles []template

	labels [numKinds]*labelModel

	wordD      float64 // Pitman–Yor discount of word types: Heaps' β
	chars      *charModel
	newSep     []float64 // cumulative separator shares, for invented words
	newCase    []float64 // cumulative case shares of rare types
	titleUpper bool      // titles are set in capitals
	wrap       int       // body line width, 0 when not wrapped
	paraSep    string    // whitespace between paragraphs
	weekday    [7]float64
	msOfDay    []int32 // times of day of the source's articles
}

// ErrEmpty is returned by Learn for a source without words.
var ErrEmpty = errors.New("source has no words")

// LearnFile learns a Model from a JSON Lines file (optionally gzipped).
// Errors are ReadFile's or ErrEmpty.
func LearnFile(path string) (*Model, error) {
	var arts []Article
	err := ReadFile(path, func(a *Article) error {
		arts = append(arts, *a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	m, err := Learn(arts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

var datedLine = regexp.MustCompile(`^(.+), ([A-Z][a-z]{2,8}\.?) \d{1,2}$`)

// Learn builds a Model from source articles, in their order (which is also
// the order Heaps' law is measured in). It returns ErrEmpty when they have
// no words.
func Learn(arts []Article) (*Model, error) {
	m := &Model{index: make(map[string]int32), mixed: make(map[int32]string)}
	meter := NewMeter()
	for i := range arts {
		meter.Add(&arts[i])
	}
	m.Real = meter.Stats()
	if m.Real.Tokens == 0 {
		return nil, ErrEmpty
	}

	m.learnLayout(arts)
	caseCounts := m.learnWords(arts)
	m.learnCase(caseCounts)
	m.learnLabels(arts)
	m.learnDates(arts)

	m.wordD = m.Real.HeapsBeta
	if math.IsNaN(m.wordD) {
		m.wordD = 0.5
	}
	m.wordD = min(max(m.wordD, 0.05), 0.95)
	m.chars = trainChars(m.types)
	return m, nil
}

// learnLayout finds whether bodies are wrapped into lines, at what width,
// and what separates paragraphs; and whether titles are in capitals.
func (m *Model) learnLayout(arts []Article) {
	var seps, wrapNL, upperTitles, titles int
	var lines []int
	paras := make(map[string]int)
	for i := range arts {
		a := &arts[i]
		if a.Title != "" {
			titles++
			if strings.ToUpper(a.Title) == a.Title {
				upperTitles++
			}
		}
		body := a.Body
		prev := -1
		forEachWord(body, func(s, e int) {
			if prev >= 0 {
				sep := body[prev:s]
				seps++
				if strings.Contains(sep, "\n") && !strings.ContainsAny(sep, ".!?") {
					wrapNL++
				}
				if ws := strings.TrimLeft(sep, ".!?\"')]"); strings.Contains(ws, "\n") && strings.ContainsAny(sep, ".!?") {
					if strings.TrimSpace(ws) == "" {
						paras[ws]++
					}
				}
			}
			prev = e
		})
		for _, l := range strings.Split(body, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, utf8.RuneCountInString(l))
			}
		}
	}
	m.titleUpper = titles > 0 && upperTitles*2 > titles
	if seps > 0 && float64(wrapNL)/float64(seps) > 0.02 && len(lines) > 0 {
		sort.Ints(lines)
		m.wrap = lines[len(lines)*95/100]
	}
	m.paraSep = "\n\n"
	best := 0
	for ws, c := range paras {
		if m.wrap > 0 && !isParaBreak(ws, true) {
			continue
		}
		if c > best || c == best && ws < m.paraSep {
			m.paraSep, best = ws, c
		}
	}
}

// isParaBreak reports whether whitespace after a sentence ends a paragraph:
// a blank line, or an indented new line; in unwrapped text any new line.
func isParaBreak(ws string, wrapped bool) bool {
	if strings.Contains(ws, "\n\n") || strings.Contains(ws, "\n\r\n") {
		return true
	}
	i := strings.LastIndex(ws, "\n")
	if i < 0 {
		return false
	}
	if !wrapped {
		return true
	}
	indent := ws[i+1:]
	return len(indent) >= 2 || strings.Contains(indent, "\t")
}

// learnWords builds the stream, the vocabulary, the occurrence index and
// the templates; it returns per-type case counts.
func (m *Model) learnWords(arts []Article) [][5]int32 {
	var caseCounts [][5]int32
	mixedForms := make(map[int32]map[string]int)
	var buf []byte
	sepShare := make([]float64, numSeps)
	m.articles = make([]template, len(arts))
	addSpan := func(text string, isTitle bool) [2]int32 {
		start := int32(len(m.stream))
		var spans [][2]int
		forEachWord(text, func(s, e int) { spans = append(spans, [2]int{s, e}) })
		sentenceStart := true
		for j, sp := range spans {
			w := text[sp[0]:sp[1]]
			buf = lowerWord(buf, w)
			id, ok := m.index[string(buf)]
			if !ok {
				id = int32(len(m.types))
				m.types = append(m.types, string(buf))
				m.index[m.types[id]] = id
				caseCounts = append(caseCounts, [5]int32{})
			}
			var next, sep string
			if j+1 < len(spans) {
				next = text[spans[j+1][0]:spans[j+1][1]]
				sep = text[sp[1]:spans[j+1][0]]
			}
			class := classifySep(sep, w, next, m.wrap > 0)
			if !isTitle && class != sepEnd {
				sepShare[class]++
			}
			occ := uint8(occDefault)
			if !sentenceStart && !(isTitle && m.titleUpper) {
				occ = caseOf(w) + 1
				caseCounts[id][occ]++
				if occ == occMixed {
					if mixedForms[id] == nil {
						mixedForms[id] = make(map[string]int)
					}
					mixedForms[id][w]++
				}
			} else {
				caseCounts[id][occDefault]++
			}
			sentenceStart = !isTitle && (class == sepStop || class == sepPara)
			m.stream = append(m.stream, tok{id, class | occ<<4})
		}
		return [2]int32{start, int32(len(m.stream))}
	}
	for i := range arts {
		a := &arts[i]
		t := &m.articles[i]
		t.title = addSpan(a.Title, true)
		t.body = addSpan(a.Body, false)
		dl := strings.TrimSpace(a.Dateline)
		if sub := datedLine.FindStringSubmatch(dl); sub != nil {
			t.city, t.cityDated = sub[1], true
		} else {
			t.city = dl
		}
		t.cityJSON = jsonEscape(t.city)
	}
	for id, forms := range mixedForms {
		best, bc := "", 0
		for f, c := range forms {
			if c > bc || c == bc && f < best {
				best, bc = f, c
			}
		}
		m.mixed[id] = best
	}
	m.newSep = cumulative(sepShare)

	// Occurrences grouped by type (counting sort), at most maxBigramSample
	// per type, spread evenly over the source: the lists of frequent words
	// stay small enough to sit in cache, which is most of the speed of a
	// bigram draw.
	total := make([]int32, len(m.types))
	for _, t := range m.stream {
		total[t.id]++
	}
	m.occAt = make([]int32, len(m.types)+1)
	for id, c := range total {
		m.occAt[id+1] = m.occAt[id] + min(c, maxBigramSample)
	}
	m.occ = make([]occurrence, m.occAt[len(m.types)])
	seen := make([]int32, len(m.types))
	for pos, t := range m.stream {
		k := seen[t.id]
		seen[t.id]++
		c := total[t.id]
		idx := int64(k)
		if c > maxBigramSample {
			// Keep occurrence k when it is the first of its slot of
			// c/maxBigramSample occurrences.
			idx = int64(k) * maxBigramSample / int64(c)
			if int64(k) != (idx*int64(c)+maxBigramSample-1)/maxBigramSample {
				continue
			}
		}
		o := occurrence{pos: int32(pos), next: tok{id: -1}}
		if t.meta&15 != sepEnd {
			o.next = m.stream[pos+1]
		}
		m.occ[m.occAt[t.id]+int32(idx)] = o
	}
	return caseCounts
}

// learnCase sets each type's usual case and the case shares of rare types,
// which invented types copy.
func (m *Model) learnCase(counts [][5]int32) {
	m.dom = make([]uint8, len(m.types))
	rare := make([]float64, 4)
	for id, c := range counts {
		best := uint8(caseLower)
		for cl := occLower; cl <= occMixed; cl++ {
			if c[cl] > c[best+1] {
				best = uint8(cl - 1)
			}
		}
		m.dom[id] = best
		total := c[0] + c[1] + c[2] + c[3] + c[4]
		if total <= 2 && !isDigits(m.types[id]) {
			cl := best
			if cl == caseMixed {
				cl = caseTitle
			}
			rare[cl]++
		}
	}
	m.newCase = cumulative(rare)
}

// classifySep names the separator sep between words prev and next (next is
// "" at the end of a title or body).
func classifySep(sep, prev, next string, wrapped bool) uint8 {
	if next == "" {
		return sepEnd
	}
	hasWS := strings.ContainsAny(sep, " \t\r\n")
	var punct strings.Builder
	for _, r := range sep {
		if strings.ContainsRune(".,;:!?%'’-/", r) {
			punct.WriteRune(r)
		}
	}
	p := punct.String()
	if !hasWS {
		switch p {
		case ",":
			if isDigits(prev) && isDigits(next) {
				return sepNumComma
			}
		case ".":
			if isDigits(prev) && isDigits(next) {
				return sepNumDot
			}
			if utf8.RuneCountInString(prev) == 1 && utf8.RuneCountInString(next) == 1 {
				return sepDotJoin
			}
		case "-":
			return sepHyphen
		case "/":
			return sepSlash
		case "'", "’":
			return sepApos
		}
		return sepSpace
	}
	switch {
	case strings.ContainsAny(p, ".!?"):
		r, _ := utf8.DecodeRuneInString(next)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			ws := sep[strings.IndexAny(sep, " \t\r\n"):]
			if isParaBreak(ws, wrapped) {
				return sepPara
			}
			return sepStop
		}
		return sepAbbr
	case strings.Contains(p, "%"):
		return sepPct
	case strings.Contains(p, ";"):
		return sepSemi
	case strings.Contains(p, ":"):
		return sepColon
	case strings.Contains(p, ","):
		return sepComma
	case strings.Contains(p, "-"):
		return sepDash
	}
	return sepSpace
}

// learnLabels ranks each kind's labels, records every template's labels
// and fits each kind's Zipf line.
func (m *Model) learnLabels(arts []Article) {
	for k := range numKinds {
		counts := make(map[string]int64)
		for i := range arts {
			for _, l := range dedupe(arts[i].Labels[k]) {
				counts[l]++
			}
		}
		lm := &labelModel{}
		for l := range counts {
			lm.names = append(lm.names, l)
		}
		sort.Slice(lm.names, func(i, j int) bool {
			ci, cj := counts[lm.names[i]], counts[lm.names[j]]
			return ci > cj || ci == cj && lm.names[i] < lm.names[j]
		})
		rank := make(map[string]int32, len(lm.names))
		ints := make([]int, len(lm.names))
		for i, l := range lm.names {
			rank[l] = int32(i)
			lm.counts = append(lm.counts, counts[l])
			ints[i] = int(counts[l])
		}
		for i := range arts {
			for _, l := range dedupe(arts[i].Labels[k]) {
				m.articles[i].labels[k] = append(m.articles[i].labels[k], rank[l])
			}
		}
		lm.zipfA, lm.zipfC, lm.head = zipfFit(ints)
		lm.chars = trainChars(lm.names)
		m.labels[k] = lm
	}
}

// weights are the label shares by rank for a corpus scale times the
// source's size: the source's counts over the head, then the fitted Zipf
// line, continued past the source's last rank to L·scale^(1/α) ranks (the
// number of labels a power law with that slope shows in a sample that
// much larger; α is taken as at least 1, so that labels never multiply
// faster than articles). Ranks past the source's are invented labels.
func (lm *labelModel) weights(scale float64) []float64 {
	n := len(lm.names)
	if math.IsNaN(lm.zipfA) || lm.zipfA <= 0 {
		w := make([]float64, n)
		for i, c := range lm.counts {
			w[i] = float64(c)
		}
		return w
	}
	if scale > 1 {
		// A slope under 1 would add labels faster than articles; none is
		// allowed to: the label space grows at most in proportion.
		ext := float64(n) * math.Pow(scale, 1/max(lm.zipfA, 1))
		n = max(n, int(math.Round(min(ext, maxLabelRanks))))
	}
	w := make([]float64, n)
	for i := range w {
		if i < lm.head {
			w[i] = float64(lm.counts[i])
		} else {
			w[i] = lm.zipfC * math.Pow(float64(i+1), -lm.zipfA)
		}
	}
	return w
}

// labelDraw is how the generator relabels: keep[i] is the chance that
// source label i stays, excess the cumulative shares by rank of what
// replaces the others.
type labelDraw struct {
	keep   []float64
	excess []float64
}

// draw returns the relabelling for a corpus scale times the source's size.
func (lm *labelModel) draw(scale float64) labelDraw {
	q := lm.weights(scale)
	var qs, ps float64
	for _, x := range q {
		qs += x
	}
	for _, c := range lm.counts {
		ps += float64(c)
	}
	d := labelDraw{keep: make([]float64, len(lm.counts))}
	ex := make([]float64, len(q))
	for i, x := range q {
		qi := x / qs
		if i >= len(lm.counts) {
			ex[i] = qi
			continue
		}
		pi := float64(lm.counts[i]) / ps
		d.keep[i] = min(1, qi/pi)
		ex[i] = max(0, qi-pi)
	}
	d.excess = cumulative(ex)
	return d
}

// maxLabelRanks bounds a kind's label space.
const maxLabelRanks = 1 << 22

func dedupe(ls []string) []string {
	for i := 1; i < len(ls); i++ {
		for j := range i {
			if ls[i] == ls[j] {
				out := append([]string(nil), ls[:i]...)
				for _, l := range ls[i+1:] {
					dup := false
					for _, o := range out {
						dup = dup || o == l
					}
					if !dup {
						out = append(out, l)
					}
				}
				return out
			}
		}
	}
	return ls
}

// learnDates measures volume by weekday (articles per calendar day of each
// weekday in the source's span) and keeps the times of day. A source with
// under two weeks of dates gets a common newsroom pattern instead.
func (m *Model) learnDates(arts []Article) {
	m.weekday = [7]float64{1, 1, 1, 1, 1, 0.45, 0.35}
	var first, last time.Time
	var per [7]float64
	for i := range arts {
		t := arts[i].Date
		if t.IsZero() {
			continue
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
		per[(int(t.Weekday())+6)%7]++
		ms := t.Sub(t.Truncate(24 * time.Hour)).Milliseconds()
		m.msOfDay = append(m.msOfDay, int32(ms))
	}
	sort.Slice(m.msOfDay, func(i, j int) bool { return m.msOfDay[i] < m.msOfDay[j] })
	if first.IsZero() || last.Sub(first) < 14*24*time.Hour {
		return
	}
	var days [7]float64
	for d := first.Truncate(24 * time.Hour); !d.After(last); d = d.Add(24 * time.Hour) {
		days[(int(d.Weekday())+6)%7]++
	}
	var sum float64
	for i := range per {
		per[i] /= days[i]
		sum += per[i]
	}
	for i := range per {
		// A floor keeps a quiet weekday from vanishing entirely.
		m.weekday[i] = max(per[i]/sum*7, 0.02)
	}
}

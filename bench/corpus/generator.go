package corpus

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Options choose what a Generator makes.
type Options struct {
	// Size is the number of articles (at least 1).
	Size int
	// Seed selects the corpus: the same model, options and seed give the
	// same bytes.
	Seed uint64
	// Start and End bound the dates (days, UTC, both included). Zero values
	// mean 1980-01-01 and 2025-12-31.
	Start, End time.Time
	// Growth is how many times more articles the last year has than the
	// first (the archive's volume trend); 0 means 3.
	Growth float64
}

// ErrOptions is returned (wrapped) by NewGenerator for invalid options.
var ErrOptions = errors.New("invalid options")

// Token process mixture: after deciding whether the next word is a new
// type (at the rate Heaps' law gives; see appendWords), an existing type
// comes from one of these sources. Copying runs of source text and
// jumping into the template article keep phrases ("interest rates") and
// topical bursts; the bigram and unigram draws mix the whole source.
const (
	pCont   = 0.70 // continue copying the source after the last copied word
	pTmpl   = 0.23 // jump to a random word of the template article
	pBigram = 0.02 // a word that followed the previous word somewhere
	pLocal  = 0.03 // repeat a word of this article
	// the rest (0.02): a word in proportion to its count − d
)

// templateWindow is how many source articles, from the current one on, a
// template is drawn from.
const templateWindow = 500

// firstUseHorizon is the span, in words, of the moving average of first
// uses of source types.
const firstUseHorizon = 5000

// tok is one word: its type id (source types first, then invented ones)
// and its separator class | occurrence case << 4.
type tok struct {
	id   int32
	meta uint8
}

// Generator makes a corpus article by article. It is not safe for
// concurrent use; its memory grows with the vocabulary, not with Size.
type Generator struct {
	m   *Model
	opt Options
	r   *rng

	v0      int32 // source types; ids from v0 on are invented
	n       int64 // words so far, source and generated
	inv     []string
	invCase []uint8
	invIdx  map[string]int32
	words   *urn // counts of invented types

	lab       [numKinds]labelDraw
	labNames  [numKinds][]string // "" until an invented label is first drawn
	labQuoted [numKinds][]string
	labIdx    [numKinds]map[string]int32

	sched   *schedule
	i       int
	ms      int64
	tmpl    *template
	title   []tok
	body    []tok
	labels  [numKinds][]int32
	dayMS   int64
	dayText string

	// measurements of the output
	seen     []uint64
	used     []bool  // scratch for appendWords
	inDoc    []int32 // the last article each type occurred in
	postings int64
	vocab    int
	firstUse float64 // moving average: share of words that are a source type's first use
	tokens   int64
	heaps    heapsCurve
	length   lengthHist
	labSeen  [numKinds][]int
	dates    dateTally
}

// NewGenerator returns a Generator of opt.Size articles from m. It returns
// an error wrapping ErrOptions for a size below 1, an End before Start or a
// negative growth.
func NewGenerator(m *Model, opt Options) (*Generator, error) {
	if opt.Size < 1 {
		return nil, fmt.Errorf("size: must be at least 1, got %d: %w", opt.Size, ErrOptions)
	}
	if opt.Start.IsZero() {
		opt.Start = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opt.End.IsZero() {
		opt.End = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	if opt.End.Before(opt.Start) {
		return nil, fmt.Errorf("end: %s is before start %s: %w", opt.End.Format(time.DateOnly), opt.Start.Format(time.DateOnly), ErrOptions)
	}
	if opt.Growth < 0 {
		return nil, fmt.Errorf("growth: must be positive, got %g: %w", opt.Growth, ErrOptions)
	}
	if opt.Growth == 0 {
		opt.Growth = 3
	}
	g := &Generator{
		m: m, opt: opt, r: newRNG(opt.Seed, 2),
		v0: int32(len(m.types)), n: int64(len(m.stream)),
		invIdx: make(map[string]int32),
		words:  newURN(m.wordD),
		seen:   make([]uint64, (len(m.types)+63)/64),
		inDoc:  make([]int32, len(m.types)),
	}
	g.sched = newSchedule(opt.Size, opt.Start, opt.End, opt.Growth, m.weekday, m.msOfDay, newRNG(opt.Seed, 1))
	scale := float64(opt.Size) / float64(max(m.Real.Articles, 1))
	for k, lm := range m.labels {
		g.lab[k] = lm.draw(scale)
		n := len(g.lab[k].excess)
		g.labNames[k] = make([]string, n)
		g.labQuoted[k] = make([]string, n)
		g.labIdx[k] = make(map[string]int32, len(lm.names))
		for i, l := range lm.names {
			g.labNames[k][i] = l
			g.labQuoted[k][i] = strconv.Quote(l)
			g.labIdx[k][l] = int32(i)
		}
		g.labSeen[k] = make([]int, n)
	}
	return g, nil
}

// Model returns the generator's model.
func (g *Generator) Model() *Model { return g.m }

// Done reports whether all Size articles have been made.
func (g *Generator) Done() bool { return g.i >= g.opt.Size }

// advance makes the next article's draft; false when done.
func (g *Generator) advance() bool {
	if g.Done() {
		return false
	}
	g.i++
	m := g.m
	r := g.r

	// A source article, the template for lengths, label counts, dateline
	// and words: drawn from a window that walks through the source in its
	// order, one article per article made, so that stories come in runs and
	// source words first appear about as fast as in the source itself.
	win := min(templateWindow, len(m.articles))
	t := &m.articles[(g.i+r.intn(win))%len(m.articles)]
	g.tmpl = t
	for k := range numKinds {
		g.relabel(k, t.labels[k])
	}

	g.title = g.appendWords(g.title[:0], int(t.title[1]-t.title[0]), t.title)
	bodyLen := int(t.body[1] - t.body[0])
	if bodyLen > 0 {
		// Lengths vary around the template's (log-normal, mean kept).
		f := r.norm()*0.3 - 0.045
		bodyLen = max(1, int(float64(bodyLen)*math.Exp(f)+0.5))
	}
	if bodyLen == 0 && len(g.title) == 0 {
		bodyLen = 1 + r.intn(20)
	}
	g.body = g.appendWords(g.body[:0], bodyLen, t.body)
	g.ms = g.sched.nextTime()

	g.length.add(len(g.title), len(g.body))
	g.heaps.observe(g.tokens, g.vocab)
	for k := range g.labels {
		for _, id := range g.labels[k] {
			g.labSeen[k][id]++
		}
	}
	g.dates.add(time.UnixMilli(g.ms).UTC())
	return true
}

// relabel gives the article one label for each of the template's labels
// of a kind: the same label with probability min(1, Q/P), else one drawn
// from the excess of Q over P, where P is the source's share of the label
// and Q the share it has in the generated corpus (Zipf-extended). This
// coupling makes the labels' frequencies exactly Q while keeping most
// labels consistent with the template's text.
func (g *Generator) relabel(kind int, src []int32) {
	ls := g.labels[kind][:0]
	lk := &g.lab[kind]
	for _, id := range src {
		for try := 0; ; try++ {
			x := id
			if g.r.float() >= lk.keep[id] {
				x = int32(cdfPick(lk.excess, g.r.float()))
			}
			dup := false
			for _, y := range ls {
				dup = dup || x == y
			}
			if !dup {
				if g.labNames[kind][x] == "" {
					g.newLabel(kind, x)
				}
				ls = append(ls, x)
				break
			}
			if try == 8 {
				break
			}
		}
	}
	g.labels[kind] = ls
}

// newLabel names invented label id of a kind, spelt like the source's
// labels of that kind.
func (g *Generator) newLabel(kind int, id int32) {
	lm := g.m.labels[kind]
	taken := func(s string) bool { _, ok := g.labIdx[kind][s]; return ok }
	name := lm.chars.invent(g.r, 3, 40, taken)
	g.labNames[kind][id] = name
	g.labQuoted[kind][id] = strconv.Quote(name)
	g.labIdx[kind][name] = id
}

// appendWords appends n words to dst, following template span sp.
func (g *Generator) appendWords(dst []tok, n int, sp [2]int32) []tok {
	m := g.m
	r := g.r
	ptr := int32(-1) // stream position of the last copied word
	spanLen := int(sp[1] - sp[0])
	jump, stride := 0, 0
	// Template words already copied into this span: each is used once (until
	// all are), as an article uses its own text, so that words repeat within
	// an article about as often as in the source.
	if cap(g.used) < spanLen {
		g.used = make([]bool, spanLen)
	}
	used := g.used[:spanLen]
	clear(used)
	nUsed := 0
	mark := func(pos int32) {
		if pos >= sp[0] && pos < sp[1] && !used[pos-sp[0]] {
			used[pos-sp[0]] = true
			nUsed++
		}
	}
	inSpanUsed := func(pos int32) bool { return pos >= sp[0] && pos < sp[1] && used[pos-sp[0]] }
	beta := m.wordD
	for len(dst) < n {
		var t tok
		// A new type with the probability that makes the output's
		// vocabulary grow as Heaps' law says it grows from where it is,
		// dV/dn = β·V/n (the Pitman–Yor rate with discount β), less the
		// rate at which source types are being used for the first time
		// (which the copying below brings in by itself).
		var pNew float64
		if g.tokens >= heapsFirst {
			pNew = beta*float64(g.vocab)/float64(g.tokens) - g.firstUse
		}
		if pNew > 0 && r.float() < pNew {
			t = g.newWord()
			ptr = -1
		} else {
			u := r.float()
			switch {
			case u < pCont && ptr >= 0 && m.stream[ptr].meta&15 != sepEnd && !inSpanUsed(ptr+1):
				ptr++
				t = m.stream[ptr]
				mark(ptr)
			case u < pCont+pTmpl && spanLen > 0:
				// Jumps visit the template's unused words in a random
				// cyclic order (start + k·stride, stride prime to the
				// length).
				if stride == 0 {
					jump = r.intn(spanLen)
					stride = 1 + r.intn(spanLen)
					for gcd(stride, spanLen) != 1 {
						stride = 1 + r.intn(spanLen)
					}
				}
				if nUsed == spanLen {
					clear(used)
					nUsed = 0
				}
				for used[jump] {
					jump = (jump + stride) % spanLen
				}
				ptr = sp[0] + int32(jump)
				t = m.stream[ptr]
				mark(ptr)
			case u < pCont+pTmpl+pBigram && len(dst) > 0 && dst[len(dst)-1].id < g.v0:
				prev := dst[len(dst)-1].id
				lo, hi := m.occAt[prev], m.occAt[prev+1]
				o := m.occ[lo+int32(r.intn(int(hi-lo)))]
				if o.next.id >= 0 {
					ptr = o.pos + 1
					t = o.next
				} else {
					t, ptr = g.unigram()
				}
			case u < pCont+pTmpl+pBigram+pLocal && len(dst) > 0:
				t = dst[r.intn(len(dst))]
				ptr = -1
			default:
				t, ptr = g.unigram()
			}
			if t.id >= g.v0 {
				g.words.add(int(t.id - g.v0))
			}
		}
		g.n++
		g.tokens++
		if g.inDoc[t.id] != int32(g.i) {
			g.inDoc[t.id] = int32(g.i)
			g.postings++
		}
		first := 0.0
		if w := uint32(t.id) / 64; g.seen[w]&(1<<(uint32(t.id)%64)) == 0 {
			g.seen[w] |= 1 << (uint32(t.id) % 64)
			g.vocab++
			if t.id < g.v0 {
				first = 1
			}
		}
		// A running mean over the first words, a moving average after.
		g.firstUse += (first - g.firstUse) / float64(min(g.tokens, firstUseHorizon))
		dst = append(dst, t)
	}
	return dst
}

// unigram draws an existing type in proportion to its count − d: an
// invented one from the urn, or a source one by picking a random position
// of the source (its count there stands for its count now).
func (g *Generator) unigram() (tok, int32) {
	m := g.m
	d := m.wordD
	invMass := float64(g.words.n) - d*float64(len(g.inv))
	srcMass := float64(g.n-g.words.n) - d*float64(g.v0)
	if len(g.inv) > 0 && g.r.float()*(invMass+srcMass) < invMass {
		id := g.words.drawOld(g.r)
		return tok{g.v0 + int32(id), uint8(cdfPick(m.newSep, g.r.float()))}, -1
	}
	pos := int32(g.r.intn(len(m.stream)))
	return m.stream[pos], pos
}

// newWord invents a word type, spelt by the source's letter trigrams.
func (g *Generator) newWord() tok {
	m := g.m
	w := m.chars.invent(g.r, 2, 24, func(s string) bool {
		if _, ok := m.index[s]; ok {
			return true
		}
		_, ok := g.invIdx[s]
		return ok
	})
	id := g.v0 + int32(len(g.inv))
	g.inv = append(g.inv, w)
	g.invIdx[w] = id
	g.invCase = append(g.invCase, uint8(cdfPick(m.newCase, g.r.float())))
	g.inDoc = append(g.inDoc, 0)
	g.words.push(1)
	if int(id)/64 >= len(g.seen) {
		g.seen = append(g.seen, make([]uint64, len(g.seen)/2+1)...)
	}
	return tok{id, uint8(cdfPick(m.newSep, g.r.float()))}
}

// Next fills a with the next article; false when all are made.
func (g *Generator) Next(a *Article) bool {
	if !g.advance() {
		return false
	}
	*a = Article{
		ID:       strconv.Itoa(g.i),
		Date:     time.UnixMilli(g.ms).UTC(),
		Title:    string(g.renderTitle(nil, false)),
		Dateline: string(g.appendDateline(nil, false)),
		Body:     string(g.renderBody(nil, false)),
	}
	for k := range g.labels {
		for _, id := range g.labels[k] {
			a.Labels[k] = append(a.Labels[k], g.labNames[k][id])
		}
	}
	return true
}

// AppendJSON appends the next article as one JSON line, in the peers'
// shape (id, date, title, dateline, body, topics, places, people, orgs)
// and Pulse's (published_at, tags = topics, persons = people); false when
// all are made.
func (g *Generator) AppendJSON(dst []byte) ([]byte, bool) {
	if !g.advance() {
		return dst, false
	}
	dst = append(dst, `{"id":`...)
	dst = strconv.AppendInt(dst, int64(g.i), 10)
	dst = append(dst, `,"date":"`...)
	date := len(dst)
	dst = g.appendDate(dst)
	dateEnd := len(dst)
	dst = append(dst, `","published_at":"`...)
	dst = append(dst, dst[date:dateEnd]...)
	dst = append(dst, `","title":"`...)
	dst = g.renderTitle(dst, true)
	dst = append(dst, `","dateline":"`...)
	dst = g.appendDateline(dst, true)
	dst = append(dst, `","body":"`...)
	dst = g.renderBody(dst, true)
	dst = append(dst, '"')
	for k := range g.labels {
		dst = g.appendLabels(dst, KindNames[k], k)
	}
	dst = g.appendLabels(dst, "tags", Topics)
	dst = g.appendLabels(dst, "persons", People)
	dst = append(dst, "}\n"...)
	return dst, true
}

func (g *Generator) appendLabels(dst []byte, name string, kind int) []byte {
	dst = append(dst, `,"`...)
	dst = append(dst, name...)
	dst = append(dst, `":[`...)
	for i, id := range g.labels[kind] {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, g.labQuoted[kind][id]...)
	}
	return append(dst, ']')
}

// WriteJSONL writes the remaining articles to w as JSON Lines.
func (g *Generator) WriteJSONL(w io.Writer) error {
	buf := make([]byte, 0, 256<<10)
	for {
		var ok bool
		buf, ok = g.AppendJSON(buf)
		if !ok || len(buf) > 192<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
		if !ok {
			return nil
		}
	}
}

// Stats returns the measurements of the articles made so far, taken as
// Meter takes them from text (every generated word is one word of the
// tokenizer, so counting type ids counts the same words).
func (g *Generator) Stats() Stats {
	s := Stats{Articles: g.i, Tokens: g.tokens, Vocabulary: g.vocab, Postings: g.postings}
	s.fillPostings()
	s.HeapsK, s.HeapsBeta = g.heaps.fit()
	g.length.fillStats(&s)
	for k := range g.labSeen {
		s.Labels[k] = labelStats(k, g.labSeen[k], g.i)
	}
	g.dates.fill(&s)
	return s
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

package corpus

import (
	"strconv"
	"strings"
)

// charModel is a character trigram model of a word list, used to invent
// words (and labels) that look like the source's: new types are drawn
// letter by letter from the real types' own letter sequences.
type charModel struct {
	next  map[[2]rune]*charDist
	ascii []*charDist // the same for ASCII contexts, indexed c1<<7 | c2
}

type charDist struct {
	runes []rune
	cdf   []float64
}

// trainChars counts, over distinct words (each once: new words resemble
// rare types, not frequent tokens), which rune follows each pair. Rune 0
// marks the start and end of a word.
func trainChars(words []string) *charModel {
	counts := make(map[[2]rune]map[rune]float64)
	add := func(ctx [2]rune, r rune) {
		m := counts[ctx]
		if m == nil {
			m = make(map[rune]float64)
			counts[ctx] = m
		}
		m[r]++
	}
	for _, w := range words {
		ctx := [2]rune{0, 0}
		for _, r := range w {
			add(ctx, r)
			ctx = [2]rune{ctx[1], r}
		}
		add(ctx, 0)
	}
	cm := &charModel{next: make(map[[2]rune]*charDist, len(counts))}
	for ctx, m := range counts {
		d := &charDist{}
		for r := range m {
			d.runes = append(d.runes, r)
		}
		// Sorted for determinism: map order is random.
		sortRunes(d.runes)
		w := make([]float64, len(d.runes))
		for i, r := range d.runes {
			w[i] = m[r]
		}
		d.cdf = cumulative(w)
		cm.next[ctx] = d
		if ctx[0] < 128 && ctx[1] < 128 {
			if cm.ascii == nil {
				cm.ascii = make([]*charDist, 128*128)
			}
			cm.ascii[ctx[0]<<7|ctx[1]] = d
		}
	}
	return cm
}

func sortRunes(rs []rune) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j] < rs[j-1]; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// sample draws one word of at most maxRunes runes, or "" when the model is
// empty or the word runs too long.
func (m *charModel) sample(r *rng, maxRunes int) string {
	var b strings.Builder
	ctx := [2]rune{0, 0}
	for n := 0; ; n++ {
		var d *charDist
		if ctx[0] < 128 && ctx[1] < 128 && m.ascii != nil {
			d = m.ascii[ctx[0]<<7|ctx[1]]
		} else {
			d = m.next[ctx]
		}
		if d == nil || n > maxRunes {
			return ""
		}
		c := d.runes[cdfPick(d.cdf, r.float())]
		if c == 0 {
			return b.String()
		}
		b.WriteRune(c)
		ctx = [2]rune{ctx[1], c}
	}
}

// invent draws a word of minRunes to maxRunes runes for which taken is
// false. After 50 failed draws (a tiny model that keeps repeating its
// source) it appends a counter, which always ends the search.
func (m *charModel) invent(r *rng, minRunes, maxRunes int, taken func(string) bool) string {
	var w string
	for range 50 {
		w = m.sample(r, maxRunes)
		if n := len([]rune(w)); n >= minRunes && !taken(w) {
			return w
		}
	}
	if w == "" {
		w = "x"
	}
	for i := 2; ; i++ {
		c := w + strconv.Itoa(i)
		if !taken(c) {
			return c
		}
	}
}

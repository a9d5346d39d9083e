package corpus

import (
	"math"
	"sort"
	"time"
)

// Stats are the measurements the generator must reproduce, taken the same
// way on the source and on the output.
type Stats struct {
	Articles   int   `json:"articles"`
	Tokens     int64 `json:"tokens"`     // words of titles and bodies
	Vocabulary int   `json:"vocabulary"` // distinct words
	// Postings counts distinct (article, word) pairs: an index's postings.
	// Tokens/Postings is how often a word repeats in an article that has
	// it (burstiness), which sets posting-list lengths for a given text
	// size.
	Postings        int64   `json:"postings"`
	WordsPerPosting float64 `json:"words_per_posting"`

	// Heaps' law V = K·n^β, fitted by least squares on log V against
	// log n at the article boundaries where n first passes 1000·1.1^i.
	HeapsK    float64 `json:"heaps_k"`
	HeapsBeta float64 `json:"heaps_beta"`

	MeanTokens      float64 `json:"mean_tokens"` // per article, title and body
	MeanTitleTokens float64 `json:"mean_title_tokens"`
	MedianTokens    int     `json:"median_tokens"`
	P90Tokens       int     `json:"p90_tokens"`

	Labels [numKinds]LabelStats `json:"labels"`

	FirstDate string `json:"first_date,omitempty"`
	LastDate  string `json:"last_date,omitempty"`
	// WeekdayShare is the share of dated articles on each day, Monday first.
	WeekdayShare [7]float64 `json:"weekday_share"`
	// YearMin and YearMax are the fewest and most articles in a calendar
	// year of the span (whole years only; 0 when under a year is covered).
	YearMin int `json:"year_min"`
	YearMax int `json:"year_max"`
}

// LabelStats describe one kind of label.
type LabelStats struct {
	Kind        string  `json:"kind"`
	Distinct    int     `json:"distinct"`
	Occurrences int     `json:"occurrences"`
	PerArticle  float64 `json:"per_article"`
	// ZipfSlope is α in f(r) ∝ r^-α, least squares on log f against log r
	// over the labels counted at least 3 times; NaN (null in JSON) for
	// fewer than 3 such labels.
	ZipfSlope jsonFloat `json:"zipf_slope"`
}

// jsonFloat is a float64 that marshals NaN as null.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil
	}
	return []byte(formatFloat(float64(f))), nil
}

// heapsCurve records (tokens, vocabulary) at log-spaced article boundaries.
type heapsCurve struct {
	next   int64
	points [][2]float64
}

const (
	heapsFirst  = 1000
	heapsFactor = 1.1
)

// observe is called after each article with the running totals.
func (h *heapsCurve) observe(n int64, v int) {
	if h.next == 0 {
		h.next = heapsFirst
	}
	if n < h.next {
		return
	}
	h.points = append(h.points, [2]float64{math.Log(float64(n)), math.Log(float64(v))})
	for h.next <= n {
		h.next = int64(math.Ceil(float64(h.next) * heapsFactor))
	}
}

// fit returns K and β; NaN when fewer than 3 points were recorded.
func (h *heapsCurve) fit() (k, beta float64) {
	if len(h.points) < 3 {
		return math.NaN(), math.NaN()
	}
	xs := make([]float64, len(h.points))
	ys := make([]float64, len(h.points))
	for i, p := range h.points {
		xs[i], ys[i] = p[0], p[1]
	}
	slope, icpt := leastSquares(xs, ys)
	return math.Exp(icpt), slope
}

// leastSquares fits y = a·x + b.
func leastSquares(xs, ys []float64) (a, b float64) {
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= float64(len(xs))
	my /= float64(len(ys))
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	if sxx == 0 {
		return math.NaN(), my
	}
	a = sxy / sxx
	return a, my - a*mx
}

// zipfMinCount is the fewest occurrences of a label that enter the Zipf
// fit: a label seen once or twice says little about its rate, and such
// ties at the bottom would make the slope depend on the corpus size.
const zipfMinCount = 3

// zipfSlope fits the rank-frequency curve of counts (any order) over the
// labels counted at least zipfMinCount times and returns α > 0 for a
// falling curve; NaN for fewer than 3 such labels.
func zipfSlope(counts []int) float64 {
	a, _, _ := zipfFit(counts)
	return a
}

// zipfFit returns α and C of f(r) = C·r^-α fitted by least squares on
// log f against log r, and how many labels entered the fit (ranks
// 1..head); NaN for fewer than 3.
func zipfFit(counts []int) (alpha, c float64, head int) {
	fs := make([]int, 0, len(counts))
	for _, n := range counts {
		if n >= zipfMinCount {
			fs = append(fs, n)
		}
	}
	if len(fs) < 3 {
		return math.NaN(), math.NaN(), len(fs)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(fs)))
	xs := make([]float64, len(fs))
	ys := make([]float64, len(fs))
	for i, f := range fs {
		xs[i] = math.Log(float64(i + 1))
		ys[i] = math.Log(float64(f))
	}
	a, b := leastSquares(xs, ys)
	return -a, math.Exp(b), len(fs)
}

// lengthHist counts article lengths for the mean and percentiles.
type lengthHist struct {
	n, sum, titleSum int64
	counts           []int64 // by length, the last bucket holds longer ones
}

const maxHistLen = 1 << 14

func (l *lengthHist) add(title, body int) {
	n := title + body
	if l.counts == nil {
		l.counts = make([]int64, maxHistLen+1)
	}
	l.n++
	l.sum += int64(n)
	l.titleSum += int64(title)
	l.counts[min(n, maxHistLen)]++
}

func (l *lengthHist) quantile(q float64) int {
	want := int64(math.Ceil(q * float64(l.n)))
	var acc int64
	for i, c := range l.counts {
		acc += c
		if acc >= want && acc > 0 {
			return i
		}
	}
	return 0
}

// dateTally counts articles by weekday and calendar year.
type dateTally struct {
	first, last time.Time
	weekday     [7]int64
	years       map[int]int
}

func (d *dateTally) add(t time.Time) {
	if t.IsZero() {
		return
	}
	if d.years == nil {
		d.years = make(map[int]int)
	}
	if d.first.IsZero() || t.Before(d.first) {
		d.first = t
	}
	if t.After(d.last) {
		d.last = t
	}
	d.weekday[(int(t.Weekday())+6)%7]++
	d.years[t.Year()]++
}

func (d *dateTally) fill(s *Stats) {
	if d.first.IsZero() {
		return
	}
	s.FirstDate = d.first.Format(time.RFC3339)
	s.LastDate = d.last.Format(time.RFC3339)
	var total int64
	for _, c := range d.weekday {
		total += c
	}
	for i, c := range d.weekday {
		s.WeekdayShare[i] = float64(c) / float64(total)
	}
	// Whole years only: the first and last may be partial.
	for y := d.first.Year() + 1; y < d.last.Year(); y++ {
		c := d.years[y]
		if s.YearMin == 0 || c < s.YearMin {
			s.YearMin = c
		}
		s.YearMax = max(s.YearMax, c)
	}
}

// Meter measures a corpus from its text: the source when learning, any
// JSON Lines file in Measure, and the generator's output in tests.
type Meter struct {
	vocab    map[string]struct{}
	doc      map[string]struct{} // the current article's words
	tokens   int64
	postings int64
	heaps    heapsCurve
	length   lengthHist
	labels   [numKinds]map[string]int
	dates    dateTally
	buf      []byte
}

// NewMeter returns an empty Meter.
func NewMeter() *Meter {
	m := &Meter{vocab: make(map[string]struct{}), doc: make(map[string]struct{})}
	for k := range m.labels {
		m.labels[k] = make(map[string]int)
	}
	return m
}

// Add measures one article.
func (m *Meter) Add(a *Article) {
	clear(m.doc)
	title := m.words(a.Title)
	body := m.words(a.Body)
	m.postings += int64(len(m.doc))
	m.heaps.observe(m.tokens, len(m.vocab))
	m.length.add(title, body)
	for k, ls := range a.Labels {
		for _, l := range ls {
			m.labels[k][l]++
		}
	}
	m.dates.add(a.Date)
}

func (m *Meter) words(text string) int {
	n := 0
	forEachWord(text, func(s, e int) {
		m.buf = lowerWord(m.buf, text[s:e])
		if _, ok := m.vocab[string(m.buf)]; !ok {
			m.vocab[string(m.buf)] = struct{}{}
		}
		if _, ok := m.doc[string(m.buf)]; !ok {
			m.doc[string(m.buf)] = struct{}{}
		}
		n++
	})
	m.tokens += int64(n)
	return n
}

// Stats returns the measurements so far.
func (m *Meter) Stats() Stats {
	s := Stats{Articles: int(m.length.n), Tokens: m.tokens, Vocabulary: len(m.vocab), Postings: m.postings}
	s.fillPostings()
	s.HeapsK, s.HeapsBeta = m.heaps.fit()
	m.length.fillStats(&s)
	for k := range m.labels {
		counts := make([]int, 0, len(m.labels[k]))
		for _, c := range m.labels[k] {
			counts = append(counts, c)
		}
		s.Labels[k] = labelStats(k, counts, s.Articles)
	}
	m.dates.fill(&s)
	return s
}

func (s *Stats) fillPostings() {
	if s.Postings > 0 {
		s.WordsPerPosting = float64(s.Tokens) / float64(s.Postings)
	}
}

func (l *lengthHist) fillStats(s *Stats) {
	if l.n == 0 {
		return
	}
	s.MeanTokens = float64(l.sum) / float64(l.n)
	s.MeanTitleTokens = float64(l.titleSum) / float64(l.n)
	s.MedianTokens = l.quantile(0.5)
	s.P90Tokens = l.quantile(0.9)
}

func labelStats(kind int, counts []int, articles int) LabelStats {
	ls := LabelStats{Kind: KindNames[kind], ZipfSlope: jsonFloat(zipfSlope(counts))}
	for _, c := range counts {
		if c > 0 {
			ls.Distinct++
			ls.Occurrences += c
		}
	}
	if articles > 0 {
		ls.PerArticle = float64(ls.Occurrences) / float64(articles)
	}
	return ls
}

// Measure reads a JSON Lines corpus and measures it the way the generator
// measures its source and output. Errors are ReadArticles's.
func Measure(path string) (Stats, error) {
	m := NewMeter()
	err := ReadFile(path, func(a *Article) error { m.Add(a); return nil })
	return m.Stats(), err
}

package corpus

import (
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// Report compares a source corpus with a corpus generated from it.
type Report struct {
	Source    string  `json:"source"`
	Output    string  `json:"output,omitempty"`
	Size      int     `json:"size"`
	Seed      uint64  `json:"seed"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"articles_per_second"`
	// CPUSeconds is the process's CPU time while generating, where the
	// caller measured it (the wall time misleads on a busy machine).
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
	Bytes      int64   `json:"bytes"` // written, after compression
	Real       Stats   `json:"real"`
	Generated  Stats   `json:"generated"`
	// WordDiscount is the Pitman–Yor discount of word types (Heaps' β of
	// the source).
	WordDiscount float64 `json:"word_discount"`
	// LabelRanks is the size of each kind's label space (source labels and
	// invented ones past them).
	LabelRanks [numKinds]int `json:"label_ranks"`
	Checks     []Check       `json:"checks"`
}

// Check is one target the generator must meet: generated within ±10% of
// real.
type Check struct {
	Name      string  `json:"name"`
	Real      float64 `json:"real"`
	Generated float64 `json:"generated"`
	Ratio     float64 `json:"ratio"`
	OK        bool    `json:"ok"`
}

// Tolerance is the largest relative difference Checks accept.
const Tolerance = 0.10

// Compare lists the targets: Heaps' β, words per posting (how often a word
// repeats in an article that has it) and each label kind's Zipf slope
// (kinds the source has too few labels of to measure are left out).
func Compare(src, gen Stats) []Check {
	var cs []Check
	add := func(name string, r, g float64) {
		if math.IsNaN(r) || math.IsNaN(g) {
			return
		}
		c := Check{Name: name, Real: r, Generated: g, Ratio: g / r}
		c.OK = math.Abs(c.Ratio-1) <= Tolerance
		cs = append(cs, c)
	}
	add("heaps_beta", src.HeapsBeta, gen.HeapsBeta)
	add("words_per_posting", src.WordsPerPosting, gen.WordsPerPosting)
	for k := range numKinds {
		add("zipf_"+KindNames[k], float64(src.Labels[k].ZipfSlope), float64(gen.Labels[k].ZipfSlope))
	}
	return cs
}

// NewReport fills a Report for generator g after it ran for elapsed.
func NewReport(source string, g *Generator, elapsed time.Duration, bytes int64) Report {
	r := Report{
		Source: source, Size: g.opt.Size, Seed: g.opt.Seed,
		Seconds: elapsed.Seconds(), Bytes: bytes,
		Real: g.m.Real, Generated: g.Stats(), WordDiscount: g.m.wordD,
	}
	if r.Seconds > 0 {
		r.PerSecond = float64(r.Generated.Articles) / r.Seconds
	}
	for k := range g.lab {
		r.LabelRanks[k] = len(g.lab[k].excess)
	}
	r.Checks = Compare(r.Real, r.Generated)
	return r
}

// OK reports whether every check passed.
func (r Report) OK() bool {
	for _, c := range r.Checks {
		if !c.OK {
			return false
		}
	}
	return true
}

// WriteTable writes the report as an aligned text table.
func (r Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "source %s → %d articles (seed %d)", r.Source, r.Size, r.Seed)
	if r.Output != "" {
		fmt.Fprintf(&b, " in %s", r.Output)
	}
	fmt.Fprintf(&b, "\n%.1f s, %.0f articles/s, %.1f MiB written", r.Seconds, r.PerSecond, float64(r.Bytes)/(1<<20))
	if r.CPUSeconds > 0 {
		fmt.Fprintf(&b, "; %.1f CPU s, %.0f articles per CPU second", r.CPUSeconds, float64(r.Generated.Articles)/r.CPUSeconds)
	}
	b.WriteString("\n\n")
	rows := [][3]string{{"measure", "real", "generated"}}
	row := func(name, a, g string) { rows = append(rows, [3]string{name, a, g}) }
	f := func(x float64) string { return formatFloat(x) }
	row("articles", strconv.Itoa(r.Real.Articles), strconv.Itoa(r.Generated.Articles))
	row("words (tokens)", strconv.FormatInt(r.Real.Tokens, 10), strconv.FormatInt(r.Generated.Tokens, 10))
	row("vocabulary", strconv.Itoa(r.Real.Vocabulary), strconv.Itoa(r.Generated.Vocabulary))
	row("postings (article, word)", strconv.FormatInt(r.Real.Postings, 10), strconv.FormatInt(r.Generated.Postings, 10))
	row("words per posting", f(r.Real.WordsPerPosting), f(r.Generated.WordsPerPosting))
	row("Heaps K", f(r.Real.HeapsK), f(r.Generated.HeapsK))
	row("Heaps β", f(r.Real.HeapsBeta), f(r.Generated.HeapsBeta))
	row("words/article mean", f(r.Real.MeanTokens), f(r.Generated.MeanTokens))
	row("words/article median", strconv.Itoa(r.Real.MedianTokens), strconv.Itoa(r.Generated.MedianTokens))
	row("words/article p90", strconv.Itoa(r.Real.P90Tokens), strconv.Itoa(r.Generated.P90Tokens))
	row("title words mean", f(r.Real.MeanTitleTokens), f(r.Generated.MeanTitleTokens))
	for k := range numKinds {
		rl, gl := r.Real.Labels[k], r.Generated.Labels[k]
		n := KindNames[k]
		row(n+" Zipf slope", f(float64(rl.ZipfSlope)), f(float64(gl.ZipfSlope)))
		row(n+" distinct", strconv.Itoa(rl.Distinct), strconv.Itoa(gl.Distinct))
		row(n+" per article", f(rl.PerArticle), f(gl.PerArticle))
	}
	row("first date", r.Real.FirstDate, r.Generated.FirstDate)
	row("last date", r.Real.LastDate, r.Generated.LastDate)
	row("weekday share Mon..Sun", shares(r.Real.WeekdayShare), shares(r.Generated.WeekdayShare))
	row("articles/year min..max", yearRange(r.Real), yearRange(r.Generated))
	var width [3]int
	for _, rw := range rows {
		for i, c := range rw {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	for i, rw := range rows {
		for j, c := range rw {
			b.WriteString("| ")
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", width[j]-len([]rune(c))+1))
		}
		b.WriteString("|\n")
		if i == 0 {
			for j := range rw {
				b.WriteString("|" + strings.Repeat("-", width[j]+2))
			}
			b.WriteString("|\n")
		}
	}
	b.WriteString("\nchecks (generated within ±10% of real):\n")
	for _, c := range r.Checks {
		verdict := "ok"
		if !c.OK {
			verdict = "OUT OF RANGE"
		}
		fmt.Fprintf(&b, "  %-17s real %-7s generated %-7s ratio %.3f  %s\n", c.Name, f(c.Real), f(c.Generated), c.Ratio, verdict)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func shares(s [7]float64) string {
	parts := make([]string, 7)
	for i, x := range s {
		parts[i] = strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strings.Join(parts, " ")
}

func yearRange(s Stats) string {
	if s.YearMax == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%d..%d", s.YearMin, s.YearMax)
}

func formatFloat(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "n/a"
	case math.Abs(x) >= 100:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// countingWriter counts bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteFile generates opt.Size articles from m into path (gzipped when it
// ends in .gz; "-" is standard output) and reports the comparison. Errors
// are NewGenerator's and the file's.
func WriteFile(path string, m *Model, source string, opt Options) (Report, error) {
	g, err := NewGenerator(m, opt)
	if err != nil {
		return Report{}, err
	}
	var out io.Writer = os.Stdout
	var f *os.File
	if path != "-" {
		if f, err = os.Create(path); err != nil {
			return Report{}, err
		}
		defer f.Close()
		out = f
	}
	cw := &countingWriter{w: out}
	start := time.Now()
	var werr error
	if strings.HasSuffix(path, ".gz") {
		zw, _ := gzip.NewWriterLevel(cw, gzip.BestSpeed)
		werr = writeBehind(g, zw)
		if cerr := zw.Close(); werr == nil {
			werr = cerr
		}
	} else {
		werr = g.WriteJSONL(cw)
	}
	if f != nil {
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
	}
	if werr != nil {
		return Report{}, fmt.Errorf("%s: %w", path, werr)
	}
	r := NewReport(source, g, time.Since(start), cw.n)
	r.Output = path
	return r, nil
}

// writeBehind is WriteJSONL with the writing (compression) in a second
// goroutine, so that it overlaps generation on a second core.
func writeBehind(g *Generator, w io.Writer) error {
	const chunk = 256 << 10
	full := make(chan []byte, 4)
	free := make(chan []byte, 5)
	for range 5 {
		free <- make([]byte, 0, chunk+64<<10)
	}
	done := make(chan error, 1)
	go func() {
		var err error
		for b := range full {
			if err == nil {
				_, err = w.Write(b)
			}
			free <- b[:0]
		}
		done <- err
	}()
	buf := <-free
	for {
		var ok bool
		buf, ok = g.AppendJSON(buf)
		if !ok || len(buf) >= chunk {
			full <- buf
			if !ok {
				break
			}
			buf = <-free
		}
	}
	close(full)
	return <-done
}

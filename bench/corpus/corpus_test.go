package corpus

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestForEachWord(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"punctuation", "U.S. crude, 155,221 bags; 5.93 mln.", []string{"U", "S", "crude", "155", "221", "bags", "5", "93", "mln"}},
		{"tickers", "STANDARD OIL <SRD> TO FORM", []string{"STANDARD", "OIL", "SRD", "TO", "FORM"}},
		{"unicode", "Zürich café, £600m", []string{"Zürich", "café", "600m"}},
		{"underscore splits", "a_b", []string{"a", "b"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			forEachWord(c.text, func(s, e int) { got = append(got, c.text[s:e]) })
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestCaseOf(t *testing.T) {
	for _, c := range []struct {
		word string
		want uint8
	}{
		{"cocoa", caseLower}, {"Bahia", caseTitle}, {"OPEC", caseUpper},
		{"S", caseTitle}, {"McDonald", caseMixed}, {"155", caseLower}, {"Zürich", caseTitle},
	} {
		t.Run(c.word, func(t *testing.T) {
			if got := caseOf(c.word); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
}

func TestClassifySep(t *testing.T) {
	for _, c := range []struct {
		name, sep, prev, next string
		wrapped               bool
		want                  uint8
	}{
		{"space", " ", "crude", "oil", false, sepSpace},
		{"comma", ", ", "farmers", "middlemen", false, sepComma},
		{"sentence", ". ", "review", "The", false, sepStop},
		{"paragraph unwrapped", ".\n", "review", "The", false, sepPara},
		{"wrapped new line is a stop", ".\n", "review", "The", true, sepStop},
		{"indented paragraph", ".\n    ", "review", "The", true, sepPara},
		{"blank line", ".\n\n", "review", "The", true, sepPara},
		{"abbreviation", ". ", "S", "officials", false, sepAbbr},
		{"thousands", ",", "155", "221", false, sepNumComma},
		{"decimal", ".", "5", "93", false, sepNumDot},
		{"initials", ".", "U", "S", false, sepDotJoin},
		{"hyphen", "-", "year", "earlier", false, sepHyphen},
		{"slash", "/", "June", "July", false, sepSlash},
		{"apostrophe", "'", "Inc", "s", false, sepApos},
		{"percent", "% ", "76", "to", false, sepPct},
		{"brackets vanish", " <", "Oil", "SRD", false, sepSpace},
		{"end", "", "said", "", false, sepEnd},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := classifySep(c.sep, c.prev, c.next, c.wrapped); got != c.want {
				t.Errorf("classifySep(%q, %q, %q): got %d, want %d", c.sep, c.prev, c.next, got, c.want)
			}
		})
	}
}

func TestZipfFit(t *testing.T) {
	power := func(n int, alpha, c float64) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = int(math.Round(c * math.Pow(float64(i+1), -alpha)))
		}
		return out
	}
	for _, c := range []struct {
		name   string
		counts []int
		want   float64 // NaN: no fit
	}{
		{"alpha 1", power(50, 1, 10000), 1},
		{"alpha 1.6", power(80, 1.6, 100000), 1.6},
		{"order does not matter", []int{3, 100, 10, 30}, zipfSlope([]int{100, 30, 10, 3})},
		{"rare labels left out", append(power(40, 1.2, 5000), 1, 1, 2, 2, 1, 1, 1), 1.2},
		{"too few", []int{9, 4, 2, 1}, math.NaN()},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := zipfSlope(c.counts)
			if math.IsNaN(c.want) != math.IsNaN(got) || !math.IsNaN(got) && math.Abs(got-c.want) > 0.03 {
				t.Errorf("got %.3f, want %.3f", got, c.want)
			}
		})
	}
}

func TestHeapsFit(t *testing.T) {
	for _, c := range []struct {
		name    string
		k, beta float64
	}{
		{"reuters-like", 10, 0.58},
		{"fast growth", 3, 0.8},
	} {
		t.Run(c.name, func(t *testing.T) {
			var h heapsCurve
			for n := int64(100); n < 5e6; n += 137 + n/50 {
				h.observe(n, int(c.k*math.Pow(float64(n), c.beta)))
			}
			k, beta := h.fit()
			if math.Abs(beta-c.beta) > 0.005 || math.Abs(k/c.k-1) > 0.05 {
				t.Errorf("got K %.3f β %.4f, want K %.3f β %.4f", k, beta, c.k, c.beta)
			}
		})
	}
}

func TestURN(t *testing.T) {
	for _, c := range []struct {
		name   string
		d      float64
		counts []int64
	}{
		{"no discount", 0, []int64{1, 1, 2, 6}},
		{"discount", 0.5, []int64{1, 1, 2, 6}},
		{"many", 0.58, []int64{1, 3, 1, 1, 40, 2, 1, 7, 1, 1, 1, 9}},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := newURN(c.d)
			var total float64
			for _, x := range c.counts {
				u.push(x)
				total += float64(x) - c.d
			}
			r := newRNG(1, 1)
			const draws = 200000
			got := make([]float64, len(c.counts))
			for range draws {
				got[u.drawOld(r)]++
			}
			for i, x := range c.counts {
				want := (float64(x) - c.d) / total
				if share := got[i] / draws; math.Abs(share-want) > 0.01 {
					t.Errorf("item %d (count %d): share %.4f, want %.4f", i, x, share, want)
				}
			}
			u.add(0)
			if u.count[0] != c.counts[0]+1 || u.n != u.extra+int64(len(c.counts)) {
				t.Errorf("after add: count %d, n %d, extra %d", u.count[0], u.n, u.extra)
			}
		})
	}
}

func TestURNFind(t *testing.T) {
	u := newURN(0.5)
	counts := []int64{1, 5, 1, 3, 1, 1, 8}
	for i := range 100 {
		counts = append(counts, int64(1+i%4))
	}
	for _, c := range counts {
		u.push(c)
	}
	var acc int64
	for i, c := range counts {
		for x := acc; x < acc+c-1; x++ {
			if got := u.find(x); got != i {
				t.Fatalf("find(%d): got %d, want %d", x, got, i)
			}
		}
		acc += c - 1
	}
}

func TestSchedule(t *testing.T) {
	weekday := [7]float64{1, 1, 1, 1, 1, 0.1, 0.1}
	start := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		n    int
	}{
		{"fewer articles than days", 5000},
		{"many per day", 200000},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newSchedule(c.n, start, end, 3, weekday, nil, newRNG(1, 1))
			var prev int64
			var week [7]int
			years := map[int]int{}
			for i := range c.n {
				ms := s.nextTime()
				if ms < prev {
					t.Fatalf("article %d: %d before %d", i, ms, prev)
				}
				prev = ms
				d := time.UnixMilli(ms).UTC()
				week[(int(d.Weekday())+6)%7]++
				years[d.Year()]++
			}
			if last := time.UnixMilli(prev).UTC(); last.After(end.Add(24 * time.Hour)) {
				t.Errorf("last date %s after the end", last)
			}
			if week[0] < 5*week[6] {
				t.Errorf("weekday profile lost: Monday %d, Sunday %d", week[0], week[6])
			}
			if years[2024] < 2*years[1981] {
				t.Errorf("volume growth lost: 1981 %d, 2024 %d", years[1981], years[2024])
			}
		})
	}
}

func TestAppendDate(t *testing.T) {
	g := &Generator{}
	for _, ms := range []int64{0, 946684799999, 1709294400123, 1735689599001} {
		g.ms = ms
		got := string(g.appendDate(nil))
		want := time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
		if got != want {
			t.Errorf("%d: got %s, want %s", ms, got, want)
		}
	}
}

func TestReadArticles(t *testing.T) {
	for _, c := range []struct {
		name, line string
		want       Article
		err        bool
	}{
		{"peers' shape", `{"id": 7, "date": "1987-02-26T15:01:01.790Z", "title": "T", "body": "B", "topics": ["cocoa"], "places": ["usa", "uk"], "people": ["reagan"], "orgs": []}`,
			Article{ID: "7", Date: time.Date(1987, 2, 26, 15, 1, 1, 790e6, time.UTC), Title: "T", Body: "B", Labels: [numKinds][]string{{"cocoa"}, {"usa", "uk"}, {"reagan"}, nil}}, false},
		{"Pulse's shape", `{"id": "a1", "published_at": "2024-03-01", "body": "B", "tags": ["earn"], "persons": [{"id": "jb", "name": "J B"}], "orgs": [{"name": "Opec"}]}`,
			Article{ID: "a1", Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Body: "B", Labels: [numKinds][]string{{"earn"}, nil, {"jb"}, {"Opec"}}}, false},
		{"category", `{"id": "business/001", "title": "T", "category": "business"}`,
			Article{ID: "business/001", Title: "T", Labels: [numKinds][]string{{"business"}, nil, nil, nil}}, false},
		{"bad date", `{"title": "T", "date": "yesterday"}`, Article{}, true},
		{"bad label", `{"title": "T", "places": [1]}`, Article{}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got Article
			err := ReadArticles(strings.NewReader(c.line+"\n"), func(a *Article) error { got = *a; return nil })
			if c.err {
				if !errors.Is(err, ErrSource) || !strings.Contains(err.Error(), "line 1") {
					t.Errorf("error: got %v, want ErrSource at line 1", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != c.want.ID || !got.Date.Equal(c.want.Date) || got.Title != c.want.Title || got.Body != c.want.Body {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
			for k := range numKinds {
				if !slices.Equal(got.Labels[k], c.want.Labels[k]) {
					t.Errorf("%s: got %q, want %q", KindNames[k], got.Labels[k], c.want.Labels[k])
				}
			}
		})
	}
}

func TestNewGeneratorOptions(t *testing.T) {
	m := mustSmall(t)
	for _, c := range []struct {
		name string
		opt  Options
		msg  string
	}{
		{"zero size", Options{}, "size: must be at least 1, got 0"},
		{"end before start", Options{Size: 1, Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}, "end: 2019-01-01 is before start 2020-01-01"},
		{"negative growth", Options{Size: 1, Growth: -1}, "growth: must be positive, got -1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewGenerator(m, c.opt)
			if !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %v, want %q", err, c.msg)
			}
		})
	}
}

func mustSmall(tb testing.TB) *Model {
	tb.Helper()
	m, err := LearnFile(filepath.Join("testdata", "small.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestSmallSource runs the whole pipeline on the small corpus in testdata
// (no ../shared needed): every article is readable back, labels come from
// the source or are invented in its spelling, and the measurements match
// the generator's own.
func TestSmallSource(t *testing.T) {
	m := mustSmall(t)
	if m.Real.Articles != 40 || m.paraSep != "\n\n" || m.wrap != 0 || !m.titleUpper {
		t.Fatalf("learned: %d articles, paragraph %q, wrap %d, upper titles %v", m.Real.Articles, m.paraSep, m.wrap, m.titleUpper)
	}
	path := filepath.Join(t.TempDir(), "out.jsonl.gz")
	rep, err := WriteFile(path, m, "small", Options{Size: 3000, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Measure(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Articles != 3000 || got.Tokens != rep.Generated.Tokens || got.Vocabulary != rep.Generated.Vocabulary {
		t.Errorf("measured %d articles, %d words, %d types; report %d, %d, %d",
			got.Articles, got.Tokens, got.Vocabulary, rep.Generated.Articles, rep.Generated.Tokens, rep.Generated.Vocabulary)
	}
	if got.Vocabulary <= m.Real.Vocabulary {
		t.Errorf("vocabulary did not grow: source %d, generated %d", m.Real.Vocabulary, got.Vocabulary)
	}
	if got.Labels[Places].Distinct < m.Real.Labels[Places].Distinct {
		t.Errorf("places: source %d, generated %d", m.Real.Labels[Places].Distinct, got.Labels[Places].Distinct)
	}
	var sb strings.Builder
	if err := rep.WriteTable(&sb); err != nil || !strings.Contains(sb.String(), "Heaps β") {
		t.Errorf("table: %v\n%s", err, sb.String())
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != rep.Bytes {
		t.Errorf("file size %v, report %d", fi, rep.Bytes)
	}
}

func TestJSONEscape(t *testing.T) {
	for in, want := range map[string]string{
		"NEW YORK":  "NEW YORK",
		"a\"b\\c":   `a\"b\\c`,
		"\n    ":    `\n    `,
		"x\x01y":    `x\u0001y`,
		"Zürich\t.": `Zürich\t.`,
	} {
		if got := jsonEscape(in); got != want {
			t.Errorf("jsonEscape(%q): got %q, want %q", in, got, want)
		}
	}
}

package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	ix "github.com/pulsesearch/pulse/indexer/extract"
)

// PRF counts a set comparison: true positives, and the sizes of the
// predicted and the gold sets.
type PRF struct {
	TP, Predicted, Gold int
}

// Precision is TP / Predicted, 0 when nothing was predicted.
func (p PRF) Precision() float64 { return ratio(p.TP, p.Predicted) }

// Recall is TP / Gold, 0 when there is no gold.
func (p PRF) Recall() float64 { return ratio(p.TP, p.Gold) }

// F1 is the harmonic mean of precision and recall.
func (p PRF) F1() float64 {
	pr, rc := p.Precision(), p.Recall()
	if pr+rc == 0 {
		return 0
	}
	return 2 * pr * rc / (pr + rc)
}

func (p *PRF) add(q PRF) {
	p.TP += q.TP
	p.Predicted += q.Predicted
	p.Gold += q.Gold
}

// Ratio is a count of hits out of a total.
type Ratio struct {
	Hits, Total int
}

// Value is Hits / Total, 0 for an empty total.
func (r Ratio) Value() float64 { return ratio(r.Hits, r.Total) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Report holds every figure of one evaluation run.
type Report struct {
	Reuters  *ReutersResult `json:"reuters,omitempty"`
	BBC      *BBCResult     `json:"bbc,omitempty"`
	ECB      *ECBResult     `json:"ecbplus,omitempty"`
	Articles int            `json:"articles"`
	Elapsed  time.Duration  `json:"elapsed_ns"`
}

// Options selects what to run.
type Options struct {
	// DataDir is the shared data folder (holding reuters21578, bbc and
	// ecbplus).
	DataDir string
	// Limit caps the articles read from each set; 0 reads all.
	Limit int
	// Sets names the sets to score: "reuters", "bbc", "ecbplus"; empty
	// scores all three.
	Sets []string
	// ECBErrors lists the ECB+ false and missed mentions under the
	// original scorer in the report's ECB.Errors.
	ECBErrors bool
	// ReutersErrors lists the Reuters false and missed salient countries
	// on the labelled articles, dateline in the body (ReutersResult.Errors).
	ReutersErrors bool
}

// ErrNoData is returned when the data folder or one of its files is
// missing.
var ErrNoData = errors.New("evaluation data not found")

// Run scores x on the sets opts names. The error names the file at fault
// and wraps ErrNoData when it is missing.
func Run(x *ix.Extractor, opts Options) (*Report, error) {
	want := map[string]bool{}
	for _, s := range opts.Sets {
		want[s] = true
	}
	all := len(want) == 0
	r := &Report{}
	start := time.Now()
	if all || want["reuters"] {
		res, err := Reuters(x, filepath.Join(opts.DataDir, "reuters21578", "reuters-dev.jsonl.gz"), opts.Limit, opts.ReutersErrors)
		if err != nil {
			return nil, err
		}
		r.Reuters = res
		r.Articles += res.Articles
	}
	if all || want["bbc"] {
		res, err := BBC(x, filepath.Join(opts.DataDir, "bbc", "bbc.jsonl.gz"), opts.Limit)
		if err != nil {
			return nil, err
		}
		r.BBC = res
		r.Articles += res.Articles
	}
	if all || want["ecbplus"] {
		res, err := ECB(x, filepath.Join(opts.DataDir, "ecbplus", "ecbplus-dev.jsonl.gz"), opts.Limit, opts.ECBErrors)
		if err != nil {
			return nil, err
		}
		r.ECB = res
		r.Articles += res.Articles
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// Write prints the report as a table.
func (r *Report) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	prf := func(name string, p PRF) {
		fmt.Fprintf(bw, "  %-34s P %.3f  R %.3f  F1 %.3f  (tp %d, predicted %d, gold %d)\n",
			name, p.Precision(), p.Recall(), p.F1(), p.TP, p.Predicted, p.Gold)
	}
	if x := r.Reuters; x != nil {
		fmt.Fprintf(bw, "Reuters-21578 dev (%d articles, %d with places, %d with people)\n", x.Articles, x.WithPlaces, x.WithPeople)
		prf("places, salient, country level", x.SalientPlaces)
		prf("places, all, country level", x.AllPlaces)
		prf("places, salient, dateline in body", x.InBody)
		fmt.Fprintf(bw, "  every article counted (%d without place labels):\n", x.Unlabelled)
		prf("places, salient, dateline field", x.EveryArticle)
		prf("places, salient, dateline in body", x.InBodyEveryArticle)
		fmt.Fprintf(bw, "  %-34s %d (dateline field), %d (dateline in body)\n", "false places, unlabelled articles", x.FalsePlaces, x.FalsePlacesInBody)
		fmt.Fprintf(bw, "  %-34s %.3f  (%d of %d)\n", "people, surname recall", x.SurnameRecall.Value(), x.SurnameRecall.Hits, x.SurnameRecall.Total)
		fmt.Fprintf(bw, "  %-34s %.3f  (%d of %d)\n", "people, surname recall, archive", x.ArchiveSurnameRecall.Value(), x.ArchiveSurnameRecall.Hits, x.ArchiveSurnameRecall.Total)
		fmt.Fprintf(bw, "  %-34s %d (dateline field), %d (dateline in body)\n", "spans of two kinds", len(x.TwoKinds), len(x.TwoKindsInBody))
		if len(x.Unmapped) > 0 {
			fmt.Fprintf(bw, "  place labels without a country code: %v\n", x.Unmapped)
		}
	}
	if x := r.BBC; x != nil {
		fmt.Fprintf(bw, "BBC News → IPTC top level (%d records, %d distinct)\n", x.Articles, x.Distinct)
		fmt.Fprintf(bw, "  %-34s %.3f  (%d of %d)\n", "top-1 accuracy", x.Accuracy.Value(), x.Accuracy.Hits, x.Accuracy.Total)
		fmt.Fprintf(bw, "  %-34s %.3f  (%d of %d)\n", "  first half (dev)", x.Dev.Value(), x.Dev.Hits, x.Dev.Total)
		fmt.Fprintf(bw, "  %-34s %.3f  (%d of %d)\n", "  second half (held out)", x.Held.Value(), x.Held.Hits, x.Held.Total)
		for _, c := range sortedKeys(x.PerCategory) {
			v := x.PerCategory[c]
			fmt.Fprintf(bw, "  %-34s %.3f  (%d of %d)\n", "  "+c, v.Value(), v.Hits, v.Total)
		}
		fmt.Fprintf(bw, "  %-34s %d\n", "spans of two kinds", len(x.TwoKinds))
	}
	if x := r.ECB; x != nil {
		fmt.Fprintf(bw, "ECB+ dev (%d documents, %d annotated sentences), named mentions\n", x.Articles, x.Sentences)
		prf("persons (overlap)", x.Persons)
		prf("persons (exact)", x.PersonsExact)
		prf("places (overlap)", x.Places)
		prf("orgs (overlap)", x.Orgs)
		fmt.Fprintf(bw, "  original scorer (a3f04ce: every named person mention, nested names counted):\n")
		prf("persons (overlap)", x.Original.Persons)
		prf("persons (exact)", x.Original.PersonsExact)
		prf("places (overlap)", x.Original.Places)
		prf("orgs (overlap)", x.Original.Orgs)
		fmt.Fprintf(bw, "  %-34s %d\n", "spans of two kinds", len(x.TwoKinds))
	}
	fmt.Fprintf(bw, "%d articles in %s\n", r.Articles, r.Elapsed.Round(time.Millisecond))
	return bw.Flush()
}

// readJSONL calls fn for each JSON line of a gzip file, up to limit lines
// when limit > 0.
func readJSONL(path string, limit int, fn func(line int, data []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: %w", path, ErrNoData)
		}
		return err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		if err := fn(n, sc.Bytes()); err != nil {
			return fmt.Errorf("%s, line %d: %w", path, n, err)
		}
		if limit > 0 && n >= limit {
			break
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func decode(data []byte, v any) error { return json.Unmarshal(data, v) }

// FindDataDir looks for the shared data folder: ../shared/data beside the
// repository root, found by walking up from dir to the folder holding
// go.mod.
func FindDataDir(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(d), "shared", "data")
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("%s: %w", p, ErrNoData)
			}
			return p, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod above %s: %w", dir, ErrNoData)
		}
		d = parent
	}
}

// lineTagged prefixes each clash with the line of its article in the
// data file, so it can be found again.
func lineTagged(line int, clashes []string) []string {
	for i, c := range clashes {
		clashes[i] = fmt.Sprintf("%d\t%s", line, c)
	}
	return clashes
}

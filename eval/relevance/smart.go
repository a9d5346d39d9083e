package relevance

import (
	"bufio"
	"compress/gzip"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
)

// SmartDir and ReutersDevFile are where the SMART collections and the
// Reuters development articles lie under ../shared/data.
const (
	SmartDir       = "smart"
	ReutersDevFile = "reuters21578/reuters-dev.jsonl.gz"
)

// SmartCollections are the seven judged collections of SmartDir, in the
// order of its README.
var SmartCollections = []string{"adi", "cacm", "cisi", "cran", "lisa", "med", "npl"}

// ECBPlusName names the ECB+ development collection among the SMART
// ones (SmartOptions.ECBPlus): news stories of 359 words on average
// (median 264, p90 815), nearly three times a Reuters article's 138, so
// that mixed with the Reuters articles it is an archive of long stories
// among wire briefs, the case the SMART collections' abstracts do not
// make.
const ECBPlusName = "ecbplus"

// SmartNames returns the collections of the SMART directory dir: its
// folders holding a docs.jsonl.gz, the seven of SmartCollections first
// in their order, then any others (a held-out collection) by name.
//
// It returns the error of reading dir, and one naming dir when it holds
// no collection.
func SmartNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "docs.jsonl.gz")); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	rank := func(n string) int {
		if i := slices.Index(SmartCollections, n); i >= 0 {
			return i
		}
		return len(SmartCollections)
	}
	slices.SortStableFunc(names, func(a, b string) int {
		if c := rank(a) - rank(b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no collection (a folder holding docs.jsonl.gz)", dir)
	}
	return names, nil
}

// Settings of the mixed-archive protocol (SmartDir's README): a collection
// indexed alone, or together with the Reuters development articles.
const (
	Alone = "alone"
	Mixed = "mixed"
)

// Smart is one judged collection: its documents as articles, and its
// queries as free text.
type Smart struct {
	Name       string
	Articles   []pulse.Article
	Collection *Collection
}

// ReadSmart reads the collection name of the SMART directory dir:
// docs.jsonl.gz (title and body become the article's), queries.jsonl
// (each text made free text by FreeText) and qrels.tsv.
//
// It returns the errors of reading the files, and an error wrapping
// ErrCollection for a judgment naming an unknown query.
func ReadSmart(dir, name string) (*Smart, error) {
	base := filepath.Join(dir, name)
	s := &Smart{Name: name, Collection: &Collection{Name: name}}
	type doc struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Body  string `json:"body"`
	}
	if err := readJSONL(filepath.Join(base, "docs.jsonl.gz"), func(raw []byte) error {
		var d doc
		if err := json.Unmarshal(raw, &d); err != nil {
			return err
		}
		s.Articles = append(s.Articles, pulse.Article{ID: d.ID, Title: d.Title, Body: d.Body})
		return nil
	}); err != nil {
		return nil, err
	}
	byID := map[string]int{}
	if err := readJSONL(filepath.Join(base, "queries.jsonl"), func(raw []byte) error {
		var q struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return err
		}
		byID[q.ID] = len(s.Collection.Queries)
		s.Collection.Queries = append(s.Collection.Queries, Query{ID: q.ID, Query: FreeText(q.Text), Relevant: map[string]int{}})
		return nil
	}); err != nil {
		return nil, err
	}
	qrels, err := os.ReadFile(filepath.Join(base, "qrels.tsv"))
	if err != nil {
		return nil, err
	}
	for i, line := range strings.Split(strings.TrimSpace(string(qrels)), "\n") {
		qid, did, ok := strings.Cut(line, "\t")
		n, known := byID[qid]
		if !ok || !known {
			return nil, fmt.Errorf("%s/qrels.tsv, line %d: %q: %w: no such query", base, i+1, line, ErrCollection)
		}
		s.Collection.Queries[n].Relevant[strings.TrimSpace(did)] = 1
	}
	return s, nil
}

// FreeText turns a judged query's text into words the query language takes
// as plain words: lower case (so "AND", "OR" and "NOT" are words, not
// operators), letters and digits only (so no "-", quote, parenthesis or
// "field:" acts as syntax).
func FreeText(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// ReadReuters reads the Reuters development articles (JSON Lines, gzip):
// id, title, body and date.
func ReadReuters(path string) ([]pulse.Article, error) {
	var arts []pulse.Article
	err := readJSONL(path, func(raw []byte) error {
		var r struct {
			ID    json.Number `json:"id"`
			Date  string      `json:"date"`
			Title string      `json:"title"`
			Body  string      `json:"body"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		a := pulse.Article{ID: "reut-" + r.ID.String(), Title: r.Title, Body: r.Body}
		if t, err := time.Parse(time.RFC3339, r.Date); err == nil {
			a.PublishedAt = t
		}
		arts = append(arts, a)
		return nil
	})
	return arts, err
}

// readJSONL calls line for each non-blank line of path, gunzipped when the
// name ends in .gz.
func readJSONL(path string, line func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer z.Close()
		r = z
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	n := 0
	for sc.Scan() {
		n++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := line(sc.Bytes()); err != nil {
			return fmt.Errorf("%s, line %d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Peer is a peer engine's figures on one collection and setting, from
// SmartDir's README.
type Peer struct {
	MAP, NDCG, P float64
}

// PeerFigures are the README's anchors: collection → setting → engine
// ("Xapian", "FTS5") → figures.
type PeerFigures map[string]map[string]map[string]Peer

// ReadPeerFigures parses the "Peer anchors" table of SmartDir's README.md
// (ParsePeerFigures).
//
// It returns the error of reading the file, and one naming the file when
// no row parses.
func ReadPeerFigures(path string) (PeerFigures, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParsePeerFigures(raw, path)
}

// peersReadme holds the peers' figures on the ECB+ collection, measured
// by peers/peers.py under the SMART README's protocol.
//
//go:embed peers/README.md
var peersReadme []byte

// ECBPlusPeers returns Xapian's and FTS5's figures on the collection
// ECBPlusName, alone and mixed, from peers/README.md.
func ECBPlusPeers() PeerFigures {
	p, err := ParsePeerFigures(peersReadme, "eval/relevance/peers/README.md")
	if err != nil {
		panic(err) // the file is embedded; TestECBPlusPeers reads it
	}
	return p
}

// ParsePeerFigures parses the rows "| name | setting | docs | queries |
// Xapian MAP@100 | nDCG@10 | P@10 | FTS5 MAP@100 | nDCG@10 | P@10 |" of
// a README (raw); name names it in the error.
//
// It returns an error naming name when no row parses.
func ParsePeerFigures(raw []byte, name string) (PeerFigures, error) {
	out := PeerFigures{}
	for _, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 10 {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if cells[1] != Alone && cells[1] != Mixed {
			continue
		}
		var f [6]float64
		ok := true
		for i := range f {
			v, err := strconv.ParseFloat(cells[4+i], 64)
			if err != nil {
				ok = false
				break
			}
			f[i] = v
		}
		if !ok {
			continue
		}
		coll := strings.Trim(cells[0], "`")
		if out[coll] == nil {
			out[coll] = map[string]map[string]Peer{}
		}
		out[coll][cells[1]] = map[string]Peer{
			"Xapian": {MAP: f[0], NDCG: f[1], P: f[2]},
			"FTS5":   {MAP: f[3], NDCG: f[4], P: f[5]},
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no peer figures found", name)
	}
	return out, nil
}

// SmartRow is one collection in one setting: Pulse's figures and the
// peers'.
type SmartRow struct {
	Collection string          `json:"collection"`
	Setting    string          `json:"setting"`
	Variant    string          `json:"variant,omitempty"`
	Docs       int             `json:"docs"`
	Rejected   int             `json:"rejected"`
	Report     *Report         `json:"report"`
	Peers      map[string]Peer `json:"peers,omitempty"`
}

// SmartOptions are the choices of RunSmart.
type SmartOptions struct {
	// Collections to run; nil means those of the directory (SmartNames),
	// then ECBPlusName when ECBPlus is set.
	Collections []string
	// ECBPlus is the ECB+ development file (ECBPlusFile), run as the
	// collection ECBPlusName: its headline queries (ReadECBPlus) alone
	// and mixed like the SMART collections'. "" leaves it out.
	ECBPlus string
	// Settings to run (Alone, Mixed); nil means both.
	Settings []string
	// TmpDir holds the temporary indexes ("" for the system's).
	TmpDir string
	// Progress, when set, is told of each step.
	Progress io.Writer
	// Variants are run on each index, each a row; nil means the base
	// configuration alone.
	Variants []Variant
	// Own also scores each mixed ranking with the Reuters articles
	// removed (Options.Own): the loss going from alone to mixed split into
	// the Reuters articles ranked among the collection's and the
	// collection's own documents reordered by the archive's statistics.
	// It fetches ten times the depth per mixed query.
	Own bool
}

// smartParams are added to every smart request: recency is off in every
// relevance measure, and the collections are not news, so copies are
// listed as the peers list them.
var smartParams = url.Values{"recency": {"off"}, "collapse": {"off"}}

// RunSmart runs the SMART collections of the directory dir, each alone
// and mixed with the Reuters articles of reutersPath, on fresh indexes
// built through the production writer and extractor, with the search
// configuration base. The Reuters part is written once and its index
// directory copied for each mixed run.
//
// It returns the errors of reading the data, of building the indexes and
// of Run.
func RunSmart(ctx context.Context, dir, reutersPath string, base config.Search, peers PeerFigures, sopts SmartOptions, opts Options) ([]SmartRow, error) {
	names := sopts.Collections
	if names == nil {
		var err error
		if names, err = SmartNames(dir); err != nil {
			return nil, err
		}
		if sopts.ECBPlus != "" {
			names = append(names, ECBPlusName)
		}
	}
	settings := sopts.Settings
	if settings == nil {
		settings = []string{Alone, Mixed}
	}
	progress := sopts.Progress
	if progress == nil {
		progress = io.Discard
	}
	x, err := NewExtractor()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(sopts.TmpDir, "pulse-eval-smart-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	ing := config.Defaults().Ingest
	reutersDir := ""
	for _, s := range settings {
		if s == Mixed {
			arts, err := ReadReuters(reutersPath)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(progress, "indexing %d Reuters articles\n", len(arts))
			reutersDir = filepath.Join(tmp, "reuters")
			b, err := BuildIndex(ctx, reutersDir, arts, x, ing)
			if err != nil {
				return nil, err
			}
			if err := b.Index.Close(); err != nil {
				return nil, err
			}
		}
	}
	// The judged queries run to 1,500 characters and 300 words; the
	// peers take them whole, so neither the length limit nor the clause
	// limit may refuse them (cisi's query 90 has 335 words).
	base.MaxQueryLength = max(base.MaxQueryLength, 4096)
	base.MaxClauses = max(base.MaxClauses, 1024)
	var rows []SmartRow
	for _, name := range names {
		s, err := readCollection(dir, name, sopts.ECBPlus)
		if err != nil {
			return nil, err
		}
		for _, setting := range settings {
			data := filepath.Join(tmp, name+"-"+setting)
			if setting == Mixed {
				if err := copyDir(reutersDir, data); err != nil {
					return nil, err
				}
			} else if setting != Alone {
				return nil, fmt.Errorf("setting %q: must be %s or %s", setting, Alone, Mixed)
			}
			fmt.Fprintf(progress, "%s %s: indexing %d documents\n", name, setting, len(s.Articles))
			ix, rejected, err := writeArticles(ctx, data, s.Articles, x, ing)
			if err != nil {
				return nil, err
			}
			ids := make(map[string]bool, len(s.Articles))
			for _, a := range s.Articles {
				ids[a.ID] = true
			}
			own := func(id string) bool { return ids[id] }
			n, err := ix.Bleve().DocCount()
			if err != nil {
				ix.Close()
				return nil, err
			}
			variants := sopts.Variants
			if variants == nil {
				variants = []Variant{{}}
			}
			for _, v := range variants {
				cfg := base
				if v.Search != nil {
					v.Search(&cfg)
				}
				o := opts
				o.Config = cfg
				o.Params = url.Values{}
				for k, vals := range smartParams {
					o.Params[k] = vals
				}
				for k, vals := range v.Params {
					o.Params[k] = vals
				}
				if sopts.Own && setting == Mixed {
					o.Own = own
				}
				rep, err := Run(ctx, searchers(ix, time.UTC)(cfg), s.Collection, o)
				if err != nil {
					ix.Close()
					return nil, fmt.Errorf("%s %s %s: %w", name, setting, v.Name, err)
				}
				rep.Name = name
				rows = append(rows, SmartRow{Collection: name, Setting: setting, Variant: v.Name, Docs: int(n), Rejected: rejected, Report: rep, Peers: peers[name][setting]})
			}
			ix.Close()
			os.RemoveAll(data)
		}
	}
	return rows, nil
}

// readCollection reads the collection name: ECBPlusName from the ECB+
// file ecbplus, any other from the SMART directory dir.
func readCollection(dir, name, ecbplus string) (*Smart, error) {
	if name != ECBPlusName {
		return ReadSmart(dir, name)
	}
	if ecbplus == "" {
		return nil, fmt.Errorf("collection %s: no ECB+ file given", name)
	}
	e, err := ReadECBPlus(ecbplus)
	if err != nil {
		return nil, err
	}
	return &Smart{Name: name, Articles: e.Articles, Collection: e.Collection}, nil
}

// writeArticles opens (or creates) the index in dataDir and writes arts
// into it through the production writer, returning the index (which the
// caller closes) and the number of articles the writer rejected.
func writeArticles(ctx context.Context, dataDir string, arts []pulse.Article, x indexer.Extractor, ing config.Ingest) (*indexer.Index, int, error) {
	ix, err := indexer.Open(dataDir, "pulse-eval relevance")
	if err != nil {
		return nil, 0, err
	}
	res, err := write(ctx, ix, arts, x, ing)
	if err != nil {
		ix.Close()
		return nil, 0, fmt.Errorf("%s: %w", dataDir, err)
	}
	rejected := 0
	for _, r := range res {
		if r.Outcome == pulse.Rejected {
			rejected++
		}
	}
	return ix, rejected, nil
}

// copyDir copies the closed data directory src to dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

// WriteSmart prints the rows as one table: Pulse's MAP@100, nDCG@10 and
// P@10 beside Xapian's and FTS5's, the better peer's MAP and Pulse's
// difference from it, then extra rows (ECB+) with Pulse's figures only.
//
// It returns the first error of w.
func WriteSmart(w io.Writer, rows []SmartRow, extra ...SmartRow) error {
	all := append(append([]SmartRow(nil), rows...), extra...)
	own := slices.ContainsFunc(all, func(r SmartRow) bool { return r.Report.OwnMAP != nil })
	var b strings.Builder
	b.WriteString("| collection | setting | docs | queries | Pulse MAP@100 | nDCG@10 | P@10 | Xapian MAP@100 | FTS5 MAP@100 | Pulse − best peer |")
	if own {
		b.WriteString(" own MAP@100 |")
	}
	b.WriteString("\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	if own {
		b.WriteString(" ---: |")
	}
	b.WriteString("\n")
	for _, r := range all {
		setting := r.Setting
		if r.Variant != "" {
			setting += ", " + r.Variant
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %.4f | %.4f | %.4f |", r.Collection, setting, r.Docs, r.Report.Queries, r.Report.MAP, r.Report.NDCG, r.Report.P)
		x, okx := r.Peers["Xapian"]
		f, okf := r.Peers["FTS5"]
		if okx && okf {
			fmt.Fprintf(&b, " %.4f | %.4f | %+.4f |", x.MAP, f.MAP, r.Report.MAP-max(x.MAP, f.MAP))
		} else {
			b.WriteString(" | | |")
		}
		switch {
		case !own:
		case r.Report.OwnMAP != nil:
			fmt.Fprintf(&b, " %.4f |", *r.Report.OwnMAP)
		default:
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	writeLosses(&b, all)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeLosses adds, below the table, each collection's change of MAP@100
// going from alone to mixed beside the peers', and whether Pulse loses no
// more than either peer (issue 15's test): for the collections that have
// both rows, without a variant, with both peers' figures.
func writeLosses(b *strings.Builder, rows []SmartRow) {
	type pair struct{ alone, mixed *SmartRow }
	var order []string
	pairs := map[string]*pair{}
	for i := range rows {
		r := &rows[i]
		if r.Variant != "" {
			continue
		}
		p := pairs[r.Collection]
		if p == nil {
			p = &pair{}
			pairs[r.Collection] = p
			order = append(order, r.Collection)
		}
		switch r.Setting {
		case Alone:
			p.alone = r
		case Mixed:
			p.mixed = r
		}
	}
	// Compared as printed, to the fourth decimal.
	r4 := func(v float64) float64 { return math.Round(v*1e4) / 1e4 }
	header := false
	for _, c := range order {
		p := pairs[c]
		if p.alone == nil || p.mixed == nil {
			continue
		}
		xa, ok1 := p.alone.Peers["Xapian"]
		xm, ok2 := p.mixed.Peers["Xapian"]
		fa, ok3 := p.alone.Peers["FTS5"]
		fm, ok4 := p.mixed.Peers["FTS5"]
		if !(ok1 && ok2 && ok3 && ok4) {
			continue
		}
		if !header {
			b.WriteString("\n| collection | Pulse mixed − alone | Xapian | FTS5 | peers Pulse loses no more than |\n| --- | ---: | ---: | ---: | --- |\n")
			header = true
		}
		d, dx, df := r4(p.mixed.Report.MAP-p.alone.Report.MAP), r4(xm.MAP-xa.MAP), r4(fm.MAP-fa.MAP)
		verdict := "both"
		if d < min(dx, df) {
			verdict = "neither"
		} else if d < max(dx, df) {
			verdict = "one"
		}
		fmt.Fprintf(b, "| %s | %+.4f | %+.4f | %+.4f | %s |\n", c, d, dx, df, verdict)
	}
}

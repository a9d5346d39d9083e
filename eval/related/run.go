package related

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/search/related"
)

// Run is `pulse-eval related` without an entity extractor: it scores the
// terms and time signals (the entity signal has nothing to match), from
// the shipped options. See Evaluator.Run for the arguments.
func Run(ctx context.Context, args []string, stdout io.Writer) error {
	return Evaluator{Options: Shipped()}.Run(ctx, args, stdout)
}

// Shipped returns the Finder options of the shipped configuration,
// those every variant starts from unless told otherwise.
func Shipped() related.Options {
	return related.FromConfig(config.Defaults().Related)
}

// Evaluator runs the evaluation with an optional entity extractor.
type Evaluator struct {
	// Extractor, when set, gives the indexed articles their entities,
	// from their text only. Nil indexes no entities.
	Extractor Extractor
	// Options are the Finder options every variant starts from, used as
	// given (Shipped for the shipped configuration's).
	Options related.Options
}

// Variants are the configurations scored: the baseline; the method;
// the method without its re-ranking (BM25 order); then every combination
// of the three signals that can find anything (time alone only scales
// scores, so it is not one).
func Variants(base related.Options) []Variant {
	with := func(name string, noTerms, noEntities, noTime bool) Variant {
		o := base
		o.NoTerms, o.NoEntities, o.NoTime = noTerms, noEntities, noTime
		return Variant{Name: name, Options: o}
	}
	norerank := with("terms + entities + time, no re-rank", false, false, false)
	norerank.Options.NoRerank = true
	return []Variant{
		{Name: "baseline: top-20 terms, BM25 OR", Baseline: true},
		with("terms + entities + time", false, false, false),
		norerank,
		with("terms + entities", false, false, true),
		with("terms + time", false, true, false),
		with("entities + time", true, false, false),
		with("terms", false, true, true),
		with("entities", true, false, true),
	}
}

// Run builds a fresh index of the ECB+ development articles in a
// temporary directory, queries every article with each variant and
// prints the scores. args are flags:
//
//	-data FILE  the ECB+ file (default ../shared/data/ecbplus/ecbplus-dev.jsonl.gz
//	            beside the repository)
//	-k N        the list length scored (default 5)
//	-json       print the report as JSON
//	-max-terms N, -max-doc-share F
//	            the Finder options every variant starts from
//
// It returns an error for bad flags, missing data (wrapping ErrNoData) or
// a failure of the index.
func (e Evaluator) Run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("related", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	data := fs.String("data", "", "the ECB+ development file")
	k := fs.Int("k", 5, "list length scored")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	maxTerms := fs.Int("max-terms", e.Options.MaxTerms, "related.max_terms for every variant")
	maxShare := fs.Float64("max-doc-share", e.Options.MaxDocShare, "related.max_doc_share for every variant")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: related takes only flags", fs.Arg(0))
	}
	if *k < 1 || *k > 50 {
		return fmt.Errorf("-k: must be between 1 and 50, got %d", *k)
	}
	e.Options.MaxTerms, e.Options.MaxDocShare = *maxTerms, *maxShare
	if err := e.Options.Validate(); err != nil {
		return err
	}
	if *data == "" {
		p, err := FindData(".")
		if err != nil {
			return fmt.Errorf("-data not given and %w", err)
		}
		*data = p
	}
	r, err := e.Report(ctx, *data, *k)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return r.Write(stdout)
}

// Report reads the ECB+ file at path, indexes it in a temporary
// directory (removed after) and scores every variant's top k.
func (e Evaluator) Report(ctx context.Context, path string, k int) (*Report, error) {
	start := time.Now()
	docs, err := ReadDocs(path)
	if err != nil {
		return nil, err
	}
	dir, err := tempDir()
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	idx, err := Index(ctx, dir, docs, e.Extractor)
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	r := &Report{Data: path, Articles: len(docs), K: k, Entities: e.Extractor != nil}
	stories, topics := map[string]bool{}, map[int]bool{}
	for _, d := range docs {
		stories[d.Story], topics[d.Topic] = true, true
		if !d.Article.PublishedAt.IsZero() {
			r.Dated++
		}
	}
	r.Stories, r.Topics = len(stories), len(topics)
	if r.Scores, err = Evaluate(ctx, idx.Bleve(), docs, k, Variants(e.Options)); err != nil {
		return nil, err
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

// Write prints the report as a table.
func (r *Report) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "ECB+ development articles: %d articles, %d stories, %d topics (%s)\n", r.Articles, r.Stories, r.Topics, r.Data)
	ents := "none (no extractor: the entity signal has nothing to match)"
	if r.Entities {
		ents = "from the extractor, on the article text only"
	}
	fmt.Fprintf(bw, "entities: %s\n", ents)
	if r.Dated == 0 {
		fmt.Fprintf(bw, "dates: none in the corpus (the time factor is 1 for every pair: time on equals time off)\n")
	} else {
		fmt.Fprintf(bw, "dates: %d of %d articles\n", r.Dated, r.Articles)
	}
	fmt.Fprintln(bw)
	head := fmt.Sprintf("| %-38s | %7s | %7s | %13s | %5s |", "method", fmt.Sprintf("P@%d", r.K), "MRR@10", fmt.Sprintf("other-event@%d", r.K), "empty")
	fmt.Fprintln(bw, head)
	fmt.Fprintf(bw, "|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 40), strings.Repeat("-", 9), strings.Repeat("-", 9), strings.Repeat("-", 16), strings.Repeat("-", 7))
	for _, s := range r.Scores {
		fmt.Fprintf(bw, "| %-38s | %7.3f | %7.3f | %14.3f | %5d |\n", s.Variant, s.Precision, s.MRR, s.OtherEvent, s.Empty)
	}
	fmt.Fprintf(bw, "\ntargets: P@5 ≥ 0.92, MRR ≥ 0.96, other-event@5 ≤ 0.05; %s\n", r.Elapsed.Round(time.Millisecond))
	return bw.Flush()
}

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	evalextract "github.com/pulsesearch/pulse/eval/extract"
	"github.com/pulsesearch/pulse/indexer/extract"
)

func init() {
	var (
		dataDir string
		limit   int
		sets    []string
		asJSON  bool
		errors  bool
		facets  int
		samples int
	)
	cmd := &cobra.Command{
		Use:   "extract",
		Short: "Score entity extraction: Reuters places and people, BBC topics, ECB+ mentions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if facets < 0 || samples < 0 {
				return fmt.Errorf("--facets and --samples: must be 0 or more, got %d and %d", facets, samples)
			}
			if limit < 0 {
				return fmt.Errorf("--limit: must be 0 or more, got %d", limit)
			}
			for _, s := range sets {
				if s != "reuters" && s != "bbc" && s != "ecbplus" {
					return fmt.Errorf("--set: must be reuters, bbc or ecbplus, got %q", s)
				}
			}
			if dataDir == "" {
				d, err := evalextract.FindDataDir(".")
				if err != nil {
					return fmt.Errorf("--data not given and %w", err)
				}
				dataDir = d
			}
			x, err := extract.New()
			if err != nil {
				return err
			}
			if facets > 0 {
				set := "reuters"
				switch {
				case len(sets) > 1 || len(sets) == 1 && !slices.Contains(evalextract.FacetSets, sets[0]):
					return fmt.Errorf("--facets lists one set's values: --set reuters (the default) or bbc, got %q", strings.Join(sets, ","))
				case len(sets) == 1:
					set = sets[0]
				}
				path := filepath.Join(dataDir, "reuters21578", "reuters-dev.jsonl.gz")
				if set == "bbc" {
					path = filepath.Join(dataDir, "bbc", "bbc.jsonl.gz")
				}
				f, err := evalextract.Facets(x, set, path, limit, facets, samples)
				if err != nil {
					return err
				}
				if asJSON {
					enc := json.NewEncoder(cmd.OutOrStdout())
					enc.SetIndent("", "  ")
					return enc.Encode(f)
				}
				return f.Write(cmd.OutOrStdout())
			}
			r, err := evalextract.Run(x, evalextract.Options{DataDir: dataDir, Limit: limit, Sets: sets, ECBErrors: errors, ReutersErrors: errors})
			if err != nil {
				return err
			}
			if errors && r.Reuters != nil {
				for _, e := range r.Reuters.Errors {
					fmt.Fprintln(cmd.ErrOrStderr(), "reuters error:", e)
				}
			}
			if errors && r.BBC != nil {
				for _, e := range r.BBC.Errors {
					fmt.Fprintln(cmd.ErrOrStderr(), "bbc dev error:", e)
				}
			}
			if errors && r.ECB != nil {
				for _, e := range r.ECB.Errors {
					fmt.Fprintln(cmd.ErrOrStderr(), "ecbplus error:", e)
				}
			}
			if errors {
				writeTwoKinds(cmd.ErrOrStderr(), r)
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			return r.Write(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&dataDir, "data", "", "shared data folder (default: ../shared/data beside the repository)")
	cmd.Flags().IntVar(&limit, "limit", 0, "read at most this many articles of each set (0: all)")
	cmd.Flags().StringSliceVar(&sets, "set", nil, "sets to score: reuters, bbc, ecbplus (default: all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&errors, "errors", false, "list the Reuters false and missed salient countries (dateline in the body), the BBC dev-half errors, the ECB+ false (+) and missed (-) mentions under the original scorer and every span of two kinds on stderr")
	cmd.Flags().IntVar(&facets, "facets", 0, "instead of scoring, list the top N person, org, place and topic facet values over the Reuters dev articles (or, with --set bbc, BBC News)")
	cmd.Flags().IntVar(&samples, "samples", 0, "with --facets, list this many titles of each of the 15 most frequent topics")
	rootCmd.AddCommand(cmd)
}

// writeTwoKinds lists every span of two kinds, one a line: the set (and
// Reuters protocol), the article's line in its file, the field and the
// two spans.
func writeTwoKinds(w io.Writer, r *evalextract.Report) {
	list := func(set string, clashes []string) {
		for _, c := range clashes {
			fmt.Fprintf(w, "two kinds: %s\t%s\n", set, c)
		}
	}
	if r.Reuters != nil {
		list("reuters", r.Reuters.TwoKinds)
		list("reuters-in-body", r.Reuters.TwoKindsInBody)
	}
	if r.BBC != nil {
		list("bbc", r.BBC.TwoKinds)
	}
	if r.ECB != nil {
		list("ecbplus", r.ECB.TwoKinds)
	}
}

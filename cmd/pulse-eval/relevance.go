package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse/config"
	evalextract "github.com/pulsesearch/pulse/eval/extract"
	"github.com/pulsesearch/pulse/eval/relevance"
)

func init() {
	var (
		ecbplus     string
		dataDir     string
		collection  string
		configFile  string
		depth       int
		queries     bool
		asJSON      bool
		writeCollTo string
		smart       bool
		smartDir    string
		reuters     string
		smartColls  []string
		settings    []string
		variants    []string
		own         bool
	)
	cmd := &cobra.Command{
		Use:   "relevance",
		Short: "Score search ranking on a test collection: MAP, nDCG@10, P@10, each ranking feature on and off",
		Long: `Run a test collection (queries with judged documents, JSON Lines: see
eval/relevance/README.md) and print MAP, nDCG@10 and P@10 for the baseline
and for each ranking feature changed alone (title boost 1, recency off,
collapse off, OR/fuzzy retries off, default operator OR).

Without flags it builds the ECB+ development collection from
../shared/data/ecbplus/ecbplus-dev.jsonl.gz (one query per story: the
first headline; relevant: the story's other articles) and searches a fresh
temporary index of the ECB+ articles, built through the production writer
and extractor. A last, diagnostic row runs the baseline with stop words
removed from the queries.

With --data-dir and --collection it runs the collection against the index
in that data directory instead. The directory is locked for the run: stop
any "pulse serve", "pulse watch" or ingest holding it first.

The search settings are the defaults, or those of --config.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if depth < 1 {
				return fmt.Errorf("--depth: must be 1 or more, got %d", depth)
			}
			if (dataDir == "") != (collection == "") {
				return fmt.Errorf("--data-dir and --collection go together, got only %s", map[bool]string{true: "--collection", false: "--data-dir"}[dataDir == ""])
			}
			if dataDir != "" && (ecbplus != "" || writeCollTo != "") {
				return fmt.Errorf("--ecbplus and --write-collection are for the ECB+ run, not with --data-dir and --collection")
			}
			cfg := config.Defaults()
			if configFile != "" {
				c, err := config.Load(config.Options{File: configFile, Environ: []string{}})
				if err != nil {
					return err
				}
				cfg = *c
			}
			opts := relevance.Options{Depth: depth}
			if len(variants) > 0 && !smart {
				return fmt.Errorf("--variant is for --smart")
			}
			if own && !smart {
				return fmt.Errorf("--own is for --smart")
			}
			if smart {
				vs, err := smartVariants(cfg, variants)
				if err != nil {
					return err
				}
				return runSmart(cmd, smartDir, reuters, ecbplus, cfg.Search, relevance.SmartOptions{Collections: smartColls, Settings: settings, Progress: cmd.ErrOrStderr(), Variants: vs, Own: own}, opts, asJSON)
			}
			var (
				cmp *relevance.Comparison
				err error
			)
			if dataDir != "" {
				c, err := relevance.ReadCollection(collection)
				if err != nil {
					return err
				}
				loc := time.UTC
				if configFile != "" {
					loc = cfg.Location()
				}
				cmp, err = relevance.RunIndex(cmd.Context(), dataDir, c, cfg.Search, loc, relevance.Features(), opts)
				if err != nil {
					return err
				}
			} else {
				if ecbplus == "" {
					d, err := evalextract.FindDataDir(".")
					if err != nil {
						return fmt.Errorf("--ecbplus not given and %w", err)
					}
					ecbplus = filepath.Join(d, relevance.ECBPlusFile)
				}
				if writeCollTo != "" {
					e, err := relevance.ReadECBPlus(ecbplus)
					if err != nil {
						return err
					}
					f, err := os.Create(writeCollTo)
					if err != nil {
						return err
					}
					if err := e.Collection.WriteJSONL(f); err != nil {
						f.Close()
						return err
					}
					if err := f.Close(); err != nil {
						return err
					}
				}
				cmp, err = relevance.RunECBPlus(cmd.Context(), ecbplus, "", cfg.Search, relevance.Features(), opts)
				if err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(cmp)
			}
			if err := cmp.Write(cmd.OutOrStdout()); err != nil {
				return err
			}
			if queries && len(cmp.Rows) > 0 {
				fmt.Fprintln(cmd.OutOrStdout())
				return relevance.WriteQueries(cmd.OutOrStdout(), cmp.Rows[0])
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&ecbplus, "ecbplus", "", "ECB+ development file (default: ../shared/data/"+relevance.ECBPlusFile+" beside the repository)")
	cmd.Flags().StringVar(&dataDir, "data-dir", "", "data directory of an existing index to search (with --collection; not while a server holds it)")
	cmd.Flags().StringVar(&collection, "collection", "", "test collection file, JSON Lines (with --data-dir)")
	cmd.Flags().StringVar(&configFile, "config", "", "Pulse configuration file whose search settings are the baseline (default: the built-in defaults)")
	cmd.Flags().IntVar(&depth, "depth", relevance.DefaultDepth, "hits fetched per query (MAP and recall are computed over them)")
	cmd.Flags().BoolVar(&queries, "queries", false, "also print each query's baseline figures")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the comparison as JSON, with each query's figures")
	cmd.Flags().StringVar(&writeCollTo, "write-collection", "", "also write the ECB+ development collection to this file (JSON Lines)")
	cmd.Flags().BoolVar(&smart, "smart", false, "run the SMART collections alone and mixed with the Reuters development articles, and the ECB+ baseline, in one table beside the peers' figures")
	cmd.Flags().StringVar(&smartDir, "smart-dir", "", "SMART collections directory (default: ../shared/data/"+relevance.SmartDir+" beside the repository)")
	cmd.Flags().StringVar(&reuters, "reuters", "", "Reuters development articles for the mixed runs (default: ../shared/data/"+relevance.ReutersDevFile+")")
	cmd.Flags().StringSliceVar(&smartColls, "collections", nil, "collections to run: folders of --smart-dir, and \""+relevance.ECBPlusName+"\" (the ECB+ headlines in the same protocol) (default: every collection of --smart-dir, then "+relevance.ECBPlusName+")")
	cmd.Flags().StringSliceVar(&settings, "settings", nil, "settings to run: alone, mixed (default: both)")
	cmd.Flags().BoolVar(&own, "own", false, "with --smart, also score each mixed ranking with the Reuters articles removed (column \"own MAP@100\"): the alone-to-mixed loss apart from Reuters articles ranked among the collection's; fetches ten times the depth")
	cmd.Flags().StringArrayVar(&variants, "variant", nil, `with --smart, also run the search settings "NAME:key=value,key=value" (keys of the configuration's search section, e.g. "k1 1.5:bm25_k1=1.5") on the same indexes, one row each; repeatable`)
	rootCmd.AddCommand(cmd)
}

// runSmart runs the SMART collections and the ECB+ baseline and prints
// them in one table.
func runSmart(cmd *cobra.Command, smartDir, reuters, ecbplus string, base config.Search, sopts relevance.SmartOptions, opts relevance.Options, asJSON bool) error {
	if smartDir == "" || reuters == "" || ecbplus == "" {
		d, err := evalextract.FindDataDir(".")
		if err != nil {
			return fmt.Errorf("--smart-dir, --reuters or --ecbplus not given and %w", err)
		}
		if smartDir == "" {
			smartDir = filepath.Join(d, relevance.SmartDir)
		}
		if reuters == "" {
			reuters = filepath.Join(d, relevance.ReutersDevFile)
		}
		if ecbplus == "" {
			ecbplus = filepath.Join(d, relevance.ECBPlusFile)
		}
	}
	// A collection folder without the peers' table (a held-out set) still
	// runs, with the peers' columns blank.
	peers, err := relevance.ReadPeerFigures(filepath.Join(smartDir, "README.md"))
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "no peer figures: %v\n", err)
		peers = relevance.PeerFigures{}
	}
	maps.Copy(peers, relevance.ECBPlusPeers())
	sopts.ECBPlus = ecbplus
	rows, err := relevance.RunSmart(cmd.Context(), smartDir, reuters, base, peers, sopts, opts)
	if err != nil {
		return err
	}
	ecbVariants := relevance.Features()[:1]
	if sopts.Variants != nil {
		ecbVariants = sopts.Variants
	}
	cmp, err := relevance.RunECBPlus(cmd.Context(), ecbplus, "", base, ecbVariants, opts)
	if err != nil {
		return err
	}
	// The rows follow the variants; RunECBPlus adds a diagnostic row last.
	var ecb []relevance.SmartRow
	for i, v := range ecbVariants {
		name := v.Name
		if sopts.Variants == nil {
			name = ""
		}
		ecb = append(ecb, relevance.SmartRow{Collection: "ECB+ headlines", Setting: "alone", Variant: name, Docs: cmp.Docs, Report: cmp.Rows[i]})
	}
	if asJSON {
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(append(rows, ecb...))
	}
	return relevance.WriteSmart(cmd.OutOrStdout(), rows, ecb...)
}

// smartVariants returns the SMART run's variants: nil without --variant
// (the configuration alone), else the baseline followed by each parsed
// spec, each checked by config.Validate once applied.
func smartVariants(cfg config.Config, specs []string) ([]relevance.Variant, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	vs := []relevance.Variant{{Name: "baseline"}}
	for _, spec := range specs {
		v, err := relevance.ParseVariant(spec)
		if err != nil {
			return nil, fmt.Errorf("--variant: %w", err)
		}
		whole := cfg
		v.Search(&whole.Search)
		if err := whole.Validate(); err != nil {
			return nil, fmt.Errorf("--variant %q: %w", spec, err)
		}
		vs = append(vs, v)
	}
	return vs, nil
}

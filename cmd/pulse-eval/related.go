package main

import (
	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
	evalrelated "github.com/pulsesearch/pulse/eval/related"
	"github.com/pulsesearch/pulse/indexer/extract"
)

// extractor adapts the entity extractor to the evaluation's interface.
type extractor struct{ x *extract.Extractor }

func (e extractor) Extract(a *pulse.Article) { e.x.Extract(a, extract.Options{}) }

func init() {
	cmd := &cobra.Command{
		Use:   "related [-data FILE] [-k 5] [-json] [-max-terms N] [-max-doc-share F]",
		Short: "Score related stories on the ECB+ development stories, each signal on and off",
		Long: `Index the ECB+ development articles (text only; the story, topic and
mention annotations are the answer key) with the real entity extractor, and
score each article's related list: same-story precision@k, MRR of the first
same-story hit, and the share of the top k given to the other event of the
same topic, for the method with each signal on and off and for the classic
expand-set baseline.`,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			x, err := extract.New()
			if err != nil {
				return err
			}
			return evalrelated.Evaluator{Extractor: extractor{x}, Options: evalrelated.Shipped()}.Run(cmd.Context(), args, cmd.OutOrStdout())
		},
	}
	rootCmd.AddCommand(cmd)
}

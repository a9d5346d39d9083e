package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/extract"
	"github.com/pulsesearch/pulse/indexer/format"
)

// extractor adapts the entity extractor to the indexer's interface.
type extractor struct {
	x    *extract.Extractor
	opts extract.Options
}

func (e extractor) Extract(a *pulse.Article) { e.x.Extract(a, e.opts) }

var (
	extractorOnce sync.Once
	extractorX    *extract.Extractor
	extractorErr  error
)

// loadExtractor loads the embedded knowledge base once per process.
func loadExtractor() (*extract.Extractor, error) {
	extractorOnce.Do(func() { extractorX, extractorErr = extract.New() })
	return extractorX, extractorErr
}

// newExtractor returns the entity extractor used on ingest and reindex,
// resolving surnames with the index's archive ar and learning into it
// (an indexer.ExtractorFor); ar nil means none. The knowledge base is
// embedded, so failing to load it is a broken build, not a user error:
// the process stops with the reason.
func newExtractor(ar *extract.Archive) indexer.Extractor {
	x, err := loadExtractor()
	if err != nil {
		panic(fmt.Sprintf("pulse: the embedded knowledge base does not load: %v", err))
	}
	return extractor{x: x, opts: extract.Options{Archive: ar}}
}

func (a *app) extractCmd() *cobra.Command {
	var formatName string
	var spans bool
	cmd := &cobra.Command{
		Use:   "extract PATH...",
		Short: "Print what ingest would index: cleaned text, language and entities, as JSON Lines",
		Long: `Read articles as "pulse ingest" does (same formats, cleaning and extraction)
without indexing them, and print one JSON object per article: id, title,
body (cleaned), language, and persons, places, orgs and topics as lists of
{id, name, mentions, salience} (places also country). With --spans, each
entity also lists its mentions as {field, start, end, text}, byte offsets
into the printed title or body. Editorial labels in the input are not used.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			x, err := loadExtractor()
			if err != nil {
				return err
			}
			out := bufio.NewWriter(a.stdout)
			defer out.Flush()
			enc := json.NewEncoder(out)
			enc.SetEscapeHTML(false)
			rejected := 0
			opts := indexer.RunOptions{Format: formatName, Stdin: a.stdin, Readers: indexer.Readers(cfg.Ingest, cfg.Location())}
			sink := func(_ context.Context, items []format.Item, names []string) ([]pulse.ItemResult, error) {
				res := make([]pulse.ItemResult, len(items))
				for i, it := range items {
					art := it.Article
					err := it.Err
					if err == nil {
						err = indexer.Prepare(&art)
					}
					if err != nil {
						rejected++
						res[i] = pulse.ItemResult{Item: names[i], Outcome: pulse.Rejected, Reason: err.Error()}
						fmt.Fprintf(a.stderr, "rejected: %s: %s\n", names[i], err)
						continue
					}
					x.Extract(&art, extract.Options{Spans: spans})
					if err := enc.Encode(extracted(&art)); err != nil {
						return res[:i], err
					}
					res[i] = pulse.ItemResult{Item: names[i], ID: art.ID, Outcome: pulse.Indexed}
				}
				return res, nil
			}
			sum, err := indexer.ReadPaths(cmd.Context(), args, opts, 256, sink)
			if err != nil {
				return err
			}
			for _, s := range sum.Skipped {
				fmt.Fprintf(a.stderr, "skipped: %s: %s\n", s.Path, s.Reason)
			}
			for _, s := range sum.FailedFiles {
				fmt.Fprintf(a.stderr, "unreadable: %s: %s\n", s.Path, s.Reason)
			}
			if sum.Failed() {
				return errReported
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&formatName, "format", "", "force the input format")
	cmd.Flags().BoolVar(&spans, "spans", false, "list each entity's mentions with byte offsets")
	return cmd
}

// extractedArticle is what `pulse extract` prints for an article.
type extractedArticle struct {
	ID       string         `json:"id"`
	Title    string         `json:"title"`
	Body     string         `json:"body"`
	Language string         `json:"language"`
	Persons  []pulse.Entity `json:"persons"`
	Places   []pulse.Entity `json:"places"`
	Orgs     []pulse.Entity `json:"orgs"`
	Topics   []pulse.Entity `json:"topics"`
}

func extracted(a *pulse.Article) extractedArticle {
	nn := func(es []pulse.Entity) []pulse.Entity {
		if es == nil {
			return []pulse.Entity{}
		}
		return es
	}
	return extractedArticle{ID: a.ID, Title: a.Title, Body: a.Body, Language: a.Language,
		Persons: nn(a.Persons), Places: nn(a.Places), Orgs: nn(a.Orgs), Topics: nn(a.Topics)}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
)

func (a *app) ingestCmd() *cobra.Command {
	var formatName, server, token, rejects string
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Index articles from files, directories, archives or stdin (-)",
		Long: `Index articles from files, directories (recursively), .gz and .zip
archives, or standard input ("-"). The format of each file is detected
(JSON Lines, Reuters-21578 SGML); --format forces one. In a directory,
files of no known format are skipped and listed.

Each rejected item is reported with its file, position and reason, and the
rest are indexed; the exit status is 1 if anything was rejected.
Re-ingesting an id replaces the article; an unchanged one is skipped.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			opts := indexer.RunOptions{Format: formatName, Stdin: a.stdin, Readers: indexer.Readers(cfg.Location())}
			if formatName != "" {
				if _, err := indexer.ReaderByName(formatName, cfg.Location()); err != nil {
					return usageError{err}
				}
			}
			var rejectFile *os.File
			if rejects != "" {
				if rejectFile, err = os.Create(rejects); err != nil {
					return err
				}
				defer rejectFile.Close()
			}
			opts.OnResult = func(r indexer.ItemResult, raw []byte) {
				if r.Outcome != pulse.Rejected {
					return
				}
				fmt.Fprintf(a.stderr, "rejected: %s: %s\n", r.Item, r.Reason)
				if rejectFile != nil && len(raw) > 0 {
					rejectFile.Write(bytes.TrimRight(raw, "\n"))
					rejectFile.Write([]byte("\n"))
				}
			}
			progress := newProgress(a.stderr)
			opts.OnFile = progress.file

			var sum indexer.Summary
			if server != "" {
				c, err := newClient(server, token)
				if err != nil {
					return err
				}
				sum, err = indexer.ReadPaths(cmd.Context(), args, opts, cfg.Ingest.BatchSize, c.sink)
				if err != nil {
					return err
				}
			} else {
				ix, err := indexer.Open(cfg.DataDir, "pulse ingest")
				if err != nil {
					return err
				}
				defer ix.Close()
				w := indexer.NewWriter(ix.Bleve(), newExtractor(), cfg.Ingest, cfg.Location())
				sum, err = w.IngestPaths(cmd.Context(), args, opts)
				if err != nil {
					fmt.Fprintln(a.stderr, "partial:", sum)
					return err
				}
			}
			return a.reportSummary(sum)
		},
	}
	f := cmd.Flags()
	f.StringVar(&formatName, "format", "", "force the input format (jsonl, reuters)")
	f.StringVar(&server, "server", "", "send the articles to a running server's API instead of opening the index")
	f.StringVar(&token, "token", "", "bearer token for --server (default $"+tokenEnv+")")
	f.StringVar(&rejects, "rejects", "", "write the raw input of rejected items to this file")
	return cmd
}

func (a *app) reportSummary(sum indexer.Summary) error {
	for _, s := range sum.Skipped {
		fmt.Fprintf(a.stderr, "skipped: %s: %s\n", s.Path, s.Reason)
	}
	for _, s := range sum.FailedFiles {
		fmt.Fprintf(a.stderr, "unreadable: %s: %s\n", s.Path, s.Reason)
	}
	fmt.Fprintln(a.stdout, sum)
	if sum.Failed() {
		return errReported
	}
	return nil
}

// sink sends a chunk of items to the server as JSON Lines. Items the
// readers already refused are reported here and not sent.
func (c *client) sink(ctx context.Context, items []format.Item, names []string) ([]indexer.ItemResult, error) {
	results := make([]indexer.ItemResult, len(items))
	var body bytes.Buffer
	var sent []int
	for i, it := range items {
		if it.Err != nil {
			results[i] = indexer.ItemResult{ItemResult: pulse.ItemResult{Item: names[i], ID: it.Article.ID, Outcome: pulse.Rejected, Reason: it.Err.Error()}, Err: it.Err}
			continue
		}
		b, err := json.Marshal(&it.Article)
		if err != nil {
			return nil, err
		}
		body.Write(b)
		body.WriteByte('\n')
		sent = append(sent, i)
	}
	if len(sent) == 0 {
		return results, nil
	}
	var resp struct {
		Results []pulse.ItemResult `json:"results"`
	}
	if err := c.do(ctx, "POST", "/api/articles", nil, body.Bytes(), "application/x-ndjson", &resp); err != nil {
		return results[:0], err
	}
	if len(resp.Results) != len(sent) {
		return results[:0], fmt.Errorf("server answered %d results for %d articles", len(resp.Results), len(sent))
	}
	for k, i := range sent {
		r := resp.Results[k]
		r.Item = names[i]
		results[i] = indexer.ItemResult{ItemResult: r}
	}
	return results, nil
}

// progress reports files as they start: on a terminal a line that
// rewrites itself, elsewhere plain log lines.
type progress struct {
	tty   bool
	start time.Time
	w     interface{ Write([]byte) (int, error) }
}

func newProgress(w interface{ Write([]byte) (int, error) }) *progress {
	return &progress{tty: isTerminal(w), start: time.Now(), w: w}
}

func (p *progress) file(name string) {
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[Kreading %s", name)
		return
	}
	slog.Debug("reading", "file", name)
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
)

func (a *app) ingestCmd() *cobra.Command {
	var formatName, server, token, rejects string
	var force bool
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Index articles from files, directories, archives or stdin (-)",
		Long: `Index articles from files, directories (recursively), .gz and .zip
archives, or standard input ("-"). The format of each file is detected
(JSON Lines, Reuters-21578 SGML); --format forces one. In a directory,
files of no known format are skipped and listed.

Each rejected item is reported with its file, position and reason, and the
rest are indexed; the raw input of rejected items goes to a rejects file
(DATA_DIR/rejects/ by default), and the exit status is 1 if anything was
rejected. Re-ingesting an id replaces the article; an unchanged one is
skipped. A file whose articles were all committed by an earlier run, and
unchanged since, is not read again (--force reads it anyway), so a run
killed half-way resumes where it stopped.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			tuneGCForWrites()
			opts := indexer.RunOptions{Format: formatName, Stdin: a.stdin, Readers: indexer.Readers(cfg.Ingest, cfg.Location())}
			if formatName != "" {
				if _, err := indexer.ReaderByName(formatName, cfg.Ingest, cfg.Location()); err != nil {
					return usageError{err}
				}
			}
			if rejects == "" {
				rejects = filepath.Join(cfg.DataDir, "rejects", "ingest-"+time.Now().UTC().Format("20060102T150405Z")+".txt")
			}
			rej := &rejectLog{path: rejects}
			defer rej.close()
			prog := newProgress(a.stderr, totalBytes(args))
			opts.OnResult = func(r pulse.ItemResult, raw []byte) {
				prog.item()
				if len(r.Warnings) > 0 {
					prog.clear()
					for _, w := range r.Warnings {
						fmt.Fprintf(a.stderr, "warning: %s: %s\n", r.Item, w)
					}
				}
				if r.Outcome != pulse.Rejected {
					return
				}
				prog.clear()
				fmt.Fprintf(a.stderr, "rejected: %s: %s\n", r.Item, r.Reason)
				rej.add(r.Item, r.Reason, raw)
			}
			opts.OnFile = prog.file
			opts.OnRead = prog.read
			defer prog.finish()

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
				if err := refuseLocalWrite(cfg, "pulse ingest"); err != nil {
					return err
				}
				ix, err := indexer.Open(cfg.DataDir, "pulse ingest")
				if err != nil {
					return err
				}
				defer ix.Close()
				if !force {
					if opts.Journal, err = indexer.OpenJournal(cfg.DataDir); err != nil {
						return err
					}
				}
				w := ix.NewWriter(newExtractor, cfg.Ingest, cfg.Location())
				sum, err = w.IngestPaths(cmd.Context(), args, opts)
				if err != nil {
					fmt.Fprintln(a.stderr, "partial:", sum)
					return err
				}
			}
			prog.finish()
			if rej.n > 0 {
				fmt.Fprintf(a.stderr, "rejected items' input written to %s\n", rej.path)
			}
			return a.reportSummary(sum)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&force, "force", false, "read files an earlier run finished, too")
	f.StringVar(&formatName, "format", "", "force the input format (jsonl, reuters, html, rawpage, feed, ninjs)")
	f.StringVar(&server, "server", "", "send the articles to a running server's API instead of opening the index")
	f.StringVar(&token, "token", "", "bearer token for --server (default $"+tokenEnv+")")
	f.StringVar(&rejects, "rejects", "", "file for the raw input of rejected items (default DATA_DIR/rejects/ingest-TIME.txt)")
	return cmd
}

func (a *app) reportSummary(sum indexer.Summary) error {
	for _, s := range sum.Resumed {
		fmt.Fprintf(a.stderr, "not read again: %s: %s\n", s.Path, s.Reason)
	}
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
func (c *client) sink(ctx context.Context, items []format.Item, names []string) ([]pulse.ItemResult, error) {
	results := make([]pulse.ItemResult, len(items))
	var body bytes.Buffer
	var sent []int
	for i, it := range items {
		if it.Err != nil {
			results[i] = pulse.ItemResult{Item: names[i], ID: it.Article.ID, Outcome: pulse.Rejected, Reason: it.Err.Error(), Err: it.Err}
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
		// What the reader dropped here (a feed's bad link) never reached
		// the server, so its warnings join the server's.
		r.Warnings = append(items[i].Warnings[:len(items[i].Warnings):len(items[i].Warnings)], r.Warnings...)
		results[i] = r
	}
	return results, nil
}

// progress shows a bar with rate and ETA on a terminal (over the input's
// bytes), and plain log lines elsewhere.
type progress struct {
	bar   *progressbar.ProgressBar
	items int
	last  time.Time
	done  bool
}

func newProgress(w io.Writer, total int64) *progress {
	p := &progress{}
	if isTerminal(w) {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

func (p *progress) read(n int) {
	if p.bar != nil {
		p.bar.Add(n)
	}
}

func (p *progress) item() {
	p.items++
	if p.bar != nil {
		if p.items%500 == 0 {
			p.bar.Describe(fmt.Sprintf("%d articles", p.items))
		}
		return
	}
	if time.Since(p.last) >= 5*time.Second {
		p.last = time.Now()
		slog.Info("ingest progress", "articles", p.items)
	}
}

func (p *progress) file(name string) {
	if p.bar == nil {
		slog.Debug("reading", "file", name)
	}
}

// clear makes room for a message line above the bar.
func (p *progress) clear() {
	if p.bar != nil {
		p.bar.Clear()
	}
}

func (p *progress) finish() {
	if p.bar != nil && !p.done {
		p.bar.Finish()
	}
	p.done = true
}

// totalBytes is the size of the files named, directories included.
func totalBytes(paths []string) int64 {
	var n int64
	for _, p := range paths {
		filepath.WalkDir(p, func(_ string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					n += fi.Size()
				}
			}
			return nil
		})
	}
	return n
}

// rejectLog keeps the raw input of rejected items, each under a line
// naming it and the reason, created on the first reject.
type rejectLog struct {
	path string
	f    *os.File
	n    int
	err  error
}

func (r *rejectLog) add(item, reason string, raw []byte) {
	if r.err != nil {
		return
	}
	if r.f == nil {
		if r.err = os.MkdirAll(filepath.Dir(r.path), 0o755); r.err == nil {
			r.f, r.err = os.Create(r.path)
		}
		if r.err != nil {
			slog.Warn("cannot write the rejects file", "path", r.path, "err", r.err)
			return
		}
	}
	r.n++
	fmt.Fprintf(r.f, "# %s: %s\n", item, reason)
	r.f.Write(bytes.TrimRight(raw, "\n"))
	r.f.Write([]byte("\n"))
}

func (r *rejectLog) close() {
	if r.f != nil {
		r.f.Close()
	}
}

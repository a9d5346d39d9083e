package cli

import (
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/format"
	"github.com/pulsesearch/pulse/indexer/watch"
)

// newWatcher builds the feed watcher writing to sink: an index's writer,
// or the replicated log on a replica.
func newWatcher(cfg *config.Config, sink format.Sink, feeds []string) *watch.Watcher {
	if len(feeds) == 0 {
		feeds = cfg.Feeds.URLs
	}
	return &watch.Watcher{
		Feeds:      feeds,
		Interval:   cfg.Feeds.Interval,
		MaxBackoff: cfg.Feeds.MaxBackoff,
		Location:   cfg.Location(),
		StatePath:  watch.DefaultStatePath(cfg.DataDir),
		Sink:       sink,
		Timeout:    cfg.Feeds.Timeout,
		// The feeds' own caps, not ingest's: a fetched page is bounded
		// tighter than a file an operator chose to ingest.
		MaxFeedBytes: cfg.Feeds.MaxBytes,
		MaxPageBytes: cfg.Feeds.MaxPageBytes,
		UserAgent:    cfg.Feeds.UserAgent,
	}
}

func logReport(r watch.Report) {
	if r.Err != nil {
		slog.Warn("feed poll failed", "feed", r.Feed, "err", r.Err, "next_poll", r.NextPoll)
		return
	}
	slog.Info("feed polled", "feed", r.Feed, "not_modified", r.NotModified, "items", r.Items,
		"indexed", r.Indexed, "rejected", r.Rejected, "pages_read", r.PagesRead, "next_poll", r.NextPoll)
}

func (a *app) watchCmd() *cobra.Command {
	var once bool
	cmd := &cobra.Command{
		Use:   "watch [FEED_URL...]",
		Short: "Poll news feeds and index what they publish",
		Long: `Poll RSS, Atom and JSON feeds (the URLs given, or feeds.urls) every
feeds.interval with conditional requests, backing off on errors up to
feeds.max_backoff, and index new and changed items; an item that carries
only a summary gets its article page fetched and read. "pulse serve" does
the same when feeds.in_serve is true.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			if len(args) == 0 && len(cfg.Feeds.URLs) == 0 {
				return usageError{fmt.Errorf("no feeds: give feed URLs or set feeds.urls")}
			}
			if cfg.Cluster.Enabled() {
				return usageError{fmt.Errorf("pulse watch: this node is one of a cluster (cluster.embedded or cluster.nats_urls is set): what it polls would reach its index alone, not the log; set feeds.in_serve on the nodes instead, and the holder of the feeds' lease polls through the log")}
			}
			ix, err := indexer.Open(cfg.DataDir, "pulse watch")
			if err != nil {
				return err
			}
			defer ix.Close()
			w := newWatcher(cfg, ix.NewWriter(newExtractor, cfg.Ingest, cfg.Location()).Write, args)
			if once {
				failed := 0
				for _, f := range w.Feeds {
					r := w.Poll(cmd.Context(), f)
					logReport(r)
					fmt.Fprintf(a.stdout, "%s: %s\n", f, describe(r))
					if r.Err != nil {
						failed++
					}
				}
				if failed > 0 {
					return errReported
				}
				return nil
			}
			return w.Run(cmd.Context(), logReport)
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "poll each feed once and exit")
	return cmd
}

func describe(r watch.Report) string {
	switch {
	case r.Err != nil:
		return "failed: " + r.Err.Error()
	case r.NotModified:
		return "not modified"
	}
	return fmt.Sprintf("%d items, %d indexed, %d rejected, %d pages read", r.Items, r.Indexed, r.Rejected, r.PagesRead)
}

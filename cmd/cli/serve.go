package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/api"
	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/metrics"
	"github.com/pulsesearch/pulse/sample"
	"github.com/pulsesearch/pulse/search"
	"github.com/pulsesearch/pulse/search/related"
	"github.com/pulsesearch/pulse/web"
)

func (a *app) serveCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the search page and the API",
		Long: `Serve the search page and the JSON API on --addr (default 127.0.0.1:8080).

On first start with an empty index, the embedded sample corpus (342
Reuters-21578 stories) is loaded unless sample.load is false.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, map[string]string{"addr": "server.addr", "sample": "sample.load"})
			if err != nil {
				return err
			}
			return a.serve(cmd.Context(), cfg)
		},
	}
	cmd.Flags().String("addr", "", "listen address HOST:PORT (env PULSE_SERVER_ADDR)")
	cmd.Flags().Bool("sample", true, "load the sample corpus into an empty index (env PULSE_SAMPLE_LOAD)")
	return cmd
}

// node is an open index with everything that serves it.
type node struct {
	ix       *indexer.Index
	writer   *indexer.Writer
	searcher *search.Searcher
	related  *related.Finder
	metrics  *metrics.Metrics
	handler  http.Handler
	// replica is nil unless serve joined a cluster.
	replica *replica
}

// openNode opens the index and builds the searcher, the writer and the
// HTTP handler over it.
func openNode(cfg *config.Config, command string) (*node, error) {
	return openNodeWith(cfg, command, nil)
}

// openNodeWith is openNode, calling join (when not nil) once the writer
// exists and before the handler is built: serve joins the cluster there,
// and the API then writes through the log.
func openNodeWith(cfg *config.Config, command string, join func(*indexer.Writer) (*replica, error)) (*node, error) {
	ix, err := indexer.Open(cfg.DataDir, command)
	if err != nil {
		return nil, err
	}
	n := &node{ix: ix, metrics: metrics.New(cfg.Web.ZeroResultLog)}
	n.writer = ix.NewWriter(newExtractor, cfg.Ingest, cfg.Location())
	var ingester api.Ingester = n.writer
	var rep api.Replica
	if join != nil {
		r, err := join(n.writer)
		if err != nil {
			ix.Close()
			return nil, err
		}
		n.replica = r
		ingester, rep = r, r.applier
	}
	n.searcher = search.New(ix.Bleve(), cfg.Search, cfg.Location())
	ropts := related.FromConfig(cfg.Related)
	if err := ropts.Validate(); err != nil {
		ix.Close()
		return nil, err
	}
	n.related = related.New(ix.Bleve(), ropts)
	n.writer.OnWrite = func(ids []string) {
		n.searcher.Invalidate(ids...)
		n.related.Invalidate(ids...)
	}
	n.metrics.Gauge("pulse_index_articles", "Articles in the index.", func() float64 {
		c, _ := ix.Bleve().DocCount()
		return float64(c)
	})
	if n.replica != nil {
		n.replica.registerMetrics(n.metrics)
	}
	n.metrics.Gauge("pulse_index_bytes", "Bytes the index takes on disk.", func() float64 { return float64(ix.SizeBytes()) })
	n.metrics.CounterFunc("pulse_search_cache_hits_total", "Searches served from the result cache.", func() float64 { return float64(n.searcher.CacheStats().Hits) })
	n.metrics.CounterFunc("pulse_search_cache_misses_total", "Searches computed (result cache on).", func() float64 { return float64(n.searcher.CacheStats().Misses) })
	n.metrics.CounterFunc("pulse_related_cache_hits_total", "Related lists served from the cache.", func() float64 { return float64(n.related.CacheStats().Hits) })
	n.metrics.CounterFunc("pulse_related_cache_misses_total", "Related lists computed.", func() float64 { return float64(n.related.CacheStats().Misses) })
	h := &api.Handler{
		Searcher: n.searcher,
		Ingester: ingester,
		Replica:  rep,
		Stats: func(ctx context.Context) (pulse.Stats, error) {
			s, err := n.stats(ctx, cfg)
			s.Metrics = n.metrics.Snapshot()
			return s, err
		},
		Config: api.Config{
			Server: cfg.Server, Search: cfg.Search, Limits: cfg.Limits, Auth: cfg.Auth,
			Related: cfg.Related, Widget: cfg.Widget, Location: cfg.Location(),
			MaxLag: cfg.Cluster.MaxLag, MinSeqWait: cfg.Cluster.MinSeqWait,
		},
		Metrics:  n.metrics,
		Backuper: ix,
		Related:  relatedService{f: n.related, x: newExtractor(nil)},
	}
	router := api.NewRouter(h)
	pages, err := web.New(n.searcher, web.Config{
		Web: cfg.Web, Search: cfg.Search, Related: cfg.Related, Widget: cfg.Widget, Location: cfg.Location(),
	})
	if err != nil {
		if n.replica != nil {
			n.replica.Close()
		}
		ix.Close()
		return nil, err
	}
	// The router's middleware (min_seq) runs before the page handlers:
	// its errors on a page are pages too.
	h.PageError = pages.Fail
	pages.Related = relatedPages{n.related}
	pages.Suggest = func(_ context.Context, _ search.Request, res *search.Result) string { return res.DidYouMean }
	pages.Register(router)
	n.handler = router
	return n, nil
}

func (n *node) stats(ctx context.Context, cfg *config.Config) (pulse.Stats, error) {
	count, err := n.ix.Bleve().DocCount()
	if err != nil {
		return pulse.Stats{}, err
	}
	stories, err := n.searcher.Stories(ctx)
	if err != nil {
		return pulse.Stats{}, err
	}
	s := pulse.Stats{
		Articles: count, Stories: stories, IndexBytes: n.ix.SizeBytes(), DataDir: cfg.DataDir,
		MappingVersion: indexer.MappingVersion, Version: version,
	}
	if n.replica != nil {
		cs := n.replica.applier.Stats(ctx)
		s.Cluster = &cs
	}
	return s, nil
}

// loadSample ingests the embedded sample into an empty index.
func (n *node) loadSample(ctx context.Context) (indexer.Summary, error) {
	return n.writer.IngestPaths(ctx, []string{"-"}, indexer.RunOptions{Stdin: sample.Open(), Format: "jsonl"})
}

func (a *app) serve(ctx context.Context, cfg *config.Config) error {
	var join func(*indexer.Writer) (*replica, error)
	var rep *replica
	if cfg.Cluster.Enabled() {
		// The log first: a new or wiped node's index comes from the
		// newest snapshot, which must be in place before the index opens.
		var err error
		if rep, err = connectLog(ctx, cfg); err != nil {
			return err
		}
		if err := rep.restoreSnapshot(ctx, cfg); err != nil {
			rep.Close()
			return err
		}
		join = func(w *indexer.Writer) (*replica, error) {
			rep.start(w, cfg.Ingest.BatchSize)
			return rep, nil
		}
	}
	n, err := openNodeWith(cfg, "pulse serve", join)
	if err != nil {
		if rep != nil {
			rep.Close()
		}
		return err
	}
	defer n.ix.Close()
	if n.replica != nil {
		// Before the index closes: the applier writes into it.
		defer n.replica.Close()
		if err := n.replica.publishSnapshots(ctx, cfg, n.ix); err != nil {
			return err
		}
	}

	if n.replica != nil {
		// Each node's index is the log's: the sample is not loaded into
		// one node behind the others' backs.
		slog.Info("replica of the log: the sample corpus is not loaded", "applied", n.replica.applier.Applied())
	} else if count, _ := n.ix.Bleve().DocCount(); count == 0 && cfg.Sample.Load {
		sum, err := n.loadSample(ctx)
		if err != nil {
			return fmt.Errorf("load sample corpus: %w", err)
		}
		slog.Info("loaded the sample corpus into the empty index", "summary", sum.String())
	}

	ln, err := net.Listen("tcp", cfg.Server.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (server.addr): %w", cfg.Server.Addr, err)
	}
	addr := ln.Addr().String()
	if err := n.ix.Lock().SetAddr(addr); err != nil {
		slog.Warn("could not record the address in the lock file", "err", err)
	}
	srv := &http.Server{
		Handler:           n.handler,
		ReadTimeout:       cfg.Server.ReadTimeout,
		ReadHeaderTimeout: cfg.Server.ReadTimeout,
		WriteTimeout:      cfg.Server.WriteTimeout,
		IdleTimeout:       cfg.Server.IdleTimeout,
		MaxHeaderBytes:    cfg.Server.MaxHeaderBytes,
	}
	count, _ := n.ix.Bleve().DocCount()
	scheme := "http"
	if cfg.Server.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(a.stdout, "Pulse is serving %s://%s (%d articles, data in %s)\n", scheme, addr, count, cfg.DataDir)

	// Build the search columns in the background: without it the first
	// searches after a start build them (seconds at a million articles).
	go func() {
		start := time.Now()
		if err := n.searcher.Warm(ctx); err != nil {
			if ctx.Err() == nil {
				slog.Warn("could not warm the search columns", "err", err)
			}
			return
		}
		slog.Info("search columns warm", "took", time.Since(start).Round(time.Millisecond))
	}()

	switch {
	case !cfg.Feeds.InServe || len(cfg.Feeds.URLs) == 0:
	case n.replica != nil:
		// One node of the cluster polls, the holder of the feeds' lease;
		// what it polls reaches the others through the log.
		if err := n.replica.pollFeeds(ctx, cfg); err != nil {
			ln.Close()
			return err
		}
		slog.Info("polling feeds when this node holds the feeds' lease", "ttl", cfg.Cluster.LeaseTTL)
	default:
		w := newWatcher(cfg, n.writer.Write, nil)
		go w.Run(ctx, logReport)
		slog.Info("watching feeds", "feeds", len(cfg.Feeds.URLs), "interval", cfg.Feeds.Interval)
	}
	errc := make(chan error, 1)
	go func() {
		if cfg.Server.TLSCert != "" {
			errc <- srv.ServeTLS(ln, cfg.Server.TLSCert, cfg.Server.TLSKey)
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
	case <-ctx.Done():
		slog.Info("shutting down: finishing requests in flight", "grace", cfg.Server.ShutdownGrace)
		sctx, cancel := context.WithTimeout(context.Background(), cfg.Server.ShutdownGrace)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			slog.Warn("requests still running at the end of the grace period were cut off", "err", err)
			srv.Close()
		}
	}
	start := time.Now()
	if n.replica != nil {
		n.replica.Close()
	}
	if err := n.ix.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	slog.Info("index closed", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

package cli

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse"
	"github.com/pulsesearch/pulse/indexer"
)

func (a *app) statsCmd() *cobra.Command {
	var server string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Show the index's figures",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			var s pulse.Stats
			if server != "" {
				c, err := newClient(server, "")
				if err != nil {
					return err
				}
				if err := c.do(cmd.Context(), "GET", "/api/stats", nil, nil, "", &s); err != nil {
					return err
				}
			} else {
				n, err := openNode(cfg, "pulse stats")
				if err != nil {
					return err
				}
				defer n.ix.Close()
				if s, err = n.stats(cmd.Context(), cfg); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			}
			fmt.Fprintf(a.stdout, "articles:        %d\n", s.Articles)
			fmt.Fprintf(a.stdout, "stories:         %d (copies counted once)\n", s.Stories)
			fmt.Fprintf(a.stdout, "index size:      %.1f MB\n", float64(s.IndexBytes)/1e6)
			fmt.Fprintf(a.stdout, "data directory:  %s\n", s.DataDir)
			fmt.Fprintf(a.stdout, "mapping version: %d\n", s.MappingVersion)
			fmt.Fprintf(a.stdout, "pulse version:   %s\n", s.Version)
			if c := s.Cluster; c != nil {
				fmt.Fprintln(a.stdout, "\nreplicated log:")
				fmt.Fprintf(a.stdout, "  applied seq:   %d\n", c.AppliedSeq)
				if st := c.Stream; st != nil {
					fmt.Fprintf(a.stdout, "  lag:           %d changes\n", c.Lag)
					fmt.Fprintf(a.stdout, "  stream:        %s, %d messages, %d bytes, seq %d to %d, %d replicas\n", st.Name, st.Messages, st.Bytes, st.FirstSeq, st.LastSeq, st.Replicas)
				} else {
					fmt.Fprintf(a.stdout, "  stream:        unknown: %s\n", c.LogError)
				}
			}
			if len(s.Metrics) > 0 {
				// The serving process's own figures, as /metrics has them.
				keys := make([]string, 0, len(s.Metrics))
				for k := range s.Metrics {
					if strings.HasPrefix(k, "pulse_") {
						keys = append(keys, k)
					}
				}
				sort.Strings(keys)
				fmt.Fprintln(a.stdout, "\nserver figures since it started:")
				for _, k := range keys {
					fmt.Fprintf(a.stdout, "  %s %g\n", k, s.Metrics[k])
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&server, "server", "", "ask a running server instead of opening the index")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) reindexCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the index from its stored sources (new mapping, better extraction)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			tuneGCForWrites()
			sum, err := indexer.Reindex(cmd.Context(), cfg.DataDir, newExtractor, cfg.Ingest, cfg.Location(), func(pass string, done, total uint64) {
				if isTerminal(a.stderr) {
					fmt.Fprintf(a.stderr, "\r\033[Kreindex, %s pass: %d of %d", pass, done, total)
				}
			})
			if isTerminal(a.stderr) {
				fmt.Fprintln(a.stderr)
			}
			if err != nil {
				return err
			}
			return a.reportSummary(sum)
		},
	}
}

func (a *app) deleteCmd() *cobra.Command {
	var server, token string
	cmd := &cobra.Command{
		Use:   "delete ID...",
		Short: "Remove articles from the index",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			missing := 0
			if server != "" {
				c, err := newClient(server, token)
				if err != nil {
					return err
				}
				for _, id := range args {
					err := c.do(cmd.Context(), "DELETE", "/api/articles/"+url.PathEscape(id), nil, nil, "", nil)
					if pulse.ErrorCode(err) == pulse.ENotFound {
						fmt.Fprintf(a.stderr, "not found: %s\n", id)
						missing++
						continue
					}
					if err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "deleted: %s\n", id)
				}
			} else {
				if err := refuseLocalWrite(cfg, "pulse delete"); err != nil {
					return err
				}
				ix, err := indexer.Open(cfg.DataDir, "pulse delete")
				if err != nil {
					return err
				}
				defer ix.Close()
				w := indexer.NewWriter(ix.Bleve(), nil, cfg.Ingest, cfg.Location())
				found, err := w.Delete(args)
				if err != nil {
					return err
				}
				gone := 0
				for _, id := range args {
					if found[id] {
						fmt.Fprintf(a.stdout, "deleted: %s\n", id)
						gone++
					} else {
						fmt.Fprintf(a.stderr, "not found: %s\n", id)
						missing++
					}
				}
				if gone > 0 {
					// A takedown must not linger in the index's files.
					if err := w.Purge(cmd.Context()); err != nil {
						return err
					}
					fmt.Fprintln(a.stdout, "purged from the index files")
				}
			}
			if missing > 0 {
				return errReported
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&server, "server", "", "delete through a running server's API")
	cmd.Flags().StringVar(&token, "token", "", "bearer token for --server (default $"+tokenEnv+")")
	return cmd
}

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse/indexer"
)

func (a *app) backupCmd() *cobra.Command {
	var server, token string
	cmd := &cobra.Command{
		Use:   "backup DEST",
		Short: "Write a consistent backup of the index (a .tar.gz file, or into a directory)",
		Long: `Write a consistent backup of the index as a gzipped tar. DEST is a file,
or a directory to put pulse-backup-TIME.tar.gz in.

While "pulse serve" holds the index, give --server: the server copies a
snapshot of the live index (bleve's CopyTo works only in the process that
holds it) and streams it here, without stopping. It needs a write token
(--token or $` + tokenEnv + `).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			dest := args[0]
			if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
				dest = filepath.Join(dest, "pulse-backup-"+time.Now().UTC().Format("20060102T150405Z")+".tar.gz")
			}
			tmp := dest + ".part"
			f, err := os.Create(tmp)
			if err != nil {
				return err
			}
			defer os.Remove(tmp)
			if server != "" {
				c, err := newClient(server, token)
				if err != nil {
					f.Close()
					return err
				}
				err = c.stream(cmd.Context(), "/api/admin/backup", f)
			} else {
				err = indexer.BackupOffline(cfg.DataDir, f)
			}
			if cerr := f.Sync(); err == nil {
				err = cerr
			}
			f.Close()
			if err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			// Check the archive restores before calling it done.
			if err := verifyBackup(tmp); err != nil {
				return err
			}
			if err := os.Rename(tmp, dest); err != nil {
				return err
			}
			fi, _ := os.Stat(dest)
			fmt.Fprintf(a.stdout, "backup written to %s (%.1f MB)\n", dest, float64(fi.Size())/1e6)
			return nil
		},
	}
	cmd.Flags().StringVar(&server, "server", "", "back up a running server's live index through its API")
	cmd.Flags().StringVar(&token, "token", "", "bearer token for --server (default $"+tokenEnv+")")
	return cmd
}

// verifyBackup restores an archive into a scratch directory and opens it.
func verifyBackup(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dir, err := os.MkdirTemp("", "pulse-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if _, err := indexer.Restore(dir, f); err != nil {
		return fmt.Errorf("backup does not restore: %w", err)
	}
	return nil
}

func (a *app) restoreCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "restore SRC",
		Short: "Replace the index with a backup (the server must be stopped)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			if cfg.Cluster.Enabled() {
				// A backup holds the log only up to its own sequence, or
				// none: the node would replay the stream over it and hold
				// what no other node holds. A node restores the cluster's
				// own snapshot when its index is empty.
				return usageError{fmt.Errorf("pulse restore: this node is one of a cluster (cluster.embedded or cluster.nats_urls is set): a backup would make its index differ from the log's; stop the node, empty its --data-dir and start it again, and it restores the cluster's newest snapshot and replays the log from there")}
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			n, err := indexer.Restore(cfg.DataDir, f)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "restored %d articles into %s\n", n, cfg.DataDir)
			return nil
		},
	}
}

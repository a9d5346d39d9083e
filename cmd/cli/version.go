package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse/indexer"
)

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(a.stdout, "pulse %s (index mapping v%d, %s)\n", version, indexer.MappingVersion, runtime.Version())
			return nil
		},
	}
}

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration, secrets redacted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.load(cmd, nil)
			if err != nil {
				return err
			}
			fmt.Fprint(a.stdout, cfg.Redacted())
			return nil
		},
	}
}

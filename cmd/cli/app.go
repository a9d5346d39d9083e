package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pulsesearch/pulse/api"
	"github.com/pulsesearch/pulse/config"
)

// app holds what every command shares.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	configFile string
	cfg        *config.Config
}

// globalBind maps the persistent flags to their configuration keys.
var globalBind = map[string]string{
	"data-dir": "data_dir",
	"timezone": "timezone",
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "pulse",
		Short: "Pulse: full-text search for a news archive",
		Long: `Pulse ingests news articles, extracts who and where they touch, and
serves a search page and a JSON API over them.

Configuration comes from defaults, a YAML file (--config, or pulse.yaml if
present), PULSE_* environment variables and flags, each outranking the one
before. Run "pulse config" to see the effective configuration.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	a.globalFlags(root)
	root.AddCommand(
		a.serveCmd(),
		a.ingestCmd(),
		a.extractCmd(),
		a.watchCmd(),
		a.searchCmd(),
		a.statsCmd(),
		a.reindexCmd(),
		a.deleteCmd(),
		a.backupCmd(),
		a.restoreCmd(),
		a.relatedCmd(),
		a.versionCmd(),
		a.configCmd(),
	)
	return root
}

// globalFlags adds the flags every command takes to root, and makes a
// flag error a usage error (exit status 2).
func (a *app) globalFlags(root *cobra.Command) {
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "configuration file (default pulse.yaml if present)")
	pf.String("data-dir", "", "data directory holding the index (env PULSE_DATA_DIR)")
	pf.String("timezone", "", "time zone for dates given without one (env PULSE_TIMEZONE)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see %s --help)", err, c.CommandPath())}
	})
}

// load reads the configuration for a command, binding the global flags
// and the command's own (bind maps flag name to key).
func (a *app) load(cmd *cobra.Command, bind map[string]string) (*config.Config, error) {
	all := map[string]string{}
	for k, v := range globalBind {
		all[k] = v
	}
	for k, v := range bind {
		all[k] = v
	}
	flags := pflag.NewFlagSet("all", pflag.ContinueOnError)
	flags.AddFlagSet(cmd.Flags())
	flags.AddFlagSet(cmd.InheritedFlags())
	cfg, err := config.Load(config.Options{File: a.configFile, Flags: flags, Bind: all})
	if err != nil {
		return nil, err
	}
	a.cfg = cfg
	a.setupLogging(cfg)
	return cfg, nil
}

func (a *app) setupLogging(cfg *config.Config) {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if cfg.Log.Format == "json" {
		h = slog.NewJSONHandler(a.stderr, opts)
	} else {
		h = slog.NewTextHandler(a.stderr, opts)
	}
	slog.SetDefault(slog.New(api.WithRequestIDs(h)))
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// tuneGCForWrites lets the heap grow further between collections in
// write-heavy commands (ingest, reindex, pulsebench): indexing allocates at a
// high rate, and with the default GOGC=100 the collector takes about a
// fifth of the CPU. An explicit GOGC in the environment wins.
func tuneGCForWrites() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

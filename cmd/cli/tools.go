package cli

import (
	"context"
	"io"
	"net/http"

	"github.com/spf13/cobra"

	"github.com/pulsesearch/pulse/config"
	"github.com/pulsesearch/pulse/indexer"
	"github.com/pulsesearch/pulse/indexer/extract"
	"github.com/pulsesearch/pulse/search"
	"github.com/pulsesearch/pulse/search/related"
)

// This file is what tools built on the wiring use from outside the
// package, so that they can live outside the product binary: the
// benchmark (bench/cmd/pulsebench) runs its own command and opens the
// index as `pulse serve` does.

// MainCommand runs the command build returns as a program of its own
// and exits with its status, as Main does for pulse: the global flags
// (--config, --data-dir, --timezone), interrupt and SIGTERM handling,
// error printing and exit statuses are pulse's.
func MainCommand(build func(Env) *cobra.Command) {
	exit(tool(build))
}

// RunCommand runs the command build returns with args and returns the
// exit status: 0 for success, 1 for a failure, 2 for misuse.
func RunCommand(ctx context.Context, build func(Env) *cobra.Command, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return execute(ctx, tool(build), args, stdin, stdout, stderr)
}

// tool adds the global flags to the command build returns, and leaves
// printing errors to execute, as pulse's root command does.
func tool(build func(Env) *cobra.Command) func(*app) *cobra.Command {
	return func(a *app) *cobra.Command {
		root := build(Env{a: a})
		root.SilenceUsage, root.SilenceErrors = true, true
		a.globalFlags(root)
		return root
	}
}

// Env is what a command built outside this package shares with pulse's
// own: the standard streams, the configuration and the logging.
type Env struct{ a *app }

// Stdout is where the command's output goes.
func (e Env) Stdout() io.Writer { return e.a.stdout }

// Stderr is where progress and errors go.
func (e Env) Stderr() io.Writer { return e.a.stderr }

// Load reads the configuration for cmd as pulse's commands do (defaults,
// the file, PULSE_* variables, the global flags and the flags of cmd
// that bind maps to keys) and sets up logging from it. It returns
// config.Load's errors.
func (e Env) Load(cmd *cobra.Command, bind map[string]string) (*config.Config, error) {
	return e.a.load(cmd, bind)
}

// SetupLogging points the default logger at Stderr with cfg's level and
// format.
func (e Env) SetupLogging(cfg *config.Config) { e.a.setupLogging(cfg) }

// Node is an open index with everything that serves it, built as
// `pulse serve` builds it. Close the index when done.
type Node struct {
	Index    *indexer.Index
	Writer   *indexer.Writer
	Searcher *search.Searcher
	Related  *related.Finder
	// RelatedOptions are the options Related was built with.
	RelatedOptions related.Options
	// Handler serves the API and the page.
	Handler http.Handler
}

// OpenNode opens the index in cfg.DataDir for command (named in the lock
// file) and builds the writer, the searcher, the related finder and the
// HTTP handler over it. It returns the index's errors (among them
// another process holding the data directory) and the configuration's.
func OpenNode(cfg *config.Config, command string) (*Node, error) {
	n, err := openNode(cfg, command)
	if err != nil {
		return nil, err
	}
	return &Node{
		Index: n.ix, Writer: n.writer, Searcher: n.searcher, Related: n.related,
		RelatedOptions: related.FromConfig(cfg.Related), Handler: n.handler,
	}, nil
}

// NewExtractor returns the entity extractor ingest uses, resolving
// surnames with ar and learning into it (nil: no archive); it is an
// indexer.ExtractorFor.
func NewExtractor(ar *extract.Archive) indexer.Extractor { return newExtractor(ar) }

// Version is the version of the build.
func Version() string { return version }

// TuneGCForWrites lets the heap grow further between collections, as
// ingest and reindex do (see tuneGCForWrites).
func TuneGCForWrites() { tuneGCForWrites() }

// Command pulse is Pulse's one binary: it serves the search page and API,
// ingests articles, searches from the terminal and maintains the index.
// Run `pulse help` for the commands. This is the only place where the
// concrete pieces (config, indexer, search, api, web) are put together.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/pulsesearch/pulse"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status: 0 for
// success, 1 for a failure (including rejected items), 2 for misuse.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "pulse:", err)
		return 2
	}
	if !errors.Is(err, errReported) {
		fmt.Fprintln(stderr, "pulse:", err)
	}
	if pulse.ErrorCode(err) == pulse.EInvalid {
		return 2
	}
	return 1
}

// errReported is returned when the command has already told the user
// what went wrong and only the exit status remains.
var errReported = errors.New("reported")

type usageError struct{ error }
